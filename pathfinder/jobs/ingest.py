"""Storing one extraction: the steps every store takes, inside the store's own transaction.

Resolve the owner, skip a file already imported for them, record the source, resolve each
record's people, write the evidence with its provenance, and recompute the trust of every tie
the file touched. A store supplies the primitives (``source_exists``, ``set_team``, ``add_source``,
``existing_ties``, ``add_evidence``, ``rescore``, ``bump_generation``) and a :class:`Resolver`
working on its data, so identity resolution and scoring are the same code on every backend.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from pathfinder.identity.merges import rescore_or_drop
from pathfinder.identity.resolve import Resolver, final
from pathfinder.identity.team import reconcile, remapped, resolve_owner
from pathfinder.model import Evidence, Extraction, ImportSummary
from pathfinder.ranking.trust import Weights

Pair = tuple[int, int]
EvidenceRow = tuple[int, str, int, int, int, str, str | None, str]  # source, file, line, a, b, kind, date, data


def store_extraction(store: Any, resolver: Resolver, extraction: Extraction, summary: ImportSummary, *,
                     owner: str, role: str, sha256: str, weights: Weights, as_of: date | None,
                     new_member: bool = False) -> ImportSummary:
    """Store what one file said for ``owner``; a file already imported for them changes nothing."""
    owner_n = resolve_owner(store, resolver, owner, extraction.owner, path=extraction.path, new_member=new_member)
    if not summary.owner:  # the export said whose it is
        summary.owner = store.people([owner_n])[owner_n].name
    if store.source_exists(sha256, owner_n):
        summary.already_imported = True
        return summary
    source_id = store.add_source(sha256=sha256, owner_n=owner_n, role=role, path=extraction.path,
                                 format=extraction.format, rows=extraction.rows, records=len(extraction.records))
    resolver.source_id = source_id
    resolver.prefetch([r.b for r in extraction.records] + [r.a for r in extraction.records if r.a])
    touched: set[Pair] = set()
    rows: list[tuple[EvidenceRow, Evidence]] = []
    members: set[int] = set()  # people a record names as team members (a CRM's deal owners)
    forgotten = 0
    for rec in extraction.records:
        if resolver.is_suppressed(rec.b) or (rec.a is not None and resolver.is_suppressed(rec.a)):
            forgotten += 1
            continue
        a = owner_n if rec.a is None else resolver.resolve(rec.a, rec.line, rec.file)
        if rec.a_role == "member":
            members.add(a)
        b = resolver.resolve(rec.b, rec.line, rec.file)
        if a == b:
            continue
        pair = (min(a, b), max(a, b))
        touched.add(pair)
        for ev in rec.evidence:
            data = json.dumps(ev.data, sort_keys=True) if ev.data else "{}"
            rows.append(((source_id, rec.file, rec.line, pair[0], pair[1], ev.kind, ev.date, data), ev))
    if forgotten:
        summary.notes.append(f"{forgotten} rows about people who asked to be forgotten were not imported")
    # merges during this file may have renumbered people seen earlier in it
    remap = resolver.remap
    touched |= resolver.moved_pairs
    if remap:
        rows = [((s, f, ln, *sorted((final(remap, a), final(remap, b))), k, d, data), ev)  # type: ignore[misc]
                for (s, f, ln, a, b, k, d, data), ev in rows]
        rows = [r for r in rows if r[0][3] != r[0][4]]
        touched = {(min(final(remap, a), final(remap, b)), max(final(remap, a), final(remap, b)))
                   for a, b in touched}
        touched = {p for p in touched if p[0] != p[1]}
    resolver.flush()
    remap_before = set(remap)
    store.set_team(final(remap, owner_n), role, upgrade_only=True)
    for n in sorted({final(remap, m) for m in members}):
        store.set_team(n, "member")
    resolver.write_sightings()
    existing = store.existing_ties(touched, owner_n)
    store.add_evidence([row for row, _ in rows])
    summary.evidence = len(rows)
    fresh: dict[Pair, list[Evidence]] = {}
    for row, ev in rows:
        if (row[3], row[4]) not in existing:
            fresh.setdefault((row[3], row[4]), []).append(ev)
    summary.ties_added, summary.ties_updated = len(fresh), len(touched) - len(fresh)
    # the team knows itself: a member given by name is their contact in a teammate's export, and
    # a bare name is the one person of that name (whatever order the exports came in)
    done = reconcile(store, resolver, resolver.touched_names)
    summary.notes.extend(done.notes)
    if done.pairs or resolver.remap.keys() - remap_before:
        rescore_or_drop(store, remapped(touched | done.pairs | resolver.moved_pairs, resolver.remap), weights, as_of)
    else:
        store.rescore(touched, weights, as_of, known=fresh)
    store.bump_generation()
    return summary
