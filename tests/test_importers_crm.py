"""CRM importers: HubSpot contacts and deals, Salesforce reports and data exports.

Fixtures under tests/data/hubspot and tests/data/salesforce are synthetic (fictional people,
example.* domains), shaped after the headers and quirks in shared/reference/export-formats.md
§2.4-2.5 and §4 cases 26-27.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from pathfinder.importers import _archive
from pathfinder.importers import _xlsx as xlsx_module
from pathfinder.importers.hubspot import HubSpotContacts, HubSpotDeals, deal_outcome, parse_amount
from pathfinder.importers.salesforce import SalesforceReport, salesforce_id
from pathfinder.importers.salesforce_export import SalesforceExport

import pathfinder
from pathfinder.errors import ExportFormatError, MissingColumns
from pathfinder.jobs.ingest import import_extraction
from pathfinder.records import ContactRecord, Extraction

from .conftest import AS_OF

DATA = Path(__file__).parent / "data"
HS = DATA / "hubspot"
SF = DATA / "salesforce"
SAMPLE = Path(pathfinder.__file__).parent / "sample_data"

CARLA_15, CARLA_18 = "0035e00000kQ2rT", "0035e00000kQ2rTAAS"


def by_crm(ex: Extraction) -> dict[str, list[ContactRecord]]:
    out: dict[str, list[ContactRecord]] = {}
    for r in ex.records:
        out.setdefault(r.b.crm_id or r.b.email or r.b.display_name, []).append(r)
    return out


def kinds(r: ContactRecord) -> list[str]:
    return [e.kind for e in r.evidence]


# --- HubSpot contacts -----------------------------------------------------------------------

def test_hubspot_contacts_owners_tiers_and_referrals() -> None:
    ex = HubSpotContacts().extract(HS / "contacts.csv")
    assert ex.format == "hubspot" and ex.rows == 6
    recs = by_crm(ex)

    carla = recs["hubspot:501"]
    assert len(carla) == 1
    c = carla[0]
    assert (c.line, c.b.first_name, c.b.last_name, c.b.email, c.b.company, c.b.title) == (
        2, "Carla", "Client", "carla.client@globex.example.com", "Globex Industries", "Chief Operating Officer")
    assert c.a is not None and c.a.name == "Rita Rep" and c.a_role == "member"
    assert [(e.kind, e.date, e.data.get("tier")) for e in c.evidence] == [
        ("contact", "2023-05-10", None), ("relationship", "2023-05-10", "client")]  # Lifecycle Stage = customer

    rob = recs["hubspot:502"][0]
    # owner written "Name <email>": both kept; US date; a title with a newline inside quotes
    assert rob.a is not None and (rob.a.name, rob.a.email, rob.a_role) == ("Sam Seller", "sam.seller@ourco.example.com", "member")
    assert rob.evidence[0].date == "2024-03-15"
    assert rob.evidence[1].data == {"tier": "referred", "source": "Partner Referral"}

    walt = recs["hubspot:503"][0]
    assert walt.line == 5  # the row above spans lines 3-4
    assert kinds(walt) == ["contact"]  # Original Source "Referrals" is web traffic, not a referral
    assert any("Original Source 'Referrals'" in n for n in ex.notes)

    fran = recs["hubspot:504"]
    main = [r for r in fran if kinds(r) == ["contact", "relationship"]][0]
    assert main.a is None and main.a_role == ""  # empty owner: the importing user
    assert main.b.company == "Hooli"  # first of the ;-joined associated companies
    assert main.evidence[1].data == {"tier": "referred", "by": "Frank Friend"}
    via = [r for r in fran if r.a is not None][0]
    assert via.a.name == "Frank Friend" and via.evidence[0].data == {"referred": True}
    gave = recs["Frank Friend"][0]
    assert gave.a is None and gave.evidence[0].data == {"gave": True}

    dana = recs["hubspot:506"][0]
    assert dana.a is not None and dana.a.email == "rita.rep@ourco.example.com" and dana.a.name == ""
    assert dana.evidence[0].date is None
    assert [(p.line, p.message.split(":")[0]) for p in ex.problems] == [
        (7, "row has no record id, name or email"), (8, "unreadable create date 'sometime last spring'")]
    assert all(p.path == str(HS / "contacts.csv") for p in ex.problems)


def test_hubspot_contacts_older_contact_id_era() -> None:
    ex = HubSpotContacts().extract(HS / "contacts_legacy.csv")
    recs = by_crm(ex)
    assert set(recs) == {"hubspot:601", "hubspot:602"}
    lena = recs["hubspot:601"][0]
    assert lena.b.company == "Oldco" and lena.a is not None and lena.a.name == "Rita Rep"
    assert lena.evidence[1].data["tier"] == "client"  # "Customer", capitalised
    assert kinds(recs["hubspot:602"][0]) == ["contact"]


def test_hubspot_french_export_headers() -> None:
    contacts = HubSpotContacts().extract(HS / "contacts_fr.csv")  # UTF-8 with BOM
    recs = by_crm(contacts)
    elodie = recs["hubspot:701"][0]
    assert (elodie.b.first_name, elodie.b.last_name, elodie.b.email) == ("Élodie", "Lefèvre", "elodie.lefevre@client.example.fr")
    assert elodie.a is not None and elodie.a.name == "Rita Rep" and elodie.a_role == "member"
    assert elodie.evidence[0].date == "2024-04-02"
    assert recs["hubspot:702"][0].a is None

    deals = HubSpotDeals().extract(HS / "deals_fr.csv")
    won, open_ = deals.records
    assert (won.b.crm_id, won.evidence[0].date, won.evidence[0].data["won"], won.evidence[0].data["amount"]) == (
        "hubspot:701", "2025-09-30", True, 8400.5)  # "8 400,50"
    assert open_.evidence[0].data["open"] is True and open_.evidence[0].date is None


# --- HubSpot deals --------------------------------------------------------------------------

def test_hubspot_deals_won_lost_and_open() -> None:
    ex = HubSpotDeals().extract(HS / "deals.csv")
    assert ex.format == "hubspot-deals" and ex.rows == 7
    by_line: dict[int, list[ContactRecord]] = {}
    for r in ex.records:
        by_line.setdefault(r.line, []).append(r)

    won = by_line[2]  # "501;502": one record per associated contact
    assert [r.b.crm_id for r in won] == ["hubspot:501", "hubspot:502"]
    for r in won:
        assert r.b.display_name == "" and r.b.email == ""  # the contacts export names them
        assert r.a is not None and (r.a.name, r.a.email, r.a_role) == ("Sam Seller", "sam.seller@ourco.example.com", "member")
        (ev,) = r.evidence
        assert (ev.kind, ev.date) == ("deal", "2025-06-30")
        assert ev.data["won"] is True and ev.data["amount"] == 12500.0 and ev.data["id"] == "hubspot:deal:9001"

    (lost,) = by_line[3]
    assert lost.evidence[0].date == "2025-02-01"
    assert lost.evidence[0].data["won"] is False and lost.evidence[0].data["lost"] is True

    (opportunity,) = by_line[4]
    assert opportunity.b.crm_id == "hubspot:504"
    assert opportunity.evidence[0].date is None
    assert opportunity.evidence[0].data["won"] is False and opportunity.evidence[0].data["open"] is True
    assert opportunity.evidence[0].data["stage"] == "Appointment Scheduled"

    (ownerless,) = by_line[5]
    assert ownerless.a is None and ownerless.a_role == ""
    assert ownerless.evidence[0].data["won"] is True and "amount" not in ownerless.evidence[0].data  # "closedwon"

    mixed = by_line[7]  # "501; x12 ;506.0": the bad id is a problem, 506.0 is Excel's 506
    assert [r.b.crm_id for r in mixed] == ["hubspot:501", "hubspot:506"]
    assert mixed[0].evidence[0].data["amount"] == 1250000.0

    assert 6 not in by_line  # no associated contacts
    assert [(p.line, p.message) for p in ex.problems] == [
        (5, "unreadable amount 'about ten grand': kept the deal without it"),
        (7, "associated contact id 'x12' is not a HubSpot id (a number): skipped"),
        (8, "deal has no deal stage: skipped")]
    assert "deals with contacts: 3 won, 1 lost, 1 open" in ex.notes
    assert any("1 deals have no associated contacts" in n for n in ex.notes)


@pytest.mark.parametrize("stage,is_won,is_closed,expected", [
    ("Closed Won", "", "", "won"), ("closedwon", "", "", "won"), ("Closed Lost", "", "", "lost"),
    ("closedlost", "", "", "lost"), ("Appointment Scheduled", "", "", "open"),
    ("Contract sent", "", "", "open"), ("Signed", "true", "true", "won"), ("Dead", "false", "true", "lost"),
    ("Negotiation/Review", "", "false", "open"),
])
def test_deal_outcome(stage: str, is_won: str, is_closed: str, expected: str) -> None:
    assert deal_outcome(stage, is_won, is_closed) == expected


@pytest.mark.parametrize("text,value", [
    ("12500", 12500.0), ("12,500.00", 12500.0), ("12.500,00", 12500.0), ("$ 12,500", 12500.0),
    ("EUR 9 800", 9800.0), ("8 400,50", 8400.5), ("1.250.000", 1250000.0), ("99,5", 99.5),
])
def test_parse_amount(text: str, value: float) -> None:
    assert parse_amount(text) == value


def test_contacts_and_deals_importers_refuse_each_others_files() -> None:
    with pytest.raises(ExportFormatError, match="deals.csv.*deals export"):
        HubSpotContacts().extract(HS / "deals.csv")
    with pytest.raises(ExportFormatError, match="contacts.csv.*contacts export"):
        HubSpotDeals().extract(HS / "contacts.csv")


def test_deals_without_associations_are_refused(tmp_path: Path) -> None:
    f = tmp_path / "deals_no_assoc.csv"
    f.write_text("Record ID,Deal Name,Deal Stage,Amount,Deal owner\n1,A,Closed Won,5,Rita Rep\n")
    with pytest.raises(MissingColumns, match="deals_no_assoc.csv.*Associated Contact IDs"):
        HubSpotDeals().extract(f)


# --- XLSX -----------------------------------------------------------------------------------

def _xlsx_from_csv(src: Path, dest: Path) -> None:
    import csv

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    with src.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.reader(fh):
            ws.append([int(v) if v.isdigit() else v for v in row])
    wb.save(dest)


def test_hubspot_xlsx_export(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    contacts, deals = tmp_path / "hubspot-crm-exports-all-contacts.xlsx", tmp_path / "all-deals.xlsx"
    _xlsx_from_csv(HS / "contacts.csv", contacts)
    _xlsx_from_csv(HS / "deals.csv", deals)
    assert HubSpotContacts().identify(contacts) and not HubSpotDeals().identify(contacts)
    assert HubSpotDeals().identify(deals) and not HubSpotContacts().identify(deals)

    ex = HubSpotContacts().extract(contacts)
    recs = by_crm(ex)
    assert recs["hubspot:501"][0].a_role == "member"
    assert recs["hubspot:502"][0].b.title == "VP Marketing, Europe"  # the cell's newline is a space
    # line numbers are spreadsheet rows (the multi-line cell is one row here)
    assert recs["hubspot:503"][0].line == 4
    assert [p.line for p in ex.problems] == [6, 7]

    dex = HubSpotDeals().extract(deals)
    won = [r for r in dex.records if r.evidence[0].data.get("id") == "hubspot:deal:9001"]
    assert [r.b.crm_id for r in won] == ["hubspot:501", "hubspot:502"]
    assert won[0].evidence[0].date == "2025-06-30"


def test_hubspot_xlsx_without_openpyxl_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("openpyxl")
    f = tmp_path / "contacts.xlsx"
    _xlsx_from_csv(HS / "contacts.csv", f)
    monkeypatch.setattr(xlsx_module, "have_openpyxl", lambda: False)
    assert HubSpotContacts().identify(f)  # still recognised (from the workbook's shared strings)
    with pytest.raises(ExportFormatError) as info:
        HubSpotContacts().extract(f)
    message = str(info.value)
    assert "contacts.xlsx" in message and "openpyxl" in message and "CSV" in message


def test_old_xls_and_broken_xlsx_are_refused_clearly(tmp_path: Path) -> None:
    old = tmp_path / "export.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
    with pytest.raises(ExportFormatError, match="export.xls.*CSV"):
        HubSpotContacts().extract(old)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    assert not HubSpotContacts().identify(broken)
    with pytest.raises(ExportFormatError, match="broken.xlsx"):
        HubSpotDeals().extract(broken)


# --- Salesforce reports ---------------------------------------------------------------------

def test_salesforce_ids_15_and_18() -> None:
    assert salesforce_id("001A0000006Vm9r") == "001A0000006Vm9rIAC"  # the documented example
    assert salesforce_id(CARLA_15) == salesforce_id(CARLA_18) == CARLA_18
    assert salesforce_id(CARLA_18.lower()[:15] + "aas") != CARLA_18  # case matters in the first 15
    assert salesforce_id("not-an-id") == salesforce_id("12345") == ""


def test_salesforce_contacts_report_footer_is_stripped() -> None:
    ex = SalesforceReport().extract(SF / "contacts_report.csv")
    assert ex.format == "salesforce-report" and ex.rows == 4  # footer lines are not data rows
    recs = by_crm(ex)
    carla = recs[f"salesforce:{CARLA_18}"][0]  # the report's 15-char id, stored as the 18-char one
    assert (carla.line, carla.b.first_name, carla.b.company, carla.b.title) == (2, "Carla", "Globex Industries", "Chief Operating Officer")
    assert carla.a is not None and carla.a.name == "Rita Rep" and carla.a_role == "member"
    assert [(e.kind, e.date) for e in carla.evidence] == [("contact", "2023-05-10")]
    rob = recs["salesforce:0035e00000rOb9zAAC"][0]
    assert rob.evidence[1].data == {"tier": "referred", "source": "Partner Referral"}
    fran = recs["fran.friendly@hooli.example.com"][0]
    assert fran.b.crm_id == "" and fran.a is None and fran.evidence[1].data["tier"] == "referred"
    assert [(p.line, p.message) for p in ex.problems] == [
        (4, "row has no name, email or contact id: skipped"),
        (5, "contact id 'not-an-id' is not a Salesforce id: kept the contact without it"),
        (5, "unreadable created date 'someday': kept the contact without it")]
    assert not any(w in p.message for p in ex.problems for w in ("Total", "Confidential", "Copyright"))
    assert any("3 report footer lines" in n for n in ex.notes)


def test_salesforce_grouped_opportunity_report() -> None:
    ex = SalesforceReport().extract(SF / "opportunities_grouped.csv")
    recs = {r.line: r for r in ex.records}
    assert sorted(recs) == [3, 4, 7]
    won, lost, opportunity = recs[3], recs[4], recs[7]
    assert won.b.name == "Carla Client" and won.b.crm_id == f"salesforce:{CARLA_18}"
    assert won.a is not None and won.a.name == "Rita Rep" and won.a_role == "member"
    ev = won.evidence[0]
    assert (ev.kind, ev.date, ev.data["won"], ev.data["amount"], ev.data["name"]) == (
        "deal", "2025-06-30", True, 12500.0, "Globex renewal")
    assert lost.evidence[0].data["won"] is False and lost.evidence[0].data["lost"] is True
    assert lost.evidence[0].date == "2025-02-01"
    assert lost.evidence[1].data == {"tier": "referred", "source": "Employee Referral"}
    assert opportunity.a is not None and opportunity.a.name == "Sam Seller"
    assert opportunity.evidence[0].data["open"] is True and opportunity.evidence[0].date is None
    # group headers, subtotals and the total are skipped quietly; only the real orphan is a problem
    assert [(p.line, p.message) for p in ex.problems] == [(8, "row has no name, email or contact id: skipped")]
    assert any("5 grouping and subtotal rows" in n for n in ex.notes)
    assert any("3 report footer lines" in n for n in ex.notes)


# --- Salesforce data export -----------------------------------------------------------------

def _check_export(ex: Extraction, where: str) -> None:
    contacts = [r for r in ex.records if r.file == "Contact.csv"]
    deals = [r for r in ex.records if r.file == "OpportunityContactRole.csv"]
    assert len(contacts) + len(deals) == len(ex.records)
    plain = {r.b.crm_id or r.b.email: r for r in contacts if kinds(r)[0] == "contact"}

    carla = plain[f"salesforce:{CARLA_18}"]
    assert carla.line == 2 and carla.b.company == "Globex Industries"  # from Account.csv
    assert carla.b.location == "Springfield, United States"
    assert carla.a is not None and (carla.a.name, carla.a.email, carla.a_role) == ("Rita Rep", "rita.rep@ourco.example.com", "member")

    (boss,) = [r for r in contacts if kinds(r) == ["colleague"]]
    assert boss.b.first_name == "Carla" and boss.a is not None and boss.a.first_name == "Bea"
    assert boss.a_role == "" and boss.evidence[0].date is None
    assert boss.evidence[0].data == {"reports_to": True, "company": "Globex Industries"}

    rob = plain["salesforce:0035e00000rOb9zAAC"]
    assert rob.evidence[1].data == {"tier": "referred", "source": "Employee Referral"}
    assert plain["salesforce:0035e00000Fr4nKAAR"].evidence[1].data["source"] == "Partner Referral"
    oscar = plain["salesforce:0035e00000oLc1aAAC"]
    assert oscar.a is not None and oscar.a.name == "Olga Oldhand" and oscar.a_role == ""  # inactive user
    assert "dan.deleted@hooli.example.com" not in {r.b.email for r in ex.records}

    by_role = {(r.b.first_name, r.evidence[0].data.get("role")): r for r in deals}
    assert set(by_role) == {("Carla", "Decision Maker"), ("Bea", "Economic Buyer"), ("Rob", "Evaluator"),
                            ("Fran", "Decision Maker")}
    won = by_role[("Bea", "Economic Buyer")]
    assert won.a is not None and won.a.name == "Rita Rep" and won.a_role == "member"
    assert (won.evidence[0].date, won.evidence[0].data["won"], won.evidence[0].data["amount"]) == ("2025-06-30", True, 12500.0)
    assert won.evidence[0].data["id"] == "salesforce:0065e00000W0nDlAAJ"
    lost = by_role[("Rob", "Evaluator")].evidence[0]
    assert lost.data["won"] is False and lost.data["lost"] is True and lost.date == "2025-02-01"
    opportunity = by_role[("Fran", "Decision Maker")]
    assert opportunity.evidence[0].data["open"] is True and opportunity.evidence[0].date is None
    assert opportunity.a is not None and opportunity.a.name == "Sam Seller"

    assert [(p.path, p.line, p.message.split(":")[0]) for p in ex.problems] == [
        (f"{where}/Contact.csv", 8, "Id 'not-an-id' is not a Salesforce id"),
        (f"{where}/Contact.csv", 9, "contact has no id, name or email"),
        (f"{where}/OpportunityContactRole.csv", 6, "opportunity '0065e00000mIsS1AAK' is not in Opportunity.csv"),
        (f"{where}/OpportunityContactRole.csv", 7, "contact '0035e00000gH0sTAAS' is not in Contact.csv")]
    notes = " | ".join(ex.notes)
    for expected in ("1 deleted records", "1 contacts report to someone not in Contact.csv",
                     "1 won, 1 lost, 1 open", "1 opportunities have no contact role", "Task.csv"):
        assert expected in notes


def test_salesforce_export_folder() -> None:
    folder = SF / "export"
    assert SalesforceExport().identify(folder)
    ex = SalesforceExport().extract(folder)
    assert ex.format == "salesforce"
    _check_export(ex, str(folder))


def _zip_folder(folder: Path, dest: Path, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(folder.iterdir()):
            zf.write(f, f.name)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return dest


def test_salesforce_export_zip_reads_like_the_folder(tmp_path: Path) -> None:
    z = _zip_folder(SF / "export", tmp_path / "WE_00D5e000000AbCd_1.zip")
    assert SalesforceExport().identify(z)
    ex = SalesforceExport().extract(z)
    _check_export(ex, str(z))
    folder = SalesforceExport().extract(SF / "export")
    assert ex.records == folder.records
    assert SalesforceExport().fingerprint(z) == SalesforceExport().fingerprint(SF / "export")


def test_salesforce_export_file_names_are_case_insensitive(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    shutil.copytree(SF / "export", folder)
    (folder / "Contact.csv").rename(folder / "contact.csv")
    assert SalesforceExport().identify(folder)
    ex = SalesforceExport().extract(folder)
    assert {r.file for r in ex.records} == {"contact.csv", "OpportunityContactRole.csv"}
    assert ex.problems[0].path == f"{folder}/contact.csv"


@pytest.mark.parametrize("evil", ["../evil.csv", "/tmp/evil.csv", "export/../../evil.csv"])
def test_salesforce_zip_slip_is_refused(tmp_path: Path, evil: str) -> None:
    z = _zip_folder(SF / "export", tmp_path / "export.zip", {evil: b"Id,Name\n"})
    assert not SalesforceExport().identify(z)  # never raises
    with pytest.raises(ExportFormatError, match="export.zip.*leaves the archive"):
        SalesforceExport().extract(z)


def test_salesforce_zip_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    z = _zip_folder(SF / "export", tmp_path / "export.zip", {"Attachment.bin": b"\0" * 50_000})
    monkeypatch.setattr(_archive, "MAX_UNPACKED", 40_000)  # stands in for the 2 GiB limit
    with pytest.raises(ExportFormatError, match="export.zip.*would unpack to"):
        SalesforceExport().extract(z)


def test_salesforce_export_without_contacts_or_with_a_broken_contact_file(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Account.csv").write_text("Id,Name\n0015e00000gLoBx,Globex\n")
    assert not SalesforceExport().identify(folder)
    with pytest.raises(ExportFormatError, match="no Contact.csv"):
        SalesforceExport().extract(folder)
    (folder / "Contact.csv").write_text("just,some,words\n1,2,3\n")
    with pytest.raises(MissingColumns, match="export/Contact.csv"):
        SalesforceExport().extract(folder)
    with pytest.raises(ExportFormatError, match="Account.csv"):
        SalesforceExport().extract(folder / "Account.csv")
    with pytest.raises(ExportFormatError, match="Contact.csv.*--format salesforce"):
        SalesforceReport().extract(SF / "export" / "Contact.csv")  # one file of an export, not a report


def test_report_and_data_export_meet_on_the_18_char_id() -> None:
    report = {r.b.crm_id for r in SalesforceReport().extract(SF / "contacts_report.csv").records}
    export = {r.b.crm_id for r in SalesforceExport().extract(SF / "export").records}
    assert f"salesforce:{CARLA_18}" in report & export


# --- who claims what ------------------------------------------------------------------------

GOOGLE = ("First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,"
          "Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,"
          "Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n"
          "Ann,,Able,,,,,,,,Acme,CEO,,,,,* myContacts,* Work,ann@example.com,,\n")
GOOGLE_LEGACY = ("Name,Given Name,Additional Name,Family Name,Yomi Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,"
                 "Organization 1 - Type,Organization 1 - Name,Organization 1 - Title\n"
                 "Ann Able,Ann,,Able,,* My Contacts,* Work,ann@example.com,,Acme,CEO\n")
OUTLOOK = ('"Title","First Name","Middle Name","Last Name","Suffix","Company","Department","Job Title","Account",'
           '"E-mail Address","E-mail Type","E-mail Display Name","Referred By","Web Page"\n'
           '"","Ann","","Able","","Acme","","CEO","","ann@example.com","SMTP","Ann Able","",""\n')
GENERIC_CRMISH = "Name,Email,Account Name,Lead Source,Relationship\nAnn Able,ann@example.com,Acme,Referral,client\n"


@pytest.fixture
def lookalikes(tmp_path: Path) -> list[Path]:
    files = []
    for name, text in [("google.csv", GOOGLE), ("google_legacy.csv", GOOGLE_LEGACY),
                       ("outlook.csv", OUTLOOK), ("generic_crmish.csv", GENERIC_CRMISH)]:
        f = tmp_path / name
        f.write_text(text, encoding="utf-8")
        files.append(f)
    return files


def test_identify_claims_only_its_own_files(lookalikes: list[Path], tmp_path: Path) -> None:
    importers = [HubSpotContacts(), HubSpotDeals(), SalesforceReport(), SalesforceExport()]
    expected = {
        HS / "contacts.csv": "hubspot", HS / "contacts_legacy.csv": "hubspot", HS / "contacts_fr.csv": "hubspot",
        HS / "deals.csv": "hubspot-deals", HS / "deals_fr.csv": "hubspot-deals",
        SF / "contacts_report.csv": "salesforce-report", SF / "opportunities_grouped.csv": "salesforce-report",
        SF / "export": "salesforce",
    }
    others = (sorted((DATA / "linkedin").glob("*.csv")) + sorted((DATA / "csv").glob("*.csv"))
              + sorted(SAMPLE.glob("*.csv")) + sorted((DATA / "linkedin_archive").iterdir()) + lookalikes
              + [tmp_path / "missing.csv", DATA / "hubspot", SF / "export" / "Contact.csv"])
    for path in list(expected) + others:
        claimed = [imp.name for imp in importers if imp.identify(path)]
        assert claimed == ([expected[path]] if path in expected else []), path


def test_detection_through_the_registry_order_is_unambiguous() -> None:
    """With the CRM importers added, every fixture is claimed by one specific importer."""
    from pathfinder.importers.registry import available_importers

    builtin = [i for i in available_importers(load_plugins=False) if not i.fallback]
    ours = [HubSpotContacts(), HubSpotDeals(), SalesforceReport(), SalesforceExport()]
    registered = {i.name for i in builtin}  # once they are in the registry, count them once
    everyone = builtin + [i for i in ours if i.name not in registered]
    for path in [*HS.glob("*.csv"), *SF.glob("*.csv"), SF / "export"]:
        claimed = [i.name for i in everyone if i.identify(path)]
        assert len(claimed) == 1, (path, claimed)


@pytest.mark.parametrize("name,content", [
    ("empty.csv", b""),
    ("garbage.csv", b"\x00\x01\x02\xff" * 50),
    ("only_header.csv", b"Record ID,First Name,Last Name,Email,Contact owner\n"),
    ("only_footer.csv", b'"Grand Totals (0 records)"\n"Confidential Information - Do Not Distribute"\n'),
    ("pdf.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
    ("unterminated.csv", b'Record ID,Deal Name,Deal Stage,Associated Contact IDs\n1,"A,Closed Won,5\n'),
])
def test_hostile_files_are_read_or_refused_naming_the_file(tmp_path: Path, name: str, content: bytes) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    for imp in (HubSpotContacts(), HubSpotDeals(), SalesforceReport(), SalesforceExport()):
        imp.identify(f)  # never raises
        try:
            ex = imp.extract(f)
        except ExportFormatError as exc:
            assert name in str(exc), (imp.name, str(exc))
        else:
            assert ex.records == [] or name == "only_header.csv"


# --- end to end -----------------------------------------------------------------------------

def test_end_to_end_deal_owner_reaches_the_contact_through_a_won_deal(tmp_path: Path) -> None:
    with pathfinder.open(tmp_path / "t.db", as_of=AS_OF) as pf:
        for importer, f, sha in [(HubSpotContacts(), HS / "contacts.csv", "hubspot-contacts"),
                                 (HubSpotDeals(), HS / "deals.csv", "hubspot-deals")]:
            extraction = importer.extract(f)
            import_extraction(pf.store, extraction, owner="Rita Rep", role="member", sha256=sha, weights=pf.weights)
        pf.refresh_index()

        # the deals file named Carla only by her record id: she is still one person
        assert [p.name for p in pf.people("Carla")] == ["Carla Client"]
        carla = pf.person("carla.client@globex.example.com")
        sam = pf.person("sam.seller@ourco.example.com")
        assert pf.store.team().get(sam.n) == "member"  # the deal owner joined the team

        paths = pf.paths(to="carla.client@globex.example.com", from_="sam.seller@ourco.example.com")
        assert paths, "the deal owner should reach the contact"
        best = paths[0]
        assert len(best.hops) == 1 and best.source.name == "Sam Seller" and best.target.id == carla.id
        assert best.hops[0].reasons[0].startswith("client (1 won deal")
        assert "last won 2025-06-30" in best.hops[0].reasons[0]

        # Rita owns Carla in the contacts export (a customer) and won a deal with her too
        rita = pf.paths(to="carla.client@globex.example.com", from_="Rita Rep")[0]
        assert rita.hops[0].reasons[0].startswith("client (")

        # a lost deal is not client tier: Sam's tie to Rob is his contact (a referral) and a won deal
        rob = pf.paths(to="rob.referred@umbrella.example.org", from_="sam.seller@ourco.example.com")[0]
        assert rob.hops[0].reasons[0].startswith("client (1 won deal")


def test_end_to_end_salesforce_export_org_chart_and_clients(tmp_path: Path) -> None:
    with pathfinder.open(tmp_path / "t.db", as_of=AS_OF) as pf:
        # the importing user named by email: User.csv names Rita with her email too
        ex = SalesforceExport().extract(SF / "export")
        import_extraction(pf.store, ex, owner="rita.rep@ourco.example.com", role="member", sha256="sf-export",
                                   weights=pf.weights)
        report = SalesforceReport().extract(SF / "contacts_report.csv")
        import_extraction(pf.store, report, owner="rita.rep@ourco.example.com", role="member", sha256="sf-report",
                                   weights=pf.weights)
        pf.refresh_index()
        assert [p.name for p in pf.people("Carla")] == ["Carla Client"]  # 15- and 18-char ids met
        rita = pf.person("rita.rep@ourco.example.com")
        assert pf.store.team().get(rita.n) == "member"
        bea = pf.paths(to="bea.boss@globex.example.com", from_="rita.rep@ourco.example.com")[0]
        assert bea.hops[0].reasons[0].startswith("client (1 won deal")
        explained = pf.explain(from_="carla.client@globex.example.com", to="bea.boss@globex.example.com")
        assert "colleague at Globex Industries" in str(explained)


def test_one_salesperson_written_two_ways_in_a_file_is_one_owner(tmp_path: Path) -> None:
    f = tmp_path / "contacts.csv"
    f.write_text("Record ID,First Name,Last Name,Contact owner\n"
                 "1,Ann,Able,Rita Rep\n"
                 "2,Bob,Baker,Rita Rep <rita.rep@ourco.example.com>\n"
                 "3,Cy,Cole,rita.rep@ourco.example.com\n"
                 "4,Di,Dunn,Sam Seller\n")
    owners = [r.a for r in HubSpotContacts().extract(f).records]
    assert owners[0] == owners[1] == owners[2] != owners[3]
    assert owners[0] is not None and (owners[0].name, owners[0].email) == ("Rita Rep", "rita.rep@ourco.example.com")


def test_salesforce_zip_with_a_damaged_member_is_refused_naming_it(tmp_path: Path) -> None:
    z = _zip_folder(SF / "export", tmp_path / "damaged.zip")
    with zipfile.ZipFile(z) as zf:
        info = zf.getinfo("Contact.csv")
    data = bytearray(z.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 5, start + info.compress_size - 5, 7):
        data[i] ^= 0x5A  # scramble the deflate stream, leave the zip structure alone
    z.write_bytes(bytes(data))
    assert SalesforceExport().identify(z)  # the file list is intact
    with pytest.raises(ExportFormatError, match="damaged.zip.*Contact.csv"):
        SalesforceExport().extract(z)
