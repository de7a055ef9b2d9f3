"""The JSON contract of the API, as models for the OpenAPI schema at ``/api/openapi.json``.

They document; they do not produce the answers: every endpoint returns the very text the CLI
prints (``pathfinder.faces.render`` and the same builders), so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class Person(Model):
    id: str
    name: str
    title: str = ""
    company: str = ""


class PersonRef(Model):
    id: str
    name: str


class Hop(Model):
    from_: Person = Field(alias="from")
    to: Person
    trust: float = Field(description="the tie's trust in (0, 1)")
    reasons: list[str] = Field(description="why the tie is trusted, strongest first")


class LedgerMark(Model):
    status: str
    since: str


class Path(Model):
    score: float = Field(description="the product of the hops' trust")
    fit: float
    target: Person
    from_: PersonRef = Field(alias="from")
    introducer: PersonRef | None = Field(description="null when the team member knows the target directly")
    hops: list[Hop]
    ledger: LedgerMark | None = Field(None, description="what the introductions ledger says about this route")


class AccountCoverage(Model):
    account: str
    people: int
    best_score: float
    best: Path | None
    paths: int = Field(description="distinct warm or strong routes (introducers who trust the team, people "
                                   "inside known directly); one means single-introducer risk")
    cold_routes: int = Field(description="distinct routes only through cold ties")
    introducers: list[str]
    members: list[str]
    member_scores: dict[str, float]
    single_introducer_risk: bool
    only_cold: bool
    gap: bool


class Suggestion(Model):
    person: str
    company: str
    tie: float
    accounts: list[str]
    why: list[str]


class Coverage(Model):
    accounts: list[AccountCoverage]
    gaps: list[str]
    team: list[str]
    reach: dict[str, int]
    add_next: list[Suggestion]


class Claim(Model):
    sentence: str
    asserts: list[str]
    evidence: list[dict[str, Any]]


class AskDraft(Model):
    introducer: str
    introducer_email: str
    named: list[str]
    targets: list[str]
    sender: str
    subject: str
    body: str
    also: list[str]
    band: str
    kind: str
    notes: list[str]
    claims: list[Claim]


class AskPlan(Model):
    drafts: list[AskDraft]
    skipped: list[str]
    warnings: list[str]


class Sighting(Model):
    file: str
    line: int
    owner: str
    matched_by: str
    as_: dict[str, Any] = Field(alias="as")
    keys: list[str]


class Merge(Model):
    merged_id: str
    reason: str
    keys: list[str]
    at: str


class PersonInfo(Model):
    id: str
    name: str
    title: str
    company: str
    keys: list[str]
    sightings: list[Sighting]
    merges: list[Merge]
    kept_apart_from: list[str]


class Evidence(Model):
    kind: str
    date: str | None
    data: dict[str, Any]
    source: str
    owner: str


class Piece(Model):
    why: str
    strength: float


class TieExplained(Model):
    from_: str = Field(alias="from")
    to: str
    trust: float
    usable: bool
    combination: str
    pieces: list[Piece]
    evidence: list[Evidence]


class Explanation(Model):
    from_: str = Field(alias="from")
    to: str
    direct: bool
    score: float | None = None
    hops: list[TieExplained]


class IntroEvent(Model):
    status: str
    at: str
    note: str


class Intro(Model):
    id: int
    rep: str
    introducer: str
    target: str
    status: str
    earned: bool
    created_at: str
    updated_at: str
    tier: str
    history: list[IntroEvent]


class FollowUp(Model):
    intro_id: int
    due: str
    to: str
    kind: str
    draft: str


class Owed(Model):
    introducer: str
    rep: str
    introductions_given: int
    last: str
    ideas: list[str]


class DayLine(Model):
    kind: str = Field(description="follow-up, agree, ask, owed or not yet")
    rep: str
    person: str
    why: str
    action: str = Field(description="the command that does it")
    target: str
    until: str
    target_id: str


class FollowUps(Model):
    due: list[FollowUp]
    reciprocity_owed: list[Owed]


class Stats(Model):
    people: int
    ties: int
    evidence: int
    sources: int
    team: int
    generation: int
    introductions: dict[str, list[dict[str, Any]]]


class Error(Model):
    error: str = Field(description="the message the CLI prints after 'Error: '")
