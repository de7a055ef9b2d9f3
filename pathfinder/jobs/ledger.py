"""The introductions ledger: every ask and what became of it, and the follow-ups it owes.

An introduction moves through ``asked`` → ``accepted`` / ``declined`` → ``introduced`` → ``met``
→ ``opportunity`` → ``won`` / ``lost``; each step is kept with its date. An *earned*
introduction is one the introducer made without being asked. The ledger feeds back into the
ranking (:mod:`pathfinder.ranking.policy`): an introducer already asked too often lately, or who
declined twice, is not suggested; routes already asked are marked.

The playbook's three follow-ups, drafted and scheduled from the ledger: thank the introducer
within a day of the introduction, report back after meeting the new contact, and thank them again
when it becomes a sale; and, a week after an introduction, an offer to return the favour. The
reciprocity owed lists introducers who have given and not yet received, with people from the
rep's own network they might want to meet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from pathfinder.errors import PathfinderError
from pathfinder.model import IntroRow

if TYPE_CHECKING:
    from pathfinder.store.protocol import Store

STATUSES = ("asked", "accepted", "declined", "introduced", "met", "opportunity", "won", "lost")
#: which statuses may follow which (a later step may skip ones in between)
_ORDER = {s: i for i, s in enumerate(STATUSES)}


@dataclass(frozen=True)
class Intro:
    id: int
    rep: str
    introducer: str
    target: str
    status: str
    earned: bool
    created_at: str
    updated_at: str
    tier: str
    history: tuple[tuple[str, str, str], ...]  # (status, date, note)

    def as_json(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["history"] = [{"status": s, "at": at, "note": note} for s, at, note in self.history]
        return d


@dataclass(frozen=True)
class FollowUp:
    intro_id: int
    due: str
    to: str
    kind: str  # one of FOLLOWUP_KINDS
    draft: str

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _day(at: date | None) -> str:
    """The day a ledger entry happened (default today), as ISO; a day more than a year ahead is
    a typo, not an introduction (it would stay "due" for ever)."""
    when = at or date.today()
    if when > date.today() + timedelta(days=366):
        raise PathfinderError(f"{when} is more than a year from today: give the day it happened (or none, for today)")
    return when.isoformat()


def _rows(store: Store) -> list[IntroRow]:
    return [IntroRow(*r) for r in store.intro_rows()]


def record(store: Store, rep_n: int, introducer_n: int, target_n: int, *, earned: bool = False,
           status: str = "asked", at: date | None = None, tier: str = "", note: str = "") -> int:
    when = _day(at)
    for r in _rows(store):  # the same ask recorded twice on one day is one ask
        if (r.rep_n, r.introducer_n, r.target_n, r.earned) == (rep_n, introducer_n, target_n, earned) \
                and r.created_at[:10] == when and r.status == status:
            return r.id
    return store.add_intro(rep_n, introducer_n, target_n, earned=earned, status=status, at=when, tier=tier, note=note)


def update(store: Store, intro_id: int, status: str, *, at: date | None = None, note: str = "") -> None:
    """Move an introduction to ``status``.

    Raises:
        PathfinderError: unknown id or status, or a step backwards (e.g. ``met`` after ``won``).
    """
    if status not in STATUSES:
        raise PathfinderError(f"unknown status {status!r}; one of: {', '.join(STATUSES)}")
    row = next((r for r in _rows(store) if r.id == intro_id), None)
    if row is None:
        raise PathfinderError(f"no introduction #{intro_id} in the ledger (see `pathfinder intros`)")
    if row.status in ("declined", "won", "lost") or _ORDER[status] < _ORDER[row.status]:
        raise PathfinderError(f"introduction #{intro_id} is {row.status}; it cannot become {status}")
    store.add_intro_event(intro_id, status, _day(at), note, set_status=True)


def _history(store: Store) -> dict[int, list[tuple[str, str, str]]]:
    out: dict[int, list[tuple[str, str, str]]] = {}
    for _, intro_id, status, at, note in store.intro_event_rows():
        out.setdefault(intro_id, []).append((status, at, note))
    return out


def intros(store: Store, *, status: str | None = None) -> list[Intro]:
    rows = [r for r in _rows(store) if status is None or r.status == status]
    people = store.people({n for r in rows for n in (r.rep_n, r.introducer_n, r.target_n)})
    history = _history(store)
    return [Intro(r.id, people[r.rep_n].name, people[r.introducer_n].name, people[r.target_n].name, r.status,
                  bool(r.earned), r.created_at, r.updated_at, r.tier, tuple(history.get(r.id, ())))
            for r in rows if {r.rep_n, r.introducer_n, r.target_n} <= people.keys()]


def followups(store: Store, *, today: date | None = None, include_later: bool = False) -> list[FollowUp]:
    """The follow-ups due by ``today`` (or all of them, with ``include_later``), oldest first:
    thank within a day of the introduction; report back after the meeting; thank for a sale."""
    today = today or date.today()
    due: list[FollowUp] = []
    for intro in intros(store):
        dates = {status: at for status, at, note in intro.history if not note.startswith("followup:")}
        done = {note.removeprefix("followup:") for _, _, note in intro.history if note.startswith("followup:")}
        first = intro.introducer.split()[0]
        target_first = intro.target.split()[0]
        plan = []
        if "introduced" in dates:
            plan.append(("thank", _plus(dates["introduced"], 1),
                         f"Hi {first}, thank you for introducing me to {intro.target} - I really appreciate "
                         f"you making the time. I'll let you know how our conversation goes."))
        if "met" in dates:
            plan.append(("report back", _plus(dates["met"], 1),
                         f"Hi {first}, a quick update: {target_first} and I met on {dates['met']}. It went "
                         f"well, thanks to your introduction. Is there anyone I can introduce you to in return?"))
        if "won" in dates:
            plan.append(("thank for the sale", _plus(dates["won"], 1),
                         f"Hi {first}, some good news: {intro.target}'s team decided to work with us. It all "
                         f"started with your introduction - thank you. If I can ever return the favour, just ask."))
        if "introduced" in dates:
            plan.append(("return the favour", _plus(dates["introduced"], 7),
                         f"Hi {first}, you were generous to introduce me to {intro.target}. I'd like to return "
                         "the favour: is there someone you'd like to meet? Happy to make an introduction."))
        for kind, when, text in plan:
            if kind in done or (not include_later and when > today.isoformat()):
                continue
            due.append(FollowUp(intro.id, when, intro.introducer, kind, text))
    return sorted(due, key=lambda f: (f.due, f.intro_id))


def reciprocity_owed(store: Store, *, limit: int = 3) -> list[dict[str, Any]]:
    """Introducers who made introductions for the team and have not had one back yet, with people
    from the rep's own network they might want to meet (the same function, at another company)."""
    owed = []
    reached = ("introduced", "met", "opportunity", "won", "lost")
    rows = _rows(store)
    by_id = {r.id: r for r in rows}
    # a favour is returned by one rep to one introducer: another rep's debt to them stays
    returned = {(by_id[intro_id].introducer_n, by_id[intro_id].rep_n) for _, intro_id, _, _, note
                in store.intro_event_rows() if note == "followup:return the favour" and intro_id in by_id}
    given: dict[tuple[int, int], list[str]] = {}
    for r in rows:
        if r.status in reached and (r.introducer_n, r.rep_n) not in returned:
            given.setdefault((r.introducer_n, r.rep_n), []).append(r.updated_at)
    for (introducer_n, rep_n), dates in sorted(given.items()):
        people = store.people([introducer_n, rep_n])
        introducer = people[introducer_n]
        functions = {f for f in introducer.functions.split(",") if f}
        ideas = []
        strong = [(other, trust) for other, trust, _ in store.ties_of(rep_n, limit=500) if trust >= 0.4]
        others = store.people(other for other, _ in strong)
        for other_n, _ in strong:
            other = others[other_n]
            if other.n == introducer_n or not other.company or other.company == introducer.company:
                continue
            if functions & {f for f in other.functions.split(",") if f}:
                ideas.append(f"{other.name} ({', '.join(x for x in (other.title, other.company) if x)})")
            if len(ideas) >= limit:
                break
        owed.append({"introducer": introducer.name, "rep": people[rep_n].name, "introductions_given": len(dates),
                     "last": max(dates), "ideas": ideas})
    return owed


#: the follow-ups, in the order they come
FOLLOWUP_KINDS = ("thank", "report back", "thank for the sale", "return the favour")


def mark_followup_done(store: Store, intro_id: int, kind: str, at: date | None = None) -> None:
    """Record follow-up ``kind`` of introduction ``intro_id`` as sent.

    Raises:
        PathfinderError: no such introduction, or no such kind of follow-up.
    """
    if kind not in FOLLOWUP_KINDS:
        raise PathfinderError(f"{kind!r} is not a follow-up; one of: {', '.join(FOLLOWUP_KINDS)}")
    row = next((r for r in _rows(store) if r.id == intro_id), None)
    if row is None:
        raise PathfinderError(f"there is no introduction #{intro_id}: see `pathfinder intros`")
    store.add_intro_event(intro_id, row.status, _day(at), f"followup:{kind}",
                          set_status=False)


def stats(store: Store) -> dict[str, Any]:
    """Asked versus earned introductions and how far each got, by relationship tier, by
    introducer and by rep: what asking actually yields."""
    reached = ("introduced", "met", "opportunity", "won", "lost")
    rows = _rows(store)
    people = store.people({n for r in rows for n in (r.rep_n, r.introducer_n)})
    rows = [r for r in rows if r.rep_n in people and r.introducer_n in people]

    def group(key_of: Callable[[IntroRow], str]) -> list[dict[str, Any]]:
        table: dict[str, dict[str, int]] = {}
        for r in rows:
            t = table.setdefault(key_of(r) or "(unknown)", {"asked": 0, "earned": 0, "declined": 0,
                                                            "introduced": 0, "met": 0, "won": 0})
            t["earned" if r.earned else "asked"] += 1
            t["declined"] += r.status == "declined"
            t["introduced"] += r.status in reached
            t["met"] += r.status in ("met", "opportunity", "won", "lost")
            t["won"] += r.status == "won"
        return [{"key": k, **v, "introduced_rate": round(v["introduced"] / max(1, v["asked"] + v["earned"]), 3)}
                for k, v in sorted(table.items())]

    return {"by_tier": group(lambda r: r.tier), "by_introducer": group(lambda r: people[r.introducer_n].name),
            "by_rep": group(lambda r: people[r.rep_n].name)}


def _plus(iso: str, days: int) -> str:
    return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()
