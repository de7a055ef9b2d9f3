"""Hostile and broken input, at scale: random bytes, mutated real-format exports, damaged
archives. Prints how many cases were tried and how many were handled cleanly (read, or refused
with an error naming the file); anything else is listed.

    python bench/robustness.py [--cases 3000] [--seed 1]
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import traceback
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_hostile_input import SEEDS, attempt  # noqa: E402

ARCHIVE = Path(__file__).resolve().parents[1] / "tests" / "data" / "linkedin_archive" / "2024"
SAMPLES = sorted((Path(__file__).resolve().parents[1] / "pathfinder" / "sample_data").glob("*.csv"))


def zipped(folder: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(folder.iterdir()):
            z.write(f, f.name)
    return buf.getvalue()


def mutate(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        pos = rng.randint(0, len(out))
        op = rng.random()
        if op < 0.3:
            del out[pos:pos + rng.randint(1, 200)]
        elif op < 0.6:
            out[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 20)))
        elif op < 0.8:
            out[pos:pos] = rng.choice([b'"', b",", b"\n", b"\r", b"\x00", b";", b"\t", b"\xef\xbb\xbf", b"\xff\xfe"])
        else:
            out = out[:pos]  # truncated
    return bytes(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    seeds = [p.read_bytes() for p in SEEDS + SAMPLES]
    archive = zipped(ARCHIVE)
    tried = handled = 0
    outcomes = {"read": 0, "refused": 0}
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.cases):
            kind = rng.random()
            if kind < 0.15:
                data, name = bytes(rng.randrange(256) for _ in range(rng.randint(0, 3000))), f"random{i}.csv"
            elif kind < 0.3:
                data, name = mutate(rng, archive), f"archive{i}.zip"
            else:
                data, name = mutate(rng, rng.choice(seeds)), f"mutated{i}.csv"
            path = Path(tmp) / name
            path.write_bytes(data)
            tried += 1
            try:
                outcomes[attempt(path)] += 1
                handled += 1
            except Exception:  # noqa: BLE001 - the point is to catch everything
                failures.append((name, traceback.format_exc(limit=3)))
            path.unlink()
    print(f"hostile cases handled cleanly / tried: {handled} / {tried}  "
          f"(read: {outcomes['read']}, refused with a clear error: {outcomes['refused']})")
    for name, tb in failures[:10]:
        print(f"--- {name}\n{tb}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
