"""What an import's identity resolution writes: new people, keys and changes held back and sent in
batches (:meth:`HeldWrites.flush`; every read that could see them flushes first), the sightings
that explain each match, and the one merge of two people into one, for every store."""

from __future__ import annotations

import json

from pathfinder.identity.details import details
from pathfinder.identity.held import HeldState
from pathfinder.identity.keys import person_id_for
from pathfinder.identity.rules import (
    AMBIGUOUS,
    DETAIL_COLUMNS,
    GUESSED,
    PERSON_COLUMNS,
    REF_FIELDS,
    SIGHTING_JSON,
    fill_guess,
    final,
    merged_role,
)
from pathfinder.records import PersonRef
from pathfinder.store.protocol import TieRow


class HeldWrites(HeldState):
    """The writes of one import's resolution, held back until :meth:`flush`."""

    def flush(self) -> None:
        """Write the held-back new people, keys and changes."""
        if self.creates:
            self._unique_ids()
            blank = dict.fromkeys(PERSON_COLUMNS, "")
            self.storage.insert_people([{**blank, **{k: v for k, v in row.items() if k != "_key"}}
                                        for row in self.creates.values()])
            self.creates.clear()
        if self.pending_keys:
            self.storage.set_keys(self.pending_keys)
            self.pending_keys.clear()
        if self.updates:
            guesses = [(n, v.pop(GUESSED[0]), v.pop(GUESSED[1])) for n, v in self.updates.items() if GUESSED[0] in v]
            self.storage.update_people([(n, v) for n, v in self.updates.items() if v])
            self.storage.fill_company(guesses)
            self.updates.clear()

    def _taken_ids(self, ids: list[str]) -> set[str]:
        """Which of ``ids`` stored people already have."""
        return set(self.storage.numbers_of(ids))

    def _unique_ids(self) -> None:
        """Public ids derive from a person's first key; on the rare clash with a stored id (or an
        earlier new one), derive another from it, stably."""
        while True:
            taken = self._taken_ids([row["id"] for row in self.creates.values()])
            seen: set[str] = set()
            clashed = False
            for row in self.creates.values():
                if row["id"] in taken or row["id"] in seen:
                    row["id"] = person_id_for(row["id"] + row["_key"])
                    clashed = True
                seen.add(row["id"])
            if not clashed:
                return

    def _set_key(self, key: str, n: int) -> None:
        self.pending_keys[key] = n  # new keys, and keys that change hands, are written by flush()
        self.keys[key] = n
        if key.startswith("li:") and n != AMBIGUOUS:
            self.with_url[n] = True

    def _sight(self, ref: PersonRef, n: int, how: str, line: int, file: str, keys: list[str], nkey: str) -> None:
        """Remember that ``ref`` (a row, or line 0: an export's owner) was person ``n``, and how."""
        seen_as = {f: getattr(ref, f) for f in REF_FIELDS if getattr(ref, f)}
        seen_as["keys"] = keys + ([nkey] if nkey else [])
        self.sightings.append((line, file, n, how, SIGHTING_JSON(seen_as)))

    def forget_cache(self) -> None:
        """Drop what was read of the store (after a change made around the resolver: a split)."""
        self.flush()
        for cache in (self.keys, self.with_url, self.by_name, self.detailed, self.with_detail, self.resolved):
            cache.clear()
        self.named.clear()
        self.details_read.clear()
        self.company_checked.clear()
        self.name_at_company.clear()
        self._team = None
        self.next_n = None

    def new_number(self) -> int:
        """The number of the next new person. A number a merge freed in this import is never
        given again: the import's own renumbering (:attr:`remap`) still points it at another person."""
        if self.next_n is None:
            self.next_n = max(self.storage.max_n(), max(self.remap, default=0)) + 1
        n, self.next_n = self.next_n, self.next_n + 1
        return n

    def _create(self, first_key: str, values: dict[str, str]) -> int:
        """A new person, held back until :meth:`flush`: their number, the next free one."""
        n = self.new_number()
        self.creates[n] = {**values, "n": n, "id": person_id_for(first_key), "_key": first_key}
        fill_guess(self.creates[n])
        if values.get("name_key"):
            self.named.add(n)
            self._name_known(n, values["name_key"])
        return n

    def _update(self, n: int, values: dict[str, str]) -> None:
        """Later rows win for what changes (company, title); a name and the contact details are
        only filled in where missing (the first ones seen stay the evidence to match on)."""
        if any(values.get(c) for c in DETAIL_COLUMNS):
            if n in self.creates:
                held = {c for c in DETAIL_COLUMNS if self.creates[n].get(c)}
            else:
                name_key_n, have = self._held(n)
                held = {c for c in DETAIL_COLUMNS if getattr(have, c)}
                filled = {c: values[c] for c in DETAIL_COLUMNS if values.get(c) and c not in held}
                self.detailed[n] = (name_key_n, details(**{**have._asdict(), **filled}))
            values = {k: v for k, v in values.items() if k not in held}
        if not values.get("name_key"):
            values.pop("name", None)  # a label (no name given) never replaces what a person is called
        elif n in self.named or self._has_name(n):
            self.named.add(n)
            values = {k: v for k, v in values.items() if k not in ("name", "name_key", "last_key")}
        else:  # the first name this person is given
            self.named.add(n)
            self._name_known(n, values["name_key"])
            if n in self.detailed:
                self.detailed[n] = (values["name_key"], self.detailed[n][1])
        if values:
            self._write_update(n, values)

    def _name_known(self, n: int, nkey: str) -> None:
        if nkey in self.by_name:
            self.by_name[nkey].add(n)

    def _write_update(self, n: int, values: dict[str, str]) -> None:
        if n in self.creates:
            self.creates[n].update(values)
            fill_guess(self.creates[n])
        else:
            self.updates.setdefault(n, {}).update(values)

    def _merge(self, *, keep: int, gone: int, reason: str) -> None:
        """Fold person ``gone`` into ``keep``: keys, own keys, sightings, exports, evidence, ties
        and team role move over; the merge is recorded with the keys that came with it."""
        storage = self.storage
        self.flush()
        gone_id = storage.people([gone])[gone].id
        moved_keys = sorted(self._keys_of(gone))
        roles = storage.team()
        storage.person_rows_to(gone, keep)
        for key, holder in self.keys.items():
            if holder == gone:
                self.keys[key] = keep
        self.with_url[keep] = self._has_url(keep) or self._has_url(gone)
        repaired, dropped = [], []
        for eid, a, b in storage.evidence_ids_of(gone):
            a2, b2 = (keep if a == gone else a), (keep if b == gone else b)
            if a2 == b2:
                dropped.append(eid)
            else:
                repaired.append((eid, min(a2, b2), max(a2, b2)))
        storage.delete_evidence_ids(dropped)
        storage.repair_evidence(repaired)
        ties = storage.ties_of_person(gone)
        storage.delete_person(gone)
        moved: list[TieRow] = []
        for other, trust, usable, band in ties:
            if other != keep:  # trust is recomputed for the moved pair at the end of the import
                pair = (min(keep, other), max(keep, other))
                moved.append((*pair, trust, usable, band))
                self.moved_pairs.add(pair)
        storage.set_ties(moved)
        if gone in roles:
            storage.set_team(keep, merged_role(roles[gone], roles.get(keep)))
            self._team = None
        storage.add_merge(kept_n=keep, merged_id=gone_id, reason=reason, keys=json.dumps(moved_keys),
                          source_id=self.source_id)
        self.remap[gone] = keep
        self.summary.people_merged += 1

    def write_sightings(self) -> None:
        """Store how each record was matched (after merges, so every sighting names a live person)."""
        self.storage.add_sightings(self.source_id, [(line, file, final(self.remap, n), how, ref)
                                                    for line, file, n, how, ref in self.sightings])
