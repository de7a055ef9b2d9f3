"""No traceback, ever: every command, run with bad arguments and in hostile surroundings (missing
folders, files that exist already, a folder where a file should be, files that are not text or
not a store, a damaged or newer store, a disk that fills up), ends with exit 0, 1 or 2 and
words, never a Python traceback."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import pathfinder
from pathfinder.faces.cli import cli
from pathfinder.faces.demo import import_samples, sample_dir


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    with pathfinder.open(db) as pf:
        import_samples(pf, echo=lambda _: None)
    return db


def hostile_files(folder: Path) -> dict[str, Path]:
    files = {"missing_dir": folder / "no" / "such" / "folder" / "out.csv", "existing": folder / "exists.eml",
             "a_dir": folder / "a-folder", "not_text": folder / "binary.csv", "utf16_broken": folder / "broken.txt",
             "cp1252": folder / "accounts-cp1252.txt", "empty": folder / "empty.csv"}
    files["existing"].write_text("already here")
    files["a_dir"].mkdir()
    files["not_text"].write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    files["utf16_broken"].write_bytes(b"\xff\xfeA\x00c")
    files["cp1252"].write_bytes("Acme Corporation\nSociété Générale\n".encode("cp1252"))
    files["empty"].write_bytes(b"")
    return files


def commands(f: dict[str, Path]) -> list[list[str]]:
    """Each command with arguments that are wrong, or aimed at a hostile file."""
    out, accounts = str(f["missing_dir"]), str(sample_dir() / "accounts.csv")
    return [
        ["paths", "--account", "Acme Corporation", "-o", out], ["paths", "--account", "Acme", "--format", "csv", "-o", out],
        ["paths", "--to", "Dana Buyer", "--max-hops", "99"], ["paths", "--to", ""], ["paths", "--account", "Nowhere Inc"],
        ["prospects", "--title", "VP", "--format", "xlsx", "-o", str(f["missing_dir"].with_suffix(".xlsx"))],
        ["prospects", "--title", "VP", "--format", "csv", "-o", out], ["prospects", "--limit", "1e20"],
        ["coverage", "--accounts", accounts, "--format", "html", "-o", out],
        ["coverage", "--accounts", str(f["utf16_broken"])], ["coverage", "--accounts", str(f["cp1252"])],
        ["coverage", "--accounts", str(f["a_dir"])], ["coverage", "--accounts", str(f["not_text"])],
        ["ask", "--to", "Dana Buyer", "-o", out], ["ask", "--to", "Dana Buyer", "--format", "eml", "-o", str(f["existing"])],
        ["ask", "--to", "Dana Buyer", "--template", str(f["not_text"])],
        ["ask", "--to", "Dana Buyer", "--template", str(f["utf16_broken"])],
        ["review-ask", str(f["utf16_broken"])], ["review-ask", str(f["cp1252"])], ["review-ask", str(f["a_dir"])],
        ["backup", out], ["backup", str(f["existing"])], ["backup", str(f["a_dir"])],
        ["people", "x", "--limit", "1e20"], ["people", "%"], ["people", ""],
        ["intros", "add", "--to", "Dana Buyer", "--via", "Carla Client", "--date", "9999-12-31"], ["followups"],
        ["intros", "update", "999999", "--status", "met"], ["followups", "--done", "999999", "--kind", "nope"],
        ["import", str(f["empty"]), "--owner", "Rita Rep"], ["import", str(f["not_text"]), "--owner", "Rita Rep"],
        ["import", str(f["a_dir"]), "--owner", "Rita Rep"], ["import", str(f["missing_dir"]), "--owner", "Rita Rep"],
        ["export-person", "Nobody At All"], ["forget", "Nobody At All", "--yes"], ["explain", "Rita Rep", "Nobody"],
        ["profile-card", "--from", "Rita Rep", "--profile", str(f["not_text"])],
        ["today", "--from", "Nobody"], ["stats"], ["check"], ["team"],
    ]


def assert_words_not_traceback(args: list[str], exit_code: int, output: str, exception: BaseException | None) -> None:
    if exception is not None and not isinstance(exception, SystemExit):
        raise AssertionError(f"{args}: {exception!r}") from exception
    assert exit_code in (0, 1, 2), (args, exit_code, output)
    assert "Traceback" not in output, (args, output)


def test_every_command_with_bad_arguments_and_hostile_files(demo_store: Path, tmp_path: Path) -> None:
    files = hostile_files(tmp_path)
    for args in commands(files):
        store = tmp_path / "store.db"
        for f in demo_store.parent.glob(demo_store.name + "*"):
            shutil.copy(f, tmp_path / f.name.replace(demo_store.name, "store.db"))
        result = CliRunner().invoke(cli, ["--store", str(store), *args])
        assert_words_not_traceback(args, result.exit_code, result.output + result.stderr, result.exception)
        assert not files["missing_dir"].parent.exists(), "no folder is made behind the user's back"


@pytest.mark.parametrize("store_kind", ["not-a-database", "truncated", "newer-schema", "index-is-a-folder",
                                        "empty-file"])
def test_every_command_on_a_store_that_cannot_be_used(demo_store: Path, tmp_path: Path, store_kind: str) -> None:
    store = tmp_path / "store.db"
    shutil.copy(demo_store, store)
    if store_kind == "not-a-database":
        store.write_bytes(b"this is a text file someone named store.db\n" * 50)
    elif store_kind == "truncated":
        store.write_bytes(store.read_bytes()[: store.stat().st_size // 3])
    elif store_kind == "newer-schema":
        db = sqlite3.connect(store)
        db.execute("PRAGMA user_version=999")
        db.close()
    elif store_kind == "index-is-a-folder":
        (tmp_path / "store.db.index").mkdir()
    else:
        store.write_bytes(b"")
    (tmp_path / "files").mkdir()
    for args in commands(hostile_files(tmp_path / "files")):
        result = CliRunner().invoke(cli, ["--store", str(store), *args])
        assert_words_not_traceback(args, result.exit_code, result.output + result.stderr, result.exception)
        if store_kind != "empty-file":  # an empty file is a new store to the commands that fill one
            assert "move this one away" not in result.output or store_kind == "not-a-database", (args, result.output)


def _small_disk() -> None:  # in the child: every file it writes may grow to 64 KiB
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="file size limits are a POSIX thing")
@pytest.mark.parametrize("args", [["import", "{sample}/tom_connections.csv", "--owner", "Zed New", "--new-member"],
                                  ["forget", "Dana Buyer", "--yes"], ["backup", "{tmp}/copy.db"],
                                  ["paths", "--account", "Acme Corporation", "--format", "csv", "-o", "{tmp}/p.csv"],
                                  ["vouch", "Rita Rep", "Dana Buyer"]])
def test_a_full_disk_is_said_in_words_and_loses_nothing(demo_store: Path, tmp_path: Path, args: list[str]) -> None:
    store = tmp_path / "store.db"
    shutil.copy(demo_store, store)
    with pathfinder.open(store) as pf:
        before = pf.stats()
    filled = [a.format(sample=sample_dir(), tmp=tmp_path) for a in args]
    big = tmp_path / "big.csv"  # more than the disk has room for
    if args[0] == "import":
        rows = "".join(f"P{i},Q{i},https://www.linkedin.com/in/pq{i},,Company {i % 40},Engineer,01 Jan 2024\n"
                       for i in range(4000))
        big.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + rows)
        filled[1] = str(big)
    run = subprocess.run([sys.executable, "-m", "pathfinder", "--store", str(store), *filled],
                         capture_output=True, text=True, preexec_fn=_small_disk, env={**os.environ, "COLUMNS": "120"})
    assert run.returncode in (0, 1, 2) and "Traceback" not in run.stderr, run.stderr[-2000:]
    with pathfinder.open(store) as pf:
        assert pf.check()["ok"]
        if run.returncode != 0 and args[0] in ("import", "vouch"):
            assert pf.stats()["people"] == before["people"], "a write that did not fit changed nothing"
