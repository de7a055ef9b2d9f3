"""Importers: golden files for every LinkedIn shape, detection, and row problems with file:line."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from pathfinder.importers.registry import available_importers, detect_importer, load_importer

from pathfinder.errors import ExportFormatError, MissingColumns, UnrecognizedExport

DATA = Path(__file__).parent / "data"
GOLDEN_CASES = sorted(p for p in (DATA / "linkedin").glob("*.csv")) + [DATA / "csv" / "clients.csv",
                                                                       DATA / "csv" / "referred.csv"]


def as_plain(extraction) -> dict:
    return json.loads(json.dumps({
        "format": extraction.format,
        "rows": extraction.rows,
        "records": [dataclasses.asdict(r) for r in extraction.records],
        "problems": [f"{Path(p.path).name}:{p.line}: {p.message}" for p in extraction.problems],
        "notes": extraction.notes,
    }))


@pytest.mark.parametrize("path", GOLDEN_CASES, ids=lambda p: p.name)
def test_golden(path: Path, regen: bool) -> None:
    got = as_plain(detect_importer(path).extract(path))
    golden = path.with_suffix(".expected.json")
    if regen:
        golden.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n")
    assert got == json.loads(golden.read_text())


@pytest.mark.parametrize("name", [p.name for p in (DATA / "linkedin").glob("*.csv")])
def test_linkedin_files_are_claimed_by_the_linkedin_importer(name: str) -> None:
    assert detect_importer(DATA / "linkedin" / name).name == "linkedin"


def test_generic_csv_is_the_fallback() -> None:
    assert detect_importer(DATA / "csv" / "clients.csv").name == "csv"


def test_preamble_and_url_era() -> None:
    ex = load_importer("linkedin").extract(DATA / "linkedin" / "era2024_preamble_url.csv")
    dana = ex.records[0]
    assert dana.line == 5  # three preamble lines, then the header on line 4
    assert dana.b.profile_url == "https://www.linkedin.com/in/dana-buyer-3f9a1c"
    assert dana.evidence[0].date == "2024-03-12"
    assert ex.notes == ["1 hidden or closed profiles (only 'Connected On' given) skipped"]
    ann = next(r for r in ex.records if r.b.first_name == "Ann")
    assert ann.b.email == ""  # urn:li:member:… is not an email


def test_2018_dates_and_crlf() -> None:
    ex = load_importer("linkedin").extract(DATA / "linkedin" / "era2018_no_preamble.csv")
    assert [r.evidence[0].date for r in ex.records] == ["2018-10-24", "2018-03-12"]
    assert [r.line for r in ex.records] == [2, 3]


def test_excel_resave_reports_bad_date_with_line() -> None:
    path = DATA / "linkedin" / "excel_resave_semicolon.csv"
    ex = load_importer("linkedin").extract(path)
    assert ex.records[0].evidence[0].date == "2026-01-05"
    assert [str(p) for p in ex.problems] == [
        f"{path}:6: unreadable 'Connected On' date 'someday': kept the contact without it"]


def test_cp1252_resave_decodes() -> None:
    ex = load_importer("linkedin").extract(DATA / "linkedin" / "cp1252_resave.csv")
    assert ex.records[0].b.first_name == "René" and ex.records[0].b.company == "Café Zürich AG"


def test_generic_relationship_column_and_row_problems() -> None:
    path = DATA / "csv" / "clients.csv"
    ex = load_importer("csv").extract(path)
    tiers = {r.b.display_name: [e.data.get("tier") for e in r.evidence if e.kind == "relationship"]
             for r in ex.records}
    assert tiers["Carla Client"] == ["client"] and tiers["Frank Friend"] == ["friend"]
    assert tiers["Doe, Jane"] == []  # unknown relationship: kept, without a tier
    messages = [str(p) for p in ex.problems]
    assert f"{path}:4: unknown relationship 'frenemy'" in messages[0]
    assert any(m.startswith(f"{path}:6: row has no name") for m in messages)
    multi = next(r for r in ex.records if r.b.email == "multi@example.com")
    assert multi.line == 7 and multi.b.title == "Head of\nSales"
    rob = next(r for r in ex.records if r.b.display_name == "Rob Referred")
    assert rob.line == 10  # the two quoted newlines of the row on line 7 are counted


def test_referred_by_creates_referrer_ties() -> None:
    ex = load_importer("csv").extract(DATA / "csv" / "referred.csv")
    kinds = [(r.a.display_name if r.a else "owner", r.b.display_name, [e.kind for e in r.evidence]) for r in ex.records]
    assert ("owner", "Frank Friend", ["referral"]) in kinds
    assert ("Frank Friend", "Rob Referred", ["referral"]) in kinds
    assert ("owner", "Rob Referred", ["contact", "relationship"]) in kinds


def test_column_mapping() -> None:
    path = DATA / "csv" / "mapped.csv"
    with pytest.raises(MissingColumns):
        load_importer("csv").extract(path)
    ex = load_importer("csv").extract(path, mapping={"name": "Person", "company": "Org", "title": "Role"})
    assert ex.records[0].b.name == "Zed Zulu" and ex.records[0].b.company == "Acme Corporation"
    with pytest.raises(MissingColumns, match="Nope"):
        load_importer("csv").extract(path, mapping={"name": "Nope"})


@pytest.mark.parametrize("name", ["not_contacts.csv", "pdf_disguised.csv"])
def test_other_files_are_rejected_with_the_known_formats(name: str) -> None:
    with pytest.raises(UnrecognizedExport, match="linkedin"):
        detect_importer(DATA / "csv" / name)


def test_binary_file_forced_as_linkedin_names_the_file() -> None:
    path = DATA / "csv" / "pdf_disguised.csv"
    with pytest.raises(ExportFormatError, match="pdf_disguised.csv"):
        load_importer("linkedin").extract(path)


def test_unknown_format_name_lists_known_ones() -> None:
    with pytest.raises(ExportFormatError, match="known formats: calendar, csv, google, hubspot, hubspot-deals, linkedin, linkedin-archive, mail,"):
        load_importer("vcard-from-mars")


def test_every_builtin_importer_loads_from_the_installed_package() -> None:
    names = {imp.name for imp in available_importers(load_plugins=False)}
    assert {"linkedin", "csv"} <= names


SHARED = Path(__file__).parents[2] / "shared" / "fixtures"


@pytest.mark.skipif(not (SHARED / "linkedin").exists(), reason="../shared/fixtures not beside the repo")
def test_third_party_foreign_header_file() -> None:
    path = SHARED / "linkedin" / "mtsw3_ch04_Connections.csv"
    ex = detect_importer(path).extract(path)
    assert ex.format == "linkedin" and len(ex.records) == 500 and not ex.problems
    assert all(r.evidence[0].date for r in ex.records)


def test_a_mac_csv_with_bare_cr_line_ends_imports_every_row(tmp_path: Path) -> None:
    """Excel for Mac's "CSV (Macintosh)" ends lines with CR alone: every row, not zero."""
    path = tmp_path / "mac.csv"
    path.write_bytes(b"Name,Email,Company\rDana Buyer,dana@acme.example,Acme\rEd Eng,ed@acme.example,Acme\r")
    out = detect_importer(path).extract(path)
    assert [r.b.name for r in out.records] == ["Dana Buyer", "Ed Eng"] and not out.problems


def test_an_archive_with_two_connections_files_is_refused(tmp_path: Path) -> None:
    import zipfile

    from pathfinder.errors import ExportFormatError
    archive = tmp_path / "two.zip"
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("Connections.csv", header + "Dana,Buyer,https://www.linkedin.com/in/dana,,Acme,VP Sales,01 Jan 2021\n")
        z.writestr("old/Connections.csv", header + "Ed,Eng,https://www.linkedin.com/in/ed,,Acme,Engineer,01 Jan 2020\n")
    with pytest.raises(ExportFormatError, match="holds 2 files that are each its Connections.csv"):
        load_importer("linkedin-archive").extract(archive)


def test_an_importer_a_plugin_distribution_declares_is_found_and_used(tmp_path: Path, monkeypatch) -> None:
    """A third party's importer, declared in its distribution's entry points: listed after the
    built-ins, and it claims the files it identifies."""
    import sys

    from pathfinder.importers.registry import available_importers, detect_importer

    (tmp_path / "pf_plugin_demo.py").write_text(
        "from pathlib import Path\n"
        "from pathfinder.records import Extraction\n"
        "class Rolodex:\n"
        "    name, title, fallback = 'rolodex', 'Rolodex cards', False\n"
        "    def identify(self, path):\n"
        "        return Path(path).suffix == '.rolodex'\n"
        "    def extract(self, path, **options):\n"
        "        return Extraction(path=str(path), format='rolodex', records=[], problems=[])\n")
    dist = tmp_path / "pf_plugin_demo-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: pf-plugin-demo\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[pathfinder.importers]\nrolodex = pf_plugin_demo:Rolodex\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert [i.name for i in available_importers()][-1] == "rolodex"
    card = tmp_path / "cards.rolodex"
    card.write_text("Ann Example\n")
    assert detect_importer(card).name == "rolodex"
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p != str(tmp_path)])
    assert "rolodex" not in [i.name for i in available_importers()]
