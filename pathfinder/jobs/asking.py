"""The ask as a job: the best path worth asking along to each person wanted (not a direct tie, not
a route already asked), one request per introducer naming the people to meet, and, on request, each
ask put in the introductions ledger."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pathfinder.errors import PathfinderError
from pathfinder.identity.lookup import find_member, find_person
from pathfinder.jobs import ledger
from pathfinder.jobs.ask import AskDraft, draft_ask, load_template
from pathfinder.model import PersonRow, ScoredPath
from pathfinder.ranking.policy import Ranking
from pathfinder.ranking.trust import tie_tier


@dataclass
class AskPlan:
    """The requests to send (one per introducer) and the targets left out, with why."""

    drafts: list[AskDraft]
    skipped: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"drafts": [d.as_json() for d in self.drafts], "skipped": self.skipped}


def _evidence(ranking: Ranking, a: PersonRow, b: PersonRow) -> list[Any]:
    pair = (min(a.n, b.n), max(a.n, b.n))
    return ranking.store.evidence_of([pair])[pair]


def plan_asks(ranking: Ranking, *, to: list[str] | None, account: str | None, title: str | None, via: str | None,
              from_: str | None, max_hops: int, problem: str | None, template: str | os.PathLike[str] | None,
              record: bool) -> AskPlan:
    """See :meth:`pathfinder.api.PathFinder.ask`."""
    store = ranking.store
    if to:
        targets = [find_person(store, t) for t in to]
    elif account:
        targets = ranking.targets(None, account, title)
    else:
        raise PathfinderError("Say who to meet: `to` a person (or several) or an `account`.")
    chosen: dict[tuple[str, str], list[ScoredPath]] = {}
    skipped: list[str] = []
    for target in targets:
        try:
            path = ask_path(ranking, target, via, from_, max_hops)
        except PathfinderError as exc:
            if len(targets) == 1:
                raise
            skipped.append(str(exc))
            continue
        chosen.setdefault((path.source.id, path.hops[0].target.id), []).append(path)
    if not chosen:
        raise PathfinderError("Nothing to ask: " + " ".join(skipped))
    loaded = load_template(template) if template else None
    drafts = []
    for (sender_id, intro_id), group in chosen.items():
        sender, intro = find_person(store, sender_id), find_person(store, intro_id)
        note = next((ev.data["note"] for ev in _evidence(ranking, sender, intro) if ev.data.get("note")), "")
        drafts.append(draft_ask(group, sender_company=sender.company, problem=problem or "", note=note,
                                introducer_email=intro.email, template=loaded))
        if record:
            for path in group:
                record_intro(ranking, to=path.hops[1].target.id, via=intro.id, from_=sender.id,
                             note=f"asked about {path.target.name}" if len(path.hops) > 2 else "")
    return AskPlan(drafts, skipped)


def ask_path(ranking: Ranking, target: PersonRow, via: str | None, from_: str | None, max_hops: int) -> ScoredPath:
    """The best path to ``target`` worth asking along (not direct, not already asked)."""
    found = ranking.paths(to=target.id, from_=from_, top=50, max_hops=max_hops)
    if via:
        via_id = find_person(ranking.store, via, team_first=True).id
        found = [p for p in found if p.introducer and p.introducer.id == via_id]
    warm = [p for p in found if p.introducer is not None]
    if found and not warm:
        raise PathfinderError(f"{found[0].source.name} knows {target.name} directly: no introduction "
                              "needed, reach out yourself.")
    if not via:  # routes already in the ledger are not offered again as new asks
        fresh = [p for p in warm if p.ledger is None]
        if warm and not fresh:
            p = warm[0]
            status, since = p.ledger or ("asked", "?")
            raise PathfinderError(f"You already asked {p.introducer.name if p.introducer else '?'} about "
                                  f"{target.name} ({status} since {since}): see "
                                  "`pathfinder followups`, or name another introducer with `via`.")
        warm = fresh
    if not warm:
        where = f" through {via}" if via else ""
        raise PathfinderError(f"No warm path to {target.name}{where} within {max_hops} hops: nothing to ask.")
    return warm[0]


def record_intro(ranking: Ranking, *, to: str, via: str, from_: str | None = None, earned: bool = False,
                 status: str = "asked", at: date | None = None, note: str = "") -> int:
    """See :meth:`pathfinder.api.PathFinder.record_intro`."""
    store = ranking.store
    target, introducer = find_person(store, to), find_person(store, via, team_first=True)
    if from_:
        rep = find_member(store, from_)
    else:
        through = [p for p in ranking.paths(to=to, top=50) if p.introducer and p.introducer.id == introducer.id]
        members = {n for n, role in store.team().items() if role == "member"}
        knows = [(trust, other) for other, trust, _ in store.ties_of(introducer.n, limit=1000) if other in members]
        if through:
            rep = find_person(store, through[0].source.id)
        elif knows:  # the teammate who knows the introducer best
            rep = store.people([max(knows)[1]])[max(knows)[1]]
        else:
            raise PathfinderError(f"Nobody on the team knows {via}; say who asked with `from_`.")
    return ledger.record(store, rep.n, introducer.n, target.n, earned=earned, status=status, at=at,
                         tier=tie_tier(_evidence(ranking, rep, introducer)), note=note)
