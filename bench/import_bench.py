"""Import speed on synthetic exports in the real LinkedIn formats.

    python bench/import_bench.py [--rows 30000] [--team 50] [--contacts 2000] [--messages 4000] [--book 20000]
                                 [--big-store DIR | --big-people 1000000 | --skip-big]

Goals, each printed beside its figure:
  - a 30,000-row Connections.csv, whole CLI process: under 1 s; beside it what no import of it can
    go below on this machine (starting the command, and writing the rows it keeps into the store's
    tables with no other work);
  - a whole team's archives (50 members x 2,000 connections, about 100k contacts overlapping as
    real teams do, and 200k messages) including identity resolution: under 20 s, read ahead in a
    second process and one by one (twice each);
  - the same team with the CLI, one `pathfinder import` per export: within 1.5x of the same files
    through one `--manifest`;
  - a 2,000-row export into a 1M-person store (bench/graphgen.py's default graph, 5M ties), the
    whole CLI process `pathfinder --store X import file.csv --owner NAME` with the search index
    updated: under 0.5 s (median of 5, each a new file; timed first, before the other sections
    leave the machine busy). --big-store DIR reuses the store a `search_speed.py --keep DIR` run
    kept (DIR/bench.db and its index; imported into a copy, the kept files stay as they are);
    without it one of --big-people people is built (a minute or two at 1M); --skip-big leaves
    this figure out.

Also printed: two key-free address books whose people all share 21 postcodes, the second matched
against the first by contact details (it should take about as long as the first).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from graphgen import bulk_load, generate  # noqa: E402

import pathfinder  # noqa: E402
from pathfinder.ranking.index import load_index  # noqa: E402
from tests.synthetic import NOTES, write_archive  # noqa: E402

BIG_TEAM = 50  # the team of bench/graphgen.py's default graph (search_speed.py's)


def connections_csv(path: Path, rows: int, first: int = 0) -> Path:
    """A LinkedIn Connections.csv of ``rows`` people, numbered from ``first`` (other numbers: other people)."""
    rng = random.Random(1 + first)
    lines = [NOTES + "First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for i in range(first, first + rows):
        lines.append(f"First{i},Last{rng.randint(0, 5000)},https://www.linkedin.com/in/p-{i:06d},,"
                     f"Company {rng.randint(0, 3000)},Account Executive,{rng.randint(1, 28):02d} Mar 20{rng.randint(10, 25)}")
    path.write_text("\n".join(lines))
    return path


def address_book_csv(path: Path, rows: int, seed: int) -> Path:
    """Key-free address-book rows (name, phone, street, postcode, town; no email, no company)
    where everyone lives in one of 21 postcodes: the case where a postcode tells nobody apart."""
    rng = random.Random(seed)
    given = [a + b for a in ("Ja", "Ma", "Li", "Ro", "Sa", "Ka", "El", "An", "Be", "Da") for b in ("n", "ne", "ra", "rie", "ck")]
    last = [a + b for a in ("Mar", "Hol", "Ash", "Bren", "Cal", "Dun", "Fair", "Gar", "Hart", "Lind", "Mor", "Pen")
            for b in ("ton", "ley", "wood", "by", "ford", "well", "son", "ridge", "ham", "stone")]
    lines = ["name,phone,street,postcode,city"]
    for _ in range(rows):
        lines.append(f"{rng.choice(given)} {rng.choice(last)},+61 2 {rng.randint(10000000, 99999999)},"
                     f"{rng.randint(1, 200)} {rng.choice(last)} Street,{rng.randint(2000, 2020)},Sydney")
    path.write_text("\n".join(lines))
    return path


def machine_reference() -> float:
    """Seconds this machine takes for a fixed piece of plain Python (ten million additions), so
    figures from different days (or a busy machine) can be compared."""
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - start


def start_up() -> float:
    """Seconds to start Python with pathfinder's command line loaded, doing nothing."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pathfinder", "--version"], check=True, capture_output=True)
    return time.perf_counter() - start


def bare_writes(root: Path, rows: int) -> float:
    """Seconds to write, straight into an empty store's own tables and with no other work, what
    importing a ``rows``-row Connections.csv keeps: per row a person with two keys (profile URL,
    name and company), a tie with its evidence, and a sighting. No import can take less."""
    import sqlite3

    path = root / "bare.db"
    pathfinder.open(path).close()  # the store's own schema, indexes and settings
    people = [(n, f"{n:016x}", f"First{n} Last{n % 5000}", f"first{n} last{n % 5000}", f"last{n % 5000}",
               f"https://www.linkedin.com/in/p-{n:06d}", f"Company {n % 3000}", f"company {n % 3000}",
               "Account Executive", "ic", "sales") for n in range(2, rows + 2)]
    keys = [(f"li:linkedin.com/in/p-{n:06d}", n) for n in range(2, rows + 2)]
    keys += [(f"name:first{n} last{n % 5000}|company {n % 3000}", n) for n in range(2, rows + 2)]
    ties = [(1, n, 0.18) for n in range(2, rows + 2)]
    evidence = [(1, "", n + 3, 1, n, "connection", "2020-03-01", "{}") for n in range(2, rows + 2)]
    sightings = [(1, "", n + 3, n, "new person", f'{{"first_name": "First{n}", "keys": ["li:p-{n:06d}"]}}')
                 for n in range(2, rows + 2)]
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    start = time.perf_counter()
    db.execute("BEGIN")
    db.execute("INSERT INTO people (n, id, name, name_key, last_key) VALUES (1, 'owner', 'Rita Rep', 'rita rep', 'rep')")
    db.execute("INSERT INTO sources (id, sha256, owner_n, role, path, format, imported_at, rows, records) "
               "VALUES (1, 'x', 1, 'member', 'Connections.csv', 'linkedin', '2026-01-01', ?, ?)", (rows, rows))
    db.executemany("INSERT INTO people (n, id, name, name_key, last_key, profile_url, company, company_key, title, "
                   "seniority, functions) VALUES (?,?,?,?,?,?,?,?,?,?,?)", people)
    db.executemany("INSERT INTO person_keys VALUES (?, ?)", keys)
    db.executemany("INSERT INTO ties (a, b, trust) VALUES (?,?,?)", ties)
    db.executemany("INSERT INTO evidence (source_id, file, line, a, b, kind, date, data) VALUES (?,?,?,?,?,?,?,?)",
                   evidence)
    db.executemany("INSERT INTO sightings (source_id, file, line, n, how, ref) VALUES (?,?,?,?,?,?)", sightings)
    db.execute("COMMIT")
    seconds = time.perf_counter() - start
    db.close()
    return seconds


def import_team(archives: list[tuple[Path, str]], store: Path, read_ahead: bool) -> tuple[float, dict[str, int]]:
    """Seconds to import every archive into a new store and build its index; and the store's counts."""
    start = time.perf_counter()
    with pathfinder.open(store) as pf:
        if read_ahead:
            for _, result in pf.import_files(archives):
                if isinstance(result, Exception):
                    raise result
        else:
            for folder, owner in archives:
                pf.import_file(folder, owner=owner)
        pf.refresh_index()
        seconds = time.perf_counter() - start
        return seconds, pf.stats()


def cli_import(store: Path, *args: str) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as a user's Python runs
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pathfinder", "--store", str(store), "import", *args], check=True,
                   capture_output=True, env=env)
    return time.perf_counter() - start


def team_by_cli(archives: list[tuple[Path, str]], root: Path) -> tuple[float, float, float, int]:
    """The team as the README shows it, one `pathfinder import` per export, and the same through
    one `--manifest`: (seconds one at a time, seconds by manifest, seconds of one more 2,000-row
    export into the team's store end to end, people in that store)."""
    one_at_a_time = sum(cli_import(root / "by-file.db", str(folder), "--owner", owner) for folder, owner in archives)
    manifest = root / "team.csv"
    manifest.write_text("file,owner\n" + "".join(f"{folder},{owner}\n" for folder, owner in archives))
    by_manifest = cli_import(root / "by-manifest.db", "--manifest", str(manifest))
    extra = connections_csv(root / "one-more.csv", 2000)
    one_more = cli_import(root / "by-file.db", str(extra), "--owner", archives[0][1])
    with pathfinder.open(root / "by-file.db") as pf:
        people = pf.stats()["people"]
    return one_at_a_time, by_manifest, one_more, people


def kept_store(kept: Path, root: Path) -> Path:
    """A copy of the store a `search_speed.py --keep DIR` run kept (the folder, or the store file),
    with its index, written through to disk so no flush of the copy lands in a timed import."""
    source = kept / "bench.db" if kept.is_dir() else kept
    if not source.is_file():
        raise SystemExit(f"--big-store: no store at {source}")
    target = root / "big.db"
    for f in source.parent.glob(source.name + "*"):
        if f.is_file() and not f.name.endswith(".tmp"):
            copy = shutil.copyfile(f, target.with_name(target.name + f.name[len(source.name):]))
            with open(copy, "rb+") as fh:
                os.fsync(fh.fileno())
    return target


def built_store(root: Path, people: int) -> Path:
    """A store of bench/graphgen.py's graph (``people`` people, 5 ties each, a team of 50), with its index."""
    target = root / "big.db"
    start = time.perf_counter()
    rows, a, b, trust, team, _ = generate(people, 5 * people, min(BIG_TEAM, people), 1)
    with pathfinder.open(target) as pf:
        bulk_load(pf.store, rows, zip((a + 1).tolist(), (b + 1).tolist(), trust.tolist()),
                  {m + 1: "member" for m in team})
        pf.refresh_index()
    print(f"built a {people:,}-person store with its index in {time.perf_counter() - start:.0f}s", flush=True)
    return target


def first_member(store: Path) -> tuple[str, int]:
    """The name of the store's first team member as stored, and the store's people (its index made current)."""
    with pathfinder.open(store) as pf:
        _ = pf.ranking.index  # loads the index: rebuilt if it is missing or stale
        members = sorted(n for n, role in pf.store.team().items() if role == "member")
        return pf.store.people([members[0]])[members[0]].name, pf.stats()["people"]


def import_into_big(store: Path, root: Path, runs: int = 5) -> tuple[list[float], str, int]:
    """Seconds of ``runs`` CLI imports of a new 2,000-row export each into ``store``, with the owner
    named as the store has them; the owner's name and the people before."""
    owner, people = first_member(store)
    os.sync()  # what the runs before left for the disk to write is not this import's work
    seconds = []
    for k in range(runs):
        export = connections_csv(root / f"big-{k}.csv", 2000, first=10_000_000 + k * 2000)
        seconds.append(cli_import(store, str(export), "--owner", owner))
    with pathfinder.open(store) as pf:
        index = load_index(pf.ranking.index_path)
        assert index is not None and index.generation == pf.store.generation, "the import left the index stale"
        assert pf.stats()["people"] == people + runs * 2000, "the exports did not add their people"
    return seconds, owner, people


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=30000)
    ap.add_argument("--team", type=int, default=50)
    ap.add_argument("--contacts", type=int, default=2000)
    ap.add_argument("--messages", type=int, default=4000)
    ap.add_argument("--book", type=int, default=20000, help="rows of each key-free address book")
    ap.add_argument("--big-store", metavar="DIR", help="a store kept by `search_speed.py --keep DIR` (used in a copy)")
    ap.add_argument("--big-people", type=int, default=1_000_000, help="people of the store built without --big-store")
    ap.add_argument("--skip-big", action="store_true", help="leave out the 2,000-row export into the big store")
    args = ap.parse_args()
    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if not args.skip_big:  # first, on a quiet machine: the sections below leave it busy writing for a while
            big = kept_store(Path(args.big_store), root) if args.big_store else built_store(root, args.big_people)
            big_runs, big_owner, big_people = import_into_big(big, root)
        csv_path = connections_csv(root / "Connections.csv", args.rows)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pathfinder", "--store", str(root / "one.db"), "import", str(csv_path),
                        "--owner", "Rita Rep"], check=True, capture_output=True)
        one = time.perf_counter() - start
        figures.append((f"{args.rows:,}-row Connections.csv, whole CLI process", one, 1.0, "s"))
        floor = (start_up(), bare_writes(root, args.rows))

        archives = []
        for i in range(args.team):
            # members overlap: each one's contacts start 1,200 people after the previous member's
            archives.append((write_archive(root / f"m{i}", owner=f"Member {i:02d}", connections=args.contacts,
                                           messages=args.messages, seed=i, offset=i * 1200), f"Member {i:02d}"))
        # read ahead (import_files) and one by one, alternated: this machine's speed drifts
        runs: dict[bool, list[float]] = {True: [], False: []}
        for k, read_ahead in enumerate((True, False, False, True)):
            seconds, stats = import_team(archives, root / f"team{k}.db", read_ahead)
            runs[read_ahead].append(seconds)
        by_file, by_manifest, one_more, team_people = team_by_cli(archives, root)
        team = runs[True][0]
        figures.append((f"{args.team} archives: {args.team * args.contacts:,} contacts, "
                        f"{args.team * args.messages:,} messages -> {stats['people']:,} people, {stats['ties']:,} ties",
                        team, 20.0, "s"))
        figures.append((f"{args.team} members by CLI: one `pathfinder import` per export / the same by one --manifest",
                        by_file / by_manifest, 1.5, "x"))
        # matching by contact details must not compare each row with everyone in its postcode
        book_seconds = []
        with pathfinder.open(root / "book.db") as pf:
            for k in range(2):
                book = address_book_csv(root / f"book{k}.csv", args.book, seed=k)
                start = time.perf_counter()
                pf.import_file(book, owner=f"Owner {k}")
                book_seconds.append(time.perf_counter() - start)
        if not args.skip_big:
            figures.append((f"a 2,000-row export into a {big_people:,}-person store, whole CLI process, index updated",
                            statistics.median(big_runs), 0.5, "s"))
    print(f"this machine: {machine_reference():.2f}s for ten million Python additions (compare runs by it)")
    print(f"{'figure':<96} {'measured':>9} {'goal':>7}")
    for what, value, goal, unit in figures:
        print(f"{what:<96} {value:>8.2f}{unit} {goal:>6.1f}{unit}  {'ok' if value <= goal else 'OVER'}")
    print(f"rows/s for the single file: {args.rows / figures[0][1]:,.0f}")
    print(f"what no import of that file can go below here: starting the command {floor[0]:.2f}s + writing the rows "
          f"it keeps with nothing else {floor[1]:.2f}s = {sum(floor):.2f}s; the import takes {one / sum(floor):.1f}x that")
    ahead, one_by_one = sum(runs[True]) / 2, sum(runs[False]) / 2
    print(f"the team's archives, reading ahead in a second process: {runs[True][0]:.2f}s and {runs[True][1]:.2f}s; "
          f"one by one (read, then store, each in turn): {runs[False][0]:.2f}s and {runs[False][1]:.2f}s; "
          f"reading ahead takes {ahead / one_by_one:.2f}x the time")
    print(f"the team with the CLI, one `pathfinder import` per export: {by_file:.2f}s; the same through one "
          f"--manifest: {by_manifest:.2f}s")
    print(f"one more 2,000-row export into the team's store ({team_people:,} people), whole CLI process, the search "
          f"index updated: {one_more:.2f}s (goal <= 0.5s at 1M people: {'ok' if one_more <= 0.5 else 'OVER'} here)")
    print(f"{args.book:,}-row address book (no emails, 21 postcodes): {book_seconds[0]:.2f}s into an empty store, "
          f"{book_seconds[1]:.2f}s against {args.book:,} stored people ({book_seconds[1] / book_seconds[0]:.1f}x)")
    if not args.skip_big:
        print(f"2,000-row exports into the {big_people:,}-person store as {big_owner!r}, each a new file, whole CLI "
              f"process: {', '.join(f'{s:.2f}s' for s in big_runs)} (median {statistics.median(big_runs):.2f}s); "
              f"starting the command alone: {floor[0]:.2f}s")


if __name__ == "__main__":
    main()
