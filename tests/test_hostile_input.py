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
