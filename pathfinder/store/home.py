"""Where pathfinder keeps its files by default: ``$PATHFINDER_HOME``, else the user data directory."""

from __future__ import annotations

import os
from pathlib import Path


def default_store_path() -> Path:
    """The default store: ``graph.db`` under ``$PATHFINDER_HOME``, else the user data directory."""
    home = os.environ.get("PATHFINDER_HOME")
    if home:
        return Path(home) / "graph.db"
    import platformdirs
    return Path(platformdirs.user_data_dir("pathfinder")) / "graph.db"
