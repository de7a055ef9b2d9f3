"""Write the bundled sample exports for ``pathfinder demo`` into ``pathfinder/sample_data/``.

    python tools/make_sample_data.py

Every person here is fictional; e-mails use example.com/.org/.net, profile URLs are made up.
Deterministic (``random.Random(7)``, fixed reference date 2026-11-01): two runs give the same bytes.
Plain stdlib only.

The story. Rita Rep, Sam Seller and Tom Closer sell for Northwind Analytics; the target account is
Acme Corporation (written "Acme Corporation", "ACME Corp." or "Acme, Inc." depending on the file).

* Rita -> Carla Client (her client, COO at Globex Industries, who shared her own export)
  -> Dana Buyer (VP Sales at Acme, Carla's former colleague): the warm path the demo shows first.
* Rita -> Carla -> Victor Chief (CFO at Acme, a bare LinkedIn connection of Carla's).
* Sam -> Marco Rossi (Sales Manager at Acme): a bare LinkedIn connection, no warm path needed.
* Tom -> Rob Referred (referred to Tom by Frank Friend; VP Marketing at Umbrella Health, shared his
  own export) -> Priya Patel (Head of Revenue Operations at Acme).
* Tom -> Olivia Ops (Director of Operations at Acme): a bare connection made in 2015.
* Rita -> Frank Friend (friend, CTO at Initech); Sam -> Hannah Former (Stark Logistics).
* Eric Engineer (Acme) is in no export at all; Wayne Enterprises and Black Mesa Research are gaps.
* The team as real teams are: Rita, Sam and Tom are in each other's exports (Rita's with profile
  URLs, Sam's 2021 one by name and company, Tom's 2018 one by e-mail), Rita is in Carla's export,
  and Tom in Rob's; each of them is still one person.

File shapes follow /work/shared/reference/export-formats.md section 1.2: the 3-line ``Notes:``
preamble, one header per era, ``DD Mon YYYY`` or ``M/D/YY, h:mm AM`` dates, UTF-8 without BOM, LF,
and no newline after the last row of a raw LinkedIn export.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, datetime, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "pathfinder" / "sample_data"
REFERENCE = date(2026, 11, 1)  # the day Rita exported her connections; every date is at or before it

PREAMBLE = ('Notes:\n"When exporting your connection data, you may notice that some of the email addresses are '
            'missing. You will only see email addresses for connections who have allowed their connections to '
            'see or download their email address using this setting https://www.linkedin.com/psettings/privacy/'
            'email. You can learn more here https://www.linkedin.com/help/linkedin/answer/261"\n\n')
HEADER_2023 = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
HEADER_2021 = ["First Name", "Last Name", "Email Address", "Company", "Position", "Connected On"]
HEADER_2018 = HEADER_2021  # same columns, no preamble, US dates with a time
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

ACME_FULL, ACME_CAPS, ACME_INC = "Acme Corporation", "ACME Corp.", "Acme, Inc."
NORTHWIND = "Northwind Analytics"  # the team's own company

# Filler: about 25 fictional companies other than Acme. No one works at Wayne Enterprises or
# Black Mesa Research (they are the coverage gaps). Hand-picked people below use Initech, Globex
# Industries, Umbrella Health and Stark Logistics too.
COMPANIES = [
    "Globex Industries", "Initech", "Stark Logistics", "Umbrella Health", "Hooli", "Vandelay Imports",
    "Soylent Foods", "Bolt, Inc.", "Cyberdyne Systems", "Tyrell Analytics", "Gringotts Finance",
    "Oscorp Labs", "Wonka Industries", "Monarch Travel", "Pied Piper", "Dunder Paper",
    "Fernwick Logistics", "Lumenrow Health", "Quillfeather Media", "Brightwater Capital",
    "Kestrel Robotics", "Saltmarsh Foods", "Harbor & Pine Legal", "Copperleaf Software", "Tidewell Energy",
]
TITLES = [
    "Account Executive", "SVP, Global Sales", "Sr. Dir. Marketing", "Mgr, Engineering", "Founder & CEO",
    "Sales Development Representative", "Customer Success Manager", "VP Marketing", "Director of Procurement",
    "Software Engineer", "Senior Product Manager", "Head of Partnerships", "Chief Technology Officer",
    "Regional Sales Director, EMEA", "Data Analyst", "Controller", "VP, Finance & Operations",
    "Talent Acquisition Partner", "Enterprise Account Manager", "Solutions Consultant",
    "Director of IT", "Marketing Coordinator", "Operations Manager", "General Counsel", "Investor",
]
FIRST = [
    "Avery", "Blake", "Casey", "Dakota", "Emerson", "Finley", "Gray", "Harper", "Indira", "Jules", "Kendall",
    "Logan", "Mina", "Noel", "Oakley", "Parker", "Quinn", "Reese", "Sage", "Taylor", "Umar", "Val", "Wren",
    "Aiko", "Bruno", "Chiara", "Dmitri", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jonas", "Keiko", "Lars",
    "Maya", "Nikhil", "Oona", "Pablo", "Rania", "Sven", "Tariq", "Ulla", "Wanjiru", "Xavier", "Yara", "Zane",
]
LAST = [
    "Abara", "Brandt", "Castell", "Dorsey", "Ekwueme", "Fairfax", "Galloway", "Halvorsen", "Ibarra", "Jansen",
    "Kowalczyk", "Lindqvist", "Moreno", "Nakamura", "Okafor", "Pereira", "Quintero", "Rasmussen", "Sato",
    "Thorne", "Underhill", "Vasquez", "Whitlock", "Yilmaz", "Zielinski", "Achterberg", "Bellamy", "Chowdhury",
    "Delacroix", "Esposito", "Fontaine", "Gallagher", "Hakimi", "Iversen", "Jaramillo", "Kaminski",
]


class Person:
    def __init__(self, first: str, last: str, slug: str, company: str, title: str, email: str = "") -> None:
        self.first, self.last, self.slug, self.company, self.title, self.email = first, last, slug, company, title, email

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def url(self) -> str:
        return f"https://www.linkedin.com/in/{self.slug}"


def hexslug(rng: random.Random, *parts: str) -> str:
    return "-".join(p.lower() for p in parts) + f"-{rng.getrandbits(24):06x}"


def work_email(p: Person) -> str:
    domain = "".join(ch for ch in p.company.split(",")[0].split()[0].lower() if ch.isalnum())
    return f"{p.first.lower()}.{p.last.lower()}@{domain}.example.com"


# ---- the cast -------------------------------------------------------------------------------------

def cast(rng: random.Random) -> dict[str, Person]:
    people = {
        "dana": Person("Dana", "Buyer", "dana-buyer-3f9a1c", ACME_FULL, "VP Sales", "dana.buyer@acme.example.com"),
        "victor": Person("Victor", "Chief", hexslug(rng, "victor", "chief"), ACME_FULL, "Chief Financial Officer"),
        "olivia": Person("Olivia", "Ops", "", ACME_INC, "Director of Operations", "olivia.ops@acme.example.com"),
        "priya": Person("Priya", "Patel", "", ACME_CAPS, "Head of Revenue Operations"),
        "marco": Person("Marco", "Rossi", hexslug(rng, "marco", "rossi"), ACME_FULL, "Sales Manager"),
        "carla": Person("Carla", "Client", hexslug(rng, "carla", "client"), "Globex Industries", "COO",
                        "carla@globex.example.com"),
        "frank": Person("Frank", "Friend", hexslug(rng, "frank", "friend"), "Initech", "CTO",
                        "frank.friend@example.net"),
        "rob": Person("Rob", "Referred", "", "Umbrella Health", "VP Marketing", "rob@umbrella.example.com"),
        "hannah": Person("Hannah", "Former", "", "Stark Logistics", "Director of Sales"),
        # the team itself: teammates are each other's connections, as on every real team
        "rita": Person("Rita", "Rep", "rita-rep-5c1e07", NORTHWIND, "Account Executive", "rita.rep@northwind.example.com"),
        "sam": Person("Sam", "Seller", "sam-seller-0b7d42", NORTHWIND, "Senior Account Executive",
                      "sam.seller@northwind.example.com"),
        "tom": Person("Tom", "Closer", "tom-closer-9e2a6f", NORTHWIND, "Regional Sales Director",
                      "tom.closer@northwind.example.com"),
    }
    return people


def filler_pool(rng: random.Random, count: int) -> list[Person]:
    names = [(first, last) for first in FIRST for last in LAST]
    rng.shuffle(names)
    pool = []
    for first, last in names[:count]:
        shape = rng.random()
        if shape < 0.7:
            slug = hexslug(rng, first, last)
        elif shape < 0.85:
            slug = f"{first}-{last}".lower()
        else:
            slug = f"{first[0]}{last}{rng.randint(1, 99)}".lower()
        pool.append(Person(first, last, slug, rng.choice(COMPANIES), rng.choice(TITLES)))
    for p in pool:
        p.email = work_email(p) if rng.random() < 0.75 else f"{p.first[0].lower()}{p.last.lower()}@" + \
            rng.choice(["example.net", "example.org"])
    return pool


# quirky rows the importer must survive (all in Rita's export)
def quirks(rng: random.Random) -> list[Person]:
    return [
        Person("Ann", "Lee, MBA", "ann-lee-mba", "Hooli", "Sr. Dir. Marketing"),
        Person("José", "Núñez", "jos%C3%A9-n%C3%BA%C3%B1ez-" + f"{rng.getrandbits(24):06x}", "Bolt, Inc.",
               "Director, Finance"),
        Person("Kim", "PARK", hexslug(rng, "kim", "park"), "Stark Logistics", "Account Executive"),
        Person("Ola", "Bolt-Hansen", hexslug(rng, "ola", "bolt", "hansen"), "Bolt, Inc.", "Founder & CEO"),
    ]


# ---- dates ----------------------------------------------------------------------------------------

def random_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def dmy(d: date) -> str:
    return f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}"


def us_2018(d: datetime) -> str:
    hour = d.hour % 12 or 12
    return f"{d.month}/{d.day}/{d.year % 100:02d}, {hour}:{d.minute:02d} {'AM' if d.hour < 12 else 'PM'}"


def random_time(rng: random.Random, d: date) -> datetime:
    return datetime(d.year, d.month, d.day, rng.randint(6, 22), rng.randint(0, 59))


# ---- writers --------------------------------------------------------------------------------------

def csv_text(rows: list[list[str]], lineterminator: str = "\n") -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=lineterminator).writerows(rows)
    return buf.getvalue()


def write(name: str, text: str) -> None:
    (OUT / name).write_text(text, encoding="utf-8", newline="")


def linkedin(name: str, header: list[str], rows: list[tuple[date, list[str]]], preamble: bool) -> int:
    """A raw LinkedIn Connections.csv: newest first, LF, no newline after the last row."""
    rows = sorted(rows, key=lambda r: r[0], reverse=True)
    body = csv_text([header] + [r[1] for r in rows]).removesuffix("\n")
    write(name, (PREAMBLE if preamble else "") + body)
    return len(rows)


def row_2023(p: Person, d: date, email: str = "", company: str = "") -> tuple[date, list[str]]:
    return d, [p.first, p.last, p.url, email, company or p.company, p.title, dmy(d)]


def row_2021(p: Person, d: date, email: str = "") -> tuple[date, list[str]]:
    return d, [p.first, p.last, email, p.company, p.title, dmy(d)]


def row_2018(p: Person, when: datetime) -> tuple[datetime, list[str]]:
    return when, [p.first, p.last, p.email or work_email(p), p.company, p.title, us_2018(when)]


def main() -> None:
    rng = random.Random(7)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "__init__.py").touch()
    k = cast(rng)
    pool = filler_pool(rng, 230)
    odd = quirks(rng)

    # Who knows whom among the filler: overlapping slices, so some people are in 2-3 exports.
    rita_f = pool[0:66]             # + 4 quirk rows = 70 filler
    sam_f = pool[50:100]            # 16 shared with Rita
    tom_f = pool[90:130] + pool[55:61]  # 10 shared with Sam; 6 (55-60) in Rita's, Sam's and Tom's
    carla_f = pool[130:175] + pool[10:18]  # 8 shared with Rita (same URLs)
    rob_f = pool[175:215] + pool[80:86]    # 6 shared with Sam
    counts: dict[str, int] = {}

    # 1. Rita: >= July 2023 era, exported on the reference date.
    rita_export = REFERENCE
    rows = [row_2023(k["carla"], date(2023, 4, 14)),
            row_2023(k["frank"], date(2016, 9, 2)),
            row_2023(k["marco"], date(2024, 1, 19), company=ACME_CAPS),  # "ACME Corp." here
            row_2023(k["sam"], date(2019, 5, 6)), row_2023(k["tom"], date(2019, 5, 2))]  # her teammates
    rows += [row_2023(p, random_day(rng, date(2012, 1, 1), rita_export)) for p in odd]
    with_email = {3, 41}  # almost every e-mail is blank; two connections allowed theirs
    rows += [row_2023(p, random_day(rng, date(2011, 6, 1), rita_export), p.email if i in with_email else "")
             for i, p in enumerate(rita_f)]
    rows += [(d, ["", "", "", "", "", "", dmy(d)]) for d in (date(2026, 6, 7), date(2025, 2, 14))]  # hidden
    counts["rita_connections.csv"] = linkedin("rita_connections.csv", HEADER_2023, rows, preamble=True)

    # 2. Sam: 2021 era (preamble, no URL), exported 2021-09-15.
    sam_export = date(2021, 9, 15)
    rows = [row_2021(k["marco"], date(2021, 2, 8)), row_2021(k["hannah"], date(2019, 8, 15)),
            row_2021(k["rita"], date(2019, 5, 6)), row_2021(k["tom"], date(2017, 10, 9))]  # teammates, no URL
    rows += [row_2021(p, random_day(rng, date(2013, 1, 1), sam_export), p.email if i == 7 else "")
             for i, p in enumerate(sam_f)]
    counts["sam_connections.csv"] = linkedin("sam_connections.csv", HEADER_2021, rows, preamble=True)

    # 3. Tom: late-2018 era (no preamble, e-mails filled, US dates with a time), exported 2018-11-04.
    tom_export = date(2018, 11, 4)
    rows18 = [row_2018(k["olivia"], datetime(2015, 6, 3, 9, 12)),
              row_2018(k["sam"], datetime(2017, 10, 9, 14, 41))]  # his teammate, by e-mail
    rows18 += [row_2018(p, random_time(rng, random_day(rng, date(2010, 3, 1), tom_export))) for p in tom_f]
    rows18.sort(key=lambda r: r[0], reverse=True)
    write("tom_connections.csv", csv_text([HEADER_2018] + [r[1] for r in rows18]).removesuffix("\n"))
    counts["tom_connections.csv"] = len(rows18)

    # 4. Rita's own client list (a generic CSV she keeps).
    c, f = k["carla"], k["frank"]
    clients = [
        ["Name", "Email", "Company", "Title", "Relationship", "Since", "Notes"],
        [c.name, c.email, c.company, "Chief Operating Officer", "client", "2023-05-10",
         "cut their month-end reporting from 9 days to 2"],
        [f.name, f.email, f.company, f.title, "friend", "2009-06-01", "college roommate"],
        [pool[3].name, pool[3].email, pool[3].company, pool[3].title, "colleague", "2018-02-01",
         "worked together at Northwind, 2018-2021"],
        [pool[21].name, "", pool[21].company, pool[21].title, "acquaintance", "", "met at SaaStr, 2024"],
        [pool[44].name, pool[44].email, pool[44].company, pool[44].title, "client", "2025-09-01",
         "renewed, expanded to 40 seats"],
        [odd[1].name, "jose.nunez@bolt.example.com", odd[1].company, odd[1].title, "acquaintance", "", ""],
    ]
    write("rita_clients.csv", csv_text(clients))
    counts["rita_clients.csv"] = len(clients) - 1

    # 5. Tom's contacts (a generic CSV with a referral).
    r = k["rob"]
    tom_contacts = [
        ["First Name", "Last Name", "E-mail Address", "Organization", "Job Title", "Relationship", "Referred By"],
        [r.first, r.last, r.email, r.company, r.title, "referred", f.name],
        [pool[95].first, pool[95].last, pool[95].email, pool[95].company, pool[95].title, "friend", ""],
        [pool[120].first, pool[120].last, pool[120].email, pool[120].company, pool[120].title, "former colleague", ""],
        [pool[57].first, pool[57].last, "", pool[57].company, pool[57].title, "acquaintance", ""],
    ]
    write("tom_contacts.csv", csv_text(tom_contacts))
    counts["tom_contacts.csv"] = len(tom_contacts) - 1

    # 6. Carla's own LinkedIn export: 2024 era with URLs, exported 2024-03-20.
    carla_export = date(2024, 3, 20)
    rows = [row_2023(k["dana"], date(2017, 4, 4)),
            row_2023(k["victor"], date(2022, 11, 11)),
            row_2023(k["marco"], date(2023, 3, 3)),
            row_2023(k["rita"], date(2023, 4, 14))]  # her sales rep: a client's export holds the rep too
    rows += [row_2023(p, random_day(rng, date(2012, 1, 1), carla_export), p.email if i == 12 else "")
             for i, p in enumerate(carla_f)]
    counts["carla_connections.csv"] = linkedin("carla_connections.csv", HEADER_2023, rows, preamble=True)

    # 7. Carla's contacts list: Dana with an e-mail but no URL.
    d = k["dana"]
    carla_contacts = [
        ["Name", "Email", "Company", "Title", "Relationship"],
        [d.name, d.email, d.company, d.title, "former colleague"],
        [pool[140].name, pool[140].email, pool[140].company, pool[140].title, "friend"],
        [pool[12].name, pool[12].email, pool[12].company, pool[12].title, "colleague"],
        [pool[160].name, "", pool[160].company, pool[160].title, "acquaintance"],
    ]
    write("carla_contacts.csv", csv_text(carla_contacts))
    counts["carla_contacts.csv"] = len(carla_contacts) - 1

    # 8. Rob's own export: 2021 era, exported 2021-07-01.
    rob_export = date(2021, 7, 1)
    rows = [row_2021(k["priya"], date(2020, 6, 21)), row_2021(k["tom"], date(2020, 2, 17))]
    rows += [row_2021(p, random_day(rng, date(2012, 1, 1), rob_export)) for p in rob_f]
    counts["rob_connections.csv"] = linkedin("rob_connections.csv", HEADER_2021, rows, preamble=True)

    # 9. Target accounts. Wayne Enterprises and Black Mesa Research have nobody: gaps.
    accounts = ["Acme Corporation", "Globex Industries", "Initech", "Stark Logistics", "Wayne Enterprises",
                "Umbrella Health", "Black Mesa Research"]
    write("accounts.csv", csv_text([["account"]] + [[a] for a in accounts]))
    counts["accounts.csv"] = len(accounts)

    # 10. Who imports what.
    imports = [
        ("rita_connections.csv", "Rita Rep", "member"), ("rita_clients.csv", "Rita Rep", "member"),
        ("sam_connections.csv", "Sam Seller", "member"),
        ("tom_connections.csv", "Tom Closer", "member"), ("tom_contacts.csv", "Tom Closer", "member"),
        ("carla_connections.csv", "Carla Client", "connector"), ("carla_contacts.csv", "Carla Client", "connector"),
        ("rob_connections.csv", "Rob Referred", "connector"),
    ]
    write("imports.csv", csv_text([["file", "owner", "role"]] + [list(i) for i in imports]))
    counts["imports.csv"] = len(imports)

    commands = []
    for owner in dict.fromkeys(o for _, o, _ in imports):
        files = " ".join(fn for fn, o, _ in imports if o == owner)
        role = next(ro for _, o, ro in imports if o == owner)
        commands.append(f'pathfinder import {files} --owner "{owner}"' + (" --connector" if role == "connector" else ""))
    write("README.txt",
          "Fictional sample exports for `pathfinder demo`, made by tools/make_sample_data.py (every person, "
          "e-mail and profile URL is made up). Rita Rep, Sam Seller and Tom Closer sell for Northwind "
          "Analytics, and are each other's LinkedIn connections, so each is in the others' exports too (as "
          "Carla is in Rita's, and Rita in Carla's); the target account is Acme Corporation. "
          "rita_connections.csv (LinkedIn, 2026) and "
          "rita_clients.csv (her own client list) are Rita's; sam_connections.csv (LinkedIn, 2021) is Sam's; "
          "tom_connections.csv (LinkedIn, 2018) and tom_contacts.csv (his address book) are Tom's. Two "
          "people outside the team shared theirs as connectors: Carla Client, Rita's client at Globex "
          "Industries (carla_connections.csv, LinkedIn 2024, and carla_contacts.csv), and Rob Referred, "
          "referred to Tom (rob_connections.csv, LinkedIn 2021). imports.csv lists the same as an import list "
          "(`pathfinder import --manifest imports.csv` imports them all), and accounts.csv is the "
          "target-account list for `pathfinder coverage`. To import them one owner at a time:\n\n" + "\n".join(commands) + "\npathfinder coverage --accounts accounts.csv\n")

    for name, n in counts.items():
        print(f"{name:<24} {n:>3} rows")


if __name__ == "__main__":
    main()
