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
from .identity import company_key, name_key, person_id_for
from .resolve import now, title_columns
from .sqlite_store import SQLiteStore
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


def unmerge(store: SQLiteStore, n: int, key: str, weights: Weights, as_of: date | None = None) -> str:
    """Split the sightings of person ``n`` that carried ``key`` into a new person; returns its id.

    Raises:
        PathfinderError: ``key`` is not one of the person's, or every sighting carries it.
    """
    db = store.db
    with store.write():
        keys = {k for (k,) in db.execute("SELECT key FROM person_keys WHERE n=?", (n,))}
        rows = db.execute("SELECT id, source_id, file, line, ref FROM sightings WHERE n=?", (n,)).fetchall()
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
        cur = db.execute(
            "INSERT INTO people (id, name, name_key, last_key, email, profile_url, company, company_key, title, "
            "seniority, functions) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (person_id_for("unmerged:" + key + ":" + str(n)), name, folded, folded.rpartition(" ")[2],
             latest.get("email", ""), latest.get("profile_url", ""), latest.get("company", ""),
             company_key(latest.get("company", "")), title, level, functions))
        new = int(cur.lastrowid or 0)
        db.executemany("UPDATE person_keys SET n=? WHERE key=?", [(new, k) for k in moving if k in keys])
        db.executemany("UPDATE sightings SET n=? WHERE id=?", [(new, r[0]) for r in split])
        touched: set[tuple[int, int]] = set()
        for _, source_id, file, line, _ in split:
            for eid, a, b in db.execute("SELECT id, a, b FROM evidence WHERE source_id=? AND file=? AND line=? "
                                        "AND (a=? OR b=?)", (source_id, file, line, n, n)).fetchall():
                other = b if a == n else a
                pair = (min(new, other), max(new, other))
                db.execute("UPDATE evidence SET a=?, b=? WHERE id=?", (*pair, eid))
                touched |= {pair, (min(n, other), max(n, other))}
        db.executemany("INSERT OR IGNORE INTO keep_apart VALUES (?, ?)",
                       [(key, k) for k in sorted(keys - moving)])
        gone = [p for p in touched if not db.execute("SELECT 1 FROM evidence WHERE a=? AND b=? LIMIT 1", p).fetchone()]
        db.executemany("DELETE FROM ties WHERE a=? AND b=?", gone)
        store.rescore(set(touched) - set(gone), weights, as_of)
        db.execute("INSERT INTO merges (kept_n, merged_id, reason, keys, source_id, at) VALUES (?,?,?,?,?,?)",
                   (n, store.people([new])[new].id, "unmerged by the user", json.dumps(sorted(moving)), None, now()))
        store.bump_generation()
        return store.people([new])[new].id
