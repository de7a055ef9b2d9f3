"""Routes a rep would take: which found paths are held back now and why, and the order a rep
reads them in.

A path stays in the answer, greyed, with the reason, when its introducer was asked too often lately
(the ask budget) or declined twice (each frees up on a date), asked never to be used, or when a
team member said never to ask along one of its ties. A target someone on the team has already been
introduced to is not routed to again: the answer says who met them, to follow up directly.

Routes whose first person trusts the one asking (a warm or strong tie; for a route through a
teammate, the teammate's tie to the next person) come before cold ones; then the score times the
fit; equal scores are ordered by what stands behind them: fewer hops, more evidence along the
path, then the names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from pathfinder.model import IntroRow, ScoredPath
from pathfinder.ranking.search import Candidates, ranked
from pathfinder.store.protocol import Store

#: ledger statuses after which the team member knows the target
INTRODUCED = ("introduced", "met", "opportunity", "won", "lost")
#: warm and strong routes are asked; cold ones come after them, whatever their score
BAND_TIER = {"strong": 0, "warm": 0, "cold": 1}


@dataclass(frozen=True)
class Hold:
    """Why a route is not to be used now; ``until``: the day it frees up, if it does."""

    reason: str
    until: str | None = None
    whole_introducer: bool = True  # every route through this introducer is held, not just this path


def _free_on(dates: list[str], limit: int, window_days: int) -> str:
    """The day the ``limit``-th most recent of ``dates`` leaves the window."""
    nth = sorted(dates, reverse=True)[limit - 1]
    return (date.fromisoformat(nth[:10]) + timedelta(days=window_days + 1)).isoformat()


def resting(rows: list[IntroRow], events: list[tuple[Any, ...]], *, limit: int, window_days: int,
            decline_limit: int, today: date | None = None) -> dict[int, Hold]:
    """Introducers not to ask now, with why and until when: asked ``limit`` times or more, or
    declined ``decline_limit`` times or more, within the window (pressure damages relationships)."""
    since = ((today or date.today()) - timedelta(days=window_days)).isoformat()
    asked: dict[int, list[str]] = {}
    for r in rows:
        if not r.earned and r.created_at >= since:
            asked.setdefault(r.introducer_n, []).append(r.created_at)
    introducer = {r.id: r.introducer_n for r in rows}
    declined: dict[int, list[str]] = {}
    for _, intro_id, status, at, _ in events:
        if status == "declined" and at >= since and intro_id in introducer:
            declined.setdefault(introducer[intro_id], []).append(at)
    out: dict[int, Hold] = {}
    for n, dates in asked.items():
        if len(dates) >= limit:
            out[n] = Hold(f"asked {len(dates)} times since {min(dates)[:10]} (the ask budget is {limit} in "
                          f"{window_days} days)", _free_on(dates, limit, window_days))
    for n, dates in declined.items():
        if len(dates) >= decline_limit:
            until = _free_on(dates, decline_limit, window_days)
            if n not in out or (out[n].until or "") < until:
                out[n] = Hold(f"declined {len(dates)} times, last on {max(dates)[:10]}", until)
    return out


class Holds:
    """What holds routes back now, read once per answer."""

    def __init__(self, store: Store, rules: dict[str, Any], today: date | None) -> None:
        self.store = store
        rows = [IntroRow(*r) for r in store.intro_rows()]
        self.resting = resting(rows, store.intro_event_rows(), limit=int(rules["ask_budget"]),
                               window_days=int(rules["ask_window_days"]), decline_limit=int(rules["decline_limit"]),
                               today=today)
        self.never = set(store.no_intro())
        self.introduced: dict[int, IntroRow] = {}
        for r in rows:  # the latest introduction to each target
            if r.status in INTRODUCED:
                self.introduced[r.target_n] = r

    def _name(self, n: int) -> str:
        return self.store.people([n])[n].name

    def of(self, ns: list[int], held_arcs: list[bool]) -> Hold | None:
        """Why the path through the people ``ns`` (its ties held by a do-not-ask when
        ``held_arcs``) is held back, or None."""
        target = ns[-1]
        if target in self.introduced:
            r = self.introduced[target]
            return Hold(f"{self._name(r.rep_n)} was already introduced to {self._name(target)} by "
                        f"{self._name(r.introducer_n)} ({r.status} {r.updated_at[:10]}): follow up directly",
                        whole_introducer=False)
        if len(ns) > 2:
            introducer = ns[1]
            if introducer in self.resting:
                return self.resting[introducer]
            if introducer in self.never:
                return Hold(f"{self._name(introducer)} asked never to be asked for introductions")
            for n in ns[2:-1]:
                if n in self.never:
                    return Hold(f"{self._name(n)} asked never to be used for introductions", whole_introducer=False)
        for i, held in enumerate(held_arcs):
            if held:
                return Hold(f"a team member said never to ask along the tie {self._name(ns[i])} - "
                            f"{self._name(ns[i + 1])}", whole_introducer=i == 0 and len(ns) > 2)
        return None


def choose(c: Candidates, top: int, per_target: int | None, hold_of: Callable[[int], Hold | None],
           usable: Callable[[int], bool] | None = None) -> list[tuple[int, Hold | None]]:
    """The rows to show, in rank order: the best ``top`` routes that may be used, one per
    introducer (a target known directly is a route of its own; with ``per_target``, at most that
    many per target), also those that tie with the last one (the names then decide), and the held-back
    routes that rank among them (one per introducer, or per path when just that path is held).
    ``usable``: a rule a row must pass to be shown at all."""
    chosen: list[tuple[int, Hold | None]] = []
    seen: set[tuple[int, int, int]] = set()
    held_seen: set[Any] = set()
    per: dict[int, int] = {}
    targets = c.target
    last: tuple[int, float] | None = None
    available = 0
    for row in ranked(c):
        t = int(targets[row])
        key = (-1, -1, t) if c.hops[row] == 1 else (int(c.intro[row]), t if per_target else -1, -1)
        rank = (int(c.tier[row]), round(float(c.cost[row]), 9))
        if available >= top and rank != last:
            break
        if usable is not None and not usable(int(row)):
            continue
        hold = hold_of(int(row))
        if hold is not None:
            held_key = key if hold.whole_introducer else (key, int(row))
            if held_key in held_seen or key in seen or len(held_seen) >= top:
                continue
            held_seen.add(held_key)
            chosen.append((int(row), hold))
            continue
        if key in seen or (per_target and per.get(t, 0) >= per_target):
            continue
        seen.add(key)
        per[t] = per.get(t, 0) + 1
        chosen.append((int(row), None))
        available += 1
        last = rank
    return chosen


#: how far past the last route chosen a first answer's bound lies: rows within 1e-9 of one another
#: tie in :func:`choose` (costs to 9 decimals), so the bound keeps them all and a second check
#: allows for the same margin
BOUND_MARGIN = 2e-9

Chosen = list[tuple[int, "Hold | None"]]


def choose_bounded(search: Callable[[int, tuple[int, float] | None], Candidates],
                   pick: Callable[[Candidates], Chosen], max_hops: int, top: int,
                   first_hops: int = 2) -> tuple[Candidates, Chosen]:
    """What ``pick`` (:func:`choose` with its rules) chooses from ``search(max_hops, None)``,
    found sooner: hop by hop from ``first_hops``, the last route chosen within ``h`` hops bounds the search
    within ``h + 1`` (paths that rank below it cannot be chosen, and the search drops every label
    that leads only to them). A bounded search holds exactly the rows of the search without the
    bound that rank at or above it, and ``pick`` reads rows in rank order: it chooses the same as
    long as it made its ``top`` routes before reaching the bound; where it did not, the search
    runs again without one."""
    bound = None
    for hops in range(min(first_hops, max_hops), max_hops + 1):
        c = search(hops, bound)
        chosen = pick(c)
        last = last_chosen(c, chosen, top)
        if bound is not None and (last is None or (last[0] == bound[0] and last[1] > bound[1] - BOUND_MARGIN)):
            c = search(hops, None)  # the bound cut into what is chosen
            chosen = pick(c)
            last = last_chosen(c, chosen, top)
        bound = None if last is None else (last[0], last[1] + 2 * BOUND_MARGIN)
    return c, chosen


def last_chosen(c: Candidates, chosen: Chosen, top: int) -> tuple[int, float] | None:
    """(tier, cost) of the last of ``top`` usable routes chosen; None when there are fewer."""
    usable = [row for row, hold in chosen if hold is None]
    if top < 1 or len(usable) < top:
        return None
    row = usable[-1]
    return int(c.tier[row]), round(float(c.cost[row]), 12)


def order_key(p: ScoredPath) -> tuple[Any, ...]:
    """The order a rep reads routes in: warm or strong before cold (the band of the tie to the one
    asked), score times fit, fewer hops, more evidence, then the names."""
    tier = BAND_TIER.get(p.band, 1)
    evidence = sum(len(h.reasons) for h in p.hops)
    intro = p.introducer
    return (tier, -round(p.score * p.fit, 9), len(p.hops), -evidence, p.target.name.casefold(),
            intro.name.casefold() if intro else "", p.source.name.casefold(), p.target.id)


def in_order(paths: list[ScoredPath], top: int) -> list[ScoredPath]:
    """``paths`` in the order a rep reads them, with at most ``top`` that may be used (and the
    held-back ones among them)."""
    out: list[ScoredPath] = []
    available = 0
    for p in sorted(paths, key=order_key):
        if p.held_back is None:
            if available >= top:
                break
            available += 1
        out.append(p)
    return out


def stays_inside(company: np.ndarray, c: Candidates) -> np.ndarray:
    """Per row of ``c``: False when its path reaches the target's company before the target and
    leaves it again (the person already inside is the way in). ``company``: per index node."""
    ok = np.ones(len(c), dtype=bool)
    if company.size == 0 or len(c) == 0:
        return ok
    home = company[c.target]
    for col in range(1, c.paths.shape[1] - 1):
        both = (col + 1 <= c.hops) & (home >= 0)
        here = company[np.maximum(c.paths[:, col], 0)]
        there = company[np.maximum(c.paths[:, col + 1], 0)]
        ok &= ~(both & (here == home) & (there != home))
    return ok
