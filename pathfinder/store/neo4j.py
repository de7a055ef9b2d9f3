"""The Neo4j store: the same interface and the same answers as the embedded store, on a server.

The graph is ``(:Person)-[:TIE {trust, usable}]->(:Person)`` (from the lower person number to the
higher); identity keys, imported files, evidence, sightings, merges and the introductions ledger
are nodes of their own (``PersonKey``, ``Source``, ``Evidence``, ``Sighting``, ``Merge``, ``Intro``,
``IntroEvent``), so every tie keeps its provenance. Every statement is a ``.cypher`` file in
:mod:`pathfinder.queries`; values only travel as parameters.

Each write is one transaction that starts by bumping the store's generation, which holds the
store's write lock until it commits: two importers never interleave. The store persists and reads
(:class:`~pathfinder.store.protocol.Store`, with :class:`~pathfinder.store.protocol.ServerGraph`
so a search reads only its corridor); identity resolution and trust are computed above it, the
same code as for the embedded store, and writes are sent in batches (``UNWIND $rows``).

This module holds what the search index, an import and the faces read; the connection, the
lock and the sequences are :mod:`.neo4j_server`, the records kept for people and whole-store
copies :mod:`.neo4j_records`, identity resolution's storage :mod:`.neo4j_identity`.

Credentials come from the environment only: ``PATHFINDER_NEO4J_USER`` (default ``neo4j``) and
``PATHFINDER_NEO4J_PASSWORD``; the database from ``PATHFINDER_NEO4J_DATABASE`` (default: the
server's default database).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from pathfinder.model import Evidence, PersonRow, now
from pathfinder.store.neo4j_identity import BATCH, person
from pathfinder.store.neo4j_records import Neo4jRecords
from pathfinder.store.protocol import EvidenceRow, Pair, TieArrays, TieRow, WithoutIndexLog
from pathfinder.store.rows import stored_evidence

AMBIGUOUS = 0  # a PersonKey's n for a name key several people share
#: what each column of queries/consistency.cypher counts (see `pathfinder check`)
CONSISTENCY = {
    "evidence_people": "evidence about a person who does not exist",
    "evidence_sources": "evidence from a file that is not in the sources",
    "ties_trust": "ties whose trust is outside (0, 1)",
    "ties_band": "ties whose band is not cold, warm or strong",
    "ties_direction": "ties stored from the higher person number to the lower",
    "keys_people": "identity keys of people who do not exist",
    "member_keys_people": "team members' own keys of people who do not exist",
    "sightings_people": "sightings of people who do not exist",
    "intros_people": "introductions naming people who do not exist",
    "orphan_ties": "ties with no evidence behind them",
}


class Neo4jStore(WithoutIndexLog, Neo4jRecords):
    """The Neo4j backend. Open with :func:`pathfinder.store.open_store`."""

    backend = "neo4j"

    # --- people -----------------------------------------------------------------------------

    def names_like(self, prefix: str) -> list[str]:
        return [r["name"] for r in self.run("names_starting", prefix=prefix)]

    def search_people(self, text: str, *, limit: int = 10) -> list[PersonRow]:
        return [person(r) for r in self.run("people_search", text=text, limit=limit)]

    def node_attributes(self) -> Iterator[tuple[int, str, str]]:
        for r in self.run("node_attributes"):
            yield r["n"], r["company_key"], r["seniority"]

    def account_people(self, company_keys: list[str]) -> list[tuple[str, int, str, str]]:
        return [(r["company_key"], n, title, seniority) for r in self.run("account_people", company_keys=company_keys)
                for n, title, seniority in zip(r["n"], r["title"], r["seniority"])]

    def people_filtered(self, *, company_keys: list[str] | None = None, seniorities: list[str] | None = None,
                        functions: list[str] | None = None) -> Iterator[PersonRow]:
        for r in self.run("people_filtered", company_keys=company_keys, seniorities=seniorities, functions=functions):
            yield person(r)

    def client_evidence(self) -> Iterable[tuple[int, int, str, str]]:
        return [(r["a"], r["b"], r["kind"], r["data"]) for r in self.run("client_evidence")]

    def companies(self) -> list[tuple[int, str, str]]:
        return [(r["n"], r["company"], r["company_key"]) for r in self.run("companies")]

    def all_people(self) -> Iterator[PersonRow]:
        for r in self.run("people_all"):
            yield person(r)

    def member_keys(self) -> dict[int, set[str]]:
        out: dict[int, set[str]] = {}
        for r in self.run("member_keys"):
            out.setdefault(r["n"], set()).add(r["key"])
        return out

    def add_member_keys(self, keys: dict[str, int]) -> None:
        self.run("add_member_keys", rows=[{"key": k, "n": n} for k, n in keys.items()])

    def bare_names(self, names: list[str] | None) -> dict[str, int]:
        if names is None:
            found = self.run("bare_name_keys")
        else:
            keys = [f"name:{x}|" for x in names]
            found = [r for i in range(0, len(keys), BATCH) for r in self.run("keys_lookup", keys=keys[i:i + BATCH])]
        return {r["key"][5:-1]: r["n"] for r in found if r["n"] != AMBIGUOUS}

    def drop_keep_apart(self, keys_a: list[str], keys_b: list[str]) -> None:
        self.run("drop_keep_apart", pairs=[list(p) for a in keys_a for b in keys_b for p in ((a, b), (b, a))])

    def sighting_owners(self, ns: list[int]) -> dict[int, set[int]]:
        out: dict[int, set[int]] = {}
        for i in range(0, len(ns), BATCH):
            for r in self.run("sighting_owners", ns=ns[i:i + BATCH]):
                out.setdefault(r["n"], set()).add(r["owner"])
        return out

    def contacts_brought(self) -> dict[int, int]:
        return {r["owner"]: r["people"] for r in self.run("contacts_brought")}

    def exports_of(self) -> dict[int, int]:
        return {r["owner"]: r["files"] for r in self.run("exports_of")}

    def people_with_last_name(self, last_key: str) -> list[tuple[PersonRow, str]]:
        return [(person(r), r["name_key"] or "") for r in self.run("people_with_last_name", last_key=last_key)]

    def ties(self, *, usable_only: bool = False) -> Iterator[tuple[int, int, float]]:
        for r in self.run("ties_all", usable_only=usable_only):
            yield r["a"], r["b"], r["trust"]

    def graph_ties(self) -> Iterator[TieRow]:
        for r in self.run("tie_rows"):
            yield r["a"], r["b"], r["trust"], bool(r["usable"]), int(r["band"])

    def no_intro(self) -> list[int]:
        return [r["n"] for r in self.run("no_intro")]

    def id_order(self) -> list[tuple[int, str]]:
        return [(r["n"], r["id"]) for r in self.run("id_order")]

    def stats(self) -> dict[str, int]:
        row = self.run("stats")[0]
        return {**{k: int(row[k]) for k in ("people", "ties", "evidence", "sources", "team")},
                "generation": self.generation}

    # --- what an import writes -----------------------------------------------------------------

    def source_id(self, sha256: str, owner_n: int) -> int | None:
        found = self.run("source_exists", sha256=sha256, owner_n=owner_n)
        return int(found[0]["id"]) if found else None

    def add_source(self, *, sha256: str, owner_n: int, role: str, path: str, format: str, rows: int,
                   records: int) -> int:
        source_id = self.allocate("sources", 1)
        self.run("add_source", row={"id": source_id, "sha256": sha256, "owner_n": owner_n, "role": role,
                                    "path": path, "format": format, "imported_at": now(), "rows": rows,
                                    "records": records})
        return source_id

    def add_evidence(self, rows: list[EvidenceRow]) -> None:
        if not rows:
            return
        first = self.allocate("evidence", len(rows))
        self.run_batched("add_evidence", [
            {"id": first + i, "source_id": s, "file": f, "line": ln, "a": a, "b": b, "kind": k, "date": d, "data": data}
            for i, (s, f, ln, a, b, k, d, data) in enumerate(rows)])

    def existing_ties(self, pairs: set[Pair]) -> set[Pair]:
        found: set[tuple[int, int]] = set()
        batch = [list(p) for p in pairs]
        for i in range(0, len(batch), BATCH):
            found.update((r["a"], r["b"]) for r in self.run("existing_ties", pairs=batch[i:i + BATCH]))
        return found

    def evidence_of(self, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], list[Evidence]]:
        out: dict[tuple[int, int], list[Evidence]] = {p: [] for p in pairs}
        for i in range(0, len(pairs), BATCH):
            for r in self.run("evidence_of_pairs", pairs=[list(p) for p in pairs[i:i + BATCH]]):
                out[(r["a"], r["b"])].append(stored_evidence(r["kind"], r["date"], r["data"], r["owner"], r["a"], r["b"]))
        return out

    def evidence_with_provenance(self, a: int, b: int) -> list[dict[str, object]]:
        return [{"kind": r["kind"], "date": r["date"], "data": json.loads(r["data"]),
                 "source": (f"{r['path']}/{r['file']}" if r["file"] else r["path"]) + (f":{r['line']}" if r["line"] else ""),
                 "owner": r["owner"]}
                for r in self.run("evidence_with_provenance", a=min(a, b), b=max(a, b))]

    def delete_evidence(self, source_id: int, pair: Pair, kind: str) -> None:
        self.run("delete_evidence_kind", source_id=source_id, a=pair[0], b=pair[1], kind=kind)

    # --- what the web app suggests as you type -------------------------------------------------

    def companies_containing(self, key: str, *, limit: int) -> list[tuple[str, str]]:
        return [(r["company_key"], r["company"]) for r in self.run("companies_containing", key=key, limit=limit)]

    def titles_containing(self, text: str, *, limit: int) -> list[tuple[str, int]]:
        return [(r["title"], r["people"]) for r in self.run("titles_containing", text=text, limit=limit)]

    def ties_of(self, n: int, *, limit: int) -> list[tuple[int, float, bool]]:
        return [(r["other"], r["trust"], bool(r["usable"])) for r in self.run("ties_of", n=n, limit=limit)]

    # --- identity, explained (merges.explain_person) ----------------------------------------------

    def sightings_of(self, n: int) -> list[tuple[str, str, int, str, str, str]]:
        return [tuple(r.values()) for r in self.run("sightings_of", n=n)]

    def merges_into(self, n: int) -> list[tuple[str, str, str, str]]:
        return [tuple(r.values()) for r in self.run("merges_into", n=n)]

    def contact_details(self, n: int) -> dict[str, str]:
        found = self.run("person_details", n=n)
        return {k: found[0][k] if found else "" for k in ("phone", "birthday", "street", "postcode")}

    # --- the corridor of a search, read on the server (ServerGraph) ----------------------------

    def _tie_arrays(self, name: str, ns: list[int], **params: Any) -> TieArrays:
        """Run a corridor query over ``ns``: arrays (a in ``ns``, b, trust, usable, band)."""
        found = self.run_split(name, ns, **params)
        return (np.array([n for r in found for n in r["a"]], dtype=np.int64),
                np.array([n for r in found for n in r["b"]], dtype=np.int64),
                np.array([t for r in found for t in r["trust"]], dtype=np.float64),
                np.array([bool(u) for r in found for u in r["usable"]], dtype=bool),
                np.array([b for r in found for b in r["band"]], dtype=np.uint8))

    def ties_from(self, ns: list[int]) -> TieArrays:
        """Every tie of the people ``ns`` (do-not-ask ones too: a search shows them held back)."""
        return self._tie_arrays("corridor_expand", ns)

    def ties_between(self, ns: list[int], others: list[int], min_trust: float, ends: list[int]) -> TieArrays:
        """The ties from ``ns`` to ``others`` (those below ``min_trust`` only to ``ends``)."""
        return self._tie_arrays("corridor_ties", ns, allowed=others, min_trust=min_trust, ends=ends)

    def ids_and_flags(self, ns: list[int]) -> list[tuple[int, str, bool]]:
        """(n, public id, never use as an introducer) of the people ``ns``."""
        return [(n, pid, bool(no_intro)) for found in self.run_split("ids_and_flags", ns)
                for n, pid, no_intro in zip(found["n"], found["id"], found["no_intro"])]

    def consistency(self) -> list[str]:
        """What breaks the store's rules, in words with how many nodes and ties show it."""
        counts = self.run("consistency")[0]
        generated = self.get_meta("generated") == "1"
        return [f"{counts[column]} {what}" for column, what in CONSISTENCY.items()
                if counts[column] and not (generated and column == "orphan_ties")]
