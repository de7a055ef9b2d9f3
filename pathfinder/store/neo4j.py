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

Credentials come from the environment only: ``PATHFINDER_NEO4J_USER`` (default ``neo4j``) and
``PATHFINDER_NEO4J_PASSWORD``; the database from ``PATHFINDER_NEO4J_DATABASE`` (default: the
server's default database).
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from pathfinder.errors import BackendUnavailable, PathfinderError, StoreCorrupt
from pathfinder.model import Evidence, PersonRow, now
from pathfinder.queries import load
from pathfinder.store.neo4j_identity import BATCH, PERSON_DEFAULTS, Neo4jIdentity, person
from pathfinder.store.protocol import COPIED_META, EvidenceRow, Pair, Tables, TieArrays

SCHEMA_VERSION = 3  # 2: indexes on the contact details (phone, birthday, postcode); 3: the team's own keys
SPLIT_CHUNK, SPLIT_WORKERS = 2000, 2  # run_split: people per statement, statements at once
AMBIGUOUS = 0  # a PersonKey's n for a name key several people share
#: table of the embedded store -> node label here (copying a whole store: dump and load)
LABELS = {"people": "Person", "person_keys": "PersonKey", "member_keys": "MemberKey", "sources": "Source",
          "evidence": "Evidence", "merges": "Merge", "sightings": "Sighting", "keep_apart": "KeepApart",
          "intros": "Intro", "intro_events": "IntroEvent", "suppressed": "Suppressed"}
#: the id sequences of this store, by table
SEQUENCES = {"sources": "sources", "evidence": "evidence", "merges": "merges", "sightings": "sightings",
             "intros": "intros", "intro_events": "intro_events"}
BOOLEAN_COLUMNS = {("people", "no_intro"), ("intros", "earned")}
#: what each column of queries/consistency.cypher counts (see `pathfinder check`)
CONSISTENCY = {
    "evidence_people": "evidence about a person who does not exist",
    "evidence_sources": "evidence from a file that is not in the sources",
    "ties_trust": "ties whose trust is outside (0, 1)",
    "ties_direction": "ties stored from the higher person number to the lower",
    "keys_people": "identity keys of people who do not exist",
    "member_keys_people": "team members' own keys of people who do not exist",
    "sightings_people": "sightings of people who do not exist",
    "intros_people": "introductions naming people who do not exist",
    "orphan_ties": "ties with no evidence behind them",
}


class Neo4jStore(Neo4jIdentity):
    """The Neo4j backend. Open with :func:`pathfinder.store.open_store`."""

    backend = "neo4j"

    def __init__(self, url: str, *, database: str | None = None) -> None:
        try:
            import neo4j
            from neo4j import exceptions as neo4j_errors
        except ImportError as exc:
            raise BackendUnavailable("The Neo4j backend needs the neo4j driver: "
                                     "pip install 'warm-pathfinder[neo4j]'") from exc
        where = urlsplit(url)
        if where.username or where.password:
            shown = where._replace(netloc=(where.hostname or "") + (f":{where.port}" if where.port else "")).geturl()
            raise BackendUnavailable(f"{shown}: put the Neo4j credentials in PATHFINDER_NEO4J_USER and "
                                     "PATHFINDER_NEO4J_PASSWORD, not in the URL.")
        self.url = url
        self.database = database or os.environ.get("PATHFINDER_NEO4J_DATABASE") or None
        user = os.environ.get("PATHFINDER_NEO4J_USER", "neo4j")
        password = os.environ.get("PATHFINDER_NEO4J_PASSWORD")
        if not password:
            raise BackendUnavailable(f"Set PATHFINDER_NEO4J_PASSWORD to the password of Neo4j user {user!r} "
                                     f"to use {self.url}.")
        self._errors = neo4j_errors
        self.driver = neo4j.GraphDatabase.driver(url, auth=(user, password), notifications_min_severity="OFF")
        try:
            self.driver.verify_connectivity()
        except neo4j_errors.AuthError as exc:
            self.driver.close()
            raise BackendUnavailable(f"Neo4j at {self.url} refused the credentials of user {user!r}: check "
                                     "PATHFINDER_NEO4J_USER and PATHFINDER_NEO4J_PASSWORD.") from exc
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.DriverError, OSError) as exc:
            self.driver.close()
            raise BackendUnavailable(f"Cannot reach Neo4j at {self.url}: is the server running? ({type(exc).__name__})") from exc
        self._session = self.driver.session(database=self.database)
        self._tx: Any = None
        self._sources_cache: tuple[Any, Any] = (None, None)  # (generation, sources) -> their ties
        version = self._meta("schema_version")
        if version is not None and int(version) > SCHEMA_VERSION:
            raise StoreCorrupt(f"{self.url} was written by a newer pathfinder (schema {version}); "
                               "upgrade pathfinder to use it.")
        if version is None or int(version) < SCHEMA_VERSION:
            self.init_schema()  # a new store, or one from before the latest indexes (each made only if missing)
            if version is not None and int(version) < 3:
                # a team member's keys so far are all their own; members given by name only who are a
                # second person beside their contact in a teammate's export are merged by
                # pathfinder.identity.team.repair when the API opens the store (the flag says so)
                with self.write():
                    self.run("member_keys_from_team")
                    self.run("meta_set", key="team_repair", value="pending")
        self.path = self._cache_path()

    # --- plumbing ---------------------------------------------------------------------------

    def run(self, name: str, **params: Any) -> list[Any]:
        """Run the statement ``queries/<name>.cypher``; its records."""
        return self._run_on(self._tx if self._tx is not None else self._session, name, params)

    def run_split(self, name: str, ns: list[int], **params: Any) -> list[Any]:
        """Run a read-only statement over ``ns`` in chunks, two at a time in their own sessions
        (the server then uses two cores); the first record of each chunk, in order."""
        if self._tx is not None or len(ns) <= 1:
            return [self.run(name, ns=ns, **params)[0]] if ns else []
        size = max(1, min(SPLIT_CHUNK, -(-len(ns) // SPLIT_WORKERS)))

        def one(chunk: list[int]) -> Any:
            with self.driver.session(database=self.database) as session:
                return self._run_on(session, name, {**params, "ns": chunk})[0]

        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(SPLIT_WORKERS) as pool:
            return list(pool.map(one, [ns[i:i + size] for i in range(0, len(ns), size)]))

    def _run_on(self, runner: Any, name: str, params: dict[str, Any]) -> list[Any]:
        query = load(name)
        try:
            return list(runner.run(query.text, params))
        except self._errors.ServiceUnavailable as exc:
            raise BackendUnavailable(f"Lost the connection to Neo4j at {self.url}.") from exc
        except self._errors.ClientError as exc:
            if "DatabaseNotFound" in (exc.code or ""):
                raise BackendUnavailable(f"Neo4j at {self.url} has no database {self.database!r} "
                                         "(--database / PATHFINDER_NEO4J_DATABASE).") from exc
            raise

    def _meta(self, key: str) -> Any:
        rows = self.run("meta_get", key=key)
        return rows[0]["value"] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self.run("meta_set", key=key, value=value)

    def init_schema(self) -> None:
        """Create the constraints and indexes (each only if missing), and stamp the store."""
        for statement in load("schema").statements():
            self._session.run(statement).consume()
        self._session.run("CALL db.awaitIndexes(300)").consume()
        if self._meta("store_uuid") is None:
            self.run("meta_set", key="store_uuid", value=secrets.token_hex(8))
        self.run("meta_set", key="schema_version", value=SCHEMA_VERSION)

    def _cache_path(self) -> Path:
        """Where the local search index of this store is cached (named by the store's own id, so a
        wiped and refilled server never reuses an old index)."""
        from pathfinder.store.home import default_store_path
        where = urlsplit(self.url)
        name = f"{where.hostname}-{where.port or 7687}-{self.database or 'default'}-{self._meta('store_uuid')}"
        folder = default_store_path().parent / "neo4j-cache"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return folder / f"{name}.db"

    def close(self) -> None:
        self._session.close()
        self.driver.close()

    @contextmanager
    def write(self, lock: str = "lock_store") -> Iterator[Any]:
        """One write transaction. It starts by bumping the generation (``lock_store``), which
        serialises writers; ledger writes take the ledger's own lock (``lock_ledger``) instead,
        since the search index does not depend on the ledger."""
        if self._tx is not None:
            raise PathfinderError("nested write transactions are not supported")
        self._tx = self._session.begin_transaction()
        try:
            self.run(lock)
            yield self._tx
        except BaseException:
            self._tx.rollback()
            raise
        else:
            self._tx.commit()
        finally:
            self._tx.close()
            self._tx = None

    @property
    def generation(self) -> int:
        return int(self.run("generation")[0]["generation"])

    def bump_generation(self) -> None:
        """Nothing to do: every write transaction bumps the generation as it starts."""

    def allocate(self, sequence: str, count: int) -> int:
        """The first of ``count`` fresh ids of ``sequence`` (sources, evidence, sightings, …)."""
        return int(self.run("allocate_ids", sequence=f"seq:{sequence}", count=count)[0]["first"])

    # --- people -----------------------------------------------------------------------------

    def names_like(self, prefix: str) -> list[str]:
        return [r["name"] for r in self.run("names_starting", prefix=prefix)]

    def search_people(self, text: str, *, limit: int = 10) -> list[PersonRow]:
        return [person(r) for r in self.run("people_search", text=text, limit=limit)]

    def node_attributes(self) -> Iterator[tuple[int, str, str]]:
        for r in self.run("node_attributes"):
            yield r["n"], r["company_key"], r["seniority"]

    def account_people(self, company_keys: list[str]) -> list[tuple[str, int, str, str]]:
        return [(r["company_key"], r["n"], r["title"], r["seniority"])
                for r in self.run("account_people", company_keys=company_keys)]

    def people_filtered(self, *, company_keys: list[str] | None = None,
                        seniorities: list[str] | None = None) -> Iterator[PersonRow]:
        for r in self.run("people_filtered", company_keys=company_keys, seniorities=seniorities):
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
                out[(r["a"], r["b"])].append(Evidence(r["kind"], r["date"], json.loads(r["data"])))
        return out

    def evidence_with_provenance(self, a: int, b: int) -> list[dict[str, object]]:
        return [{"kind": r["kind"], "date": r["date"], "data": json.loads(r["data"]),
                 "source": (f"{r['path']}/{r['file']}" if r["file"] else r["path"]) + (f":{r['line']}" if r["line"] else ""),
                 "owner": r["owner"]}
                for r in self.run("evidence_with_provenance", a=min(a, b), b=max(a, b))]

    def delete_evidence(self, source_id: int, pair: Pair, kind: str) -> None:
        self.run("delete_evidence_kind", source_id=source_id, a=pair[0], b=pair[1], kind=kind)

    def set_no_intro(self, n: int, value: bool) -> None:
        with self.write():
            self.run("set_no_intro", n=n, value=value)

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
        """Run a corridor query over ``ns``: arrays (a in ``ns``, b, trust)."""
        found = self.run_split(name, ns, **params)
        return (np.array([n for r in found for n in r["a"]], dtype=np.int64),
                np.array([n for r in found for n in r["b"]], dtype=np.int64),
                np.array([t for r in found for t in r["trust"]], dtype=np.float64))

    def ties_from(self, ns: list[int]) -> TieArrays:
        """Every usable tie of the people ``ns``."""
        return self._tie_arrays("corridor_expand", ns)

    def ties_between(self, ns: list[int], others: list[int], min_trust: float, ends: list[int]) -> TieArrays:
        """The usable ties from ``ns`` to ``others`` (those below ``min_trust`` only to ``ends``)."""
        return self._tie_arrays("corridor_ties", ns, allowed=others, min_trust=min_trust, ends=ends)

    def ids_and_flags(self, ns: list[int]) -> list[tuple[int, str, bool]]:
        """(n, public id, never use as an introducer) of the people ``ns``."""
        return [(n, pid, bool(no_intro)) for found in self.run_split("ids_and_flags", ns)
                for n, pid, no_intro in zip(found["n"], found["id"], found["no_intro"])]

    # --- the introductions ledger -----------------------------------------------------------

    def intro_rows(self) -> list[tuple[Any, ...]]:
        return [tuple(r.values()) for r in self.run("intros")]

    def intro_event_rows(self) -> list[tuple[Any, ...]]:
        return [tuple(r.values()) for r in self.run("intro_events")]

    def add_intro(self, rep_n: int, introducer_n: int, target_n: int, *, earned: bool, status: str, at: str,
                  tier: str, note: str) -> int:
        with self.write(lock="lock_ledger"):
            intro_id, event_id = self.allocate("intros", 1), self.allocate("intro_events", 1)
            self.run("add_intro", intro={"id": intro_id, "rep_n": rep_n, "introducer_n": introducer_n,
                                         "target_n": target_n, "earned": earned, "status": status,
                                         "created_at": at, "updated_at": at, "tier": tier},
                     event={"id": event_id, "intro_id": intro_id, "status": status, "at": at, "note": note})
        return intro_id

    def add_intro_event(self, intro_id: int, status: str, at: str, note: str, *, set_status: bool) -> None:
        with self.write(lock="lock_ledger"):
            self.run("add_intro_event", set_status=set_status, event={
                "id": self.allocate("intro_events", 1), "intro_id": intro_id, "status": status, "at": at,
                "note": note})

    # --- copying a whole store (pathfinder migrate) ---------------------------------------------

    def dump(self) -> Tables:
        """The whole content as rows of the embedded store's tables."""
        tables: Tables = {table: [dict(r["row"]) for r in self.run("label_rows", label=label)]
                          for table, label in LABELS.items()}
        tables["team"] = [{"n": p["n"], "role": p["team_role"]} for p in tables["people"] if p.get("team_role")]
        for p in tables["people"]:
            p.pop("team_role", None)
        tables["ties"] = [{"a": r["a"], "b": r["b"], "trust": r["trust"], "usable": int(bool(r["usable"]))}
                          for r in self.run("tie_rows")]
        tables["meta"] = [{"key": k, "value": v} for k in COPIED_META if (v := self.get_meta(k)) is not None]
        for table, column in BOOLEAN_COLUMNS:
            for row in tables[table]:
                row[column] = int(bool(row.get(column)))
        return tables

    def load(self, tables: Tables) -> None:
        """Fill this empty store with ``tables`` (as :meth:`dump` gives them), in one transaction."""
        team = {r["n"]: r["role"] for r in tables.get("team", [])}
        nodes: dict[str, list[dict[str, Any]]] = {}
        for table, label in LABELS.items():
            rows = [dict(r) for r in tables.get(table, [])]
            for row in rows:
                for t, column in BOOLEAN_COLUMNS:
                    if t == table:
                        row[column] = bool(row.get(column))
                if table == "people":
                    row["team_role"] = team.get(row["n"])
            nodes[label] = [{k: v for k, v in r.items() if v is not None} for r in rows]
        sequences = {seq: max((r["id"] for r in tables.get(table, [])), default=0) for table, seq in SEQUENCES.items()}
        with self.write():
            for label, rows in nodes.items():
                self.run_batched("add_rows", rows, label=label)
            self.set_ties([(t["a"], t["b"], t["trust"], bool(t["usable"])) for t in tables.get("ties", [])])
            for row in tables.get("meta", []):
                if row["key"] in COPIED_META:
                    self.run("meta_set", key=row["key"], value=row["value"])
            for sequence, last in sequences.items():
                self.run("meta_set", key=f"seq:{sequence}", value=last)

    def consistency(self) -> list[str]:
        """What breaks the store's rules, in words with how many nodes and ties show it."""
        counts = self.run("consistency")[0]
        generated = self.get_meta("generated") == "1"
        return [f"{counts[column]} {what}" for column, what in CONSISTENCY.items()
                if counts[column] and not (generated and column == "orphan_ties")]

    # --- undoing a merge (merges.unmerge), inside a write -------------------------------------------

    def sighting_rows(self, n: int) -> list[tuple[int, int, str, int, str]]:
        return [tuple(r.values()) for r in self.run("sighting_rows", n=n)]

    def add_person(self, values: dict[str, Any]) -> int:
        # the write holds the store's lock: nobody else numbers people now
        n = int(values["n"]) if "n" in values else self.max_n() + 1
        self.run("create_people", rows=[{**PERSON_DEFAULTS, **values, "n": n}])
        return n

    def update_person(self, n: int, values: dict[str, str]) -> None:
        if values:
            self.run("update_people", rows=[{"n": n, "values": values}])

    def point_keys(self, keys: dict[str, int]) -> None:
        self.run("set_keys", rows=[{"key": k, "n": n} for k, n in keys.items()])

    def move_sightings(self, ids: list[int], n: int) -> None:
        self.run("move_sightings", ids=ids, n=n)

    def evidence_at(self, source_id: int, file: str, line: int, n: int) -> list[tuple[int, int, int]]:
        return [(r["id"], r["a"], r["b"]) for r in self.run("evidence_at", source_id=source_id, file=file,
                                                                line=line, n=n)]

    def add_keep_apart(self, pairs: list[tuple[str, str]]) -> None:
        self.run("add_keep_apart", rows=[{"key_a": a, "key_b": b} for a, b in pairs])

    def delete_ties(self, pairs: list[tuple[int, int]]) -> None:
        for a, b in pairs:
            self.run("delete_tie", a=a, b=b)

    # --- forgetting a person (privacy.py) --------------------------------------------------------

    def erase_person(self, n: int, keys: list[str], suppress: list[tuple[str, str, str]]) -> dict[str, int]:
        """Inside a write: delete person ``n`` everywhere (see the embedded store). Neo4j reuses
        the freed space in its own time; a server whose files must hold no trace is compacted by
        its administrator (``neo4j-admin database copy``)."""
        self.run("add_suppressed", rows=[{"hash": h, "grp": g, "at": at} for h, g, at in suppress])
        person_id = self.people([n])[n].id
        counts = {"intro_events": self.run("erase_intro_events", n=n)[0]["deleted"]}
        counts["intros"] = self.run("erase_intros", n=n)[0]["deleted"]
        for table, query in (("evidence", "erase_evidence"), ("sightings", "erase_sightings"),
                             ("person_keys", "erase_keys"), ("member_keys", "erase_member_keys")):
            counts[table] = self.run(query, n=n)[0]["deleted"]
        counts["merges"] = self.run("erase_merges", n=n, id=person_id)[0]["deleted"]
        gone = self.run("erase_person_node", n=n)[0]
        counts.update({"ties": gone["ties"], "team": gone["team"], "people": 1})
        if keys:
            counts["keep_apart"] = self.run("erase_keep_apart", keys=keys)[0]["deleted"]
        self.run("forget_sources", n=n)
        counts["ties_with_others"], counts["introductions"] = gone["ties"], counts["intros"]
        return counts

    def suppression_group(self, key_hash: str) -> str | None:
        rows = self.run("suppression_group", hash=key_hash)
        return rows[0]["grp"] if rows else None

    def lift_suppression(self, group: str) -> int:
        return int(self.run("lift_suppression", grp=group)[0]["lifted"])

    def compact(self) -> None:
        """Nothing to do here: the server manages its files."""

    # --- not on this backend --------------------------------------------------------------------

    def backup(self, target: str | os.PathLike[str]) -> None:
        raise PathfinderError("On Neo4j, back up with the server's own tools (neo4j-admin database dump), "
                              "or copy the store into a file with `pathfinder migrate --to FILE`.")
