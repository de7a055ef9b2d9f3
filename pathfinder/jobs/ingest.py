"""Importing one extraction into a store, in one transaction: the same steps on every store.

Resolve the owner, skip a file already imported for them, record the source, resolve each
record's people, write the evidence with its provenance, apply the team's name rules, and
recompute the trust of every tie the file touched. Flows one way: what the importer read →
identity resolution → the store's rows → trust (the search index is rebuilt when next used).
"""

from __future__ import annotations

import json
from datetime import date

from pathfinder.identity.resolve import Resolver
from pathfinder.identity.rules import final
from pathfinder.identity.team import reconcile, remapped, resolve_owner
from pathfinder.model import Evidence
from pathfinder.ranking.trust import Weights, rescore, rescore_or_drop
from pathfinder.records import Extraction, ImportSummary
from pathfinder.store.protocol import EvidenceRow, Pair, Store


class _Unchanged(Exception):
    """Raised inside the write to roll it back: the file was imported already, nothing changes."""


def import_extraction(store: Store, extraction: Extraction, *, owner: str, role: str, sha256: str,
                      weights: Weights, as_of: date | None = None, new_member: bool = False,
                      dry_run: bool = False) -> ImportSummary:
    """Store what one file said for ``owner`` (a team member, or with ``role="connector"``
    someone outside the team), in one transaction; a file already imported for them changes
    nothing. With ``dry_run`` the whole import is made and rolled back: the summary says what
    it would change."""
    summary = ImportSummary(path=extraction.path, format=extraction.format, owner=owner, rows=extraction.rows,
                            problems=list(extraction.problems), notes=list(extraction.notes))
    try:
        with store.write():
            _store(store, Resolver(store, summary), extraction, summary, role=role, sha256=sha256, weights=weights,
                   as_of=as_of, new_member=new_member)
            if summary.already_imported or dry_run:
                raise _Unchanged
    except _Unchanged:
        pass
    return summary


def _set_role(store: Store, n: int, role: str) -> None:
    """Make ``n`` a team ``role``; a member is never made a connector."""
    if store.team().get(n) != "member":
        store.set_team(n, role)


def _store(store: Store, resolver: Resolver, extraction: Extraction, summary: ImportSummary, *, role: str,
           sha256: str, weights: Weights, as_of: date | None, new_member: bool) -> None:
    owner_n = resolve_owner(store, resolver, summary.owner, extraction.owner, path=extraction.path,
                            new_member=new_member)
    if not summary.owner:  # the export said whose it is
        summary.owner = store.people([owner_n])[owner_n].name
    if store.source_id(sha256, owner_n) is not None:
        summary.already_imported = True
        return
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
    _set_role(store, final(remap, owner_n), role)
    for n in sorted({final(remap, m) for m in members}):
        _set_role(store, n, "member")
    resolver.write_sightings()
    existing = store.existing_ties(touched)
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
        rescore(store, touched, weights, as_of, known=fresh)
    store.bump_generation()
