"""Identity resolution on the Neo4j store: the embedded store's :class:`Resolver`, with its reads
sent as Cypher and its writes held back and sent in batches.

Only the reads change: which people and keys exist. A write held back is invisible to the
server, so every read that could see one (people by name, people at a company, a person's keys)
first sends what is pending; the rest are answered from what the import already read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pathfinder.identity.details import Details, details
from pathfinder.identity.resolve import GUESSED, NO_DETAILS, Resolver, fill_guess, final, merged_role, now
from pathfinder.model import ImportSummary

if TYPE_CHECKING:
    from pathfinder.store.neo4j import Neo4jStore

PERSON_DEFAULTS = {"name": "", "name_key": "", "last_key": "", "email": "", "profile_url": "", "company": "",
                   "company_key": "", "title": "", "seniority": "", "functions": "", "location": "",
                   "phone": "", "birthday": "", "street": "", "postcode": "", "no_intro": False}


class Neo4jResolver(Resolver):
    def __init__(self, store: Neo4jStore, summary: ImportSummary) -> None:
        self.store = store
        self.updates: dict[int, dict[str, Any]] = {}
        self.name_checked: set[int] = set()
        super().__init__(None, summary)

    def _load_rules(self) -> tuple[set[tuple[str, str]], str, set[str]]:
        kept_apart = {(r["key_a"], r["key_b"]) for r in self.store.run("keep_apart")}
        salt = self.store._meta("salt")
        suppressed = {r["hash"] for r in self.store.run("suppressed")} if salt else set()
        return kept_apart, str(salt) if salt else "", suppressed

    # --- reads ------------------------------------------------------------------------------

    def _fetch_company_last(self, companies: list[str]) -> Iterable[tuple[str, str]]:
        return [(r["company_key"], last) for r in self.store.run("company_last_names", companies=companies)
                for last in r["last_keys"]]

    def _fetch_keys(self, keys: list[str]) -> Iterable[tuple[str, int]]:
        self.flush()
        return [(r["key"], r["n"]) for r in self.store.run("keys_lookup", keys=keys)]

    def prefetch(self, refs: Iterable[Any]) -> None:
        """Besides keys and company names, read which of the people found already have a name
        and a profile URL, so matching them needs no further round trip."""
        super().prefetch(refs)
        found = sorted({n for n in self.keys.values() if n} - self.name_checked)
        if found:
            self.named.update(r["n"] for r in self.store.run("people_with_names", ns=found))
            self.name_checked.update(found)
            with_url = {r["n"] for r in self.store.run("people_with_url", ns=found)}
            self.with_url.update((n, n in with_url) for n in found)

    def _fetch_detailed(self, by_kind: dict[str, list[str]]) -> Iterable[tuple[Any, ...]]:
        self.flush()
        return [tuple(r.values()) for r in self.store.run(
            "people_with_details", phones=by_kind["phone"], birthdays=by_kind["birthday"], postcodes=by_kind["postcode"])]

    def _fetch_held(self, n: int) -> tuple[str, Details]:
        found = self.store.run("person_details", n=n)
        if not found:
            return "", NO_DETAILS
        r = {**found[0], **self.updates.get(n, {})}  # with the changes not sent yet
        return r["name_key"], details(r["phone"], r["birthday"], r["street"], r["postcode"], r["location"])

    def _keys_of(self, n: int) -> set[str]:
        self.flush()
        return {r["key"] for r in self.store.run("keys_of_person", n=n)}

    def _has_url(self, n: int) -> bool:
        if n not in self.with_url:
            self.flush()
            self.with_url[n] = bool(self.store.run("people_with_url", ns=[n]))
        return self.with_url[n]

    def _fetch_named(self, nkeys: list[str]) -> Iterable[tuple[str, int]]:
        return [(r["name_key"], r["n"]) for r in self.store.run("people_named", name_keys=nkeys)]

    def _describe(self, ns: list[int]) -> list[str]:
        return [f"{p.name} ({p.company or '?'})" for p in self.store.people(ns).values()]

    def _at_company(self, ckey: str, last: str) -> list[tuple[int, str, str]]:
        self.flush()
        return [(r["n"], r["name_key"], r["seniority"])
                for r in self.store.run("people_at_company_last", company_key=ckey, last_key=last)]

    def _fetch_team(self) -> set[int]:
        return set(self.store.team())

    def _has_name(self, n: int) -> bool:
        if n in self.creates or n in self.name_checked:
            return n in self.named
        self.flush()
        self.name_checked.add(n)
        return bool(self.store.run("people_with_names", ns=[n]))

    # --- writes, held back ----------------------------------------------------------------------

    def _max_n(self) -> int:
        return self.store.max_n()

    def _write_update(self, n: int, values: dict[str, str]) -> None:
        if n in self.creates:
            self.creates[n].update(values)
            fill_guess(self.creates[n])
        else:
            self.updates.setdefault(n, {}).update(values)

    def _set_key(self, key: str, n: int) -> None:
        self.pending_keys[key] = n
        self.keys[key] = n
        if key.startswith("li:") and n:
            self.with_url[n] = True

    def flush(self) -> None:
        """Send the held-back people, changes and keys."""
        super().flush()
        if self.updates:
            guesses = [{"n": n, "company": v.pop(GUESSED[0]), "company_key": v.pop(GUESSED[1])}
                       for n, v in self.updates.items() if GUESSED[0] in v]
            self.store.run_batched("update_people", [{"n": n, "values": v} for n, v in self.updates.items() if v])
            self.store.run_batched("fill_company", guesses)
            self.updates.clear()

    def _insert_people(self, rows: list[dict[str, Any]]) -> None:
        self.store.run_batched("create_people", [{**PERSON_DEFAULTS, **{k: v for k, v in row.items() if k != "_key"}}
                                                 for row in rows])

    def _insert_keys(self, keys: dict[str, int]) -> None:
        self.store.run_batched("set_keys", [{"key": k, "n": n} for k, n in keys.items()])

    def _taken_ids(self, ids: list[str]) -> set[str]:
        taken: set[str] = set()
        for i in range(0, len(ids), 5000):
            taken.update(self.store._person(r).id for r in self.store.run("people_by_ids", ids=ids[i:i + 5000]))
        return taken

    def _merge(self, *, keep: int, gone: int, reason: str) -> None:
        """Fold person ``gone`` into ``keep`` (see :meth:`Resolver._merge`)."""
        store = self.store
        self.flush()
        gone_row = store.people([gone])[gone]
        moved_keys = sorted(self._keys_of(gone))
        roles = store.team()
        role = roles.get(gone)
        store.run("move_person_rows", gone=gone, keep=keep)
        for key, holder in self.keys.items():
            if holder == gone:
                self.keys[key] = keep
        self.with_url[keep] = self._has_url(keep) or self._has_url(gone)
        repaired, dropped = [], []
        for r in store.run("evidence_of_person", n=gone):
            a2, b2 = (keep if r["a"] == gone else r["a"]), (keep if r["b"] == gone else r["b"])
            if a2 == b2:
                dropped.append(r["id"])
            else:
                repaired.append({"id": r["id"], "a": min(a2, b2), "b": max(a2, b2)})
        store.run("delete_evidence_ids", ids=dropped)
        store.run_batched("repair_evidence", repaired)
        ties = [(r["other"], r["trust"], r["usable"]) for r in store.run("ties_of_person", n=gone)]
        store.run("person_delete", n=gone)
        moved = []
        for other, trust, usable in ties:
            if other != keep:  # trust is recomputed for the moved pair at the end of the import
                pair = (min(keep, other), max(keep, other))
                moved.append({"a": pair[0], "b": pair[1], "trust": trust, "usable": usable})
                self.moved_pairs.add(pair)
        store.run_batched("set_ties", moved)
        if role:
            store.run("set_team_role", n=keep, role=merged_role(role, roles.get(keep)))
            self._team = None
        merge_id = store.allocate("merges", 1)
        store.run("add_merge", row={"id": merge_id, "kept_n": keep, "merged_id": gone_row.id, "reason": reason,
                                    "keys": json.dumps(moved_keys), "source_id": self.source_id, "at": now()})
        self.remap[gone] = keep
        self.summary.people_merged += 1

    def write_sightings(self) -> None:
        if not self.sightings:
            return
        first = self.store.allocate("sightings", len(self.sightings))
        self.store.run_batched("add_sightings", [
            {"id": first + i, "source_id": self.source_id, "file": file, "line": line,
             "n": final(self.remap, n), "how": how, "ref": ref}
            for i, (line, file, n, how, ref) in enumerate(self.sightings)])
