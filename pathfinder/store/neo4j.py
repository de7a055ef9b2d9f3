"""The Neo4j store: the same interface and the same answers as the embedded store, on a server.

The graph is ``(:Person)-[:TIE {trust, usable}]->(:Person)`` (from the lower person number to the
higher); identity keys, imported files, evidence, sightings, merges and the introductions ledger
are nodes of their own (``PersonKey``, ``Source``, ``Evidence``, ``Sighting``, ``Merge``, ``Intro``,
``IntroEvent``), so every tie keeps its provenance. Every statement is a ``.cypher`` file in
:mod:`pathfinder.queries`; values only travel as parameters.

Each write is one transaction that starts by bumping the store's generation, which holds the
store's write lock until it commits: two importers never interleave. Identity resolution and
trust scoring are the embedded store's code (:class:`~pathfinder.identity.resolve.Resolver`,
:func:`~pathfinder.jobs.ingest.store_extraction`); only reads and writes differ, and writes are sent
in batches (``UNWIND $rows``).

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
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from pathfinder.errors import BackendUnavailable, PathfinderError, StoreCorrupt
from pathfinder.identity.companies import company_key
from pathfinder.identity.keys import clean_name, name_key
from pathfinder.identity.lookup import exact_keys, find_person
from pathfinder.identity.resolve import AMBIGUOUS, now
from pathfinder.jobs.ingest import store_extraction
from pathfinder.model import Evidence, Extraction, ImportSummary
from pathfinder.queries import load
from pathfinder.ranking.index import SearchIndex, index_from_arrays
from pathfinder.ranking.search import ties_on_short_paths
from pathfinder.ranking.trust import Weights, score_tie
from pathfinder.store.neo4j_identity import Neo4jResolver
from pathfinder.store.sqlite import PersonRow, split_clients

SCHEMA_VERSION = 3  # 2: indexes on the contact details (phone, birthday, postcode); 3: the team's own keys
BATCH = 5000
SPLIT_CHUNK, SPLIT_WORKERS = 2000, 2  # run_split: people per statement, statements at once


class _Unchanged(Exception):
    """Raised inside a write to roll it back when nothing needs writing."""


class Neo4jStore:
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

    def run_batched(self, name: str, rows: list[Any], key: str = "rows", **params: Any) -> None:
        for i in range(0, len(rows), BATCH):
            self.run(name, **{key: rows[i:i + BATCH]}, **params)

    def _meta(self, key: str) -> Any:
        rows = self.run("meta_get", key=key)
        return rows[0]["value"] if rows else None

    def get_meta(self, key: str) -> str | None:
        value = self._meta(key)
        return None if value is None else str(value)

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
        from pathfinder.store import default_store_path
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

    @staticmethod
    def _person(record: Any) -> PersonRow:
        return PersonRow(*(record[k] if record[k] is not None else "" for k in
                           ("n", "id", "name", "email", "profile_url", "company", "title", "seniority",
                            "functions", "location")))

    def people(self, ns: Iterable[int]) -> dict[int, PersonRow]:
        return {r["n"]: self._person(r) for r in self.run("people_by_n", ns=list(dict.fromkeys(ns)))}

    def find_person(self, query: str, *, team_first: bool = False) -> PersonRow:
        """One person by id, email, profile URL or name (see :mod:`pathfinder.identity.lookup`)."""
        return find_person(self, query, team_first=team_first)

    def names_like(self, prefix: str) -> list[str]:
        return [r["name"] for r in self.run("names_starting", prefix=prefix)]

    def match_people(self, query: str) -> list[PersonRow]:
        query = query.strip()
        keys = exact_keys(query)
        for key in keys:
            found = self.run("keys_lookup", keys=[key])
            if found and found[0]["n"] != AMBIGUOUS:
                return list(self.people([found[0]["n"]]).values())
        if keys:
            return []
        by_id = self.run("people_by_id", id=query)
        if by_id:
            return [self._person(by_id[0])]
        folded = name_key(clean_name(full=query))
        return [self._person(r) for r in self.run("people_by_name_key", name_key=folded)] if folded else []

    def search_people(self, text: str, *, limit: int = 10) -> list[PersonRow]:
        return [self._person(r) for r in self.run("people_search", text=name_key(text), limit=limit)]

    def people_at_account(self, account: str) -> list[PersonRow]:
        return [self._person(r) for r in self.run("people_at_account", company_key=company_key(account))]

    def node_attributes(self) -> Iterator[tuple[int, str, str]]:
        for r in self.run("node_attributes"):
            yield r["n"], r["company_key"], r["seniority"]

    def account_people(self, company_keys: list[str]) -> list[tuple[str, int, str, str]]:
        return [(r["company_key"], r["n"], r["title"], r["seniority"])
                for r in self.run("account_people", company_keys=company_keys)]

    def people_filtered(self, *, company_keys: list[str] | None = None,
                        seniorities: list[str] | None = None) -> Iterator[PersonRow]:
        for r in self.run("people_filtered", company_keys=company_keys, seniorities=seniorities):
            yield self._person(r)

    def clients_and_open_deals(self) -> tuple[set[int], set[int]]:
        return split_clients(set(self.team()), ((r["a"], r["b"], r["kind"], r["data"])
                                                for r in self.run("client_evidence")))

    def all_people(self) -> Iterator[PersonRow]:
        for r in self.run("people_all"):
            yield self._person(r)

    def team(self) -> dict[int, str]:
        return {r["n"]: r["role"] for r in self.run("team")}

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
        return [(self._person(r), r["name_key"] or "") for r in self.run("people_with_last_name", last_key=last_key)]

    def evidence(self, a: int, b: int) -> list[Evidence]:
        return [Evidence(r["kind"], r["date"], json.loads(r["data"]))
                for r in self.run("evidence_of_pairs", pairs=[[min(a, b), max(a, b)]])]

    def ties(self, *, usable_only: bool = False) -> Iterator[tuple[int, int, float]]:
        for r in self.run("ties_all", usable_only=usable_only):
            yield r["a"], r["b"], r["trust"]

    def no_intro(self) -> list[int]:
        return [r["n"] for r in self.run("no_intro")]

    def max_n(self) -> int:
        return int(self.run("max_n")[0]["max_n"])

    def id_order(self) -> list[tuple[int, str]]:
        return [(r["n"], r["id"]) for r in self.run("id_order")]

    def stats(self) -> dict[str, int]:
        row = self.run("stats")[0]
        return {**{k: int(row[k]) for k in ("people", "ties", "evidence", "sources", "team")},
                "generation": self.generation}

    # --- import -----------------------------------------------------------------------------

    def import_extraction(self, extraction: Extraction, *, owner: str, role: str, sha256: str,
                          weights: Weights, as_of: date | None = None, new_member: bool = False) -> ImportSummary:
        """Store what one file said, in one transaction (see :func:`pathfinder.jobs.ingest.store_extraction`)."""
        summary = ImportSummary(path=extraction.path, format=extraction.format, owner=owner,
                                rows=extraction.rows, problems=list(extraction.problems),
                                notes=list(extraction.notes))
        try:
            with self.write():
                store_extraction(self, self.resolver(summary), extraction, summary, owner=owner, role=role,
                                 sha256=sha256, weights=weights, as_of=as_of, new_member=new_member)
                if summary.already_imported:
                    raise _Unchanged
        except _Unchanged:
            pass
        return summary

    def resolver(self, summary: ImportSummary) -> Neo4jResolver:
        """Identity resolution on this store's data, inside a write."""
        return Neo4jResolver(self, summary)

    def source_exists(self, sha256: str, owner_n: int) -> bool:
        return bool(self.run("source_exists", sha256=sha256, owner_n=owner_n))

    def set_team(self, n: int, role: str, *, upgrade_only: bool = False) -> None:
        current = self.team().get(n) if upgrade_only else None
        if not upgrade_only or current is None or (current == "connector" and role == "member"):
            self.run("set_team_role", n=n, role=role)

    def add_source(self, *, sha256: str, owner_n: int, role: str, path: str, format: str, rows: int,
                   records: int) -> int:
        source_id = self.allocate("sources", 1)
        self.run("add_source", row={"id": source_id, "sha256": sha256, "owner_n": owner_n, "role": role,
                                    "path": path, "format": format, "imported_at": now(), "rows": rows,
                                    "records": records})
        return source_id

    def add_evidence(self, rows: list[tuple[int, str, int, int, int, str, str | None, str]]) -> None:
        if not rows:
            return
        first = self.allocate("evidence", len(rows))
        self.run_batched("add_evidence", [
            {"id": first + i, "source_id": s, "file": f, "line": ln, "a": a, "b": b, "kind": k, "date": d, "data": data}
            for i, (s, f, ln, a, b, k, d, data) in enumerate(rows)])

    def existing_ties(self, pairs: set[tuple[int, int]], owner_n: int) -> set[tuple[int, int]]:
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

    def rescore(self, pairs: Iterable[tuple[int, int]], weights: Weights, as_of: date | None,
                known: dict[tuple[int, int], list[Evidence]] | None = None) -> None:
        known = known or {}
        pairs = sorted(pairs)
        evidence = dict(known)
        evidence.update(self.evidence_of([p for p in pairs if p not in known]))
        rows = []
        for a, b in pairs:
            score = score_tie(evidence[(a, b)], weights, as_of)
            rows.append({"a": a, "b": b, "trust": score.trust, "usable": bool(score.usable)})
        self.run_batched("set_ties", rows)

    def evidence_with_provenance(self, a: int, b: int) -> list[dict[str, object]]:
        return [{"kind": r["kind"], "date": r["date"], "data": json.loads(r["data"]),
                 "source": (f"{r['path']}/{r['file']}" if r["file"] else r["path"]) + (f":{r['line']}" if r["line"] else ""),
                 "owner": r["owner"]}
                for r in self.run("evidence_with_provenance", a=min(a, b), b=max(a, b))]

    # --- the team's own word ------------------------------------------------------------------

    def set_manual(self, by: int, a: int, b: int, kind: str, data: dict[str, object] | None,
                   weights: Weights, as_of: date | None = None) -> None:
        """Record (or with ``data=None`` withdraw) ``vouch`` or ``do_not_ask`` (see the embedded store)."""
        pair = (min(a, b), max(a, b))
        with self.write():
            found = self.run("source_exists", sha256="manual", owner_n=by)
            source_id = found[0]["id"] if found else self.add_source(
                sha256="manual", owner_n=by, role="member", path="(manual)", format="manual", rows=0, records=0)
            self.run("delete_evidence_kind", source_id=source_id, a=pair[0], b=pair[1], kind=kind)
            if data is not None:
                first = self.allocate("evidence", 1)
                self.run("add_evidence", rows=[{
                    "id": first, "source_id": source_id, "file": "", "line": 0, "a": pair[0], "b": pair[1],
                    "kind": kind, "date": date.today().isoformat(), "data": json.dumps(data, sort_keys=True)}])
            if self.evidence_of([pair])[pair]:
                self.rescore([pair], weights, as_of)
            else:
                self.run("delete_tie", a=pair[0], b=pair[1])

    def set_no_intro(self, n: int, value: bool) -> None:
        with self.write():
            self.run("set_no_intro", n=n, value=value)

    def rekey_companies(self, fingerprint: str) -> int:
        """Recompute company keys when the company aliases changed (see the embedded store)."""
        if (self._meta("company_aliases") or "") == fingerprint:
            return 0
        with self.write():
            changed = [{"n": r["n"], "values": {"company_key": company_key(r["company"])}}
                       for r in self.run("companies") if company_key(r["company"]) != r["company_key"]]
            self.run_batched("update_people", changed)
            self.run("meta_set", key="company_aliases", value=fingerprint)
        return len(changed)

    def rescore_all(self, weights: Weights, as_of: date | None = None) -> int:
        with self.write():
            pairs = [(a, b) for a, b, _ in self.ties()]
            self.rescore(pairs, weights, as_of)
        return len(pairs)

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

    def keys_of(self, n: int) -> list[str]:
        return [r["key"] for r in self.run("keys_of_person", n=n)]

    def contact_details(self, n: int) -> dict[str, str]:
        found = self.run("person_details", n=n)
        return {k: found[0][k] if found else "" for k in ("phone", "birthday", "street", "postcode")}

    def kept_apart(self) -> list[tuple[str, str]]:
        return [(r["key_a"], r["key_b"]) for r in self.run("keep_apart")]

    # --- search: the corridor, expanded on the server -----------------------------------------

    def _corridor_ties(self, name: str, ns: list[int], **params: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Run a corridor query over ``ns``: arrays (a in ``ns``, b, trust)."""
        found = self.run_split(name, ns, **params)
        return (np.array([n for r in found for n in r["a"]], dtype=np.int64),
                np.array([n for r in found for n in r["b"]], dtype=np.int64),
                np.array([t for r in found for t in r["trust"]], dtype=np.float64))

    def _ties_of_sources(self, sources: list[int], generation: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every usable tie of the team members searched from, read once per generation of the
        data (they are the same for every account a rep looks at)."""
        key = (generation, tuple(sorted(sources)))
        if self._sources_cache[0] != key:
            self._sources_cache = (key, self._corridor_ties("corridor_expand", sources))
        return self._sources_cache[1]

    def corridor_index(self, sources: list[int], targets: list[int], max_hops: int,
                       min_first_trust: float = 0.0) -> SearchIndex:
        """A search index of just the people on some path of at most ``max_hops`` ties from
        ``sources`` to ``targets``, with the ties between them (a path's first tie trusted at
        least ``min_first_trust`` unless it reaches a target: the search's introducer rule).

        Both ends are expanded on the server, one level at a time (never variable-length paths),
        always the end whose frontier is smaller, until the two radii add up to ``max_hops - 1``;
        then the server finds the ties between the two outer frontiers. A tie on a short path is
        either met by an expansion or joins the two frontiers, so every path the full index could
        find lies in what comes back; ``ties_on_short_paths`` keeps just those ties, and the same
        search code on this index gives the same answer. The team's own ties are read once per
        generation of the data (:meth:`_ties_of_sources`)."""
        generation = self.generation
        sources, targets = list(dict.fromkeys(sources)), list(dict.fromkeys(targets))
        seen = [set(sources), set(targets)]
        frontier = [sources, targets]
        # a source's ties are a path's first: below the introducer threshold only to a target
        min_trust = min_first_trust * (1 - 1e-9)
        found = []
        for _ in range(max_hops - 1):
            side = 0 if len(frontier[0]) <= len(frontier[1]) else 1
            if frontier[side] is sources:
                a, b, trust = self._ties_of_sources(sources, generation)
                keep = (trust >= min_trust) | np.isin(b, targets)
                found.append((a[keep], b[keep], trust[keep]))
            else:
                found.append(self._corridor_ties("corridor_expand", frontier[side]))
            frontier[side] = [n for n in dict.fromkeys(found[-1][1].tolist()) if n not in seen[side]]
            seen[side].update(frontier[side])
        small, large = sorted(frontier, key=len)
        if small and large:
            team_first = sources in (small, large)  # the team still at radius 0: these are first ties
            found.append(self._corridor_ties("corridor_ties", small, allowed=large, min_trust=min_trust if team_first
                                             else 0.0, ends=targets if team_first else []))
        a, b, trust = (np.concatenate([f[i] for f in found] + [np.zeros(0, f"{kind}8")]) for i, kind in enumerate("iif"))
        keep = ties_on_short_paths(a, b, np.array(sources, dtype=np.int64), np.array(targets, dtype=np.int64),
                                   max_hops)
        lo, hi, trust = np.minimum(a, b)[keep], np.maximum(a, b)[keep], trust[keep]
        _, first = np.unique(lo * (int(hi.max(initial=0)) + 1) + hi, return_index=True)  # each tie once
        lo, hi, trust = lo[first], hi[first], trust[first]
        people: dict[int, tuple[str, bool]] = {}  # n -> (public id, never use my name)
        for found_ids in self.run_split("ids_and_flags", np.union1d(np.union1d(lo, hi), sources).tolist()):
            for n, pid, no_intro in zip(found_ids["n"], found_ids["id"], found_ids["no_intro"]):
                people[n] = (pid, bool(no_intro))
        members = {n for n, role in self.team().items() if role == "member"}
        order = sorted(people.items(), key=lambda item: item[1][0])
        return index_from_arrays(generation, [(n, info[0]) for n, info in order], max(people, default=0),
                                 lo, hi, trust, [n for n in people if n in members],
                                 [n for n, info in people.items() if info[1]])

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

    def strong_ties(self, n: int, *, min_trust: float, limit: int) -> list[tuple[int, float]]:
        return [(r["other"], r["trust"]) for r in self.run("strong_ties", n=n, min_trust=min_trust, limit=limit)]

    # --- copying a whole store (pathfinder migrate) ---------------------------------------------

    def label_rows(self, label: str) -> list[dict[str, Any]]:
        return [dict(r["row"]) for r in self.run("label_rows", label=label)]

    def tie_rows(self) -> list[dict[str, Any]]:
        return [{"a": r["a"], "b": r["b"], "trust": r["trust"], "usable": int(bool(r["usable"]))}
                for r in self.run("tie_rows")]

    def insert_graph(self, nodes: dict[str, list[dict[str, Any]]], ties: list[dict[str, Any]],
                     meta: list[dict[str, Any]], sequences: dict[str, int]) -> None:
        """Fill an empty store: nodes by label, then ties, settings and id sequences, in one transaction."""
        with self.write():
            for label, rows in nodes.items():
                self.run_batched("add_rows", rows, label=label)
            self.run_batched("set_ties", [{**t, "usable": bool(t["usable"])} for t in ties])
            for row in meta:
                self.run("meta_set", key=row["key"], value=row["value"])
            for sequence, last in sequences.items():
                self.run("meta_set", key=f"seq:{sequence}", value=last)

    # --- undoing a merge (merges.unmerge), inside a write -------------------------------------------

    def sighting_rows(self, n: int) -> list[tuple[int, int, str, int, str]]:
        return [tuple(r.values()) for r in self.run("sighting_rows", n=n)]

    def add_person(self, values: dict[str, Any]) -> int:
        from pathfinder.store.neo4j_identity import PERSON_DEFAULTS
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

    def repair_evidence(self, rows: list[tuple[int, int, int]]) -> None:
        self.run_batched("repair_evidence", [{"id": i, "a": a, "b": b} for i, a, b in rows])

    def add_keep_apart(self, pairs: list[tuple[str, str]]) -> None:
        self.run("add_keep_apart", rows=[{"key_a": a, "key_b": b} for a, b in pairs])

    def delete_ties(self, pairs: list[tuple[int, int]]) -> None:
        for a, b in pairs:
            self.run("delete_tie", a=a, b=b)

    def add_merge(self, *, kept_n: int, merged_id: str, reason: str, keys: str, source_id: int | None) -> None:
        self.run("add_merge", row={"id": self.allocate("merges", 1), "kept_n": kept_n, "merged_id": merged_id,
                                   "reason": reason, "keys": keys, "source_id": source_id, "at": now()})

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
