"""Several processes on one store at once: two imports and several readers. No corruption, no
"database is locked" traceback; a writer that waits too long fails with a clear message."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pathfinder

from .synthetic import write_archive


def start(store: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "pathfinder", "--store", str(store), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})


def test_two_imports_and_readers_at_once(tmp_path: Path) -> None:
    store = tmp_path / "team.db"
    rita = write_archive(tmp_path / "rita", owner="Rita Rep", connections=3000, messages=3000, seed=1)
    sam = write_archive(tmp_path / "sam", owner="Sam Seller", connections=3000, messages=3000, seed=2, offset=1500)
    seed = write_archive(tmp_path / "tom", owner="Tom Closer", connections=200, messages=0, seed=3)
    subprocess.run([sys.executable, "-m", "pathfinder", "--store", str(store), "import", str(seed),
                    "--owner", "Tom Closer"], check=True, capture_output=True)
    writers = [start(store, "import", str(rita), "--owner", "Rita Rep"),
               start(store, "import", str(sam), "--owner", "Sam Seller")]
    readers = []
    for _ in range(4):
        readers.append(start(store, "paths", "--account", "Company 3", "--format", "json"))
        readers.append(start(store, "stats", "--format", "json"))
    for proc in writers + readers:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "Traceback" not in err and "locked" not in err
        if '"people"' in out or out.startswith("["):
            json.loads(out)  # every reader saw a whole answer
    final = json.loads(subprocess.run([sys.executable, "-m", "pathfinder", "--store", str(store), "check",
                                       "--format", "json"], capture_output=True, text=True).stdout)
    assert final["ok"], final["problems"]
    # the same three imports one after the other give the same store
    serial = tmp_path / "serial.db"
    for folder, owner in ((seed, "Tom Closer"), (rita, "Rita Rep"), (sam, "Sam Seller")):
        subprocess.run([sys.executable, "-m", "pathfinder", "--store", str(serial), "import", str(folder),
                        "--owner", owner], check=True, capture_output=True)
    counts = {k: v for k, v in final["counts"].items() if k != "generation"}
    serial_counts = json.loads(subprocess.run([sys.executable, "-m", "pathfinder", "--store", str(serial), "stats",
                                               "--format", "json"], capture_output=True, text=True).stdout)
    assert counts == {k: serial_counts[k] for k in counts}


def test_a_writer_that_waits_too_long_gets_a_clear_message(tmp_path: Path) -> None:
    store = tmp_path / "team.db"
    folder = write_archive(tmp_path / "rita", owner="Rita Rep", connections=50, messages=10)
    pathfinder.open(store).close()  # an empty store
    holder = sqlite3.connect(store, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        proc = start(store, "import", str(folder), "--owner", "Rita Rep", env={"PATHFINDER_LOCK_TIMEOUT": "0.5"})
        out, err = proc.communicate(timeout=60)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert proc.returncode == 1
    assert "busy: another pathfinder process is writing" in err and "Traceback" not in err


def test_readers_rebuilding_the_index_under_a_stream_of_writes_never_crash(tmp_path: Path) -> None:
    """The index is rebuilt from one committed state: a write landing mid-rebuild is either all
    in it or not at all (it once gave arrays of different lengths, and a crash)."""
    import threading

    store = tmp_path / "team.db"
    seed = write_archive(tmp_path / "tom", owner="Tom Closer", connections=400, messages=0, seed=3)
    with pathfinder.open(store) as pf:
        pf.import_file(seed, owner="Tom Closer")
    done, crashes, answers = threading.Event(), [], []

    def writer() -> None:
        try:
            for i in range(40):
                small = tmp_path / f"small{i}.csv"
                small.write_text("Name,Email,Company\n" + "".join(
                    f"P{i} Q{j},p{i}q{j}@acme{j % 3}.example.com,Company {j % 5}\n" for j in range(20)))
                with pathfinder.open(store) as pf:
                    pf.import_file(small, owner="Tom Closer")
        finally:
            done.set()

    def reader() -> None:
        while not done.is_set():
            try:
                with pathfinder.open(store) as pf:
                    pf.refresh_index()  # what a reader does when it finds the index stale
                    answers.append(len(pf.paths(account="Company 3", top=3)))
            except Exception as exc:  # noqa: BLE001 - every crash is counted
                crashes.append(repr(exc))

    threads = [threading.Thread(target=writer)] + [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not crashes, crashes[:3]
    assert answers and pathfinder.open(store).check()["ok"]
