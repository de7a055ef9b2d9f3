"""E-mail import speed and memory, and how well trust from mail follows real correspondence.

    python bench/mail_bench.py [--messages 200000] [--body-bytes 5000] [--correspondents 3000] [--keep DIR]

Goals: a 1 GB mbox of 200,000 messages imports in under a minute, in at most 300 MB of memory
(the whole `pathfinder import` process), reading headers only. Then, when ../shared/fixtures is
beside the repository, the Enron network as each executive's mailbox: the rank correlation
(Spearman) between pathfinder's trust in a correspondent and the messages exchanged both ways.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def write_mbox(path: Path, messages: int, body_bytes: int, correspondents: int, seed: int = 1) -> None:
    """A Takeout-style mbox: the owner writes to and hears from ``correspondents`` people (a few
    close ones most), replies among them, and bodies of about ``body_bytes``."""
    rng = random.Random(seed)
    owner = "Rita Rep <rita@northwind.example>"
    people = [f"Person {i} <p{i}@company{i % 400}.example>" for i in range(correspondents)]
    weights = [1 / (i + 1) for i in range(correspondents)]
    line = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor\n"
    body = line * max(1, body_bytes // len(line))
    start = datetime(2023, 1, 1, 9, 0)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for n in range(messages):
            other = rng.choices(people, weights)[0]
            sent = rng.random() < 0.45
            when = start + timedelta(minutes=n * 5)
            sender, to = (owner, other) if sent else (other, owner)
            cc = ", ".join(rng.sample(people, rng.choice((0, 0, 0, 1, 3))))
            fh.write(f"From 17{n:017d}@xxx {when.strftime('%a %b %d %H:%M:%S +0000 %Y')}\n"
                     f"X-GM-THRID: 17{n:017d}\nX-Gmail-Labels: {'Sent' if sent else 'Inbox'}\n"
                     f"Date: {format_datetime(when)}\nMessage-ID: <m{n}@mail.example>\nFrom: {sender}\nTo: {to}\n"
                     + (f"Cc: {cc}\n" if cc else "")
                     + (f"In-Reply-To: <m{n - 1}@mail.example>\n" if n and rng.random() < 0.4 else "")
                     + "Subject: numbers\nMIME-Version: 1.0\nContent-Type: text/plain\n\n" + body + "\n")


def enron_correlations() -> list[tuple[str, int, float]]:
    from tests.enron_team import SHARED
    if not SHARED.exists():
        return []
    from tests.test_enron_team import mail_ties, spearman
    out = []
    for owner in ("Sally Beck", "Louise Kitchen", "John Lavorato", "Kenneth Lay", "Steven Kean"):
        with tempfile.TemporaryDirectory() as folder:
            trust, observed = mail_ties(Path(folder), owner)
        names = sorted(trust)
        out.append((owner, len(names), spearman([trust[n] for n in names], [min(observed[n]) for n in names])))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=200_000)
    ap.add_argument("--body-bytes", type=int, default=5_000)
    ap.add_argument("--correspondents", type=int, default=3_000)
    ap.add_argument("--keep", help="keep the mbox and the store in this folder")
    args = ap.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    box, store = folder / "All mail Including Spam and Trash.mbox", folder / "mail.db"
    for f in folder.glob("mail.db*"):
        f.unlink()
    t = time.perf_counter()
    write_mbox(box, args.messages, args.body_bytes, args.correspondents)
    print(f"  write a {box.stat().st_size / 1e9:.2f} GB mbox of {args.messages:,} messages: "
          f"{time.perf_counter() - t:.1f} s", flush=True)
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pathfinder", "--store", str(store), "import", str(box),
                           "--owner", "Rita Rep", "--new-member"], capture_output=True, text=True)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB -> MiB on Linux
    if done.returncode:
        sys.exit(done.stderr)
    print(done.stdout.strip())
    rows = [(f"import the mbox ({args.messages:,} messages)", f"{seconds:.1f} s", "60 s", seconds <= 60),
            ("peak memory of the import process", f"{peak:.0f} MB", "300 MB", peak <= 300)]
    for owner, n, rho in enron_correlations():
        rows.append((f"Enron: {owner}'s trust vs messages both ways ({n} correspondents), Spearman",
                     f"{rho:.3f}", "", True))
    print(f"\n{'figure':<78}{'measured':>10}{'goal':>10}")
    for what, value, goal, ok in rows:
        print(f"{what:<78}{value:>10}{goal:>10}  {'' if not goal else 'ok' if ok else 'OVER'}")


if __name__ == "__main__":
    main()
