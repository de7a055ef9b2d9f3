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
    target = str(url) if url else os.environ.get("PATHFINDER_STORE") or str(default_store_path())
    if target.startswith(NEO4J_SCHEMES):
        from pathfinder.store.neo4j import Neo4jStore
        return Neo4jStore(target, database=database)
    if target.startswith("memory:"):
        from pathfinder.store.memory import open_memory
        return open_memory(target[len("memory:"):])
    if target.startswith("file:"):
        target = target[5:]
    from pathfinder.store.sqlite import SQLiteStore
    timeout = float(os.environ.get("PATHFINDER_LOCK_TIMEOUT", 30))
    return SQLiteStore(Path(target).expanduser(), timeout=timeout)


__all__ = ["Store", "open_store", "default_store_path", "NEO4J_SCHEMES"]
