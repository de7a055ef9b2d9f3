"""What an import reads from a file and what it changed: importers produce an :class:`Extraction`
of :class:`ContactRecord` values (file in, records out), each naming people as :class:`PersonRef`
values; storing one gives an :class:`ImportSummary`.
A search never loads this module."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pathfinder.model import Evidence, is_placeholder_name


@dataclass(frozen=True)
class PersonRef:
    """A person as one export row shows them. Empty strings mean "not given"."""

    name: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    profile_url: str = ""
    company: str = ""
    title: str = ""
    location: str = ""
    #: Contact details an address book keeps: evidence of who is who when a record has no
    #: email or profile URL (never a key by themselves). ``birthday`` is ISO ``YYYY-MM-DD``, or
    #: ``--MM-DD`` without the year.
    phone: str = ""
    birthday: str = ""
    street: str = ""
    postcode: str = ""
    #: A CRM record id, namespaced by system: ``hubspot:123``, ``salesforce:003…``. An exact key
    #: like an email: a deals file and a contacts file from the same CRM meet on it.
    crm_id: str = ""

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    def has_identity(self) -> bool:
        """Does the row say who it is: a name that is not a placeholder ("N/A", "unknown"), an
        email, a profile URL or a CRM id?"""
        if self.email or self.profile_url or self.crm_id:
            return True
        return any(part.strip() and not is_placeholder_name(part) for part in (self.name, self.first_name, self.last_name))

    def placeholder_name(self) -> str:
        """The stand-in given where the name should be ("N/A", "unknown"), or '' when there is none."""
        given = " ".join(p.strip() for p in (self.name, self.first_name, self.last_name) if p.strip())
        return given if given and not self.has_identity() else ""

    def skip_reason(self, default: str) -> str:
        """Why a row without identity is skipped: ``default``, or that its name is a placeholder."""
        placeholder = self.placeholder_name()
        return f"{placeholder!r} is not a name, and the row has no email, profile URL or id: skipped" \
            if placeholder else default


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
