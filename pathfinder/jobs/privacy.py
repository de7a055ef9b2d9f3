"""Personal data rights: export everything held about a person, and forget them for good.

``forget`` deletes the person everywhere (person, keys, sightings, evidence, ties, team role,
ledger, merges), overwrites the freed pages and compacts the file, so no trace of their name,
email or profile URL stays in the store's files. What remains is a suppression list of salted
hashes of their keys, so importing the same exports again does not bring them back; ``forget``
with ``undo`` lifts it.
"""

from __future__ import annotations

import json
import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pathfinder.identity.companies import fallback_key
from pathfinder.identity.keys import (
    clean_name,
    identity_keys,
    key_hash,
    name_key,
    normalize_email,
    normalize_profile_url,
)
from pathfinder.identity.rules import AMBIGUOUS
from pathfinder.model import now
from pathfinder.records import PersonRef

if TYPE_CHECKING:
    from pathfinder.store import Store


def _salt(store: Store) -> str:
    salt = store.get_meta("salt")
    if salt:
        return salt
    salt = secrets.token_hex(16)
    store.set_meta("salt", salt)
    return salt


def ref_keys(ref: PersonRef) -> list[str]:
    keys = identity_keys(ref)
    if clean_name(ref.first_name, ref.last_name, ref.name):
        keys.append(fallback_key(ref))
    return keys


def export_person(store: Store, n: int) -> dict[str, Any]:
    """Everything the store holds about person ``n`` (the right of access)."""
    from pathfinder.identity.merges import explain_person

    info = explain_person(store, n)
    person = store.people([n])[n]
    info.update({"email": person.email, "profile_url": person.profile_url, "location": person.location,
                 **store.contact_details(n), "never_ask": n in set(store.no_intro())})
    ties = store.ties_of(n, limit=1_000_000)
    others = store.people(other for other, _, _ in ties)
    info["ties"] = [{"with": others[other].name, "trust": round(trust, 4),
                     "evidence": store.evidence_with_provenance(n, other)} for other, trust, _ in ties]
    info["team_role"] = store.team().get(n)
    roles = ("rep", "introducer", "target")
    info["introductions"] = [{"id": r[0], "status": r[5], "created_at": r[6], "role": roles[r[1:4].index(n)]}
                             for r in store.intro_rows() if n in r[1:4]]
    return info


FORGOTTEN = "(forgotten)"


def forget(store: Store, n: int) -> dict[str, int]:
    """Remove person ``n`` everywhere and suppress their keys; returns what was deleted.

    Also gone: the people known only by the same full name (a "Referred By" name becomes such a
    person), and every mention of their names, emails and profile URLs in what stays (others'
    evidence, notes, the paths of files named after them), each replaced by "(forgotten)"."""
    with store.write():
        salt = _salt(store)
        group = secrets.token_hex(8)  # one forgotten person: undo lifts all their keys together
        names, keys = _names_and_keys(store, n)
        counts: dict[str, int] = {}
        every_key = set(keys)
        for m in [n, *_known_only_by_name(store, n, names)]:
            mine = set(store.keys_of(m)) | keys if m == n else set(store.keys_of(m))
            every_key |= mine
            erased = store.erase_person(m, sorted(mine), [(key_hash(salt, k), group, now()) for k in sorted(mine)])
            for what, count in erased.items():
                counts[what] = counts.get(what, 0) + count
        store.drop_keys(_names_nobody_has_now(store, every_key))
        patterns = _mention_patterns(names, keys)
        found = store.mentions(sorted({w for w, _ in patterns}))
        rewritten = [(field, where, _scrubbed(text, patterns)) for field, where, text in found]
        rewritten = [row for row, (_, _, before) in zip(rewritten, found) if row[2] != before]
        store.rewrite_mentions(rewritten)
        counts["mentions"] = len(rewritten)
        store.set_meta(PENDING, now())  # until the file is compacted: `check` finishes the job
    counts["migration_backups"] = _remove_migration_backups(store)
    finish_pending(store)
    return counts


#: meta key: a forget deleted rows whose old pages are still in the file
PENDING = "compact_pending"


def finish_pending(store: Store) -> bool:
    """Compact the store when a forget left it to do (StoreLocked while a reader holds it)."""
    if not store.get_meta(PENDING):
        return False
    store.compact()
    with store.write():
        store.set_meta(PENDING, "")
    return True


def _remove_migration_backups(store: Store) -> int:
    """The copies a schema migration of an older pathfinder left beside the store hold everyone
    as they were: removed (the store itself is migrated)."""
    gone = 0
    for copy in store.path.parent.glob(store.path.name + ".schema*.bak"):
        copy.unlink(missing_ok=True)
        gone += 1
    return gone


def remember_backup(store: Store, path: Path) -> None:
    made = json.loads(store.get_meta("backups") or "[]")
    made.append([str(path.resolve()), now()])
    with store.write():
        store.set_meta("backups", json.dumps(made))


def backups_made(store: Store) -> list[Path]:
    return [Path(p) for p, _ in json.loads(store.get_meta("backups") or "[]") if Path(p).exists()]


def _names_and_keys(store: Store, n: int) -> tuple[set[str], set[str]]:
    """The full names person ``n`` goes by (as stored, and as each export wrote them) and all
    their identity keys."""
    names = {store.people([n])[n].name}
    keys = set(store.keys_of(n))
    for *_, ref in store.sightings_of(n):
        seen = json.loads(ref)
        keys.update(seen.get("keys", []))
        names.add(clean_name(seen.get("first_name", ""), seen.get("last_name", ""), seen.get("name", "")))
    return {x for x in names if len(x.split()) >= 2}, keys  # one word alone would hit other people


def _known_only_by_name(store: Store, n: int, names: set[str]) -> list[int]:
    """Other people with one of ``names`` and nothing else to tell who they are (no email,
    profile URL or CRM id): the same person, met as a name (a referrer, a manual entry)."""
    found = {m for _, m in store.fetch_named(sorted({name_key(x) for x in names})) if m != n}
    return sorted(m for m in found if all(k.startswith("name:") for k in store.keys_of(m)))


def _names_nobody_has_now(store: Store, keys: set[str]) -> list[str]:
    """Name keys still marked as shared by several people (no one person) that nobody left in
    the store has: the mark only remembers the forgotten name."""
    held = {k for k, holder in store.fetch_keys(sorted(k for k in keys if k.startswith("name:"))) if holder == AMBIGUOUS}
    still = {name for name, _ in store.fetch_named(sorted({k[5:].split("|")[0] for k in held}))}
    return sorted(k for k in held if k[5:].split("|")[0] not in still)


def _mention_patterns(names: set[str], keys: set[str]) -> list[tuple[str, re.Pattern[str]]]:
    """(a lower-case word to look for, the pattern that finds the mention) per name, email and
    profile URL: a name also as "Last, First", with dashes, dots or underscores between its
    words (a file named after the person), and as JSON writes a name with accents."""
    found: list[tuple[str, re.Pattern[str]]] = []
    for name in names:
        words = name.split()
        for order in (words, words[-1:] + words[:-1]):
            for spelled in {" ".join(order), json.dumps(" ".join(order))[1:-1]}:
                parts = [re.escape(w) for w in spelled.split(" ")]
                found.append((max(spelled.lower().split(" "), key=len),
                              re.compile(r"[\s._,-]*".join(parts), re.IGNORECASE)))
    for key in keys:
        kind, _, value = key.partition(":")
        if kind in ("email", "url") and value:
            found.append((value.lower(), re.compile(re.escape(value), re.IGNORECASE)))
    return found


def _scrubbed(text: str, patterns: list[tuple[str, re.Pattern[str]]]) -> str:
    for _, pattern in patterns:
        text = pattern.sub(FORGOTTEN, text)
    return text


def forgotten_ref(text: str) -> PersonRef:
    """What a user types to name a forgotten person: the email or profile URL they had, or
    "Name, Company"."""
    if normalize_email(text):
        return PersonRef(email=text)
    if normalize_profile_url(text):
        return PersonRef(profile_url=text)
    name, _, company = text.partition(",")
    return PersonRef(name=name.strip(), company=company.strip())


def unforget(store: Store, ref: PersonRef) -> int:
    """Lift the suppression of the person who had one of the keys ``ref`` carries (all of that
    person's keys); returns how many keys were lifted."""
    salt = _salt(store)
    with store.write():
        groups = {g for g in (store.suppression_group(key_hash(salt, k)) for k in ref_keys(ref)) if g}
        return sum(store.lift_suppression(g) for g in sorted(groups))
