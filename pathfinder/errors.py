"""Errors pathfinder raises. Every message is fit to show a user.

PathfinderError
├── ConfigError(ValueError)         bad settings or weights file
├── BackendUnavailable              a store cannot be opened (driver missing, server down, bad credentials)
├── StoreCorrupt                    the store file is unreadable or inconsistent
├── StoreLocked                     another process held the store's write lock past the timeout
├── ExportFormatError(ValueError)   a whole-file import problem (names the file, and the line when known)
│   ├── UnrecognizedExport          no importer claims the file
│   └── MissingColumns              the header lacks a required column
├── PersonNotFound(LookupError)     a name, email or URL matches nobody (carries close matches)
├── AccountNotFound(LookupError)    nobody works at the account (carries close company names)
├── NotOnTeam(LookupError)          a name that must be a team member's is not (carries close members)
└── AmbiguousPerson(LookupError)    a name matches several people (carries them)
"""

from __future__ import annotations


class PathfinderError(Exception):
    """Base class of every error pathfinder raises on purpose."""


class ConfigError(PathfinderError, ValueError):
    """Settings or weights could not be used."""


class BackendUnavailable(PathfinderError):
    """The configured store cannot be reached or opened."""


class StoreCorrupt(PathfinderError):
    """The store's files are unreadable or inconsistent."""


class StoreLocked(PathfinderError):
    """Another process kept the store busy for longer than the timeout."""


class ExportFormatError(PathfinderError, ValueError):
    """A whole file cannot be imported."""

    def __init__(self, path: object, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.problem = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type, tuple[str, str, int | None]]:
        # rebuilt from its parts when it crosses to another process (a file read ahead)
        return type(self), (self.path, self.problem, self.line)


class UnrecognizedExport(ExportFormatError):
    """No importer recognises the file."""


class MissingColumns(ExportFormatError):
    """The header row lacks columns the importer needs."""


class PersonNotFound(PathfinderError, LookupError):
    """Nobody in the store matches the query."""

    def __init__(self, query: str, close_matches: list[str] | None = None) -> None:
        self.query = query
        self.close_matches = close_matches or []
        hint = f" Did you mean: {', '.join(self.close_matches)}?" if self.close_matches else ""
        super().__init__(f"No person matches {query!r}.{hint}")


class AccountNotFound(PathfinderError, LookupError):
    """Nobody in the store works at the named account."""

    def __init__(self, account: str, close: list[str]) -> None:
        self.account = account
        self.close_matches = close
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        super().__init__(f"Nobody in the store works at {account!r}.{hint}")


class NotOnTeam(PathfinderError, LookupError):
    """A name that must be a team member's (a search's start, a vouch, an export's owner) is not."""

    def __init__(self, query: str, close_matches: list[str], message: str) -> None:
        self.query = query
        self.close_matches = close_matches
        super().__init__(message)


class AmbiguousPerson(PathfinderError, LookupError):
    """A name matches several people; the caller must name one by its id, email or profile URL."""

    def __init__(self, query: str, candidates: list[str]) -> None:
        self.query = query
        self.candidates = candidates
        listed = "; ".join(candidates[:10]) + (f"; and {len(candidates) - 10} more" if len(candidates) > 10 else "")
        super().__init__(
            f"{query!r} matches {len(candidates)} people: {listed}. "
            "Name one by its id (an email or profile URL works too)."
        )
