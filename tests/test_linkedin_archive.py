"""The whole LinkedIn archive, as a folder or a .zip: messages, invitations, endorsements,
recommendations and positions become evidence on the owner's ties."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from pathfinder.importers.registry import detect_importer, load_importer

from pathfinder.errors import ExportFormatError

ARCHIVES = Path(__file__).parent / "data" / "linkedin_archive"


def zip_folder(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w") as z:
        for f in sorted(folder.iterdir()):
            z.write(f, prefix + f.name)
    return target


def evidence(ex, name: str, kind: str) -> list:
    return [e for r in ex.records if r.b.display_name == name for e in r.evidence if e.kind == kind]


def test_folder_and_zip_are_recognised_and_read_the_same(tmp_path: Path) -> None:
    folder = ARCHIVES / "2024"
    archive = zip_folder(folder, tmp_path / "Basic_LinkedInDataExport_11-01-2026.zip")
    assert detect_importer(folder).name == detect_importer(archive).name == "linkedin-archive"
    imp = load_importer("linkedin-archive")
    a, b = imp.extract(folder), imp.extract(archive)
    strip = lambda ex: [(r.file, r.line, r.b, r.evidence) for r in ex.records]  # noqa: E731
    assert strip(a) == strip(b) and a.notes == b.notes


def test_messages_count_one_to_one_exchanges_per_direction() -> None:
    ex = load_importer("linkedin-archive").extract(ARCHIVES / "2024")
    (dana,) = evidence(ex, "Dana Buyer", "messages")
    assert dana.data == {"sent": 2, "received": 1, "first": "2026-10-01", "last": "2026-10-05"}
    (gus,) = evidence(ex, "Gus Ghost", "messages")
    assert (gus.data["sent"], gus.data["received"]) == (0, 1)
    assert "1 group messages and 1 from senders without a profile left out" in ex.notes[0]


def test_invitations_endorsements_recommendations_and_colleagues() -> None:
    ex = load_importer("linkedin-archive").extract(ARCHIVES / "2024")
    assert [e.data for e in evidence(ex, "Dana Buyer", "invitation")] == [{"direction": "sent", "note": True}]
    assert len(evidence(ex, "Dana Buyer", "endorsement")) == 2
    assert evidence(ex, "Gus Ghost", "endorsement") == []  # a HIDDEN endorsement is not evidence
    assert [e.data for e in evidence(ex, "Pete Past", "recommendation")] == [{"direction": "received"}]
    assert [e.data for e in evidence(ex, "Pete Past", "colleague")] == [{"company": "Contoso", "former": True}]
    assert [e.data for e in evidence(ex, "Nina Old", "colleague")] == [
        {"company": "Northwind Analytics", "former": False}]
    assert any("not used: Ad_Targeting.csv, Education.csv" in n for n in ex.notes)


def test_2018_archive_with_direction_column_and_utf16_tab_files(tmp_path: Path) -> None:
    ex = load_importer("linkedin-archive").extract(ARCHIVES / "2018")
    (olivia,) = evidence(ex, "Olivia Ops", "messages")
    assert (olivia.data["sent"], olivia.data["received"], olivia.data["first"]) == (1, 1, "2018-10-25")
    folder = tmp_path / "utf16"
    folder.mkdir()
    text = "First Name\tLast Name\tEmail Address\tCompany\tPosition\tConnected On\r\nOlivia\tOps\t\tAcme\tCOO\t10/24/18, 5:41 PM"
    (folder / "Connections.csv").write_bytes(text.encode("utf-16"))
    ex = load_importer("linkedin-archive").extract(folder)
    assert ex.records[0].b.title == "COO" and ex.records[0].evidence[0].date == "2018-10-24"


def test_warm_ties_outrank_cold_ones_after_import(pf) -> None:
    pf.import_file(ARCHIVES / "2024", owner="Rita Rep")
    pf.refresh_index()
    trust = {p[0]: p[1] for p in ((pf.store.people([b]).popitem()[1].name, t)
                                  for a, b, t in pf.store.ties())}
    # Dana: recent two-way messages, an invitation with a note, endorsements; Pete: a former
    # colleague who wrote a recommendation; Gus: one cold pitch, years ago
    assert trust["Dana Buyer"] > 0.4 and trust["Pete Past"] > 0.4 > 0.25 > trust["Gus Ghost"]
    reasons = pf.paths(to="Dana Buyer")[0].hops[0].reasons
    assert any("messages both ways" in r for r in reasons) and any("endorsement" in r for r in reasons)
    gus = pf.paths(to="Gus Ghost")[0].hops[0].reasons
    assert any("one way only" in r for r in gus)


def test_importing_the_same_zip_twice_changes_nothing(pf, tmp_path: Path) -> None:
    archive = zip_folder(ARCHIVES / "2024", tmp_path / "a.zip")
    pf.import_file(archive, owner="Rita Rep")
    dump = list(pf.store.db.iterdump())
    again = zip_folder(ARCHIVES / "2024", tmp_path / "b.zip")  # same content, another file name
    assert pf.import_file(again, owner="Rita Rep").already_imported
    assert list(pf.store.db.iterdump()) == dump


def test_zip_slip_member_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("Connections.csv", "First Name,Last Name,Connected On\nA,B,01 Jan 2020\n")
        z.writestr("../../etc/evil.csv", "x")
    with pytest.raises(ExportFormatError, match="leaves the archive"):
        load_importer("linkedin-archive").extract(bad)


def test_zip_bomb_is_refused(tmp_path: Path, monkeypatch) -> None:
    from pathfinder.importers import _archive
    monkeypatch.setattr(_archive, "MAX_UNPACKED", 1000)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("Connections.csv", "First Name,Last Name,Connected On\n" + "A,B,01 Jan 2020\n" * 500)
    with pytest.raises(ExportFormatError, match="would unpack"):
        load_importer("linkedin-archive").extract(bomb)


def test_corrupt_zip_is_a_clear_error(tmp_path: Path) -> None:
    good = zip_folder(ARCHIVES / "2024", tmp_path / "good.zip")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(ExportFormatError, match="broken.zip"):
        load_importer("linkedin-archive").extract(broken)


def test_never_messaged_is_kept_apart_from_gone_cold(pf) -> None:
    pf.import_file(ARCHIVES / "2024", owner="Rita Rep")
    nina = pf.explain(from_="Rita Rep", to="Nina Old")["hops"][0]["pieces"]
    assert any(p["why"].endswith("never messaged") for p in nina)
    gus = pf.explain(from_="Rita Rep", to="Gus Ghost")["hops"][0]["pieces"]
    assert any("one way only" in p["why"] and "gone cold" in p["why"] for p in gus)
    assert not any("never messaged" in p["why"] for p in gus)
