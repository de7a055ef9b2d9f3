"""Hostile and broken input, at scale: random bytes, mutated real-format exports, damaged
archives. Prints how many cases were tried and how many were handled cleanly (read, or refused
with an error naming the file); anything else is listed. Then the named cases of the hardening
pass (bench/hostile_named.py): each file imports every row, reports each row it lost with
file:line, or is refused with its reason; every command in hostile surroundings ends without a
traceback; 1,000 queries under a stream of writes; forget leaves no byte of the person.

    python bench/robustness.py [--cases 3000] [--seed 1] [--queries 1000]
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

import hostile_named  # noqa: E402

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
    ap.add_argument("--queries", type=int, default=1000, help="queries run under a stream of writes")
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
    broken = len(failures)
    with tempfile.TemporaryDirectory() as tmp:
        named = hostile_named.named_files(Path(tmp))
        print(f"\nnamed hostile files following their rule: {sum(ok for _, ok, _ in named)} / {len(named)}")
        for case, ok, what in named:
            print(f"  {'ok  ' if ok else 'FAIL'} {case:24} {what}")
        broken += sum(not ok for _, ok, _ in named)
    with tempfile.TemporaryDirectory() as tmp:
        tried, clean, bad = hostile_named.commands_without_traceback(Path(tmp))
        print(f"commands in hostile surroundings ending in words (exit 0/1/2, no traceback): {clean} / {tried}")
        for line in bad:
            print(f"  FAIL {line}")
        broken += len(bad)
    with tempfile.TemporaryDirectory() as tmp:
        ran, crashes, first = hostile_named.queries_under_writes(Path(tmp), args.queries)
        print(f"queries under a stream of writes: {ran}, crashes: {crashes}" + (f"  {first}" if first else ""))
        broken += crashes
    with tempfile.TemporaryDirectory() as tmp:
        left, where = hostile_named.forget_leaves_nothing(Path(tmp))
        print(f"bytes of a forgotten person left in pathfinder's files: {left}" + (f"  {where}" if where else ""))
        broken += left
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
