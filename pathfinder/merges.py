"""Explaining and undoing identity resolution.

``explain_person`` lists a person's keys, every file and line they were seen on with how the row
was matched, and the merges that made them. ``unmerge`` splits the rows that carried one key off
into a person of their own, moves their evidence with them, and records that the two must stay
apart, so importing the same exports again does not merge them back.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

from .errors import PathfinderError
from .identity import company_key, last_name_key, name_key, person_id_for, unnamed_label
from .resolve import title_columns
from .trust import Weights

if TYPE_CHECKING:
    from .store import Store


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


def unmerge(store: Store, n: int, key: str, weights: Weights, as_of: date | None = None) -> str:
    """Split the sightings of person ``n`` that carried ``key`` into a new person; returns its id.

    Raises:
        PathfinderError: ``key`` is not one of the person's, or every sighting carries it.
    """
    with store.write():
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
        latest = json.loads(split[-1][4])
        name = latest.get("name") or " ".join(x for x in (latest.get("first_name"), latest.get("last_name")) if x)
        title = latest.get("title", "")
        level, functions = title_columns(title)
        folded = name_key(name)
        new = store.add_person({
            "id": person_id_for("unmerged:" + key + ":" + str(n)), "name": name or unnamed_label(latest.get("keys", [])),
            "name_key": folded,
            "last_key": last_name_key(folded), "email": latest.get("email", ""),
            "profile_url": latest.get("profile_url", ""), "company": latest.get("company", ""),
            "company_key": company_key(latest.get("company", "")), "title": title, "seniority": level,
            "functions": functions})
        store.point_keys({k: new for k in moving if k in keys})
        store.move_sightings([r[0] for r in split], new)
        touched: set[tuple[int, int]] = set()
        repaired = []
        for _, source_id, file, line, _ in split:
            for eid, a, b in store.evidence_at(source_id, file, line, n):
                other = b if a == n else a
                pair = (min(new, other), max(new, other))
                repaired.append((eid, *pair))
                touched |= {pair, (min(n, other), max(n, other))}
        store.repair_evidence(repaired)
        store.add_keep_apart([(key, k) for k in sorted(keys - moving)])
        gone = {p for p, evidence in store.evidence_of(sorted(touched)).items() if not evidence}
        store.delete_ties(sorted(gone))
        store.rescore(touched - gone, weights, as_of)
        store.add_merge(kept_n=n, merged_id=store.people([new])[new].id, reason="unmerged by the user",
                        keys=json.dumps(sorted(moving)), source_id=None)
        store.bump_generation()
        return store.people([new])[new].id
