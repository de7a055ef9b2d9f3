"""The ask as a job: the best route worth asking along to each person wanted (a warm or strong
tie to the introducer, not held back, not a direct tie, not already asked), one request per
introducer naming the best person there (and at most two more as "if ... is not the right
person"), and, on request, each ask put in the introductions ledger."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pathfinder.errors import PathfinderError
from pathfinder.identity.companies import company_key
from pathfinder.identity.lookup import find_member, find_person
from pathfinder.jobs import ledger
from pathfinder.jobs.ask import AskDraft, AskRequest, Person, draft_ask, load_template, template_warnings
from pathfinder.jobs.ask_facts import account_name, in_own_export, role_sightings, tie_facts
from pathfinder.model import PersonRow, ScoredPath
from pathfinder.ranking.policy import Ranking
from pathfinder.ranking.routes import order_key
from pathfinder.ranking.trust import tie_tier
from pathfinder.store.protocol import Store

#: other people at the same introducer offered in one request
ALSO_AT_MOST = 2


@dataclass
class AskPlan:
    """The requests to send (one per introducer), the targets left out with why, and warnings
    about the template."""

    drafts: list[AskDraft]
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"drafts": [d.as_json() for d in self.drafts], "skipped": self.skipped, "warnings": self.warnings}


class _People:
    """People as a request speaks of them: one name per company, and where their role was read."""

    def __init__(self, store: Store, account: str | None) -> None:
        self.store, self.account = store, account
        self.names: dict[str, str] = {}

    def __call__(self, row: PersonRow) -> Person:
        key = company_key(row.company)
        if key not in self.names:
            self.names[key] = account_name(self.store, row.company, self.account)
        return Person(row.name, row.title, self.names[key], tuple(role_sightings(self.store, row)))


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
    insiders = _PastInsiders()
    for target in targets:
        try:
            path = ask_path(ranking, target, via, from_, max_hops)
            if path.inside and not via:  # (an introducer the rep named is their choice)
                insiders.note(path)
                if len(targets) == 1:
                    raise PathfinderError(insiders.say()[0])
                continue
        except PathfinderError as exc:
            if len(targets) == 1:
                raise
            skipped.append(str(exc))
            continue
        chosen.setdefault((path.source.id, path.hops[0].target.id), []).append(path)
    skipped[:0] = insiders.say()
    if not chosen:
        raise PathfinderError("Nothing to ask:\n" + "\n".join(f"- {line}" for line in skipped))
    loaded = load_template(template) if template else None
    warnings = template_warnings(loaded) if loaded else []
    people = _People(store, account)
    drafts = []
    for (sender_id, intro_id), group in chosen.items():
        group.sort(key=order_key)
        sender, intro = find_person(store, sender_id), find_person(store, intro_id)
        order = list(dict.fromkeys(p.hops[1].target.id for p in group))
        named, also = find_person(store, order[0]), [find_person(store, i) for i in order[1:1 + ALSO_AT_MOST]]
        for later in order[1 + ALSO_AT_MOST:]:
            skipped.append(f"{find_person(store, later).name}: {intro.name} is asked about {named.name} first "
                           "(one person per request); ask again once that introduction is done.")
        best = group[0]
        path = next(p for p in group if p.hops[1].target.id == named.id)
        beyond = find_person(store, path.hops[2].target.id) if len(path.hops) > 2 else None
        beyond_tie = tie_facts(store, named, beyond) if beyond else None
        tie = tie_facts(store, sender, intro)
        request = AskRequest(
            sender=people(sender), introducer=people(intro), introducer_email=intro.email, named=people(named),
            tie=tie, named_tie=tie_facts(store, intro, named), also=tuple(people(p) for p in also),
            targets=tuple(dict.fromkeys(p.target.name for p in group if p.hops[1].target.id == named.id)),
            band=best.band, teammate=best.teammate, problem=(problem or "").strip().rstrip("."),
            beyond=people(beyond) if beyond else None,
            beyond_tie_cites=tuple(beyond_tie.cite(*beyond_tie.rel.facts)) if beyond_tie else (),
            recommended_by_introducer=in_own_export(tie, "recommendation", sender.name, direction="received"),
            referred_by_introducer=in_own_export(tie, "referral", sender.name, gave=True))
        drafts.append(dataclasses.replace(draft_ask(request, loaded), ids=(sender.id, intro.id, named.id)))
        if record:
            record_intro(ranking, to=named.id, via=intro.id, from_=sender.id,
                         note=f"asked about {path.target.name}" if len(path.hops) > 2 else "")
    return AskPlan(drafts, skipped, warnings)


class _PastInsiders:
    """The requests not drafted because the route would go past someone the team knows well at
    the account (:attr:`ScoredPath.inside`): whom to start with, and who was not asked about whom."""

    def __init__(self) -> None:
        self.passed: dict[str, dict[str, list[str]]] = {}  # whom to start with -> introducer -> targets

    def note(self, path: ScoredPath) -> None:
        assert path.inside and path.introducer
        self.passed.setdefault(path.inside, {}).setdefault(path.introducer.name, []).append(path.target.name)

    def say(self) -> list[str]:
        """One line per person to start with, and the requests from outside not drafted."""
        return [f"Start inside with {inside}. No request drafted to be introduced from outside to "
                + "; ".join(f"{', '.join(names)} (through {intro})" for intro, names in by_intro.items()) + "."
                for inside, by_intro in self.passed.items()]


def _why_not(p: ScoredPath, target: PersonRow) -> str:
    """Why the route ``p`` gets no request."""
    intro = p.introducer.name if p.introducer else "?"
    if p.held_back:
        until = f" (until {p.free_on})" if p.free_on else ""
        return f"The route to {target.name} through {intro} is held back{until}: {p.held_back}."
    return (f"{intro} barely knows {p.source.name} yet (a cold tie: {'; '.join(p.hops[0].reasons) or 'no evidence'}):"
            f" warm up first, or reach out to {target.name} yourself; no request drafted.")


def ask_path(ranking: Ranking, target: PersonRow, via: str | None, from_: str | None, max_hops: int) -> ScoredPath:
    """The best route to ``target`` worth asking along: through someone who trusts the one who asks
    (a warm or strong tie, or a teammate), not held back, not direct, not already asked."""
    found = ranking.paths(to=target.id, from_=from_, top=50, max_hops=max_hops)
    if via:
        named = find_person(ranking.store, via, team_first=True)
        via = named.name
        found = [p for p in found if p.introducer and p.introducer.id == named.id]
    through = [p for p in found if p.introducer is not None]
    direct = [p for p in found if p.introducer is None and p.held_back is None]
    askable = [p for p in through if p.held_back is None and p.band != "cold"]
    if not via:  # routes already in the ledger are not offered again as new asks
        fresh = [p for p in askable if p.ledger is None]
        if askable and not fresh:
            p = askable[0]
            status, since, _ = p.ledger or ("asked", "?", 0)
            raise PathfinderError(f"You already asked {p.introducer.name if p.introducer else '?'} about "
                                  f"{target.name} ({status} since {since}): see "
                                  "`pathfinder followups`, or name another introducer with `via`.")
        askable = fresh
    if not via:  # a route that goes past a friend inside the account is the last one offered
        askable.sort(key=lambda p: p.inside is not None)
    if askable:
        return askable[0]
    if direct:
        raise PathfinderError(f"{direct[0].source.name} knows {target.name} directly: no introduction "
                              "needed, reach out yourself.")
    if through:
        raise PathfinderError(_why_not(through[0], target))
    where = f" through {via}" if via else ""
    raise PathfinderError(f"No path to {target.name}{where} within {max_hops} hops: nothing to ask.")


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
    pair = (min(rep.n, introducer.n), max(rep.n, introducer.n))
    return ledger.record(store, rep.n, introducer.n, target.n, earned=earned, status=status, at=at,
                         tier=tie_tier(store.evidence_of([pair])[pair]), note=note)
