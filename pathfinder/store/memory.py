"""A store in memory, for tests and as the proof that :class:`~pathfinder.store.protocol.Store`
is complete: everything pathfinder does runs on it, and the store contract tests run on it beside
the SQLite file and Neo4j. Open it as ``memory:NAME`` (the same name is the same store while the
process lives). A write is a transaction: a failure inside it leaves the store as it was.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pathfinder.errors import PathfinderError
from pathfinder.model import Evidence, PersonRow, now
from pathfinder.store.protocol import COPIED_META, EvidenceRow, Pair, SightingRow, Tables

AMBIGUOUS = 0
PERSON = {"id": "", "name": "", "name_key": "", "last_key": "", "email": "", "profile_url": "", "company": "",
          "company_key": "", "title": "", "seniority": "", "functions": "", "location": "", "no_intro": 0,
          "phone": "", "birthday": "", "street": "", "postcode": ""}
ROW = ("n", "id", "name", "email", "profile_url", "company", "title", "seniority", "functions", "location")
TABLES = ("people", "person_keys", "sources", "team", "member_keys", "evidence", "ties", "merges", "sightings",
          "keep_apart", "intros", "intro_events", "suppressed")
_STORES: dict[str, MemoryStore] = {}


@dataclass
class _Data:
    people: dict[int, dict[str, Any]] = field(default_factory=dict)
    keys: dict[str, int] = field(default_factory=dict)
    member_keys: dict[str, int] = field(default_factory=dict)
    sources: dict[int, dict[str, Any]] = field(default_factory=dict)
    team: dict[int, str] = field(default_factory=dict)
    evidence: dict[int, dict[str, Any]] = field(default_factory=dict)
    ties: dict[Pair, tuple[float, bool]] = field(default_factory=dict)
    merges: list[dict[str, Any]] = field(default_factory=list)
    sightings: dict[int, dict[str, Any]] = field(default_factory=dict)
    keep_apart: set[tuple[str, str]] = field(default_factory=set)
    intros: dict[int, dict[str, Any]] = field(default_factory=dict)
    intro_events: list[dict[str, Any]] = field(default_factory=list)
    suppressed: dict[str, tuple[str, str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=lambda: {"generation": "0"})
    last_id: int = 0

    def next_id(self) -> int:
        self.last_id += 1
        return self.last_id


def open_memory(name: str) -> MemoryStore:
    """The in-memory store called ``name`` (made empty the first time)."""
    if name not in _STORES:
        _STORES[name] = MemoryStore(name)
    return _STORES[name]


class MemoryStore:
    backend = "memory"

    def __init__(self, name: str) -> None:
        self.name = name
        self.d = _Data()
        self.path = Path(tempfile.mkdtemp(prefix="pathfinder-memory-")) / "memory.db"  # the index's place
        self._in_write = False

    # --- transactions and settings ----------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[None]:
        if self._in_write:
            raise PathfinderError("nested write transactions are not supported")
        saved = copy.deepcopy(self.d)
        self._in_write = True
        try:
            yield
        except BaseException:
            self.d = saved
            raise
        finally:
            self._in_write = False

    @property
    def generation(self) -> int:
        return int(self.d.meta["generation"])

    def bump_generation(self) -> None:
        self.d.meta["generation"] = str(self.generation + 1)

    def get_meta(self, key: str) -> str | None:
        return self.d.meta.get(key)

    def set_meta(self, key: str, value: str) -> None:
        self.d.meta[key] = str(value)

    def close(self) -> None:
        """Nothing to close: the store lives as long as the process."""

    def init_schema(self) -> None:
        """Nothing to make."""

    def backup(self, target: str | os.PathLike[str]) -> None:
        raise PathfinderError("An in-memory store has no file to back up; copy it with `pathfinder migrate`.")

    def compact(self) -> None:
        """Nothing on disk to compact."""

    def stats(self) -> dict[str, int]:
        d = self.d
        return {"people": len(d.people), "ties": len(d.ties), "evidence": len(d.evidence), "sources": len(d.sources),
                "team": len(d.team), "generation": self.generation}

    def consistency(self) -> list[str]:
        d = self.d
        counts = {
            "evidence about a person who does not exist":
                sum(1 for e in d.evidence.values() if e["a"] not in d.people or e["b"] not in d.people),
            "evidence from a file that is not in the sources":
                sum(1 for e in d.evidence.values() if e["source_id"] not in d.sources),
            "ties between people who do not exist":
                sum(1 for a, b in d.ties if a not in d.people or b not in d.people),
            "ties whose trust is outside (0, 1)": sum(1 for t, _ in d.ties.values() if not 0 < t < 1),
            "identity keys of people who do not exist":
                sum(1 for n in d.keys.values() if n != AMBIGUOUS and n not in d.people),
            "sightings of people who do not exist": sum(1 for g in d.sightings.values() if g["n"] not in d.people),
            "team members who do not exist": sum(1 for n in d.team if n not in d.people),
            "team members' own keys of people who do not exist": sum(1 for n in d.member_keys.values()
                                                                    if n not in d.people),
        }
        if self.get_meta("generated") != "1":
            pairs = {(e["a"], e["b"]) for e in d.evidence.values()}
            counts["ties with no evidence behind them"] = sum(1 for p in d.ties if p not in pairs)
        return [f"{count} {what}" for what, count in counts.items() if count]

    # --- people -------------------------------------------------------------------------------

    def _row(self, n: int) -> PersonRow:
        p = self.d.people[n]
        return PersonRow(n, *(p[c] for c in ROW[1:]))

    def people(self, ns: Iterable[int]) -> dict[int, PersonRow]:
        return {n: self._row(n) for n in dict.fromkeys(ns) if n in self.d.people}

    def all_people(self) -> Iterator[PersonRow]:
        return iter([self._row(n) for n in sorted(self.d.people)])

    def people_filtered(self, *, company_keys: list[str] | None = None,
                        seniorities: list[str] | None = None) -> Iterator[PersonRow]:
        return iter([self._row(n) for n, p in sorted(self.d.people.items())
                     if (company_keys is None or p["company_key"] in company_keys)
                     and (seniorities is None or p["seniority"] in seniorities)])

    def people_with_last_name(self, last_key: str) -> list[tuple[PersonRow, str]]:
        found = sorted((p["id"], n) for n, p in self.d.people.items() if p["last_key"] == last_key)
        return [(self._row(n), self.d.people[n]["name_key"]) for _, n in found[:5000]]

    def names_like(self, prefix: str) -> list[str]:
        return sorted({p["name"] for p in self.d.people.values() if p["name_key"].startswith(prefix)})[:2000]

    def _degree(self) -> dict[int, int]:
        degree: dict[int, int] = {}
        for a, b in self.d.ties:
            degree[a] = degree.get(a, 0) + 1
            degree[b] = degree.get(b, 0) + 1
        return degree

    def search_people(self, text: str, *, limit: int = 10) -> list[PersonRow]:
        degree = self._degree()
        found = [(-degree.get(n, 0), p["id"], n) for n, p in self.d.people.items()
                 if text in p["name_key"] or text in p["company_key"]]
        return [self._row(n) for *_, n in sorted(found)[:limit]]

    def companies_containing(self, key: str, *, limit: int) -> list[tuple[str, str]]:
        return [(p["company_key"], p["company"]) for p in self.d.people.values()
                if key in p["company_key"] and p["company"]][:limit]

    def titles_containing(self, text: str, *, limit: int) -> list[tuple[str, int]]:
        groups: dict[str, list[str]] = {}
        for p in self.d.people.values():
            if p["title"] and text.lower() in p["title"].lower():
                groups.setdefault(p["title"].lower(), []).append(p["title"])
        return sorted(((min(t), len(t)) for t in groups.values()), key=lambda x: (-x[1], x[0]))[:limit]

    def companies(self) -> list[tuple[int, str, str]]:
        return [(n, p["company"], p["company_key"]) for n, p in sorted(self.d.people.items()) if p["company"]]

    def node_attributes(self) -> Iterator[tuple[int, str, str]]:
        return iter([(n, p["company_key"], p["seniority"]) for n, p in sorted(self.d.people.items())])

    def account_people(self, company_keys: list[str]) -> list[tuple[str, int, str, str]]:
        return [(p["company_key"], n, p["title"], p["seniority"]) for n, p in sorted(self.d.people.items())
                if p["company_key"] in company_keys]

    def id_order(self) -> list[tuple[int, str]]:
        return sorted(((n, p["id"]) for n, p in self.d.people.items()), key=lambda x: x[1])

    def no_intro(self) -> list[int]:
        return [n for n, p in sorted(self.d.people.items()) if p["no_intro"]]

    def set_no_intro(self, n: int, value: bool) -> None:
        with self.write():
            self.d.people[n]["no_intro"] = int(value)
            self.bump_generation()

    def add_person(self, values: dict[str, Any]) -> int:
        n = int(values.get("n") or self.max_n() + 1)
        self.d.people[n] = {**PERSON, **{k: v for k, v in values.items() if k != "n"}}
        return n

    def update_person(self, n: int, values: dict[str, str]) -> None:
        self.d.people[n].update(values)

    def contact_details(self, n: int) -> dict[str, str]:
        p = self.d.people.get(n, PERSON)
        return {c: p[c] for c in ("phone", "birthday", "street", "postcode")}

    # --- ties, evidence and where it came from -------------------------------------------------

    def ties(self, *, usable_only: bool = False) -> Iterator[tuple[int, int, float]]:
        return iter([(a, b, t) for (a, b), (t, u) in sorted(self.d.ties.items()) if u or not usable_only])

    def ties_of(self, n: int, *, limit: int) -> list[tuple[int, float, bool]]:
        found = [(b if a == n else a, t, u) for (a, b), (t, u) in self.d.ties.items() if n in (a, b)]
        return sorted(found, key=lambda x: (-x[1], x[0]))[:limit]

    def existing_ties(self, pairs: set[Pair]) -> set[Pair]:
        return {p for p in pairs if p in self.d.ties}

    def delete_ties(self, pairs: list[Pair]) -> None:
        for p in pairs:
            self.d.ties.pop(p, None)

    def evidence_of(self, pairs: list[Pair]) -> dict[Pair, list[Evidence]]:
        out: dict[Pair, list[Evidence]] = {p: [] for p in pairs}
        for _, e in sorted(self.d.evidence.items()):
            if (e["a"], e["b"]) in out:
                out[(e["a"], e["b"])].append(Evidence(e["kind"], e["date"], json.loads(e["data"])))
        return out

    def evidence_with_provenance(self, a: int, b: int) -> list[dict[str, object]]:
        a, b = min(a, b), max(a, b)
        out: list[dict[str, object]] = []
        for _, e in sorted(self.d.evidence.items()):
            if (e["a"], e["b"]) == (a, b):
                s = self.d.sources[e["source_id"]]
                owner = self.d.people.get(s["owner_n"], PERSON)["name"]
                where = (f"{s['path']}/{e['file']}" if e["file"] else s["path"]) + (f":{e['line']}" if e["line"] else "")
                out.append({"kind": e["kind"], "date": e["date"], "data": json.loads(e["data"]), "source": where,
                            "owner": owner})
        return out

    def client_evidence(self) -> Iterable[tuple[int, int, str, str]]:
        return [(e["a"], e["b"], e["kind"], e["data"]) for _, e in sorted(self.d.evidence.items())
                if e["kind"] == "deal" or (e["kind"] == "relationship" and '"tier": "client"' in e["data"])]

    def source_id(self, sha256: str, owner_n: int) -> int | None:
        return next((i for i, s in sorted(self.d.sources.items()) if s["sha256"] == sha256 and s["owner_n"] == owner_n),
                    None)

    def add_source(self, *, sha256: str, owner_n: int, role: str, path: str, format: str, rows: int,
                   records: int) -> int:
        i = self.d.next_id()
        self.d.sources[i] = {"id": i, "sha256": sha256, "owner_n": owner_n, "role": role, "path": path,
                             "format": format, "imported_at": now(), "rows": rows, "records": records}
        return i

    def add_evidence(self, rows: list[EvidenceRow]) -> None:
        for source_id, file, line, a, b, kind, d, data in rows:
            i = self.d.next_id()
            self.d.evidence[i] = {"id": i, "source_id": source_id, "file": file, "line": line, "a": a, "b": b,
                                  "kind": kind, "date": d, "data": data}

    def delete_evidence(self, source_id: int, pair: Pair, kind: str) -> None:
        for i, e in list(self.d.evidence.items()):
            if (e["source_id"], e["a"], e["b"], e["kind"]) == (source_id, *pair, kind):
                del self.d.evidence[i]

    def evidence_at(self, source_id: int, file: str, line: int, n: int) -> list[tuple[int, int, int]]:
        return [(i, e["a"], e["b"]) for i, e in sorted(self.d.evidence.items())
                if (e["source_id"], e["file"], e["line"]) == (source_id, file, line) and n in (e["a"], e["b"])]

    # --- who is who ------------------------------------------------------------------------------

    def point_keys(self, keys: dict[str, int]) -> None:
        self.d.keys.update(keys)

    def sightings_of(self, n: int) -> list[tuple[str, str, int, str, str, str]]:
        found = sorted((g["source_id"], g["file"], g["line"], i) for i, g in self.d.sightings.items() if g["n"] == n)
        out = []
        for source_id, file, line, i in found:
            s, g = self.d.sources[source_id], self.d.sightings[i]
            out.append((s["path"], file, line, self.d.people.get(s["owner_n"], PERSON)["name"], g["how"], g["ref"]))
        return out

    def sighting_rows(self, n: int) -> list[SightingRow]:
        return [(i, g["source_id"], g["file"], g["line"], g["ref"]) for i, g in sorted(self.d.sightings.items())
                if g["n"] == n]

    def move_sightings(self, ids: list[int], n: int) -> None:
        for i in ids:
            self.d.sightings[i]["n"] = n

    def merges_into(self, n: int) -> list[tuple[str, str, str, str]]:
        return [(m["merged_id"], m["reason"], m["keys"], m["at"]) for m in self.d.merges if m["kept_n"] == n]

    def add_keep_apart(self, pairs: list[tuple[str, str]]) -> None:
        self.d.keep_apart.update(pairs)

    def drop_keep_apart(self, keys_a: list[str], keys_b: list[str]) -> None:
        self.d.keep_apart -= {p for a in keys_a for b in keys_b for p in ((a, b), (b, a))}

    def member_keys(self) -> dict[int, set[str]]:
        out: dict[int, set[str]] = {}
        for key, n in self.d.member_keys.items():
            out.setdefault(n, set()).add(key)
        return out

    def add_member_keys(self, keys: dict[str, int]) -> None:
        self.d.member_keys.update(keys)

    def sighting_owners(self, ns: list[int]) -> dict[int, set[int]]:
        wanted, out = set(ns), dict[int, set[int]]()
        for g in self.d.sightings.values():
            if g["n"] in wanted:
                out.setdefault(g["n"], set()).add(self.d.sources[g["source_id"]]["owner_n"])
        return out

    def contacts_brought(self) -> dict[int, int]:
        people: dict[int, set[int]] = {}
        for e in self.d.evidence.values():
            s = self.d.sources[e["source_id"]]
            if s["sha256"] != "manual" and s["owner_n"] in (e["a"], e["b"]):
                people.setdefault(s["owner_n"], set()).add(e["b"] if e["a"] == s["owner_n"] else e["a"])
        return {n: len(p) for n, p in people.items()}

    def exports_of(self) -> dict[int, int]:
        out: dict[int, int] = {}
        for s in self.d.sources.values():
            if s["sha256"] != "manual":
                out[s["owner_n"]] = out.get(s["owner_n"], 0) + 1
        return out

    def bare_names(self, names: list[str] | None) -> dict[str, int]:
        keys = (f"name:{x}|" for x in names) if names is not None else (
            k for k in self.d.keys if k.startswith("name:") and k.endswith("|"))
        return {k[5:-1]: self.d.keys[k] for k in keys if self.d.keys.get(k, AMBIGUOUS) != AMBIGUOUS}

    # --- identity storage (pathfinder.identity.resolve) --------------------------------------------

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

    def ties_of_person(self, n: int) -> list[tuple[int, float, bool]]:
        return [(b if a == n else a, t, u) for (a, b), (t, u) in sorted(self.d.ties.items()) if n in (a, b)]

    def delete_person(self, n: int) -> None:
        self.d.ties = {p: v for p, v in self.d.ties.items() if n not in p}
        self.d.team.pop(n, None)
        self.d.people.pop(n, None)

    def set_ties(self, rows: list[tuple[int, int, float, bool]]) -> None:
        for a, b, trust, usable in rows:
            self.d.ties[(a, b)] = (trust, bool(usable))

    def set_team(self, n: int, role: str) -> None:
        self.d.team[n] = role

    def add_merge(self, *, kept_n: int, merged_id: str, reason: str, keys: str, source_id: int | None) -> None:
        self.d.merges.append({"id": self.d.next_id(), "kept_n": kept_n, "merged_id": merged_id, "reason": reason,
                              "keys": keys, "source_id": source_id, "at": now()})

    # --- the introductions ledger ----------------------------------------------------------------

    def intro_rows(self) -> list[tuple[Any, ...]]:
        return [(i, r["rep_n"], r["introducer_n"], r["target_n"], bool(r["earned"]), r["status"], r["created_at"],
                 r["updated_at"], r["tier"]) for i, r in sorted(self.d.intros.items())]

    def intro_event_rows(self) -> list[tuple[Any, ...]]:
        return [(e["id"], e["intro_id"], e["status"], e["at"], e["note"]) for e in self.d.intro_events]

    def add_intro(self, rep_n: int, introducer_n: int, target_n: int, *, earned: bool, status: str, at: str,
                  tier: str, note: str) -> int:
        with self.write():
            i = self.d.next_id()
            self.d.intros[i] = {"rep_n": rep_n, "introducer_n": introducer_n, "target_n": target_n,
                                "earned": int(earned), "status": status, "created_at": at, "updated_at": at, "tier": tier}
            self.d.intro_events.append({"id": self.d.next_id(), "intro_id": i, "status": status, "at": at,
                                        "note": note})
        return i

    def add_intro_event(self, intro_id: int, status: str, at: str, note: str, *, set_status: bool) -> None:
        with self.write():
            if set_status:
                self.d.intros[intro_id].update(status=status, updated_at=at)
            self.d.intro_events.append({"id": self.d.next_id(), "intro_id": intro_id, "status": status, "at": at,
                                        "note": note})

    # --- forgetting a person, and copying a whole store ------------------------------------------

    def erase_person(self, n: int, keys: list[str], suppress: list[tuple[str, str, str]]) -> dict[str, int]:
        d = self.d
        for h, grp, at in suppress:
            d.suppressed.setdefault(h, (grp, at))
        gone_intros = {i for i, r in d.intros.items() if n in (r["rep_n"], r["introducer_n"], r["target_n"])}
        person_id = d.people[n]["id"]
        counts = {
            "intro_events": sum(1 for e in d.intro_events if e["intro_id"] in gone_intros),
            "intros": len(gone_intros),
            "evidence": sum(1 for e in d.evidence.values() if n in (e["a"], e["b"])),
            "ties": sum(1 for p in d.ties if n in p),
            "sightings": sum(1 for g in d.sightings.values() if g["n"] == n),
            "person_keys": sum(1 for holder in d.keys.values() if holder == n),
            "merges": sum(1 for m in d.merges if m["kept_n"] == n or m["merged_id"] == person_id),
            "team": int(n in d.team), "member_keys": sum(1 for holder in d.member_keys.values() if holder == n),
            "people": 1,
        }
        d.intro_events = [e for e in d.intro_events if e["intro_id"] not in gone_intros]
        d.intros = {i: r for i, r in d.intros.items() if i not in gone_intros}
        d.evidence = {i: e for i, e in d.evidence.items() if n not in (e["a"], e["b"])}
        d.sightings = {i: g for i, g in d.sightings.items() if g["n"] != n}
        d.keys = {k: h for k, h in d.keys.items() if h != n}
        d.member_keys = {k: h for k, h in d.member_keys.items() if h != n}
        d.merges = [m for m in d.merges if m["kept_n"] != n and m["merged_id"] != person_id]
        self.delete_person(n)
        if keys:
            before = len(d.keep_apart)
            d.keep_apart = {(a, b) for a, b in d.keep_apart if a not in keys and b not in keys}
            counts["keep_apart"] = before - len(d.keep_apart)
        for s in d.sources.values():
            if s["owner_n"] == n:
                s["path"] = "(forgotten)"
        counts["ties_with_others"], counts["introductions"] = counts["ties"], counts["intros"]
        self.bump_generation()
        return counts

    def suppression_group(self, key_hash: str) -> str | None:
        found = self.d.suppressed.get(key_hash)
        return None if found is None else found[0]

    def lift_suppression(self, group: str) -> int:
        gone = [h for h, (grp, _) in self.d.suppressed.items() if grp == group]
        for h in gone:
            del self.d.suppressed[h]
        return len(gone)

    def dump(self) -> Tables:
        d = self.d
        return {
            "people": [{"n": n, **p} for n, p in sorted(d.people.items())],
            "person_keys": [{"key": k, "n": n} for k, n in sorted(d.keys.items())],
            "member_keys": [{"key": k, "n": n} for k, n in sorted(d.member_keys.items())],
            "sources": [dict(s) for _, s in sorted(d.sources.items())],
            "team": [{"n": n, "role": r} for n, r in sorted(d.team.items())],
            "evidence": [dict(e) for _, e in sorted(d.evidence.items())],
            "ties": [{"a": a, "b": b, "trust": t, "usable": int(u)} for (a, b), (t, u) in sorted(d.ties.items())],
            "merges": [dict(m) for m in d.merges],
            "sightings": [{"id": i, **g} for i, g in sorted(d.sightings.items())],
            "keep_apart": [{"key_a": a, "key_b": b} for a, b in sorted(d.keep_apart)],
            "intros": [{"id": i, **r} for i, r in sorted(d.intros.items())],
            "intro_events": [dict(e) for e in d.intro_events],
            "suppressed": [{"hash": h, "grp": g, "at": at} for h, (g, at) in sorted(d.suppressed.items())],
            "meta": [{"key": k, "value": v} for k, v in sorted(d.meta.items()) if k in COPIED_META],
        }

    def load(self, tables: Tables) -> None:
        with self.write():
            d = self.d
            d.people.update({r["n"]: {**PERSON, **{k: v for k, v in r.items() if k != "n"}}
                             for r in tables.get("people", [])})
            d.keys.update({r["key"]: r["n"] for r in tables.get("person_keys", [])})
            d.member_keys.update({r["key"]: r["n"] for r in tables.get("member_keys", [])})
            d.sources.update({r["id"]: dict(r) for r in tables.get("sources", [])})
            d.team.update({r["n"]: r["role"] for r in tables.get("team", [])})
            d.evidence.update({r["id"]: dict(r) for r in tables.get("evidence", [])})
            d.ties.update({(r["a"], r["b"]): (r["trust"], bool(r["usable"])) for r in tables.get("ties", [])})
            d.merges += [dict(r) for r in tables.get("merges", [])]
            d.sightings.update({r["id"]: {k: v for k, v in r.items() if k != "id"} for r in tables.get("sightings", [])})
            d.keep_apart.update((r["key_a"], r["key_b"]) for r in tables.get("keep_apart", []))
            d.intros.update({r["id"]: {k: v for k, v in r.items() if k != "id"} for r in tables.get("intros", [])})
            d.intro_events += [dict(r) for r in tables.get("intro_events", [])]
            d.suppressed.update({r["hash"]: (r["grp"], r["at"]) for r in tables.get("suppressed", [])})
            d.meta.update({r["key"]: str(r["value"]) for r in tables.get("meta", []) if r["key"] in COPIED_META})
            d.last_id = max([d.last_id] + [int(r.get("id") or 0) for t in tables.values() for r in t
                                           if isinstance(r.get("id"), int)])
            self.bump_generation()
