"""Personal data rights: export everything held about a person, and forget them for good.

``forget`` deletes the person everywhere (person, keys, sightings, evidence, ties, team role,
ledger, merges), overwrites the freed pages and compacts the file, so no trace of their name,
email or profile URL stays in the store's files. What remains is a suppression list of salted
hashes of their keys, so importing the same exports again does not bring them back; ``forget``
with ``undo`` lifts it.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from .identity import clean_name, fallback_key, identity_keys, key_hash
from .model import PersonRef
from .resolve import now
from .sqlite_store import SQLiteStore


def _salt(store: SQLiteStore) -> str:
    row = store.db.execute("SELECT value FROM meta WHERE key='salt'").fetchone()
    if row:
        return str(row[0])
    salt = secrets.token_hex(16)
    store.db.execute("INSERT INTO meta VALUES ('salt', ?)", (salt,))
    return salt


def ref_keys(ref: PersonRef) -> list[str]:
    keys = identity_keys(ref)
    if clean_name(ref.first_name, ref.last_name, ref.name):
        keys.append(fallback_key(ref))
    return keys


def export_person(store: SQLiteStore, n: int) -> dict[str, Any]:
    """Everything the store holds about person ``n`` (the right of access)."""
    from .merges import explain_person

    db = store.db
    info = explain_person(store, n)
    row = db.execute("SELECT email, profile_url, location, no_intro FROM people WHERE n=?", (n,)).fetchone()
    info.update({"email": row[0], "profile_url": row[1], "location": row[2], "never_ask": bool(row[3])})
    others = store.people([b if a == n else a for a, b, _ in db.execute(
        "SELECT a, b, trust FROM ties WHERE a=? OR b=?", (n, n))])
    info["ties"] = [{"with": others[b if a == n else a].name, "trust": round(t, 4),
                     "evidence": store.evidence_with_provenance(a, b)}
                    for a, b, t in db.execute("SELECT a, b, trust FROM ties WHERE a=? OR b=?", (n, n))]
    info["team_role"] = (db.execute("SELECT role FROM team WHERE n=?", (n,)).fetchone() or [None])[0]
    info["introductions"] = [dict(zip(("id", "status", "created_at", "role"), r)) for r in db.execute(
        "SELECT id, status, created_at, CASE WHEN rep_n=? THEN 'rep' WHEN introducer_n=? THEN 'introducer' "
        "ELSE 'target' END FROM intros WHERE ? IN (rep_n, introducer_n, target_n)", (n, n, n))]
    return info


def forget(store: SQLiteStore, n: int) -> dict[str, int]:
    """Remove person ``n`` everywhere and suppress their keys; returns what was deleted."""
    db = store.db
    counts: dict[str, int] = {}
    with store.write():
        db.execute("PRAGMA secure_delete=ON")
        salt = _salt(store)
        keys = {k for (k,) in db.execute("SELECT key FROM person_keys WHERE n=?", (n,))}
        for (ref,) in db.execute("SELECT ref FROM sightings WHERE n=?", (n,)):
            keys.update(json.loads(ref).get("keys", []))
        group = secrets.token_hex(8)  # one forgotten person: undo lifts all their keys together
        db.executemany("INSERT OR IGNORE INTO suppressed VALUES (?, ?, ?)",
                       [(key_hash(salt, k), group, now()) for k in keys])
        pairs = db.execute("SELECT a, b FROM ties WHERE a=? OR b=?", (n, n)).fetchall()
        intro_ids = [i for (i,) in db.execute("SELECT id FROM intros WHERE ? IN (rep_n, introducer_n, target_n)", (n,))]
        person_id = db.execute("SELECT id FROM people WHERE n=?", (n,)).fetchone()[0]
        statements = {
            "intro_events": ("DELETE FROM intro_events WHERE intro_id IN (SELECT id FROM intros "
                             "WHERE ? IN (rep_n, introducer_n, target_n))", (n,)),
            "intros": ("DELETE FROM intros WHERE ? IN (rep_n, introducer_n, target_n)", (n,)),
            "evidence": ("DELETE FROM evidence WHERE a=? OR b=?", (n, n)),
            "ties": ("DELETE FROM ties WHERE a=? OR b=?", (n, n)),
            "sightings": ("DELETE FROM sightings WHERE n=?", (n,)),
            "person_keys": ("DELETE FROM person_keys WHERE n=?", (n,)),
            "merges": ("DELETE FROM merges WHERE kept_n=? OR merged_id=?", (n, person_id)),
            "team": ("DELETE FROM team WHERE n=?", (n,)),
            "people": ("DELETE FROM people WHERE n=?", (n,)),
        }
        for table, (sql, args) in statements.items():
            counts[table] = db.execute(sql, args).rowcount
        if keys:
            marks = ",".join("?" * len(keys))
            counts["keep_apart"] = db.execute(
                f"DELETE FROM keep_apart WHERE key_a IN ({marks}) OR key_b IN ({marks})", [*keys, *keys]).rowcount
        # sources they owned stay (other people's evidence points at them) but lose their path
        db.execute("UPDATE sources SET path='(forgotten)' WHERE owner_n=?", (n,))
        counts["ties_with_others"] = len(pairs)
        counts["introductions"] = len(intro_ids)
        store.bump_generation()
    store.compact()
    return counts


def unforget(store: SQLiteStore, ref: PersonRef) -> int:
    """Lift the suppression of the person who had one of the keys ``ref`` carries (all of that
    person's keys); returns how many keys were lifted."""
    salt = _salt(store)
    with store.write():
        lifted = 0
        for k in ref_keys(ref):
            row = store.db.execute("SELECT grp FROM suppressed WHERE hash=?", (key_hash(salt, k),)).fetchone()
            if row:
                lifted += store.db.execute("DELETE FROM suppressed WHERE grp=?", (row[0],)).rowcount
        return lifted
