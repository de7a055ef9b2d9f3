"""The full crash sweep: SIGKILL `pathfinder import` of a 30,000-connection archive (plus messages)
at many seeded points, then check each store. Prints kill points survived / tried and records lost.

    python bench/crash_sweep.py [--points 60] [--connections 30000] [--messages 30000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.synthetic import write_archive  # noqa: E402
from tests.test_crash_safety import cli, snapshot  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=60)
    ap.add_argument("--connections", type=int, default=30000)
    ap.add_argument("--messages", type=int, default=30000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        first = write_archive(root / "rita", owner="Rita Rep", connections=2000, messages=2000, seed=1)
        second = write_archive(root / "sam", owner="Sam Seller", connections=args.connections,
                               messages=args.messages, seed=2, offset=1000)
        base = root / "base.db"
        cli(base, "import", str(first), "--owner", "Rita Rep")
        before = snapshot(base)
        clean = root / "clean.db"
        shutil.copy(base, clean)
        start = time.perf_counter()
        cli(clean, "import", str(second), "--owner", "Sam Seller")
        duration = time.perf_counter() - start
        after = snapshot(clean)
        print(f"clean import of {args.connections:,} connections + {args.messages:,} messages: {duration:.2f} s")
        survived = lost = 0
        outcomes = {"absent": 0, "present": 0}
        for i in range(args.points):
            store = root / "kill.db"
            for f in root.glob("kill.db*"):
                f.unlink()
            shutil.copy(base, store)
            delay = duration * 1.2 * (i + rng.random()) / args.points
            proc = subprocess.Popen([sys.executable, "-m", "pathfinder", "--store", str(store), "import", str(second),
                                     "--owner", "Sam Seller"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            ok = '"ok": true' in cli(store, "check", "--format", "json", check=False).stdout
            state = snapshot(store)
            whole = state in (before, after)
            outcomes["present" if state == after else "absent"] += state in (before, after)
            cli(store, "import", str(second), "--owner", "Sam Seller")
            rerun_ok = snapshot(store) == after
            if ok and whole and rerun_ok:
                survived += 1
            else:
                lost += 1
                print(f"  kill at {delay:.2f} s: check ok={ok}, whole file or none={whole}, re-run identical={rerun_ok}")
        print(f"kill points survived / tried: {survived} / {args.points}  "
              f"(file absent after kill: {outcomes['absent']}, wholly present: {outcomes['present']})")
        print(f"stores with lost or partial records: {lost}")
        sys.exit(1 if lost else 0)


if __name__ == "__main__":
    main()
