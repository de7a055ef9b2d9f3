"""What an import reads from a file and what it changed: importers produce an :class:`Extraction`
of :class:`ContactRecord` values (file in, records out); storing one gives an :class:`ImportSummary`.
A search never loads this module."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pathfinder.model import Evidence, PersonRef


@dataclass(frozen=True)
class ContactRecord:
    """A tie seen in an export: ``a`` knows ``b`` because of ``evidence``.

    ``a`` is ``None`` for the export's owner (the usual case: a row of my contacts).
    ``line`` is the 1-based line in the file where the row starts (for a file inside an archive,
    ``file`` names it). ``a_role`` is ``"member"`` when ``a`` is on the team (a CRM deal owner).
    """

    line: int
    b: PersonRef
    evidence: tuple[Evidence, ...]
    a: PersonRef | None = None
    a_role: str = ""
    file: str = ""


@dataclass(frozen=True)
class RowProblem:
    """A row that could not be used, with where it is and why."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class OwnerIdentity:
    """Who an export belongs to, as the export itself or the user says it: a name, the email
    addresses and profile URL that are theirs, and where they work now. Empty means "not said"."""

    name: str = ""
    emails: tuple[str, ...] = ()
    profile_url: str = ""
    company: str = ""
    title: str = ""

    def __bool__(self) -> bool:
        return bool(self.name or self.emails or self.profile_url)


@dataclass
class Extraction:
    """What an importer read from one file."""

    path: str
    format: str
    records: list[ContactRecord] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    rows: int = 0  # data rows read (including skipped ones)
    notes: list[str] = field(default_factory=list)  # expected skips worth a line in the summary
    owner: OwnerIdentity | None = None  # whose export it is, when the export says so (a LinkedIn archive)


@dataclass
class ImportSummary:
    """What importing one file changed."""

    path: str
    format: str
    owner: str
    already_imported: bool = False
    rows: int = 0
    people_added: int = 0
    people_matched: int = 0
    people_merged: int = 0
    ties_added: int = 0
    ties_updated: int = 0
    evidence: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["problems"] = [str(p) for p in self.problems]
        return d
