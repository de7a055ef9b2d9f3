"""Explaining and undoing identity resolution.

``explain_person`` lists a person's keys, every file and line they were seen on with how the row
was matched, and the merges that made them. ``unmerge`` splits the rows that carried one key off
into a person of their own, moves their evidence with them, and records that the two must stay
apart, so importing the same exports again does not merge them back (the job that does it, in one
transaction with the trust of the ties it moves, is :mod:`pathfinder.jobs.merging`).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pathfinder.errors import PathfinderError
from pathfinder.identity.companies import company_from_email, company_key
from pathfinder.identity.keys import clean_name, last_name_key, name_key, normalize_email, person_id_for, unnamed_label
from pathfinder.identity.rules import title_columns

if TYPE_CHECKING:
    from pathfinder.store.protocol import Store


def explain_person(store: Store, n: int) -> dict[str, Any]:
    person = store.people([n])[n]
    sightings = [
        {"file": (f"{path}/{file}" if file else path), "line": line, "owner": owner, "matched_by": how,
         "as": {k: v for k, v in json.loads(ref).items() if k != "keys"}, "keys": json.loads(ref).get("keys", [])}
        for path, file, line, owner, how, ref in store.sightings_of(n)]
    merges = [{"merged_id": mid, "reason": reason, "keys": json.loads(keys), "at": at}
              for mid, reason, keys, at in store.merges_into(n)]
    keys = sorted(store.keys_of(n))
    apart = sorted({b if a in keys else a for a, b in store.kept_apart() if a in keys or b in keys})
    return {"id": person.id, "name": person.name, "title": person.title, "company": person.company,
            "keys": keys, "sightings": sightings, "merges": merges, "kept_apart_from": apart}


def key_groups(rows: list[tuple[int, int, str, int, str]]) -> list[tuple[set[str], list[int]]]:
    """The sightings of one person grouped by the keys that link them (``rows`` as
    ``store.sighting_rows`` gives them): each group's keys and sighting ids. The keys on one row
    are one person's, so rows that share a key are the same person's too."""
    parent: dict[str, str] = {}

    def root(k: str) -> str:
        while parent.setdefault(k, k) != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    row_keys = [(r[0], json.loads(r[4]).get("keys", [])) for r in rows]
    for _, keys in row_keys:
        for k in keys[1:]:
            parent[root(k)] = root(keys[0])
    groups: dict[str, tuple[set[str], list[int]]] = {}
    for sighting, keys in row_keys:
        if keys:
            group = groups.setdefault(root(keys[0]), (set(), []))
            group[0].update(keys)
            group[1].append(sighting)
    return list(groups.values())


def split_off(store: Store, n: int, sighting_ids: set[int], keys: set[str], *, reason: str,
              number: int | None = None) -> tuple[int, set[tuple[int, int]]]:
    """Inside a write: the sightings ``sighting_ids`` of person ``n``, the ``keys`` among n's,
    and the evidence of those rows, become a person of their own (numbered ``number``, by default
    the next free one), called and placed as those rows say; n keeps what its other rows say.
    Returns the new person and the pairs whose ties must be rescored or dropped."""
    rows = [r for r in store.sighting_rows(n) if r[0] in sighting_ids]
    numbered = {"n": number} if number is not None else {}
    new = store.add_person({**numbered, "id": _free_id(store, rows), **values_from_sightings(rows)})
    store.point_keys({k: new for k in keys & set(store.keys_of(n))})
    store.move_sightings([r[0] for r in rows], new)
    touched: set[tuple[int, int]] = set()
    repaired = []
    for _, source_id, file, line, _ in rows:
        for eid, a, b in store.evidence_at(source_id, file, line, n):
            other = b if a == n else a
            pair = (min(new, other), max(new, other))
            repaired.append((eid, *pair))
            touched |= {pair, (min(n, other), max(n, other))}
    store.repair_evidence(repaired)
    # what the rows left behind say of the person they were split from (their name stays)
    left = values_from_sightings(store.sighting_rows(n))
    store.update_person(n, {c: left.get(c, "") for c in ("email", "profile_url", "company", "company_key", "title",
                                                         "seniority", "functions", "location")})
    store.add_merge(kept_n=n, merged_id=store.people([new])[new].id, reason=reason, keys=json.dumps(sorted(keys)),
                    source_id=None)
    return new, touched


def values_from_sightings(rows: list[tuple[int, int, str, int, str]]) -> dict[str, str]:
    """A person's columns as their rows give them: for each, the latest row that gives it."""
    latest: dict[str, str] = {}
    for *_, ref in rows:
        seen = json.loads(ref)
        name = seen.get("name") or " ".join(x for x in (seen.get("first_name"), seen.get("last_name")) if x)
        for column, value in (("name", clean_name(full=name) if name else ""), ("email", seen.get("email", "")),
                              ("profile_url", seen.get("profile_url", "")), ("company", seen.get("company", "")),
                              ("title", seen.get("title", "")), ("location", seen.get("location", ""))):
            if value:
                latest[column] = value
    if not latest.get("company") and latest.get("email"):
        latest["company"] = company_from_email(latest["email"]).title()
    folded = name_key(latest.get("name", ""))
    level, functions = title_columns(latest.get("title", ""))
    keys = [k for *_, ref in rows for k in json.loads(ref).get("keys", [])]
    return {**latest, "name": latest.get("name") or unnamed_label(keys), "name_key": folded,
            "last_key": last_name_key(folded), "email": normalize_email(latest.get("email", "")),
            "company_key": company_key(latest["company"]) if latest.get("company") else "",
            "seniority": level, "functions": functions}


def _free_id(store: Store, rows: list[tuple[int, int, str, int, str]]) -> str:
    """The public id a person first seen on ``rows`` gets (derived from the first row's first
    key, as for a new person), derived again on the rare clash."""
    first = json.loads(rows[0][4]).get("keys", []) if rows else []
    key = first[0] if first else f"split:{rows[0][0] if rows else 0}"
    candidate = person_id_for(key)
    while store.numbers_of([candidate]):
        candidate = person_id_for(candidate + key)
    return candidate


def split_key(store: Store, n: int, key: str) -> tuple[int, set[tuple[int, int]]]:
    """Inside a write: the sightings of person ``n`` that carried ``key`` become a person of their
    own, kept apart from ``n`` from now on. Returns the new person and the pairs to rescore.

    Raises:
        PathfinderError: ``key`` is not one of the person's, or every sighting carries it.
    """
    keys = set(store.keys_of(n))
    rows = store.sighting_rows(n)
    split = [r for r in rows if key in json.loads(r[4]).get("keys", [])]
    stay = [r for r in rows if r not in split]
    if key not in keys or not split:
        raise PathfinderError(f"{key!r} is not a key of this person; their keys are: {', '.join(sorted(keys))}")
    if not stay:
        raise PathfinderError(f"every sighting of this person carries {key!r}: there is nothing to split off")
    stay_keys = {k for r in stay for k in json.loads(r[4]).get("keys", [])}
    moving = {k for r in split for k in json.loads(r[4]).get("keys", [])} - stay_keys
    new, touched = split_off(store, n, {r[0] for r in split}, moving, reason="unmerged by the user")
    store.add_keep_apart([(key, k) for k in sorted(keys - moving)])
    return new, touched
