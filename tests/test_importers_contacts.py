"""Address-book importers: Google Contacts CSV, Outlook CSV, Thunderbird CSV and vCard files.

Synthetic files (fictional people) under tests/data/{google,outlook,vcard}; Thunderbird's own test
files (MPL-2.0) are read from ../shared/fixtures when it is beside the repository."""

from __future__ import annotations

import doctest
from pathlib import Path

import pathfinder.importers._labels as labels_module
import pytest
from pathfinder.importers._labels import label_tier, label_tiers
from pathfinder.importers.google_contacts import GoogleContacts
from pathfinder.importers.outlook import OutlookContacts
from pathfinder.importers.registry import available_importers
from pathfinder.importers.thunderbird import ThunderbirdContacts
from pathfinder.importers.vcard import VCardContacts, parse_cards

from pathfinder.errors import ExportFormatError, MissingColumns
from pathfinder.records import ContactRecord

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).parents[2] / "shared" / "fixtures"
CONTACTS = SHARED / "contacts"

GOOGLE, OUTLOOK, THUNDERBIRD, VCARD = GoogleContacts(), OutlookContacts(), ThunderbirdContacts(), VCardContacts()
MINE = [GOOGLE, OUTLOOK, THUNDERBIRD, VCARD]


def by_name(records: list[ContactRecord]) -> dict[str, ContactRecord]:
    """The owner's record of each person (a is None), by display name."""
    return {r.b.display_name: r for r in records if r.a is None and r.evidence[0].kind in ("contact", "connection")}


def tiers(record: ContactRecord) -> list[str]:
    return [e.data["tier"] for e in record.evidence if e.kind == "relationship"]


# --- Google ----------------------------------------------------------------------------------------

def test_google_current_csv() -> None:
    path = DATA / "google" / "contacts_current.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM on the first header cell
    ex = GOOGLE.extract(path)
    assert ex.format == "google" and ex.rows == 5 and ex.problems == []
    people = by_name(ex.records)
    assert list(people) == ["Ann Able", "Ben Bolt", "Cara D. Cole", "Dee Dunn"]
    ann = people["Ann Able"]
    assert (ann.line, ann.b.email, ann.b.company, ann.b.title) == (2, "ann@acme.example.com", "Acme Corp", "VP Sales")
    assert ann.b.profile_url == "https://www.linkedin.com/in/ann-able"  # Website 2; Website 1 is a blog
    assert ann.b.location == "Lyon, France"
    assert [e.kind for e in ann.evidence] == ["contact", "relationship"] and tiers(ann) == ["client"]
    ben = people["Ben Bolt"]
    # ` ::: ` joins two addresses; the "* " label marks the second one primary
    assert ben.b.email == "ben.bolt@initech.example.com"
    assert (ben.b.company, ben.b.title) == ("Initech", "CTO")  # the first of the joined organisations
    assert tiers(ben) == ["family", "friend"]
    cara = people["Cara D. Cole"]
    assert cara.line == 6  # Ben's notes hold a quoted newline; the phone-only row is line 5
    assert (cara.b.first_name, cara.b.last_name, cara.b.email) == ("Cara", "Cole", "")
    assert cara.b.company == "Umbrella, Inc." and tiers(cara) == ["colleague"]
    dee = people["Dee Dunn"]  # only "File As"; "not-an-email" is skipped for the real address
    assert dee.b.email == "dee@example.org" and tiers(dee) == [] and dee.evidence[0].kind == "contact"
    assert ex.notes == ["1 contacts with no name, email or LinkedIn URL (phone, address or business only) skipped"]


def test_google_legacy_utf16_csv() -> None:
    path = DATA / "google" / "contacts_legacy_utf16.csv"
    assert path.read_bytes()[:4] == b"\xff\xfeN\x00"  # UTF-16LE with BOM, header starts with "Name"
    assert GOOGLE.identify(path)
    ex = GOOGLE.extract(path)
    assert ex.rows == 3 and ex.problems == [] and ex.notes == []
    people = by_name(ex.records)
    eve, finn, jose = people["Eve Evans"], people["Finn Fox"], people["José Núñez"]
    assert (eve.line, eve.b.first_name, eve.b.last_name) == (2, "Eve", "Evans")
    assert (eve.b.email, eve.b.company, eve.b.title) == ("eve@globex.example.com", "Globex", "CTO")
    assert tiers(eve) == ["colleague"]  # "* Coworkers", Google's old system group
    assert finn.b.email == "finn.fox@hooli.example.com"  # E-mail 2 is "* Work": preferred over E-mail 1
    assert finn.b.profile_url == "http://www.linkedin.com/in/finnfox"
    assert tiers(finn) == ["former colleague"]
    assert (jose.line, jose.b.company, jose.b.location) == (4, "Café Ñandú S.L.", "Sevilla, España")
    assert tiers(jose) == []


def test_google_row_longer_than_header_is_kept_with_a_problem() -> None:
    path = DATA / "google" / "contacts_hand_edited.csv"  # LF, no final newline, an unquoted comma
    ex = GOOGLE.extract(path)
    assert [str(p) for p in ex.problems] == [
        f"{path}:2: row has more fields than the header (an unquoted comma?): the extra fields were ignored"]
    assert [(r.line, r.b.email) for r in ex.records] == [(2, "xena@example.com"), (3, "yuri@example.org")]
    assert tiers(ex.records[0]) == ["client"]  # "Customers"


def test_google_forced_on_another_file_names_it() -> None:
    path = DATA / "csv" / "clients.csv"
    with pytest.raises(MissingColumns, match="clients.csv"):
        GOOGLE.extract(path)


@pytest.mark.parametrize("label,tier", [
    ("* Family", "family"), ("Friends", "friend"), ("Clients", "client"), ("customers", "client"),
    ("Key Customer", "client"), ("* Coworkers", "colleague"), ("Colleagues", "colleague"),
    ("Former Colleagues", "former colleague"), ("ex-colleagues", "former colleague"), ("Referrals", "referred"),
    ("Acquaintances", "acquaintance"), ("* myContacts", None), ("* starred", None), ("Business", None),
    ("Personal", None), ("", None),
])
def test_label_tiers(label: str, tier: str | None) -> None:
    assert label_tier(label) == tier


def test_label_tiers_strongest_first_and_distinct() -> None:
    assert label_tiers(["Friends", "* myContacts", "Clients", "Friend"]) == ["client", "friend"]


def test_docstring_examples() -> None:
    result = doctest.testmod(labels_module)
    assert result.attempted > 0 and result.failed == 0


# --- Outlook ---------------------------------------------------------------------------------------

def test_outlook_classic_all_quoted() -> None:
    path = DATA / "outlook" / "outlook_classic.csv"
    header = path.read_text().splitlines()[0]
    assert header.startswith('"Title","First Name"') and header.count('"') == 2 * 92
    ex = OUTLOOK.extract(path)
    assert ex.format == "outlook" and ex.rows == 5 and ex.problems == []
    people = by_name(ex.records)
    assert list(people) == ["Gus Grant", "Hana Hill", "Ivan Ivy", "Jo Jones"]
    # Gus's row spans lines 2-4: a quoted newline in the street and a quoted CRLF in the notes
    assert [people[n].line for n in people] == [2, 5, 6, 7]
    gus = people["Gus Grant"]
    assert (gus.b.email, gus.b.company, gus.b.title) == ("gus@hooli.example.com", "Hooli Ltd", "Head of IT")
    assert gus.b.location == "Leeds, United Kingdom" and gus.b.name == ""  # "Mr." is no job title or name
    assert tiers(gus) == ["client", "family"]  # Categories "Clients;Family"
    hana = people["Hana Hill"]
    assert hana.b.email == "hana.hill@example.org"  # E-mail Type EX: the X.500 DN is skipped for E-mail 2
    assert hana.b.profile_url == "https://www.linkedin.com/in/hana-hill" and tiers(hana) == ["client"]
    ivan = people["Ivan Ivy"]
    assert ivan.b.email == "" and ivan.b.company == "Contoso"  # only an EX address: matched by name
    assert not any("/O=" in r.b.email for r in ex.records)
    jo = people["Jo Jones"]  # no first or last name: the e-mail display name without "(address)"
    assert (jo.b.name, jo.b.email) == ("Jo Jones", "jo@example.net")
    assert ex.notes == [
        "2 Exchange (EX) addresses are directory names, not e-mail addresses: not used to match people",
        "1 contacts with no name, email or LinkedIn URL (phone, address or business only) skipped"]


def test_outlook_referred_by_makes_a_referral() -> None:
    ex = OUTLOOK.extract(DATA / "outlook" / "outlook_classic.csv")
    ties = [(r.line, r.a.display_name if r.a else "owner", r.b.display_name, [(e.kind, e.data) for e in r.evidence])
            for r in ex.records if "Ivan" in r.b.display_name or r.b.display_name == "Gus Grant" and r.line == 6]
    assert ties == [
        (6, "owner", "Gus Grant", [("referral", {"gave": True})]),
        (6, "Gus Grant", "Ivan Ivy", [("referral", {"referred": True})]),
        (6, "owner", "Ivan Ivy", [("contact", {}), ("relationship", {"tier": "referred", "by": "Gus Grant"})]),
    ]  # "Holiday Cards" names no tier


def test_outlook_com_people_export() -> None:
    path = DATA / "outlook" / "outlook_com_people.csv"
    assert len(path.read_text().splitlines()[0].split(",")) == 61
    ex = OUTLOOK.extract(path)
    kim, liam = ex.records
    assert (kim.line, kim.b.first_name, kim.b.last_name, kim.b.email) == (2, "Kim", "Kerr", "kim.kerr@example.com")
    assert (kim.b.company, kim.b.title, kim.b.location) == ("Umbrella, Inc.", "Partner", "Oslo, Norway")
    assert kim.b.profile_url == "https://www.linkedin.com/in/kim-kerr/"
    assert (liam.line, liam.b.email) == (3, "liam@example.net")  # only E-mail 2 Address
    assert ex.problems == [] and ex.notes == []


def test_linkedin_outlook_export_is_read_as_connections() -> None:
    path = DATA / "outlook" / "linkedin_connections_export_microsoft_outlook.csv"
    ex = OUTLOOK.extract(path)
    assert ex.notes == ["LinkedIn's Outlook-format export: rows read as LinkedIn connections"]
    lena, mo = ex.records
    assert (lena.b.display_name, lena.b.email, lena.b.company) == ("Lena Lund", "lena.lund@example.com",
                                                                   "Vandelay Industries")
    assert lena.b.title == "Director of Imports" and lena.b.location == "Sweden"  # old "Business Country"
    assert lena.evidence == mo.evidence and [e.kind for e in lena.evidence] == ["connection"]
    assert (mo.line, mo.b.first_name, mo.b.last_name, mo.b.company) == (3, "Mo", "Marsh", "Stark, Ltd.")


def test_outlook_header_under_another_name_is_contacts(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes((DATA / "outlook" / "linkedin_connections_export_microsoft_outlook.csv").read_bytes())
    assert OUTLOOK.identify(path)
    ex = OUTLOOK.extract(path)
    assert [e.kind for r in ex.records for e in r.evidence] == ["contact", "contact"] and ex.notes == []


# --- Thunderbird -----------------------------------------------------------------------------------

def test_thunderbird_synthetic_export() -> None:
    path = DATA / "outlook" / "thunderbird_addressbook.csv"
    ex = THUNDERBIRD.extract(path)
    assert ex.format == "thunderbird" and ex.rows == 3 and ex.problems == []
    nora, otto = ex.records
    assert (nora.line, nora.b.name, nora.b.first_name, nora.b.last_name) == (2, "Nora Nash", "Nora", "Nash")
    assert (nora.b.email, nora.b.company, nora.b.title) == ("nora@example.org", "Wonka, Ltd.", "Head of Procurement")
    assert nora.b.profile_url == "https://uk.linkedin.com/in/noranash" and nora.b.location == "Bristol, UK"
    assert (otto.line, otto.b.display_name, otto.b.email) == (4, "Otto", "otto@example.net")  # Secondary Email
    assert ex.notes == ["1 contacts with no name, email or LinkedIn URL (phone or address only) skipped"]


needs_shared = pytest.mark.skipif(not CONTACTS.exists(), reason="../shared/fixtures not beside the repo")


@needs_shared
def test_thunderbird_real_export_with_quoted_tab_newline_and_quotes() -> None:
    path = CONTACTS / "thunderbird_addrbook_export.csv"
    assert THUNDERBIRD.identify(path)
    ex = THUNDERBIRD.extract(path)
    assert [(r.line, r.b.name, r.b.email) for r in ex.records] == [
        (2, "contact number one", "contact1@invalid"), (3, "contact number two", "contact2@invalid")]
    assert ex.records[1].b.title == '"worker"' and ex.problems == []


@needs_shared
def test_thunderbird_real_import_file_with_screen_name_last() -> None:
    ex = THUNDERBIRD.extract(CONTACTS / "thunderbird_basic_csv_addressbook.csv")
    assert [(r.line, r.b.display_name, r.b.email) for r in ex.records] == [
        (2, "John Doe", "john@doe.invalid"), (3, "Jane Doe", "jane@doe.invalid")]


@needs_shared
def test_thunderbird_semicolon_and_headerless_files() -> None:
    semicolon, headerless = CONTACTS / "thunderbird_csv_semicolon.csv", CONTACTS / "thunderbird_csv_no_header.csv"
    assert not any(imp.identify(semicolon) or imp.identify(headerless) for imp in MINE)  # left to the generic CSV
    ex = THUNDERBIRD.extract(semicolon)  # forced: a "Primary Email" header is enough
    assert [(r.b.name, r.b.email) for r in ex.records] == [("John Doe", "john@doe.invalid"),
                                                           ("Jane Doe", "jane@doe.invalid")]
    with pytest.raises(MissingColumns, match="thunderbird_csv_no_header.csv"):
        THUNDERBIRD.extract(headerless)


# --- vCard -----------------------------------------------------------------------------------------

def test_vcard_apple_export() -> None:
    path = DATA / "vcard" / "apple_icloud.vcf"
    assert b"\r\n" in path.read_bytes()
    ex = VCARD.extract(path)
    assert ex.format == "vcard" and ex.rows == 4 and ex.problems == []
    assert ex.notes == ["1 company or group cards skipped"]  # X-ABShowAs:COMPANY
    paula, quentin, ray = ex.records
    assert [paula.line, quentin.line, ray.line] == [1, 22, 44]  # the BEGIN:VCARD lines
    assert (paula.b.name, paula.b.first_name, paula.b.last_name) == ("Dr. Paula Q. Pike", "Paula", "Pike")
    assert paula.b.email == "paula.pike@acme.example.com"  # item2.EMAIL;type=pref, not item1
    assert (paula.b.company, paula.b.title) == ("Acme, Inc.", "Regional Director, EMEA")  # \, escapes
    assert paula.b.profile_url == "https://www.linkedin.com/in/paula-pike-4b2a1c"  # a folded line
    assert paula.b.location == "Cupertino, United States"  # a folded, grouped ADR
    assert tiers(paula) == ["client"]
    assert quentin.b.profile_url == "linkedin.com/in/qquinn" and quentin.b.company == "Hooli"
    assert (ray.b.display_name, ray.b.name) == ("Ray Roe", "")  # no FN: the N property
    assert ray.b.profile_url == "https://www.linkedin.com/in/ray-roe"  # X-SOCIALPROFILE x-user=
    assert tiers(ray) == ["former colleague"]


def test_vcard_21_quoted_printable() -> None:
    path = DATA / "vcard" / "android_v21_qp.vcf"
    raw = path.read_bytes()
    assert b"=\r\n Aussicht" in raw and b"=C3=\r\n=A4ufe" in raw and b"Soci\xe9t\xe9" in raw
    ex = VCARD.extract(path)
    assert ex.rows == 3 and ex.problems == [] and ex.notes == []
    juergen, saki, rene = ex.records
    assert juergen.line == 1
    assert juergen.b.name == "Jürgen Müller von der Schönen Aussicht"  # soft line break, continuation kept
    assert (juergen.b.first_name, juergen.b.last_name) == ("Jürgen", "Müller")
    assert (juergen.b.company, juergen.b.title) == ("Café Zürich AG", "Geschäftsführer")  # =C3= | =A4 across a break
    assert juergen.b.email == "juergen.mueller@cafe.example.com"  # EMAIL;PREF;INTERNET (2.1 bare parameters)
    assert tiers(juergen) == ["family"]
    assert (saki.line, saki.b.display_name, saki.b.email) == (14, "Saki Sato", "saki@example.org")
    # a cp1252 file: raw bytes and quoted-printable with CHARSET=ISO-8859-1
    assert (rene.line, rene.b.name, rene.b.last_name) == (21, "René Dupré", "Dupré")
    assert rene.b.company == "Société Générale d'Exemple"


def test_vcard_40() -> None:
    ex = VCARD.extract(DATA / "vcard" / "contacts_v40.vcf")
    assert ex.rows == 3 and ex.notes == ["1 company or group cards skipped"]  # KIND:group
    tara, uma = ex.records
    assert (tara.line, uma.line) == (1, 23)
    assert tara.b.email == "tara.tan@stark.example.com"  # PREF=1 beats the first EMAIL
    assert (tara.b.company, tara.b.title) == ("Stark Industries", "Chief Scientist")  # TITLE, not ROLE
    assert tara.b.profile_url == "https://www.linkedin.com/in/tara-tan"
    assert tara.b.location == "Malibu, USA"  # the work ADR first
    assert tiers(tara) == ["client", "friend"]  # RELATED is not read
    assert uma.b.email == "uma@example.com"  # PREF=2 beats PREF=5


def test_vcard_broken_file_reports_problems_by_card() -> None:
    path = DATA / "vcard" / "broken.vcf"
    ex = VCARD.extract(path)
    assert [str(p) for p in ex.problems] == [
        f"{path}:1: line 5 is not a vCard property ('this line has no colon'): ignored",
        f"{path}:7: text outside any card ('garbage between cards'): ignored",
        f"{path}:9: card has no name, email or profile URL: skipped",
        f"{path}:13: card has no END:VCARD (the file may be truncated): kept what it had",
    ]
    assert [(r.line, r.b.name, r.b.email, r.b.company) for r in ex.records] == [
        (1, "Vic Vance", "vic@example.com", ""), (13, "Wes West", "", "Wayne Enterprises")]
    assert ex.rows == 3


def test_vcard_folding_escapes_and_nested_agent() -> None:
    text = ("BEGIN:VCARD\nVERSION:2.1\nFN:Zoe\n\tZimmer\nTITLE:a\\nb\\;c\\\\d\nAGENT:\nBEGIN:VCARD\nFN:Agent Smith\n"
            "END:VCARD\nEMAIL;TYPE=INTERNET:zoe@example.com\nEND:VCARD\n")
    (card,), stray = parse_cards(text)
    assert stray == [] and card.closed and card.problems == []
    assert card.value("FN") == "ZoeZimmer" and card.value("TITLE") == "a\nb;c\\d"
    assert card.value("EMAIL") == "zoe@example.com"  # after the nested AGENT card


def test_vcard_rejects_other_files(tmp_path: Path) -> None:
    with pytest.raises(ExportFormatError, match="clients.csv: no BEGIN:VCARD"):
        VCARD.extract(DATA / "csv" / "clients.csv")
    empty = tmp_path / "empty.vcf"
    empty.write_bytes(b"")
    assert not VCARD.identify(empty)
    with pytest.raises(ExportFormatError, match="empty.vcf"):
        VCARD.extract(empty)


# --- detection -------------------------------------------------------------------------------------

OWN_FILES = {
    "google": sorted((DATA / "google").glob("*.csv")),
    "outlook": [DATA / "outlook" / n for n in ("outlook_classic.csv", "outlook_com_people.csv",
                                                "linkedin_connections_export_microsoft_outlook.csv")],
    "thunderbird": [DATA / "outlook" / "thunderbird_addressbook.csv"]
    + ([CONTACTS / "thunderbird_addrbook_export.csv", CONTACTS / "thunderbird_basic_csv_addressbook.csv"]
       if CONTACTS.exists() else []),
    "vcard": sorted((DATA / "vcard").glob("*.vcf")),
}
FOREIGN_FILES = (sorted((DATA / "linkedin").glob("*.csv"))
                 + [DATA / "csv" / "clients.csv", DATA / "csv" / "referred.csv"]
                 + sorted((DATA / "hubspot").glob("*.csv")) + sorted((DATA / "salesforce").glob("*.csv"))
                 + sorted((DATA / "linkedin_archive").rglob("*.csv")))
MATRIX = [(f, owner) for owner, files in OWN_FILES.items() for f in files] + [(f, None) for f in FOREIGN_FILES]


@pytest.mark.parametrize("path,owner", MATRIX, ids=lambda v: v.name if isinstance(v, Path) else str(v))
def test_identify_matrix(path: Path, owner: str | None) -> None:
    assert [imp.name for imp in MINE if imp.identify(path)] == ([owner] if owner else [])


@pytest.mark.parametrize("path", [f for files in OWN_FILES.values() for f in files], ids=lambda p: p.name)
def test_no_registered_importer_claims_our_files(path: Path) -> None:
    assert [imp.name for imp in available_importers(load_plugins=False)
            if not imp.fallback and imp.name not in {i.name for i in MINE} and imp.identify(path)] == []


def test_identify_never_raises(tmp_path: Path) -> None:
    for path in (tmp_path / "missing.csv", tmp_path, DATA / "csv" / "pdf_disguised.csv"):
        assert not any(imp.identify(path) for imp in MINE)


# --- hostile input: read or refuse with the file's name (random and mutated files: see
# tests/test_hostile_input.py, which runs every importer on mutations of these files too) ------------


def attempt_all(path: Path) -> None:
    for imp in MINE:
        imp.identify(path)
        try:
            imp.extract(path)
        except ExportFormatError as exc:
            assert path.name in str(exc), f"{imp.name}: the error must name the file: {exc}"


@pytest.mark.parametrize("name,content", [
    ("empty.vcf", b""),
    ("nul.vcf", b"BEGIN:VCARD\x00\nFN:A\nEND:VCARD\n"),
    ("truncated_utf16.csv", b"\xff\xfe" + "Name,Given Name".encode("utf-16-le") + b"m"),
    ("bad_charset.vcf", b"BEGIN:VCARD\nFN;ENCODING=QUOTED-PRINTABLE;CHARSET=base64:=FF=FE\nEND:VCARD\n"),
    ("only_begin.vcf", b"BEGIN:VCARD"),
    ("qp_runaway.vcf", b"BEGIN:VCARD\nFN;QUOTED-PRINTABLE:A=\nEND:VCARD\nBEGIN:VCARD\nFN:B\nEND:VCARD\n"),
    ("header_only.csv", b"First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value\n"),
])
def test_named_hostile_files(tmp_path: Path, name: str, content: bytes) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    attempt_all(f)


def test_soft_break_before_end_does_not_swallow_the_next_card(tmp_path: Path) -> None:
    f = tmp_path / "qp.vcf"
    f.write_bytes(b"BEGIN:VCARD\nFN;QUOTED-PRINTABLE:A=\nEND:VCARD\nBEGIN:VCARD\nFN:B\nEND:VCARD\n")
    assert [(r.line, r.b.name) for r in VCARD.extract(f).records] == [(1, "A"), (4, "B")]


def test_vcard_bad_lines_are_one_problem_per_card_and_odd_charsets_decode(tmp_path: Path) -> None:
    f = tmp_path / "odd.vcf"
    f.write_text("BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE;CHARSET=idna:Ren=E9\njunk one\njunk two\n"
                 "junk three\nEND:VCARD\n", encoding="ascii")
    ex = VCARD.extract(f)
    assert [str(p) for p in ex.problems] == [
        f"{f}:1: line 4 is not a vCard property ('junk one') (and 2 more): ignored"]
    assert ex.records[0].b.name == "René"  # neither UTF-8 nor the named codec: cp1252


# --- contact details: phone, birthday, address (evidence of who is who without an email) ----------

def test_vcard_details_apple_birthday_without_year_and_home_before_work() -> None:
    paula = by_name(VCARD.extract(DATA / "vcard" / "apple_icloud.vcf").records)["Dr. Paula Q. Pike"].b
    assert (paula.phone, paula.birthday, paula.street, paula.postcode) == \
        ("+1 555 0142", "--05-01", "1 Infinite Loop", "95014")
    tara = by_name(VCARD.extract(DATA / "vcard" / "contacts_v40.vcf").records)["Tara Tan"].b
    assert (tara.street, tara.postcode, tara.birthday) == ("12 Elm St", "", "")


def test_google_and_outlook_details(tmp_path: Path) -> None:
    google = tmp_path / "google.csv"
    google.write_text("First Name,Last Name,Birthday,Phone 1 - Label,Phone 1 - Value,Address 1 - Street,"
                      "Address 1 - City,Address 1 - Postal Code,Labels,E-mail 1 - Label,E-mail 1 - Value\n"
                      "Jon,Smith,--05-02,Mobile,020 7946 0958 ::: 07700 900123,12 Wallaby Place,London,SW1A 1AA,"
                      "* myContacts,,\n"
                      "Ann,Lee,1980-13-45,,,,,,* myContacts,,\n", encoding="utf-8")
    jon, ann = (r.b for r in GOOGLE.extract(google).records)
    assert (jon.phone, jon.birthday, jon.street, jon.postcode) == ("020 7946 0958", "--05-02", "12 Wallaby Place",
                                                                   "SW1A 1AA")
    assert ann.birthday == ""  # not a date: no birthday
    outlook = tmp_path / "outlook.csv"
    outlook.write_text('"First Name","Last Name","Company","Business Street","Business Postal Code","Home Street",'
                       '"Home Postal Code","Mobile Phone","Business Phone","Birthday","E-mail Address"\n'
                       '"Kim","Park","Zeta","1 Work Rd","1000","9 Home Ave","2000","","+1 555 0100","4/15/1980",""\n'
                       '"Lou","Ray","Zeta","1 Work Rd","1000","","","","","0/0/00",""\n', encoding="utf-8")
    kim, lou = (r.b for r in OUTLOOK.extract(outlook).records)
    assert (kim.phone, kim.birthday, kim.street, kim.postcode) == ("+1 555 0100", "1980-04-15", "9 Home Ave", "2000")
    assert (lou.birthday, lou.street, lou.postcode) == ("", "1 Work Rd", "1000")  # Outlook's empty date: none
