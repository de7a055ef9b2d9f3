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
from typing import TYPE_CHECKING, Any

from pathfinder.identity.companies import fallback_key
from pathfinder.identity.keys import clean_name, identity_keys, key_hash, normalize_email, normalize_profile_url
from pathfinder.model import PersonRef, now

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


def forget(store: Store, n: int) -> dict[str, int]:
    """Remove person ``n`` everywhere and suppress their keys; returns what was deleted."""
    with store.write():
        salt = _salt(store)
        keys = set(store.keys_of(n))
        for *_, ref in store.sightings_of(n):
            keys.update(json.loads(ref).get("keys", []))
        group = secrets.token_hex(8)  # one forgotten person: undo lifts all their keys together
        counts = store.erase_person(n, sorted(keys), [(key_hash(salt, k), group, now()) for k in sorted(keys)])
    store.compact()
    return counts


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
