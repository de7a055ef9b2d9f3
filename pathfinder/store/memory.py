"""A store in memory, for tests and as the proof that :class:`~pathfinder.store.protocol.Store`
is complete: everything pathfinder does runs on it, and the store contract tests run on it beside
the SQLite file and Neo4j. Open it as ``memory:NAME`` (the same name is the same store while the
process lives). A write is a transaction: a failure inside it leaves the store as it was.

Its parts mirror the embedded store's: the tables and transactions (:mod:`.memory_data`),
identity storage (:mod:`.memory_identity`), the records kept for people and whole-store copies
(:mod:`.memory_records`), and here what the index, an import and the faces read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from pathfinder.model import Evidence, PersonRow, now
from pathfinder.store.memory_data import AMBIGUOUS, PERSON
from pathfinder.store.memory_records import MemoryRecords
from pathfinder.store.protocol import EvidenceRow, Pair, SightingRow, TieRow, WithoutIndexLog
from pathfinder.store.rows import stored_evidence

_STORES: dict[str, MemoryStore] = {}


def open_memory(name: str) -> MemoryStore:
    """The in-memory store called ``name`` (made empty the first time)."""
    if name not in _STORES:
        _STORES[name] = MemoryStore(name)
    return _STORES[name]


class MemoryStore(WithoutIndexLog, MemoryRecords):
    """A whole store in this process's memory; see the module."""

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
            "ties whose trust is outside (0, 1)": sum(1 for t, _, _ in d.ties.values() if not 0 < t < 1),
            "ties whose band is not cold, warm or strong": sum(1 for *_, band in d.ties.values() if band not in (0, 1, 2)),
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

    def people(self, ns: Iterable[int]) -> dict[int, PersonRow]:
        return {n: self._row(n) for n in dict.fromkeys(ns) if n in self.d.people}

    def all_people(self) -> Iterator[PersonRow]:
        return iter([self._row(n) for n in sorted(self.d.people)])

    def people_filtered(self, *, company_keys: list[str] | None = None, seniorities: list[str] | None = None,
                        functions: list[str] | None = None) -> Iterator[PersonRow]:
        return iter([self._row(n) for n, p in sorted(self.d.people.items())
                     if (company_keys is None or p["company_key"] in company_keys)
                     and (seniorities is None or p["seniority"] in seniorities)
                     and (functions is None or set(functions) & set(p["functions"].split(",")))])

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

    def update_person(self, n: int, values: dict[str, str]) -> None:
        self.d.people[n].update(values)

    def contact_details(self, n: int) -> dict[str, str]:
        p = self.d.people.get(n, PERSON)
        return {c: p[c] for c in ("phone", "birthday", "street", "postcode")}

    # --- ties, evidence and where it came from -------------------------------------------------

    def ties(self, *, usable_only: bool = False) -> Iterator[tuple[int, int, float]]:
        return iter([(a, b, t) for (a, b), (t, u, _) in sorted(self.d.ties.items()) if u or not usable_only])

    def graph_ties(self) -> Iterator[TieRow]:
        return iter([(a, b, t, u, band) for (a, b), (t, u, band) in sorted(self.d.ties.items())])

    def ties_of(self, n: int, *, limit: int) -> list[tuple[int, float, bool]]:
        found = [(b if a == n else a, t, u) for (a, b), (t, u, _) in self.d.ties.items() if n in (a, b)]
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
                owner = self.d.sources.get(e["source_id"], {}).get("owner_n")
                out[(e["a"], e["b"])].append(stored_evidence(e["kind"], e["date"], e["data"], owner, e["a"], e["b"]))
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

