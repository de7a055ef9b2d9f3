"""Crash safety: an import killed with SIGKILL at any moment leaves a consistent store that holds
the file wholly or not at all; re-running the import gives exactly what a clean import gives.
(A fast subset of kill points here; `python bench/crash_sweep.py` runs the full sweep.)"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .synthetic import write_archive

KILL_POINTS = int(os.environ.get("PATHFINDER_CRASH_POINTS", 8))


def cli(store: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pathfinder", "--store", str(store), *args],
                          capture_output=True, text=True, check=check, timeout=300)


def snapshot(store: Path) -> dict:
    """What must be identical after a crash and a re-run: people, ties, evidence, answers."""
    import sqlite3
    db = sqlite3.connect(store)
    state = {
        "people": sorted(db.execute("SELECT id, name, company, title FROM people").fetchall()),
        "ties": sorted(db.execute("SELECT pa.id, pb.id, round(t.trust, 9) FROM ties t JOIN people pa ON pa.n=t.a "
                                  "JOIN people pb ON pb.n=t.b").fetchall()),
        "evidence": sorted(db.execute("SELECT pa.id, pb.id, e.kind, e.date, e.data, e.file, e.line FROM evidence e "
                                      "JOIN people pa ON pa.n=e.a JOIN people pb ON pb.n=e.b").fetchall()),
        "sources": sorted(db.execute("SELECT sha256, path, rows, records FROM sources").fetchall()),
    }
    db.close()
    state["answer"] = json.loads(cli(store, "paths", "--account", "Company 3", "--format", "json").stdout)
    return state


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    first = write_archive(root / "rita", owner="Rita Rep", connections=1500, messages=1500, seed=1)
    second = write_archive(root / "sam", owner="Sam Seller", connections=6000, messages=6000, seed=2, offset=1000)
    base = root / "base.db"
    cli(base, "import", str(first), "--owner", "Rita Rep")
    clean = root / "clean.db"
    shutil.copy(base, clean)
    start = time.perf_counter()
    cli(clean, "import", str(second), "--owner", "Sam Seller")
    duration = time.perf_counter() - start
    return root, base, second, snapshot(base), snapshot(clean), duration


def test_sigkill_at_many_points_loses_nothing(scenario) -> None:
    root, base, second, before, after, duration = scenario
    rng = random.Random(7)
    outcomes = {"absent": 0, "present": 0}
    for i in range(KILL_POINTS):
        store = root / f"kill{i}.db"
        shutil.copy(base, store)
        delay = duration * 1.3 * (i + rng.random()) / KILL_POINTS  # past the commit, into the index rebuild
        proc = subprocess.Popen([sys.executable, "-m", "pathfinder", "--store", str(store), "import", str(second),
                                 "--owner", "Sam Seller"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        report = json.loads(cli(store, "check", "--format", "json", check=False).stdout)
        assert report["ok"], (delay, report["problems"])
        state = snapshot(store)
        if state == before:
            outcomes["absent"] += 1
        else:
            assert state == after, f"killed at {delay:.2f}s: the store holds part of the file"
            outcomes["present"] += 1
        cli(store, "import", str(second), "--owner", "Sam Seller")
        assert snapshot(store) == after
    assert sum(outcomes.values()) == KILL_POINTS
    print(f"kill points: {KILL_POINTS}, import {duration:.2f} s, outcomes {outcomes}")


@pytest.mark.parametrize("command", [
    ["forget", "{victim}", "--yes"],
    ["vouch", "Sam Seller", "{victim}", "--strength", "0.9"],
    ["do-not-ask", "Sam Seller", "{victim}"],
])
def test_other_writers_killed_midway_leave_a_whole_store(scenario, command) -> None:
    root, base, second, before, after, duration = scenario
    import sqlite3
    ready = root / f"ready-{command[0]}.db"
    shutil.copy(root / "clean.db", ready)
    db = sqlite3.connect(ready)
    # a person seen in both archives
    victim, key = db.execute(
        "SELECT p.id, k.key FROM people p JOIN person_keys k ON k.n = p.n WHERE k.key LIKE 'li:%' AND "
        "(SELECT COUNT(*) FROM sightings g WHERE g.n = p.n) >= 2 ORDER BY p.id LIMIT 1").fetchone()
    db.close()
    args = [a.format(victim=victim, key=key) for a in command]
    clean = root / f"after-{command[0]}.db"
    shutil.copy(ready, clean)
    start = time.perf_counter()
    done = cli(clean, *args, check=False)
    took = time.perf_counter() - start
    assert done.returncode == 0, done.stderr
    expected_after = snapshot(clean)
    expected_before = snapshot(ready)
    rng = random.Random(3)
    for i in range(4):
        store = root / f"kill-{command[0]}{i}.db"
        shutil.copy(ready, store)
        proc = subprocess.Popen([sys.executable, "-m", "pathfinder", "--store", str(store), *args],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(took * 1.2 * (i + rng.random()) / 4)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        report = json.loads(cli(store, "check", "--format", "json", check=False).stdout)
        assert report["ok"], report["problems"]
        assert snapshot(store) in (expected_before, expected_after)


def test_unmerge_killed_midway_leaves_a_whole_store(tmp_path: Path) -> None:
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    (tmp_path / "a.csv").write_text(header + "".join(
        f"P{i},Kim,https://www.linkedin.com/in/p{i}-kim,,Acme,Engineer,01 Jan 2024\n" for i in range(3000)))
    (tmp_path / "b.csv").write_text("Name,Email,LinkedIn,Company,Relationship\n" + "".join(
        f"P{i} Kim,p{i}@example.com,linkedin.com/in/p{i}-kim,Acme,friend\n" for i in range(3000)))
    ready = tmp_path / "ready.db"
    cli(ready, "import", str(tmp_path / "a.csv"), "--owner", "Rita Rep")
    cli(ready, "import", str(tmp_path / "b.csv"), "--owner", "Sam Seller")
    args = ["unmerge", "p7@example.com", "--key", "email:p7@example.com"]
    done = tmp_path / "done.db"
    shutil.copy(ready, done)
    start = time.perf_counter()
    cli(done, *args)
    took = time.perf_counter() - start
    states = (snapshot_core(ready), snapshot_core(done))
    assert states[0] != states[1]
    for i in range(4):
        store = tmp_path / f"k{i}.db"
        shutil.copy(ready, store)
        proc = subprocess.Popen([sys.executable, "-m", "pathfinder", "--store", str(store), *args],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(took * 1.2 * (i + 0.5) / 4)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert json.loads(cli(store, "check", "--format", "json", check=False).stdout)["ok"]
        assert snapshot_core(store) in states


def snapshot_core(store: Path) -> tuple:
    import sqlite3
    db = sqlite3.connect(store)
    state = (sorted(db.execute("SELECT id, name FROM people").fetchall()),
             sorted(db.execute("SELECT key, n FROM person_keys").fetchall()),
             sorted(db.execute("SELECT a, b, kind, line FROM evidence").fetchall()))
    db.close()
    return state
