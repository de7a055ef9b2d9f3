"""What address-book importers share: labels and categories that name a relationship
("Clients", "* Coworkers", "Family"), and how a row without a person is reported. Used by the
Google, Outlook, Thunderbird and vCard importers."""

from __future__ import annotations

from collections.abc import Iterable

from pathfinder.model import RELATIONSHIP_TIERS
from pathfinder.records import Extraction, PersonRef, RowProblem

_LABEL_TIERS = {
    "client": "client", "customer": "client", "key customer": "client", "buyer": "client",
    "referred": "referred", "referral": "referred", "referred contact": "referred",
    "family": "family", "relative": "family", "family member": "family",
    "friend": "friend", "close friend": "friend", "best friend": "friend",
    "former colleague": "former colleague", "ex-colleague": "former colleague",
    "ex colleague": "former colleague", "former coworker": "former colleague",
    "former co-worker": "former colleague", "ex-coworker": "former colleague",
    "colleague": "colleague", "coworker": "colleague", "co-worker": "colleague",
    "work colleague": "colleague",
    "acquaintance": "acquaintance",
}


def label_tier(label: str) -> str | None:
    """The relationship tier an address-book label or category names, or None.

    >>> label_tier("* Coworkers"), label_tier("Key Customer"), label_tier("myContacts")
    ('colleague', 'client', None)
    """
    key = " ".join(label.strip().lstrip("*").strip().lower().replace("_", " ").split())
    if key in _LABEL_TIERS:
        return _LABEL_TIERS[key]
    if key.endswith("s") and key[:-1] in _LABEL_TIERS:
        return _LABEL_TIERS[key[:-1]]
    return None


def label_tiers(labels: Iterable[str]) -> list[str]:
    """The distinct tiers the labels name, strongest first."""
    found = {t for t in (label_tier(label) for label in labels) if t}
    return [t for t in RELATIONSHIP_TIERS if t in found]


def is_linkedin_url(value: str) -> bool:
    return "linkedin.com/" in value.lower()


#: The row problem for a row longer than the header (kept: the extra fields are dropped).
EXTRA_FIELDS = "row has more fields than the header (an unquoted comma?): the extra fields were ignored"


def nameless_row(out: Extraction, path: object, line: int, row: dict[str, str], person: PersonRef) -> bool:
    """Account for a row that names nobody (no name, email or profile URL). An address book holds
    phone-only or business-only entries: those are counted (True); an empty row, or one whose
    name is a placeholder ("N/A"), is a problem."""
    if any(v for k, v in row.items() if k != "__extra__") and not person.placeholder_name():
        return True
    out.problems.append(RowProblem(str(path), line, person.skip_reason("row has no name, email or profile URL: skipped")))
    return False
