"""Write the bundled sample exports for `pathfinder demo` (fictional people only).

    python tools/make_sample_data.py

The story: Rita Rep, Sam Seller and Tom Closer sell for Northwind Analytics; Acme Corporation is
the target account. Carla Client (COO at Globex, Rita's client) and Rob Referred (referred to Tom)
shared their own exports. Deterministic: the same files every run.
"""

from __future__ import annotations

import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "pathfinder" / "sample_data"
NOTES = ('Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing. '
         'You will only see email addresses for connections who have allowed their connections to see or download '
         'their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more '
         'here https://www.linkedin.com/help/linkedin/answer/261"\n\n')
FIRST = ["Avery", "Blake", "Casey", "Dakota", "Emerson", "Finley", "Gray", "Harper", "Indigo", "Jules", "Kendall",
         "Logan", "Morgan", "Noel", "Oakley", "Parker", "Quinn", "Reese", "Sage", "Taylor", "Umi", "Val", "Wren"]
LAST = ["Abara", "Brandt", "Castell", "Dorsey", "Ekwueme", "Fairfax", "Galloway", "Halvorsen", "Ibarra", "Jansen",
        "Kowalczyk", "Lindqvist", "Moreno", "Nakamura", "Okafor", "Pereira", "Quintero", "Rasmussen", "Sato"]
COMPANIES = ["Initech", "Umbrella Health", "Stark Logistics", "Wayne Enterprises", "Hooli", "Vandelay Imports",
             "Soylent Foods", "Bolt, Inc.", "Cyberdyne Systems", "Tyrell Analytics", "Gringotts Finance",
             "Oscorp Labs", "Wonka Industries", "Monarch Travel", "Pied Piper", "Dunder Paper"]
TITLES = ["Account Executive", "SVP, Global Sales", "Sr. Dir. Marketing", "Mgr, Engineering", "Founder & CEO",
          "Chief Financial Officer", "Head of Revenue Operations", "Sales Development Rep", "VP Marketing",
          "Director of Procurement", "Software Engineer", "Customer Success Manager"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# key people: (first, last, slug, company variants per file handled below, title)
DANA = ("Dana", "Buyer", "dana-buyer-3f9a1c", "VP Sales")
VICTOR = ("Victor", "Chief", "victor-chief-77b2e0", "Chief Financial Officer")
OLIVIA = ("Olivia", "Ops", "olivia-ops-5c1d88", "Director of Operations")
PRIYA = ("Priya", "Patel", "priya-patel-acme", "Head of Revenue Operations")
MARCO = ("Marco", "Rossi", "marco-rossi-9e4f", "Sales Manager")
CARLA = ("Carla", "Client", "carla-client-globex", "Chief Operating Officer")
FRANK = ("Frank", "Friend", "frank-friend-ctx", "CTO")
ROB = ("Rob", "Referred", "rob-referred-uh", "VP Marketing")
HANNAH = ("Hannah", "Former", "hannah-former-sl", "Director of Sales")


def url(slug: str) -> str:
    return f"https://www.linkedin.com/in/{slug}"


def filler(rng: random.Random, count: int, start: int) -> list[tuple[str, str, str, str, str]]:
    people = []
    for i in range(start, start + count):
        first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
        people.append((first, last, f"{first.lower()}-{last.lower()}-{i:03d}", rng.choice(COMPANIES), rng.choice(TITLES)))
    return people


def date_new(rng: random.Random) -> str:
    return f"{rng.randint(1, 28):02d} {rng.choice(MONTHS)} {rng.randint(2014, 2026)}"


def date_2018(rng: random.Random) -> str:
    return f'"{rng.randint(1, 12)}/{rng.randint(1, 28)}/{rng.randint(12, 18)}, {rng.randint(1, 12)}:{rng.randint(0, 59):02d} {rng.choice(["AM", "PM"])}"'


def q(value: str) -> str:
    return f'"{value}"' if "," in value or '"' in value else value


def write(name: str, text: str) -> None:
    (OUT / name).write_text(text, encoding="utf-8", newline="")


def main() -> None:
    rng = random.Random(7)
    OUT.mkdir(parents=True, exist_ok=True)
    pool = filler(rng, 90, 0)

    # Rita: 2024 era, preamble + URL, no final newline, two hidden profiles, quirks
    rows = [f"{CARLA[0]},{CARLA[1]},{url(CARLA[2])},,Globex Industries,{CARLA[3]},12 Mar 2024",
            f"{FRANK[0]},{FRANK[1]},{url(FRANK[2])},,Initech,{FRANK[3]},02 Sep 2016",
            f"{MARCO[0]},{MARCO[1]},{url(MARCO[2])},,ACME Corp.,{MARCO[3]},19 Jan 2025",
            "Ann,\"Lee, MBA\",https://www.linkedin.com/in/ann-lee-mba,,Hooli,Sr. Dir. Marketing,30 Nov 2019",
            "José,Núñez,https://www.linkedin.com/in/jos%C3%A9-n%C3%BA%C3%B1ez,,\"Bolt, Inc.\",\"Director, Finance\",01 Feb 2022",
            "Kim,PARK,https://www.linkedin.com/in/kim-park-ae,,Stark Logistics,Account Executive,05 Jan 2026",
            ",,,,,,07 Jun 2026", ",,,,,,14 Feb 2025"]
    rows += [f"{f},{l},{url(s)},,{q(c)},{q(t)},{date_new(rng)}" for f, l, s, c, t in pool[:45]]
    write("rita_connections.csv", NOTES + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + "\n".join(rows))

    # Sam: 2021 era, preamble, no URL
    rows = [f"{MARCO[0]},{MARCO[1]},,Acme Corporation,{MARCO[3]},08 Feb 2021",
            f"{HANNAH[0]},{HANNAH[1]},,Stark Logistics,{HANNAH[3]},15 Aug 2020"]
    rows += [f"{f},{l},,{q(c)},{q(t)},{date_new(rng)}" for f, l, s, c, t in pool[30:70]]
    write("sam_connections.csv", NOTES + "First Name,Last Name,Email Address,Company,Position,Connected On\n" + "\n".join(rows) + "\n")

    # Tom: late 2018, no preamble, emails filled, M/D/YY dates, CRLF
    rows = [f'{OLIVIA[0]},{OLIVIA[1]},olivia.ops@acme.example.com,"Acme, Inc.",{OLIVIA[3]},"10/24/15, 5:41 PM"']
    rows += [f"{f},{l},{f.lower()}.{l.lower()}@{c.split(',')[0].lower().replace(' ', '')}.example.com,{q(c)},{q(t)},{date_2018(rng)}"
             for f, l, s, c, t in pool[60:90]]
    write("tom_connections.csv", "First Name,Last Name,Email Address,Company,Position,Connected On\r\n" + "\r\n".join(rows) + "\r\n")

    # Rita's own client list
    write("rita_clients.csv", "Name,Email,Company,Title,Relationship,Since,Notes\n"
          f"Carla Client,carla@globex.example.com,Globex Industries,{CARLA[3]},client,2023-05-10,"
          "cut their month-end reporting from 9 days to 2\n"
          f"Frank Friend,frank@initech.example.com,Initech,{FRANK[3]},friend,2012-06-01,\n"
          f"{pool[3][0]} {pool[3][1]},,{q(pool[3][3])},{q(pool[3][4])},colleague,2019-01-01,\n"
          f"{pool[7][0]} {pool[7][1]},,{q(pool[7][3])},{q(pool[7][4])},acquaintance,,\n"
          "Gwen Gringott,gwen@gringotts.example.com,Gringotts Finance,VP Finance,client,2024-09-01,"
          "automated their board reporting\n")

    # Tom's contacts, with a referral
    write("tom_contacts.csv", "First Name,Last Name,E-mail Address,Organization,Job Title,Relationship,Referred By\n"
          f"Rob,Referred,rob@umbrella.example.com,Umbrella Health,{ROB[3]},referred,Frank Friend\n"
          f"{pool[65][0]},{pool[65][1]},,{q(pool[65][3])},{q(pool[65][4])},friend,\n")

    # Carla's own export (a connector) and her contacts list
    rows = [f"{DANA[0]},{DANA[1]},{url(DANA[2])},,Acme Corporation,{DANA[3]},04 Apr 2018",
            f"{VICTOR[0]},{VICTOR[1]},{url(VICTOR[2])},,Acme Corporation,{VICTOR[3]},11 Nov 2019",
            f"{MARCO[0]},{MARCO[1]},{url(MARCO[2])},,Acme Corporation,{MARCO[3]},03 Mar 2023"]
    rows += [f"{f},{l},{url(s)},,{q(c)},{q(t)},{date_new(rng)}" for f, l, s, c, t in pool[10:25]]
    write("carla_connections.csv", NOTES + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + "\n".join(rows))
    write("carla_contacts.csv", "Name,Email,Company,Title,Relationship\n"
          "Dana Buyer,dana.buyer@acme.example.com,Acme Corporation,VP Sales,former colleague\n"
          f"{pool[12][0]} {pool[12][1]},,{q(pool[12][3])},{q(pool[12][4])},friend\n")

    # Rob's export (a connector, 2021 era)
    rows = [f"{PRIYA[0]},{PRIYA[1]},,Acme Corporation,{PRIYA[3]},21 Jun 2020"]
    rows += [f"{f},{l},,{q(c)},{q(t)},{date_new(rng)}" for f, l, s, c, t in pool[40:55]]
    write("rob_connections.csv", NOTES + "First Name,Last Name,Email Address,Company,Position,Connected On\n" + "\n".join(rows) + "\n")

    write("accounts.csv", "account\nAcme Corporation\nGlobex Industries\nInitech\nStark Logistics\n"
          "Wayne Enterprises\nUmbrella Health\nBlack Mesa Research\n")
    write("imports.csv", "file,owner,role\n"
          "rita_connections.csv,Rita Rep,member\nrita_clients.csv,Rita Rep,member\n"
          "sam_connections.csv,Sam Seller,member\n"
          "tom_connections.csv,Tom Closer,member\ntom_contacts.csv,Tom Closer,member\n"
          "carla_connections.csv,Carla Client,connector\ncarla_contacts.csv,Carla Client,connector\n"
          "rob_connections.csv,Rob Referred,connector\n")
    write("README.txt", "Fictional sample exports for `pathfinder demo` (made by tools/make_sample_data.py).\n\n"
          "Rita Rep, Sam Seller and Tom Closer sell for Northwind Analytics; the target account is Acme Corporation.\n"
          "Carla Client (Rita's client) and Rob Referred (referred to Tom) shared their own exports as connectors.\n\n"
          "pathfinder import rita_connections.csv rita_clients.csv --owner \"Rita Rep\"\n"
          "pathfinder import sam_connections.csv --owner \"Sam Seller\"\n"
          "pathfinder import tom_connections.csv tom_contacts.csv --owner \"Tom Closer\"\n"
          "pathfinder import carla_connections.csv carla_contacts.csv --owner \"Carla Client\" --connector\n"
          "pathfinder import rob_connections.csv --owner \"Rob Referred\" --connector\n"
          "pathfinder coverage --accounts accounts.csv\n")


if __name__ == "__main__":
    main()
