"""Import speed on synthetic exports in the real LinkedIn formats.

    python bench/import_bench.py [--rows 30000] [--team 50] [--contacts 2000] [--messages 4000] [--book 20000]

Prints: a 30,000-row Connections.csv (goal: under 1 s), and a whole team's archives — 50
members x 2,000 connections (about 100k contacts, overlapping as real teams do) and 200k
messages — including identity resolution (goal: under 20 s); and two key-free address books
whose people all share 21 postcodes, the second matched against the first by contact details
(it should take about as long as the first).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pathfinder  # noqa: E402
from tests.synthetic import NOTES, write_archive  # noqa: E402


def connections_csv(path: Path, rows: int) -> Path:
    rng = random.Random(1)
    lines = [NOTES + "First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for i in range(rows):
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=30000)
    ap.add_argument("--team", type=int, default=50)
    ap.add_argument("--contacts", type=int, default=2000)
    ap.add_argument("--messages", type=int, default=4000)
    ap.add_argument("--book", type=int, default=20000, help="rows of each key-free address book")
    args = ap.parse_args()
    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        csv_path = connections_csv(root / "Connections.csv", args.rows)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pathfinder", "--store", str(root / "one.db"), "import", str(csv_path),
                        "--owner", "Rita Rep"], check=True, capture_output=True)
        one = time.perf_counter() - start
        figures.append((f"{args.rows:,}-row Connections.csv, whole CLI process", one, 1.0))

        archives = []
        for i in range(args.team):
            # members overlap: each one's contacts start 1,200 people after the previous member's
            archives.append((write_archive(root / f"m{i}", owner=f"Member {i:02d}", connections=args.contacts,
                                           messages=args.messages, seed=i, offset=i * 1200), f"Member {i:02d}"))
        start = time.perf_counter()
        with pathfinder.open(root / "team.db") as pf:
            for folder, owner in archives:
                pf.import_file(folder, owner=owner)
            pf.refresh_index()
            stats = pf.stats()
        team = time.perf_counter() - start
        figures.append((f"{args.team} archives: {args.team * args.contacts:,} contacts, "
                        f"{args.team * args.messages:,} messages -> {stats['people']:,} people, {stats['ties']:,} ties",
                        team, 20.0))
        # matching by contact details must not compare each row with everyone in its postcode
        book_seconds = []
        with pathfinder.open(root / "book.db") as pf:
            for k in range(2):
                book = address_book_csv(root / f"book{k}.csv", args.book, seed=k)
                start = time.perf_counter()
                pf.import_file(book, owner=f"Owner {k}")
                book_seconds.append(time.perf_counter() - start)
    print(f"this machine: {machine_reference():.2f}s for ten million Python additions (compare runs by it)")
    print(f"{'figure':<96} {'measured':>9} {'goal':>7}")
    for what, seconds, goal in figures:
        print(f"{what:<96} {seconds:>8.2f}s {goal:>6.1f}s  {'ok' if seconds <= goal else 'OVER'}")
    print(f"rows/s for the single file: {args.rows / figures[0][1]:,.0f}")
    print(f"{args.book:,}-row address book (no emails, 21 postcodes): {book_seconds[0]:.2f}s into an empty store, "
          f"{book_seconds[1]:.2f}s against {args.book:,} stored people ({book_seconds[1] / book_seconds[0]:.1f}x)")


if __name__ == "__main__":
    main()
