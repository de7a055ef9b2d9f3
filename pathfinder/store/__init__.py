"""Where the graph lives: ``open_store(url)`` picks the backend from the URL.

A path (or ``file:`` URL) opens the embedded SQLite store; ``neo4j://``, ``neo4j+s://`` and
``bolt://`` URLs open the Neo4j store; ``memory:NAME`` a store that lives as long as the process
(for tests) (credentials from ``PATHFINDER_NEO4J_USER`` and
``PATHFINDER_NEO4J_PASSWORD``, database from ``PATHFINDER_NEO4J_DATABASE``). The default store is ``graph.db`` under
``$PATHFINDER_HOME``, else the user data directory. A writer waits up to
``$PATHFINDER_LOCK_TIMEOUT`` seconds (default 30) for another writer to finish.
"""

from __future__ import annotations

import os
from pathlib import Path

from pathfinder.store.home import default_store_path
from pathfinder.store.protocol import Store

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def open_store(url: str | os.PathLike[str] | None = None, *, database: str | None = None) -> Store:
    """Open the store at ``url`` (default: ``$PATHFINDER_STORE``, then the default path);
    ``database`` names the Neo4j database (default: ``$PATHFINDER_NEO4J_DATABASE``, then the
    server's default).

    Raises:
        BackendUnavailable: the Neo4j driver is missing, the server is down or refused the credentials.
        StoreCorrupt: the file is not a pathfinder store.
    """
    target = store_target(url)
    if target.startswith(NEO4J_SCHEMES):
        from pathfinder.store.neo4j import Neo4jStore
        return Neo4jStore(target, database=database)
    if target.startswith("memory:"):
        from pathfinder.store.memory import open_memory
        return open_memory(target[len("memory:"):])
    from pathfinder.store.sqlite import SQLiteStore
    timeout = float(os.environ.get("PATHFINDER_LOCK_TIMEOUT", 30))
    return SQLiteStore(Path(target.removeprefix("file:")).expanduser(), timeout=timeout)


def store_target(url: str | os.PathLike[str] | None = None) -> str:
    """Where ``open_store(url)`` opens: the URL or path, ``$PATHFINDER_STORE``, or the default path."""
    return str(url) if url else os.environ.get("PATHFINDER_STORE") or str(default_store_path())


def missing_file_store(url: str | os.PathLike[str] | None = None) -> Path | None:
    """The path of the embedded store ``url`` names when no file is there yet (None otherwise)."""
    target = store_target(url)
    if target.startswith(NEO4J_SCHEMES) or target.startswith("memory:"):
        return None
    path = Path(target.removeprefix("file:")).expanduser()
    return None if path.exists() else path


__all__ = ["Store", "open_store", "store_target", "missing_file_store", "default_store_path", "NEO4J_SCHEMES"]
