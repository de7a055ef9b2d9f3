"""The in-memory store's side of identity resolution (:class:`~pathfinder.store.protocol.IdentityStorage`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pathfinder.model import now
from pathfinder.store.memory_data import PERSON, MemoryBase
from pathfinder.store.protocol import TieRow


class MemoryIdentity(MemoryBase):
    """Identity storage over the in-memory tables."""

    def add_person(self, values: dict[str, Any]) -> int:
        n = int(values.get("n") or self.max_n() + 1)
        self.d.people[n] = {**PERSON, **{k: v for k, v in values.items() if k != "n"}}
        return n

    def fetch_keys(self, keys: list[str]) -> Iterable[tuple[str, int]]:
        return [(k, self.d.keys[k]) for k in keys if k in self.d.keys]

    def fetch_named(self, name_keys: list[str]) -> Iterable[tuple[str, int]]:
        wanted = set(name_keys)
        return [(p["name_key"], n) for n, p in sorted(self.d.people.items()) if p["name_key"] in wanted]

    def fetch_company_last(self, company_keys: list[str]) -> Iterable[tuple[str, str]]:
        wanted = set(company_keys)
        return sorted({(p["company_key"], p["last_key"]) for p in self.d.people.values() if p["company_key"] in wanted})

    def fetch_detailed(self, by_kind: dict[str, list[str]]) -> Iterable[tuple[Any, ...]]:
        wanted = {kind: set(values) for kind, values in by_kind.items()}
        return [(n, p["name_key"], p["phone"], p["birthday"], p["street"], p["postcode"], p["location"])
                for n, p in sorted(self.d.people.items())
                if any(p[kind] and p[kind] in values for kind, values in wanted.items())]

    def fetch_held(self, n: int) -> tuple[Any, ...] | None:
        p = self.d.people.get(n)
        return None if p is None else tuple(p[c] for c in ("name_key", "phone", "birthday", "street", "postcode",
                                                           "location"))

    def at_company(self, company_key: str, last_key: str) -> list[tuple[int, str, str]]:
        return [(n, p["name_key"], p["seniority"]) for n, p in sorted(self.d.people.items())
                if p["company_key"] == company_key and p["last_key"] == last_key]

    def with_url(self, ns: list[int]) -> set[int]:
        wanted = set(ns)
        return {n for k, n in self.d.keys.items() if n in wanted and k.startswith("li:")}

    def with_name(self, ns: list[int]) -> set[int]:
        return {n for n in ns if n in self.d.people and self.d.people[n]["name_key"]}

    def keys_of(self, n: int) -> list[str]:
        return sorted(k for k, holder in self.d.keys.items() if holder == n)

    def team(self) -> dict[int, str]:
        return dict(self.d.team)

    def max_n(self) -> int:
        return max(self.d.people, default=0)

    def numbers_of(self, ids: list[str]) -> dict[str, int]:
        wanted = set(ids)
        return {p["id"]: n for n, p in self.d.people.items() if p["id"] in wanted}

    def kept_apart(self) -> list[tuple[str, str]]:
        return sorted(self.d.keep_apart)

    def suppressed(self) -> set[str]:
        return set(self.d.suppressed)

    def insert_people(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            self.add_person(row)

    def update_people(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        for n, values in rows:
            self.d.people[n].update({k: v for k, v in values.items() if v is not None})

    def fill_company(self, rows: list[tuple[int, str, str]]) -> None:
        for n, company, key in rows:
            if not self.d.people[n]["company"]:
                self.d.people[n].update(company=company, company_key=key)

    def set_keys(self, keys: dict[str, int]) -> None:
        self.d.keys.update(keys)

    def add_sightings(self, source_id: int | None, rows: list[tuple[int, str, int, str, str]]) -> None:
        for line, file, n, how, ref in rows:
            self.d.sightings[self.d.next_id()] = {"source_id": source_id, "file": file, "line": line, "n": n,
                                                   "how": how, "ref": ref}

    def person_rows_to(self, gone: int, keep: int) -> None:
        d = self.d
        for table in (d.keys, d.member_keys):
            for key, n in table.items():
                if n == gone:
                    table[key] = keep
        for g in d.sightings.values():
            if g["n"] == gone:
                g["n"] = keep
        for s in d.sources.values():
            if s["owner_n"] == gone:
                s["owner_n"] = keep

    def evidence_ids_of(self, n: int) -> list[tuple[int, int, int]]:
        return [(i, e["a"], e["b"]) for i, e in sorted(self.d.evidence.items()) if n in (e["a"], e["b"])]

    def delete_evidence_ids(self, ids: list[int]) -> None:
        for i in ids:
            self.d.evidence.pop(i, None)

    def repair_evidence(self, rows: list[tuple[int, int, int]]) -> None:
        for i, a, b in rows:
            self.d.evidence[i].update(a=a, b=b)

    def ties_of_person(self, n: int) -> list[tuple[int, float, bool, int]]:
        return [(b if a == n else a, t, u, band) for (a, b), (t, u, band) in sorted(self.d.ties.items()) if n in (a, b)]

    def delete_person(self, n: int) -> None:
        self.d.ties = {p: v for p, v in self.d.ties.items() if n not in p}
        self.d.team.pop(n, None)
        self.d.people.pop(n, None)

    def set_ties(self, rows: list[TieRow]) -> None:
        for a, b, trust, usable, band in rows:
            self.d.ties[(a, b)] = (trust, bool(usable), int(band))

    def set_team(self, n: int, role: str) -> None:
        self.d.team[n] = role

    def add_merge(self, *, kept_n: int, merged_id: str, reason: str, keys: str, source_id: int | None) -> None:
        self.d.merges.append({"id": self.d.next_id(), "kept_n": kept_n, "merged_id": merged_id, "reason": reason,
                              "keys": keys, "source_id": source_id, "at": now()})
