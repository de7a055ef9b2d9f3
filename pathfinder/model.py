"""The records that flow through pathfinder.

Importers produce :class:`ContactRecord` values (file in, records out); identity resolution turns
each :class:`PersonRef` into a stored person; search returns :class:`ScoredPath` values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

#: Relationship tiers from the playbook, strongest first. A generic contacts CSV may name them
#: in a ``relationship`` column; CRM deals produce ``client``; a lead source produces ``referred``.
RELATIONSHIP_TIERS = (
    "client",
    "referred",
    "family",
    "friend",
    "former colleague",
    "colleague",
    "acquaintance",
)


def now() -> str:
    """The time a row is written (UTC, to the second)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


#: what forms and spreadsheets put where a name is missing
PLACEHOLDER_NAMES = frozenset({"na", "n a", "none", "null", "nil", "unknown", "tbd", "no name", "noname",
                               "not available", "not applicable", "anonymous"})
_NOT_LETTERS = re.compile(r"[\W_]+")


def is_placeholder_name(text: str) -> bool:
    """Is this a stand-in for a missing name ("N/A", "-", "unknown", "?") rather than a name?

    >>> is_placeholder_name("N/A"), is_placeholder_name(" - "), is_placeholder_name("Na Li"), is_placeholder_name("")
    (True, True, False, False)
    """
    text = text.strip()
    if not text or len(text) > 16:  # the longest stand-in, "not applicable", has 14 letters
        return False
    words = _NOT_LETTERS.sub(" ", text.lower()).split()
    return not words or " ".join(words) in PLACEHOLDER_NAMES


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence about a tie, as an export states it.

    ``kind`` is one of: ``connection`` (a LinkedIn first-degree connection), ``contact`` (an
    address-book entry), ``relationship`` (data ``{"tier": ...}``), ``messages`` (``sent``,
    ``received``), ``deal`` (``won``, ``amount``), ``endorsement``, ``recommendation``,
    ``invitation``, ``colleague``. ``date`` is an ISO date (``YYYY-MM-DD``) or ``None``.
    """

    kind: str
    date: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def __hash__(self) -> int:  # data is a dict; hash on the stable part
        return hash((self.kind, self.date, tuple(sorted(self.data.items()))))


@dataclass
class PersonRow:
    """A stored person, as the stores give them: ``n`` is the store's number, ``id`` the public id."""

    n: int
    id: str
    name: str
    email: str
    profile_url: str
    company: str
    title: str
    seniority: str
    functions: str
    location: str


class IntroRow(NamedTuple):
    """One introduction of the ledger as the stores keep it."""

    id: int
    rep_n: int
    introducer_n: int
    target_n: int
    earned: bool
    status: str
    created_at: str
    updated_at: str
    tier: str


@dataclass(frozen=True)
class PersonSummary:
    """A stored person, as results show them."""

    id: str
    name: str
    title: str = ""
    company: str = ""

    def as_json(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "title": self.title, "company": self.company}


@dataclass(frozen=True)
class Hop:
    """One tie on a path, with its trust and why."""

    source: PersonSummary
    target: PersonSummary
    trust: float
    reasons: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.source.as_json(),
            "to": self.target.as_json(),
            "trust": round(self.trust, 4),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class ScoredPath:
    """A path from a team member to a target, best first in results.

    ``introducer`` is the first person the team member asks; ``None`` when the team member
    knows the target directly.
    """

    score: float  # the product of the hops' trust
    hops: tuple[Hop, ...]
    fit: float = 1.0
    #: what the introductions ledger already says about this route, e.g. ("asked", "2026-11-02", 7):
    #: the status, since when, and the introduction's number in the ledger
    ledger: tuple[str, str, int] | None = None
    #: how well the first person on the path knows the team member: strong, warm or cold
    band: str = "cold"
    fit_reason: str = ""
    #: the first person on the path is a teammate (asked as one of the team)
    teammate: bool = False
    #: why this route is not to be used now, and the day it frees up (None: it does not by itself)
    held_back: str | None = None
    free_on: str | None = None
    #: someone at the target's company the team knows well, when this route comes in from outside
    #: along a cold tie: the rep starts with them instead, e.g. "Frank Friend (CTO, Initech), whom
    #: Rita Rep knows well (friend (since 2009-06-01))"
    inside: str | None = None

    @property
    def source(self) -> PersonSummary:
        return self.hops[0].source

    @property
    def target(self) -> PersonSummary:
        return self.hops[-1].target

    @property
    def introducer(self) -> PersonSummary | None:
        return self.hops[0].target if len(self.hops) > 1 else None

    @property
    def action(self) -> str:
        """What the rep does with this route, in a few words."""
        intro = self.introducer
        if self.held_back:
            return "held back: " + self.held_back
        if intro is None:
            return "reach out yourself" + ("" if self.band != "cold" else " (a cold tie: say how you are connected)")
        if self.inside:
            return f"start inside with {self.inside}: this route comes in from outside along a cold tie"
        if self.teammate:
            return f"ask {intro.name}, your teammate, to introduce you"
        if self.band == "cold":
            return f"warm up first: {intro.name} barely knows you yet, so do not ask for an introduction"
        return f"ask {intro.name} for an introduction"

    def as_json(self) -> dict[str, Any]:
        intro = self.introducer
        return {
            "score": round(self.score, 6),
            "band": self.band,
            "fit": round(self.fit, 4),
            "fit_reason": self.fit_reason,
            "target": self.target.as_json(),
            "from": {"id": self.source.id, "name": self.source.name},
            "introducer": {"id": intro.id, "name": intro.name} if intro else None,
            "action": self.action,
            "hops": [h.as_json() for h in self.hops],
            "ledger": {"status": self.ledger[0], "since": self.ledger[1], "id": self.ledger[2]} if self.ledger else None,
            "held_back": {"reason": self.held_back, "until": self.free_on} if self.held_back else None,
        }
