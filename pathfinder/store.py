"""Where the graph lives: ``open_store(url)`` picks the backend from the URL.

A path (or ``file:`` URL) opens the embedded SQLite store; ``neo4j://``, ``neo4j+s://`` and
``bolt://`` URLs are for the Neo4j backend. The default store is ``graph.db`` under
``$PATHFINDER_HOME``, else the user data directory. A writer waits up to
``$PATHFINDER_LOCK_TIMEOUT`` seconds (default 30) for another writer to finish.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import BackendUnavailable
from .sqlite_store import SQLiteStore

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def default_store_path() -> Path:
    home = os.environ.get("PATHFINDER_HOME")
    if home:
        return Path(home) / "graph.db"
    import platformdirs
    return Path(platformdirs.user_data_dir("pathfinder")) / "graph.db"


def open_store(url: str | os.PathLike[str] | None = None) -> SQLiteStore:
    """Open the store at ``url`` (default: ``$PATHFINDER_STORE``, then the default path).

    Raises:
        BackendUnavailable: the URL names a backend that is not available yet.
        StoreCorrupt: the file is not a pathfinder store.
    """
    target = str(url) if url else os.environ.get("PATHFINDER_STORE") or str(default_store_path())
    if target.startswith(NEO4J_SCHEMES):
        raise BackendUnavailable(
            "The Neo4j backend is not available yet in this version; use the embedded store "
            "(a file path for --store / PATHFINDER_STORE).")
    if target.startswith("file:"):
        target = target[5:]
    timeout = float(os.environ.get("PATHFINDER_LOCK_TIMEOUT", 30))
    return SQLiteStore(Path(target).expanduser(), timeout=timeout)
