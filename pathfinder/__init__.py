"""pathfinder: warm introduction paths through a sales team's pooled contact exports.

>>> import pathfinder
>>> with pathfinder.open("team.db") as pf:            # doctest: +SKIP
...     pf.import_file("Connections.csv", owner="Rita Rep")
...     best = pf.paths(account="Acme", title="VP Sales", top=5)
"""

from pathfinder.api import AccountNotFound, Coverage, PathFinder, Prospect, open
from pathfinder.errors import (
    AmbiguousPerson,
    BackendUnavailable,
    ConfigError,
    ExportFormatError,
    MissingColumns,
    PathfinderError,
    PersonNotFound,
    StoreCorrupt,
    StoreLocked,
    UnrecognizedExport,
)
from pathfinder.importers.reading import ImportItem, read_manifest
from pathfinder.importers.registry import available_importers
from pathfinder.jobs.ask import AskDraft, playbook_warnings
from pathfinder.model import ContactRecord, Evidence, Hop, PersonRef, PersonSummary, ScoredPath

__version__ = "0.1.0"

__all__ = [
    "open", "PathFinder", "Prospect", "Coverage", "AskDraft", "playbook_warnings", "available_importers",
    "ImportItem", "read_manifest",
    "ContactRecord", "Evidence", "Hop", "PersonRef", "PersonSummary", "ScoredPath",
    "PathfinderError", "AccountNotFound", "AmbiguousPerson", "BackendUnavailable", "ConfigError",
    "ExportFormatError", "MissingColumns", "PersonNotFound", "StoreCorrupt", "StoreLocked",
    "UnrecognizedExport",
]
