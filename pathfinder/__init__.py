"""pathfinder: warm introduction paths through a sales team's pooled contact exports.

>>> import pathfinder
>>> with pathfinder.open("team.db") as pf:            # doctest: +SKIP
...     pf.import_file("Connections.csv", owner="Rita Rep")
...     best = pf.paths(account="Acme", title="VP Sales", top=5)
"""

from typing import TYPE_CHECKING

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
from pathfinder.lazy import lazy_names

if TYPE_CHECKING:  # for type checkers and editors; at run time see __getattr__
    from pathfinder.api import AccountNotFound, Coverage, PathFinder, Prospect, open  # noqa: A004, F401
    from pathfinder.importers.reading import ImportItem, read_manifest  # noqa: F401
    from pathfinder.importers.registry import available_importers  # noqa: F401
    from pathfinder.jobs.ask import AskDraft, playbook_warnings  # noqa: F401
    from pathfinder.model import Evidence, Hop, PersonSummary, ScoredPath  # noqa: F401
    from pathfinder.records import (
        ContactRecord,  # noqa: F401
        PersonRef,  # noqa: F401
    )

#: the public names, each from the module that defines it, imported on first use: a command
#: line that only asks for paths does not load the importers, the ask or the web app
_FROM = {"open": "pathfinder.api", "PathFinder": "pathfinder.api", "Prospect": "pathfinder.api",
         "Coverage": "pathfinder.api", "AccountNotFound": "pathfinder.api",
         "AskDraft": "pathfinder.jobs.ask", "playbook_warnings": "pathfinder.jobs.ask",
         "available_importers": "pathfinder.importers.registry",
         "ImportItem": "pathfinder.importers.reading", "read_manifest": "pathfinder.importers.reading",
         "ContactRecord": "pathfinder.records", "Evidence": "pathfinder.model", "Hop": "pathfinder.model",
         "PersonRef": "pathfinder.records", "PersonSummary": "pathfinder.model", "ScoredPath": "pathfinder.model"}


__getattr__ = lazy_names(globals(), _FROM)


__version__ = "0.1.0"

__all__ = [
    *_FROM, "PathfinderError", "AmbiguousPerson", "BackendUnavailable", "ConfigError",
    "ExportFormatError", "MissingColumns", "PersonNotFound", "StoreCorrupt", "StoreLocked",
    "UnrecognizedExport",
]
