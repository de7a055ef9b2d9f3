"""Hostile and broken input: every importer either reads a file or refuses it with a clear
error naming the file; nothing already stored is lost. Random and mutated files (hypothesis)
plus named cases. `python bench/robustness.py` runs a bigger sweep and prints the tally."""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pathfinder.importers.registry import available_importers, detect_importer

import pathfinder
from pathfinder.errors import ExportFormatError

DATA = Path(__file__).parent / "data"
SEEDS = sorted(p for d in ("linkedin", "csv", "google", "outlook", "vcard", "hubspot")
               for p in (DATA / d).glob("*") if p.is_file() and p.suffix in (".csv", ".vcf"))
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", 60))


def attempt(path: Path) -> str:
    """Run detection and every importer on ``path``; 'read' or 'refused', or raise on anything else."""
    outcome = "refused"
    try:
        detect_importer(path).extract(path)
        outcome = "read"
    except ExportFormatError as exc:
        assert path.name in str(exc), f"the error must name the file: {exc}"
    for importer in available_importers(load_plugins=False):
        try:
            importer.identify(path)  # never raises
            if not path.is_dir():
                importer.extract(path)
        except ExportFormatError as exc:
            assert path.name in str(exc), f"{importer.name}: the error must name the file: {exc}"
    return outcome


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4000))
def test_random_bytes(tmp_path: Path, data: bytes) -> None:
    f = tmp_path / "random.csv"
    f.write_bytes(data)
    attempt(f)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.sampled_from(SEEDS), cuts=st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 40),
                                                             st.binary(max_size=12)), max_size=6))
def test_mutated_real_files(tmp_path: Path, seed: Path, cuts: list[tuple[int, int, bytes]]) -> None:
    data = bytearray(seed.read_bytes())
    for pos, length, insert in cuts:
        pos = pos % (len(data) + 1)
        data[pos:pos + length] = insert
    f = tmp_path / seed.name
    f.write_bytes(bytes(data))
    attempt(f)


HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(13) + zlib.compress(b"\x00" * 100)


@pytest.mark.parametrize("name,content", [
    ("huge_field.csv", (HEADER + "A,B,,,\"" + "x" * (17 * 1024 * 1024) + "\",CEO,01 Jan 2020\n").encode()),
    ("huge_line.csv", (HEADER + "A,B,,," + "y" * (3 * 1024 * 1024) + ",CEO,01 Jan 2020\n").encode()),
    ("many_columns.csv", (HEADER + "A,B," + ",".join(["z"] * 100_000) + "\n").encode()),
    ("nul_bytes.csv", HEADER.encode() + b"A\x00,B,,,Acme,CEO,01 Jan 2020\n"),
    ("image.csv", PNG),
    ("empty.csv", b""),
    ("truncated_utf16.csv", b"\xff\xfe" + "First Name,Last Name".encode("utf-16-le") + b"m"),
    ("only_header.csv", HEADER.encode()),
    ("mixed_encoding.csv", HEADER.encode() + "José,Núñez,,,Café,CEO,01 Jan 2020\n".encode() + "René,Müller,,,Zürich,CFO,01 Jan 2020\n".encode("cp1252")),
])
def test_named_hostile_files(tmp_path: Path, name: str, content: bytes) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    attempt(f)


def test_nothing_stored_is_lost_when_a_file_is_refused(tmp_path: Path) -> None:
    with pathfinder.open(tmp_path / "t.db") as pf:
        pf.import_file(DATA / "linkedin" / "era2024_preamble_url.csv", owner="Rita Rep")
        dump = list(pf.store.db.iterdump())
        bad = tmp_path / "Connections.csv"
        bad.write_bytes(HEADER.encode() + b"A,B,,,\"" + b"x" * (17 * 1024 * 1024) + b"\",CEO,01 Jan 2020\n")
        with pytest.raises(ExportFormatError, match="Connections.csv:2"):
            pf.import_file(bad, owner="Rita Rep")
        assert list(pf.store.db.iterdump()) == dump and pf.check()["ok"]


# --- no silent loss: a row that cannot be read is reported with its line, the rest are read ---

def contacts_csv(rows: int, broken: dict[int, str] | None = None) -> str:
    """A contact list of ``rows`` people; ``broken`` replaces row n's line (1-based, after the header)."""
    lines = ["Name,Email,Company,Title"]
    lines += [(broken or {}).get(i, f"Person {i},p{i}@acme.example.com,Acme,Engineer") for i in range(1, rows + 1)]
    return "\n".join(lines) + "\n"


def imported(tmp_path: Path, path: Path) -> tuple[set[str], list[str]]:
    with pathfinder.open(tmp_path / "q.db") as pf:
        summary = pf.import_file(path, owner="Rita Rep")
        names = {p.name for p in pf.people("", limit=10_000)}
    return names, [str(p) for p in summary.problems]


@pytest.mark.parametrize("closed_later", [False, True], ids=["never-closed", "closed-by-a-later-row"])
def test_an_unclosed_quote_loses_one_reported_row_not_the_rest(tmp_path: Path, closed_later: bool) -> None:
    broken = {3: '"Person 3,p3@acme.example.com,Acme,Engineer'}
    if closed_later:
        broken[700] = 'Person 700,p700@acme.example.com,"Acme, Inc.",Engineer'
    path = tmp_path / "contacts.csv"
    path.write_text(contacts_csv(1000, broken))
    names, problems = imported(tmp_path, path)
    expected = {f"Person {i}" for i in range(1, 1001) if i != 3}
    assert expected <= names and "Person 3" not in names  # the broken row is left out, and said
    assert not any(len(n) > 100 for n in names), "no row swallowed into one name"
    (problem,) = [p for p in problems if "quote" in p]
    assert problem.startswith(f"{path}:4: a quote opened in this row is not closed")


def test_one_bad_byte_does_not_turn_a_utf8_file_into_mojibake(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    text = contacts_csv(50, {10: "Zoë Ångström,zoe@acme.example.com,Acme,CTO", 20: "Bad Byte,bad@acme.example.com,Acme,X"})
    path.write_bytes(text.encode().replace(b"Bad Byte", b"Bad \xff Byte"))
    names, problems = imported(tmp_path, path)
    assert "Zoë Ångström" in names and not any("Ã" in n for n in names)
    assert problems == [f"{path}:21: holds bytes that are not text in its encoding, shown as \ufffd: check this row's "
                        "spelling in the source, or pass the file's --encoding"]


def test_a_cp1252_file_is_still_read_as_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes(contacts_csv(5, {2: "Zoë Müller,zoe@acme.example.com,Acme,CTO"}).encode("cp1252"))
    names, problems = imported(tmp_path, path)
    assert "Zoë Müller" in names and problems == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
def test_a_pipe_named_like_an_export_is_refused_not_read_forever(tmp_path: Path) -> None:
    fifo = tmp_path / "Connections.csv"
    os.mkfifo(fifo)
    with pathfinder.open(tmp_path / "f.db") as pf, pytest.raises(ExportFormatError, match="not a regular file"):
        pf.import_file(fifo, owner="Rita Rep")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    import zipfile
    bomb = tmp_path / "archive.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z, z.open("Connections.csv", "w") as fh:
        fh.write(HEADER.encode())
        for _ in range(40):
            fh.write(b"\0" * (1 << 20))
    assert bomb.stat().st_size < 100_000
    with pathfinder.open(tmp_path / "b.db") as pf, pytest.raises(ExportFormatError, match="a zip bomb, not an export"):
        pf.import_file(bomb, owner="Rita Rep")  # the reason, without --format


@pytest.mark.parametrize("case, reason", [
    ("empty.csv", "is empty \\(0 bytes\\)"), ("blank.csv", "holds only blank lines"),
    ("empty.zip", "is an empty archive"), ("slip.zip", "its path leaves the archive"), ("two.zip", "holds 2 files")])
def test_an_empty_or_unsafe_file_says_its_own_reason(tmp_path: Path, case: str, reason: str) -> None:
    import zipfile
    path = tmp_path / case
    if case == "empty.csv":
        path.write_bytes(b"")
    elif case == "blank.csv":
        path.write_text("\n \n\n")
    else:
        with zipfile.ZipFile(path, "w") as z:
            if case == "slip.zip":
                z.writestr("../../outside/Connections.csv", HEADER)
            if case == "two.zip":  # two exports' Connections.csv and nothing else: which one is meant?
                z.writestr("Connections.csv", HEADER)
                z.writestr("old/Connections.csv", HEADER)
    with pathfinder.open(tmp_path / "e.db") as pf, pytest.raises(ExportFormatError, match=reason):
        pf.import_file(path, owner="Rita Rep")


def test_a_name_thousands_of_characters_long_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(contacts_csv(5, {2: f"Person 2,p2@acme.example.com,{'Acme ' * 1000},Engineer"}))
    names, problems = imported(tmp_path, path)
    assert "Person 2" in names and problems == [f"{path}:3: its company is 4,999 characters long: check the quotes "
                                                "and separators of this row"]


@pytest.mark.parametrize("after", ["", "\nPerson 9,p9@acme.example.com\n"], ids=["last-line", "lines-after"])
def test_a_quote_never_closed_on_the_last_row_is_reported_not_imported(tmp_path: Path, after: str) -> None:
    """A quote that opens on the file's last row runs to its end: that row is not a person."""
    path = tmp_path / "contacts.csv"
    path.write_text(contacts_csv(5, {5: 'Person 5,"p5@acme.example.com,Acme,Engineer'}).rstrip("\n") + after)
    names, problems = imported(tmp_path, path)
    assert {f"Person {i}" for i in range(1, 5)} <= names and not any("Person 5" in n for n in names)
    (problem,) = [p for p in problems if "quote" in p]
    assert problem.startswith(f"{path}:6: a quote opened in this row is never closed")
    assert ("Person 9" in names) == bool(after)


@pytest.mark.parametrize("newline", ["\n", ""], ids=["newline-at-end", "no-newline-at-end"])
def test_a_quote_inside_a_name_on_the_last_row_is_a_name(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(contacts_csv(3, {3: 'Ann O"Brien,ann@acme.example.com,Acme,Engineer'}).rstrip("\n") + newline)
    names, problems = imported(tmp_path, path)
    assert 'Ann O"Brien' in names and not problems, problems
