"""Several exports at once (import_files): the next ones are read in a second process while one
is stored, and the store ends exactly as importing them one by one would leave it."""

from __future__ import annotations

import concurrent.futures
import os
import pickle
import re
import shutil
import threading
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from click.testing import CliRunner
from pathfinder.importers import reading
from pathfinder.importers.reading import ImportItem, read_export, read_exports, read_manifest

import pathfinder
from pathfinder.errors import ExportFormatError, MissingColumns, UnrecognizedExport
from pathfinder.faces.cli import cli
from pathfinder.identity.companies import set_company_aliases

from .conftest import AS_OF, DATA


@pytest.fixture
def read_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use the second process even for the small test files."""
    monkeypatch.setattr(reading, "READ_AHEAD_MIN_BYTES", 0)


def team_exports(tmp_path: Path) -> list[tuple[Path, str]]:
    unknown = tmp_path / "notes.txt"
    unknown.write_text("not a contact export\n")
    return [
        (DATA / "linkedin_archive" / "2024", "Rita Rep"),
        (DATA / "google" / "contacts_current.csv", "Sam Seller"),
        (unknown, "Sam Seller"),
        (DATA / "vcard" / "contacts_v40.vcf", "Carla Closer"),
        (DATA / "hubspot" / "deals.csv", "Rita Rep"),
        (DATA / "linkedin" / "era2024_preamble_url.csv", "Tom Trader"),
    ]


def graph_of(pf: pathfinder.PathFinder) -> tuple:
    g = pf.to_networkx()
    return (sorted(g.nodes(data=True)),
            sorted((min(a, b), max(a, b), round(d["trust"], 9)) for a, b, d in g.edges(data=True)),
            pf.stats())


def test_import_files_leaves_the_store_as_one_by_one_imports_do(tmp_path: Path, read_ahead: None) -> None:
    exports = team_exports(tmp_path)
    with pathfinder.open(tmp_path / "one.db", as_of=AS_OF) as pf:
        expected = []
        for path, owner in exports:
            try:
                expected.append(pf.import_file(path, owner=owner).as_json())
            except ExportFormatError as exc:
                expected.append(str(exc))
        one_by_one = graph_of(pf)
    with pathfinder.open(tmp_path / "all.db", as_of=AS_OF) as pf:
        results = list(pf.import_files(exports))
        together = graph_of(pf)
    assert [path for path, _ in results] == [path for path, _ in exports]
    got = [str(r) if isinstance(r, Exception) else r.as_json() for _, r in results]
    assert got == expected
    assert isinstance(results[2][1], UnrecognizedExport) and str(tmp_path / "notes.txt") in str(results[2][1])
    assert together == one_by_one and together[2]["sources"] == 5


def test_import_files_again_changes_nothing(tmp_path: Path, read_ahead: None) -> None:
    exports = team_exports(tmp_path)
    with pathfinder.open(tmp_path / "team.db", as_of=AS_OF) as pf:
        list(pf.import_files(exports))
        before = graph_of(pf)
        again = [r for _, r in pf.import_files(exports) if not isinstance(r, Exception)]
        assert graph_of(pf) == before
    assert len(again) == 5 and all(s.already_imported for s in again)


def test_read_ahead_uses_the_company_aliases_in_force(tmp_path: Path, read_ahead: None) -> None:
    # the owner wrote their former employer as "CTSO"; the alias file says that is Contoso
    archive = shutil.copytree(DATA / "linkedin_archive" / "2024", tmp_path / "archive")
    positions = archive / "Positions.csv"
    positions.write_text(positions.read_text().replace("Contoso,", "CTSO,"))
    set_company_aliases({"Contoso": ["CTSO"]})
    try:
        first, (extraction, _) = list(read_exports([DATA / "google" / "contacts_current.csv", archive]))
    finally:
        set_company_aliases({})
    colleagues = [e.data for r in extraction.records if r.b.display_name == "Pete Past"
                  for e in r.evidence if e.kind == "colleague"]
    assert colleagues == [{"company": "CTSO", "former": True}]
    assert read_export(archive)[0].records != extraction.records  # without the alias, Pete is no colleague


def test_errors_cross_to_the_storing_process_whole() -> None:
    for error in (ExportFormatError("a/b.csv", "bad date 'x'; write it as 2024-03-01", 7),
                  MissingColumns("c.csv", "no Name column"), UnrecognizedExport("d.txt", "not a contact export")):
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error)
        assert (str(back), back.path, back.line, back.problem) == (str(error), error.path, error.line, error.problem)


def read_and_sign(path: Path, **options: object) -> tuple:
    extraction, fingerprint = read_export(path, **options)
    return extraction, f"{fingerprint} read by {os.getpid()}"


def reading_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make each read tell which process did it (in its fingerprint)."""
    monkeypatch.setattr(reading, "read_export", read_and_sign)


def readers(results: list) -> list[int | None]:
    return [None if isinstance(r, Exception) else int(r[1].rsplit(" ", 1)[1]) for r in results]


def test_the_next_exports_are_read_in_a_second_process(tmp_path: Path, read_ahead: None,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    reading_process(monkeypatch)
    pids = readers(list(read_exports([path for path, _ in team_exports(tmp_path)])))
    assert pids[0] == os.getpid()  # the first is read here, while the second process starts
    others = {pid for pid in pids[1:] if pid is not None}
    assert len(others) == 1 and os.getpid() not in others


def test_small_files_are_read_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reading_process(monkeypatch)
    results = list(read_exports([path for path, _ in team_exports(tmp_path)]))
    assert [type(r).__name__ for r in results] == ["tuple"] * 2 + ["UnrecognizedExport"] + ["tuple"] * 3
    assert set(readers(results)) == {os.getpid(), None}


def test_a_caller_with_threads_of_its_own_is_not_forked(tmp_path: Path, read_ahead: None,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    reading_process(monkeypatch)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        results = list(read_exports([path for path, _ in team_exports(tmp_path)]))
    finally:
        stop.set()
        other.join()
    assert set(readers(results)) == {os.getpid(), None}


def test_a_second_process_that_dies_leaves_the_rest_to_this_one(tmp_path: Path, read_ahead: None,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    class DiesAfterOneRead:
        """A second process that reads one export and is then killed (out of memory, say)."""

        def __init__(self, **options: object) -> None:
            self.reads = 0

        def submit(self, read, *args, **kwargs) -> Future:
            future: Future = Future()
            self.reads += 1
            if self.reads == 1:
                future.set_result(read(*args, **kwargs))
            else:
                future.set_exception(BrokenProcessPool("killed"))
            return future

        def shutdown(self, **options: object) -> None:
            pass

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", DiesAfterOneRead)  # read_exports imports it then
    paths = [path for path, _ in team_exports(tmp_path)]
    got = list(read_exports(paths))
    expected = []
    for path in paths:
        try:
            expected.append(read_export(path))
        except UnrecognizedExport as exc:
            expected.append(exc)
    assert len(got) == len(paths)
    for mine, theirs in zip(got, expected):
        if isinstance(theirs, Exception):
            assert str(mine) == str(theirs)
        else:
            assert mine[0].records == theirs[0].records and mine[1] == theirs[1]


def test_a_team_imports_from_one_list_with_roles(tmp_path: Path) -> None:
    shutil.copy(DATA / "google" / "contacts_current.csv", tmp_path / "sam.csv")
    manifest = tmp_path / "team.csv"
    manifest.write_text("\ufeffFile,Owner,Role\n"
                        f"{DATA / 'linkedin_archive' / '2024'},Rita Rep,member\n"
                        "sam.csv,Sam Seller,\n"
                        "missing.csv,Sam Seller,member\n"
                        "\n"
                        f"{DATA / 'vcard' / 'contacts_v40.vcf'},Carla Client,connector\n", encoding="utf-8")
    store = tmp_path / "team.db"
    result = CliRunner().invoke(cli, ["--store", str(store), "import", "--manifest", str(manifest)])
    assert result.exit_code == 1  # one file failed; the others are stored
    assert f"Error: {tmp_path / 'missing.csv'}: no such file or folder" in result.output
    assert f"{tmp_path / 'sam.csv'} (google)" in result.output
    with pathfinder.open(store) as pf:
        team = pf.store.team()
        roles = {row.name: team[n] for n, row in pf.store.people(team).items()}
        assert roles == {"Rita Rep": "member", "Sam Seller": "member", "Carla Client": "connector"}
        assert pf.stats()["sources"] == 3
    again = CliRunner().invoke(cli, ["--store", str(store), "import", "--manifest", str(manifest)])
    assert again.output.count("already imported") == 3


@pytest.mark.parametrize("text, message", [
    ("path,owner\nx.csv,Rita Rep\n", "team.csv:1: an import list needs the columns file and owner"),
    ("file,owner,role\nx.csv,Rita Rep,manager\n", "team.csv:2: role 'manager' is neither member nor connector"),
    ("file,owner\nx.csv,Rita Rep\ny.csv,\n", "team.csv:3: every row needs a file and its owner"),
    ("", "team.csv:1: an import list needs the columns file and owner"),
])
def test_an_import_list_with_a_problem_names_its_line(tmp_path: Path, text: str, message: str) -> None:
    manifest = tmp_path / "team.csv"
    manifest.write_text(text)
    with pytest.raises(ExportFormatError, match=re.escape(message)):
        read_manifest(manifest)


def test_import_list_paths_are_relative_to_the_list(tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    manifest = tmp_path / "exports" / "team.csv"
    manifest.write_text("file,owner,role\nrita/Connections.csv,Rita Rep,Member\n/abs/carla.vcf,Carla Client,CONNECTOR\n")
    assert read_manifest(manifest) == [ImportItem(tmp_path / "exports" / "rita" / "Connections.csv", "Rita Rep", False),
                                       ImportItem(Path("/abs/carla.vcf"), "Carla Client", True)]


@pytest.mark.parametrize("args, message", [
    (["--manifest", "team.csv", "--owner", "Rita Rep"], "--manifest names each file, its owner and role"),
    (["a.csv", "--manifest", "team.csv"], "--manifest names each file, its owner and role"),
    (["a.csv"], "give the files to import and --owner"),
    ([], "give the files to import and --owner"),
])
def test_import_says_what_it_needs(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "team.db"), "import", *args])
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "team.db").exists()
