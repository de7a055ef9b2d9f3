"""The Neo4j store's connection: credentials from the environment, the schema (indexes and
constraints), one write transaction at a time under the store's lock, the generation counter
and the id sequences; statements run by name from :mod:`pathfinder.queries`."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pathfinder.errors import BackendUnavailable, PathfinderError, StoreCorrupt
from pathfinder.queries import load

#: 2: indexes on the contact details (phone, birthday, postcode); 3: the team's own keys; 4: each tie's band
SCHEMA_VERSION = 5  # 5: the never-use flag is indexed (read by every search)
SPLIT_CHUNK, SPLIT_WORKERS = 2000, 2  # run_split: people per statement, statements at once


class Neo4jServer:
    """An open connection to one Neo4j database holding a pathfinder store."""

    def __init__(self, url: str, *, database: str | None = None) -> None:
        self._pool: Any = None  # the threads of run_split, started on first use
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
            if version is not None and int(version) < 4:
                # each tie's band (strong, warm, cold) comes from its evidence: the ties are
                # rescored when the API next opens the store (pathfinder.jobs.upgrade)
                with self.write():
                    self.run("meta_set", key="rescore", value="pending")
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

        if self._pool is None:  # kept for the store's life: starting threads for every read costs ~10 ms
            from concurrent.futures import ThreadPoolExecutor
            self._pool = ThreadPoolExecutor(SPLIT_WORKERS, thread_name_prefix="pathfinder-neo4j")
        return list(self._pool.map(one, [ns[i:i + size] for i in range(0, len(ns), size)]))

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
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        self._session.close()
        self.driver.close()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Each read is its own transaction here: callers compare the generation before and
        after (see :meth:`Ranking.refresh_index`)."""
        yield

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

    def compact(self) -> None:
        """Nothing to do here: the server manages its files."""

    # --- not on this backend --------------------------------------------------------------------

    def backup(self, target: str | os.PathLike[str]) -> None:
        raise PathfinderError("On Neo4j, back up with the server's own tools (neo4j-admin database dump), "
                              "or copy the store into a file with `pathfinder migrate --to FILE`.")
