"""The embedded store's file: opening (and creating, and upgrading) it, its write transaction,
the generation counter, and copying it whole (backup, compact, dump and load)."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pathfinder.errors import StoreCorrupt, StoreLocked
from pathfinder.store import sqlite_schema
from pathfinder.store.protocol import Tables

#: how long compacting waits for another process to stop reading the old pages, in seconds
COMPACT_WAIT = 10.0


class SQLiteFile:
    """One SQLite file holding a pathfinder store (WAL journal; readable by its owner only)."""

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            # personal data: readable by the owner only, before SQLite writes a byte
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        try:
            self.db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            said = str(exc).lower()
            if "malformed" in said:
                raise StoreCorrupt(f"{self.path} is damaged ({exc}): restore a backup (`pathfinder backup` makes "
                                   "them), or move it away and import the exports again.") from exc
            if "readonly" in said or "unable to open" in said or "locked" in said or "full" in said or "i/o" in said:
                raise StoreCorrupt(f"{self.path} cannot be opened: {exc} (a read-only file or folder, a full disk, "
                                   "or another program holding it). Nothing was changed.") from exc
            raise StoreCorrupt(f"{self.path} is not a pathfinder store ({exc}). "
                               "Point --store at another file, or move this one away.") from exc
        current = sqlite_schema.SCHEMA_VERSION
        if version > current:
            raise StoreCorrupt(f"{self.path} was written by a newer pathfinder (schema {version}, "
                               f"this one knows {current}); upgrade pathfinder to open it.")
        if version == 0:
            with self.write():
                for statement in sqlite_schema.SCHEMA.split(";"):  # executescript would commit half-way
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={current}")
                self.db.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")
                for statement in sqlite_schema.INDEX_LOG:
                    self.db.execute(statement)
        elif version < current:
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        """Bring an older store up to date, after a backup copy beside it (removed once the
        steps have committed); all steps in one transaction, so an interrupted migration leaves
        the old store as it was."""
        backup = self.path.with_name(f"{self.path.name}.schema{version}.bak")
        if not backup.exists():
            self.backup(backup)
        with self.write():
            for step in range(version, sqlite_schema.SCHEMA_VERSION):
                for statement in sqlite_schema.MIGRATIONS[step]:
                    self.db.execute(statement)
            self.db.execute(f"PRAGMA user_version={sqlite_schema.SCHEMA_VERSION}")
            self.bump_generation()
        # done, in one committed transaction: the copy is not kept (it would hold people forgotten later)
        if self.db.execute("PRAGMA quick_check").fetchone()[0] == "ok":
            backup.unlink(missing_ok=True)

    def close(self) -> None:
        self.db.close()

    def init_schema(self) -> None:
        """Nothing to do: the file's tables are made when it is created."""

    # --- transactions ---------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; waits for other writers up to the timeout."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreLocked(f"{self.path} is busy: another pathfinder process is writing to it. "
                                  "Try again when it has finished.") from exc
            raise
        try:
            yield self.db
        except BaseException:
            if self.db.in_transaction:  # SQLite already rolled back after "disk is full"
                self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads that all see one committed state (a read transaction; inside a write, its own)."""
        if self.db.in_transaction:
            yield
            return
        self.db.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            if self.db.in_transaction:
                self.db.execute("COMMIT")

    @property
    def generation(self) -> int:
        """A counter bumped by every write, so the search index knows when it is stale."""
        row = self.db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    def bump_generation(self) -> None:
        self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")

    # --- copying a whole store (pathfinder migrate) ---------------------------------------------

    TABLES = ("people", "person_keys", "sources", "team", "member_keys", "evidence", "ties", "merges", "sightings",
              "keep_apart", "intros", "intro_events", "suppressed")

    def dump(self) -> Tables:
        """Every table's rows as dicts (and the data's own settings from ``meta``)."""
        out: dict[str, list[dict[str, Any]]] = {}
        for table in (*self.TABLES, "meta"):
            cur = self.db.execute(f"SELECT * FROM {table}")
            columns = [c[0] for c in cur.description]
            out[table] = [dict(zip(columns, row)) for row in cur]
        return out

    def load(self, tables: Tables) -> None:
        """Fill the tables from rows as :meth:`dump` returns them, in one transaction."""
        with self.write():
            for table in (*self.TABLES, "meta"):
                rows = tables.get(table, [])
                if rows:  # a copy from Neo4j leaves out a row's empty (null) columns: take them all
                    columns = list(dict.fromkeys(c for r in rows for c in r))
                    self.db.executemany(
                        f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                        ([r.get(c) for c in columns] for r in rows))
            self.bump_generation()

    def compact(self, wait: float | None = None) -> None:
        """Rewrite the file without free pages and empty the write-ahead log, so deleted data
        leaves no trace on disk.

        Raises:
            StoreLocked: another process kept reading the old pages for ``wait`` seconds: they
                stay in the file until it stops (the deletion itself is committed).
        """
        self.db.execute("PRAGMA secure_delete=ON")
        deadline = time.monotonic() + (COMPACT_WAIT if wait is None else wait)
        while True:
            try:
                self.db.execute("VACUUM")
                busy = self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                busy = 1
            if not busy:
                return
            if time.monotonic() > deadline:
                raise StoreLocked(f"another process is reading {self.path}, so the old copies of what was deleted stay "
                                  "in the file (and its -wal) until it stops. Stop it (a `pathfinder serve`?) and run "
                                  "`pathfinder check`, which finishes the job.")
            time.sleep(0.2)

    def backup(self, target: str | os.PathLike[str]) -> None:
        """A consistent copy of the store (readers and writers may keep running)."""
        target = Path(target)
        if target.exists():
            raise StoreCorrupt(f"{target} already exists; choose a new file for the backup")
        os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o600))
        copy = sqlite3.connect(target)
        try:
            self.db.backup(copy)
        finally:
            copy.close()
