"""The corridor of a search on a server store: the part of the graph some short path runs through.

On a store that keeps the graph on a server (:class:`~pathfinder.store.protocol.ServerGraph`),
copying the whole graph for every search is slow. Instead both ends are expanded on the server, one
level at a time (never variable-length paths), always the end whose frontier is smaller, until the
two radii add up to ``max_hops - 1``; then the server finds the ties between the two outer
frontiers. A tie on a short path is either met by an expansion or joins the two frontiers, so every
path the whole graph holds lies in what comes back; :func:`ties_on_short_paths` keeps just those
ties, and the same search on this small index gives the same answer as on the whole graph.

A search run hop by hop (:func:`pathfinder.ranking.routes.choose_bounded`) reads each corridor
under the bound the hop before set: only the joining ties that can lie on a path ranking at or
above it (:class:`Reach`: the cheapest way from the sources to one end and from the other end to a
target, and the best tier a path through that end can have). The search under the same bound
keeps exactly those paths, so it gives the same answer on the smaller corridor.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import numpy as np

from pathfinder.ranking.index import SearchIndex, index_from_arrays
from pathfinder.ranking.search import at_or_above, ties_on_short_paths

#: people whose ids a long-running process remembers at most (then it starts again)
MOST_REMEMBERED = 200_000
TieArrays = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # (a, b, trust, usable, band)


@dataclass
class Start:
    """What a search from the sources starts with, whatever it looks for: all their ties, those
    trusted enough to start a path of more than one tie and the others, whom the first reach,
    and the lowest cost and best tier to each (:class:`Reach`)."""

    every: TieArrays
    strong: TieArrays
    weak: TieArrays
    reached: np.ndarray
    reach: Reach


class Corridors:
    """Corridor indexes of one server store; the team's own ties (and what a search starts from,
    :class:`Start`) are read once per generation of the data (they are the same for every account
    a rep looks at), and so are the team's members and each person's id and never-use flag (the
    people near the team are on most corridors); the last people's ties read are kept for the
    next hop of a search run hop by hop."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._sources: tuple[Any, Any] = (None, None)  # the team's ties: (generation, sources), ties
        self._started: tuple[Any, Any] = (None, None)  # the last _start answer, with its question
        self._expanded: dict[Any, TieArrays] = {}  # the last people's ties read (a search run hop by hop reads them again)
        self._people: tuple[int, dict[int, tuple[str, bool]]] = (-1, {})
        self._members: tuple[int, list[int]] = (-1, [])

    def members(self, generation: int) -> list[int]:
        """The team's members, read once per generation of the data."""
        if self._members[0] != generation:
            self._members = (generation, [n for n, role in self.store.team().items() if role == "member"])
        return self._members[1]

    def _ids_and_flags(self, ns: list[int], generation: int) -> dict[int, tuple[str, bool]]:
        """(public id, never use) of the people ``ns``, read only for those not read before in
        this generation of the data."""
        if self._people[0] != generation or len(self._people[1]) > MOST_REMEMBERED:
            self._people = (generation, {})
        known = self._people[1]
        missing = [n for n in ns if n not in known]
        if missing:
            known.update((n, (pid, no_intro)) for n, pid, no_intro in self.store.ids_and_flags(missing))
        return {n: known[n] for n in ns if n in known}

    def _start(self, sources: list[int], min_trust: float, generation: int) -> Start:
        """What a search from ``sources`` starts with, the same whatever it looks for; the last
        one is kept (a rep's searches, and each hop of one, start from the same team)."""
        key = (generation, tuple(sorted(sources)), min_trust)
        if self._started[0] != key:
            if self._sources[0] != key[:2]:
                self._sources = (key[:2], self.store.ties_from(sources))
            every = self._sources[1]
            strong = every[2] >= min_trust
            first = subset(every, strong)
            reach = Reach(sources, [0.0] * len(sources))
            reach.first_step(first, [n for n in self.members(generation) if n not in set(sources)])
            self._started = (key, Start(every, first, subset(every, ~strong),
                                        newly_reached(first[1], np.array(sources, dtype=np.int64)), reach))
        return self._started[1]

    def _ties_of(self, ns: np.ndarray, generation: int) -> TieArrays:
        """Every tie of the people ``ns``; the last two answers are kept: a search run hop by hop
        reads the ties of one side for a hop's join, and again to expand that side for the next."""
        key = (generation, ns.tobytes())
        if key not in self._expanded:
            if len(self._expanded) >= 2:
                del self._expanded[next(iter(self._expanded))]
            self._expanded[key] = self.store.ties_from(ns.tolist())
        return self._expanded[key]

    def _ties_into(self, sources: list[int], others: np.ndarray, min_trust: float, targets: list[int],
                   generation: int) -> TieArrays:
        """The sources' ties to ``others`` (below ``min_trust`` only to a target): from their ties
        when those were read in this generation, else from the server."""
        if self._sources[0] != (generation, tuple(sorted(sources))):
            return self.store.ties_between(*sorted((sources, others.tolist()), key=len), min_trust, targets)
        _, b, trust, _, _ = ties = self._sources[1]
        return subset(ties, among(b, others) & ((trust >= min_trust) | among(b, np.asarray(targets))))

    def index(self, sources: list[int] | None, targets: list[int], max_hops: int, min_first_trust: float = 0.0, *,
              bound: tuple[int, float] | None = None, target_cost: np.ndarray | None = None,
              ahead: bool = False) -> SearchIndex:
        """A search index of just the people on some path of at most ``max_hops`` ties from
        ``sources`` (None: the team's members) to ``targets``, with the ties between them (a
        path's first tie trusted at least ``min_first_trust`` unless it reaches a target: the
        search's introducer rule).
        ``bound``: the search leaves out paths ranking below it (tier, cost), so the ties that
        can only lie on such paths need not be read; ``target_cost``: per target, what reaching
        them adds to a path's cost (the fit), in the order of ``targets``; ``ahead``: a search one
        tie longer follows (the join then reads all the ties of its smaller side: that side is
        expanded next)."""
        store = self.store
        generation = store.generation
        members = self.members(generation)
        fits = (targets, target_cost)  # (read only for a search under a bound)
        sources, targets = list(dict.fromkeys(members if sources is None else sources)), list(dict.fromkeys(targets))
        ends = [np.array(sources, dtype=np.int64), np.array(targets, dtype=np.int64)]
        seen, frontier = list(ends), list(ends)
        # a source's ties are a path's first: below the introducer threshold only to a target
        min_trust = min_first_trust * (1 - 1e-9)
        every: TieArrays | None = None  # the sources' ties, when they were expanded
        first: TieArrays | None = None  # those that may start a longer path
        layers: list[list[TieArrays]] = [[], []]
        for _ in range(max_hops - 1):
            side = 0 if len(frontier[0]) <= len(frontier[1]) else 1
            if side == 0 and first is None:  # a tie too weak to start a longer path only to a target
                start = self._start(sources, min_trust, generation)
                every, to_target = start.every, among(start.weak[1], ends[1])
                first = joined([start.strong, subset(start.weak, to_target)])
                frontier[0] = np.union1d(start.reached, np.setdiff1d(start.weak[1][to_target], ends[0]))
                layers[0].append(first)
            else:
                layers[side].append(self._ties_of(frontier[side], generation))
                frontier[side] = newly_reached(layers[side][-1][1], seen[side])
            seen[side] = np.union1d(seen[side], frontier[side])
        found = layers[0][1:] + layers[1]
        if frontier[0].size and frontier[1].size:
            if first is None:  # the team still at radius 0: these are first ties
                found.append(self._ties_into(sources, frontier[1], min_trust, targets, generation))
            elif bound is None and ahead:  # the smaller side's ties, which the next search expands
                small = 0 if frontier[0].shape[0] <= frontier[1].shape[0] else 1
                ties = self._ties_of(frontier[small], generation)
                found.append(subset(ties, among(ties[1], frontier[1 - small])))
            elif bound is None:
                found.append(store.ties_between(*sorted((frontier[0].tolist(), frontier[1].tolist()), key=len), 0.0, []))
            else:
                # from the sources' strong ties only: a path along a weak one ends at its target
                costs = dict(zip(fits[0], fits[1].tolist())) if fits[1] is not None else {}
                reach = [copy.copy(start.reach), Reach(targets, [costs.get(n, 0.0) for n in targets])]
                for side in (0, 1):
                    for ties in layers[side][side == 0:]:
                        reach[side].step(ties)
                found.append(joining_ties(store, frontier, reach, bound, sources))
        if every is not None:  # a source's tie is on a path only if a target or another tie is at its end
            # (every such tie, however weak: the search needs them to know whom the rep knows already)
            found.append(subset(every, among(every[1], np.concatenate([ends[1]] + [f[i] for f in found for i in (0, 1)]))))
        a, b, trust, usable, band = joined(found)
        keep = ties_on_short_paths(a, b, ends[0], ends[1], max_hops)
        lo, hi = np.minimum(a, b)[keep], np.maximum(a, b)[keep]
        trust, usable, band = trust[keep], usable[keep], band[keep]
        _, once = np.unique(lo * (int(hi.max(initial=0)) + 1) + hi, return_index=True)  # each tie once
        lo, hi, trust, usable, band = lo[once], hi[once], trust[once], usable[once], band[once]
        people = self._ids_and_flags(np.union1d(np.union1d(lo, hi), sources).tolist(), generation)
        order = sorted(people.items(), key=lambda item: item[1][0])
        team = set(members)
        return index_from_arrays(generation, [(n, info[0]) for n, info in order], max(people, default=0),
                                 lo, hi, trust, [n for n in people if n in team],
                                 [n for n, info in people.items() if info[1]], usable=usable, band=band)


def no_ties() -> TieArrays:
    return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), np.zeros(0, bool), np.zeros(0, np.uint8)


def subset(ties: TieArrays, keep: np.ndarray) -> TieArrays:
    """The ties where ``keep`` (a boolean mask) is true."""
    a, b, trust, usable, band = ties
    return a[keep], b[keep], trust[keep], usable[keep], band[keep]


def joined(parts: list[TieArrays]) -> TieArrays:
    """The ties of all ``parts``, one after the other."""
    empty = no_ties()
    a, b, trust, usable, band = (np.concatenate([part[i] for part in parts] + [empty[i]]) for i in range(5))
    return a, b, trust, usable, band


def newly_reached(reached: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """The people ``reached`` (with repeats) not ``seen`` before, sorted."""
    table = _table(reached, seen)
    if table is None:
        distinct = np.unique(reached)
        return distinct[~np.isin(distinct, seen)]
    table[reached] = True
    table[seen] = False
    return np.flatnonzero(table)


def among(values: np.ndarray, members: np.ndarray) -> np.ndarray:
    """``np.isin`` for person numbers: a look-up in a table as long as the largest of them."""
    table = _table(values, members)
    if table is None:
        return np.isin(values, members)
    table[members] = True
    return table[values]


def _table(*arrays: np.ndarray) -> np.ndarray | None:
    """A table of False, one for each person number up to the largest in ``arrays`` (none when
    they are empty, or so few and far apart that sorting them is cheaper)."""
    if any(a.size == 0 for a in arrays):
        return None if all(a.size == 0 for a in arrays) else np.zeros(int(max(a.max() for a in arrays if a.size)) + 1, bool)
    top = int(max(a.max() for a in arrays)) + 1
    return np.zeros(top, dtype=bool) if top <= 64 * sum(a.size for a in arrays) + (1 << 22) else None


#: lower bounds on a path's cost are sums in another order than the search's: this much is allowed
#: for the difference in rounding
SLACK = 1e-9
NOWHERE = 2  # the tier of a person not reached from this side (no path's tier is that high)


class Reach:
    """The people within reach of one end of a corridor as it is expanded: for each, the lowest
    cost of a path from that end to them (going by the ties read, whatever the route rules) and,
    from the sources, the best tier such a path can have: lower bounds on any real route."""

    def __init__(self, starts: list[int], cost: list[float]) -> None:
        self.teammates = np.zeros(0, np.int64)  # reached first, their next tie sets a path's tier
        self.nodes = np.array(starts, dtype=np.int64)
        self.cost = np.array(cost, dtype=np.float64)
        self.tier = np.zeros(len(starts), dtype=np.int8)  # no tie yet: the first one decides
        order = np.argsort(self.nodes)
        self.nodes, self.cost, self.tier = self.nodes[order], self.cost[order], self.tier[order]

    def first_step(self, ties: TieArrays, teammates: list[int]) -> None:
        """The sources' own ties: a path's tier is 0 when its first tie is warm or strong, else 1;
        for a path that starts through a teammate (the team members who are not sources), their
        next tie decides."""
        a, b, trust, _, band = ties
        self.teammates = np.array(teammates, dtype=np.int64)
        tier = np.where((band > 0) | np.isin(b, self.teammates), 0, 1).astype(np.int8)
        self._add(b, self.at(a)[0] - np.log(np.clip(trust, 1e-9, 1.0)), tier)

    def step(self, ties: TieArrays) -> None:
        """One more expansion (``ties`` from people within reach): what the paths on to their
        neighbours cost at least."""
        a, b, trust, _, band = ties
        cost, tier = self.at(a)
        tier = np.where(np.isin(a, self.teammates), (band == 0).astype(np.int8), tier)
        self._add(b, cost - np.log(np.clip(trust, 1e-9, 1.0)), tier)

    def _add(self, nodes: np.ndarray, cost: np.ndarray, tier: np.ndarray) -> None:
        everyone = np.concatenate([self.nodes, nodes])
        people, at = np.unique(everyone, return_inverse=True)
        lowest = np.full(people.shape[0], np.inf)
        best = np.full(people.shape[0], NOWHERE, dtype=np.int8)
        np.minimum.at(lowest, at, np.concatenate([self.cost, cost]))
        np.minimum.at(best, at, np.concatenate([self.tier, tier]))
        self.nodes, self.cost, self.tier = people, lowest, best

    def at(self, ns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(lowest cost, best tier) of the people ``ns`` (inf and NOWHERE for those out of reach)."""
        ns = np.asarray(ns, dtype=np.int64)
        if self.nodes.size == 0:
            return np.full(ns.shape[0], np.inf), np.full(ns.shape[0], NOWHERE, dtype=np.int8)
        pos = np.minimum(np.searchsorted(self.nodes, ns), self.nodes.shape[0] - 1)
        here = self.nodes[pos] == ns
        return np.where(here, self.cost[pos], np.inf), np.where(here, self.tier[pos], NOWHERE).astype(np.int8)


def within(bound: tuple[int, float], tier: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Can a path of at best this tier and at least this cost rank at or above ``bound``?"""
    return at_or_above(bound, tier, cost - SLACK)


def joining_ties(store: Any, frontier: list[np.ndarray], reach: list[Reach], bound: tuple[int, float],
                 sources: list[int]) -> TieArrays:
    """The ties between the outer frontiers of the sources' side (``frontier[0]``, people first
    reached r_s ties from a source) and the targets' side (r_t ties from a target) that a path
    ranking at or above ``bound`` can take. A path of at most r_s + 1 + r_t ties that only such a
    tie joins crosses it from the sources' frontier to the targets' (someone on both may be either
    end): it has at least r_s ties before it and r_t after, so exactly that many, each one step
    further out along an expansion. It costs at least the lowest cost to its near end + its own
    + the lowest cost on from its far end, and has at best its near end's tier. Such ties are
    asked for only between people for whom one could pass, with the trust it needs at least, and
    checked one by one, both ways. (The sources' own ties were all read expanding them: a source
    is no end.)"""
    near, far = (np.setdiff1d(f, sources) for f in frontier)
    to_near, tier_near = reach[0].at(near)
    on_from_far = reach[1].at(far)[0]
    near_ends = near[within(bound, tier_near, to_near + on_from_far.min(initial=np.inf))]
    far_ends = far[within(bound, np.full(far.shape[0], tier_near.min(initial=NOWHERE), dtype=np.int8),
                          to_near.min(initial=np.inf) + on_from_far)]
    if not (near_ends.size and far_ends.size):
        return no_ties()
    min_trust = 0.0
    near_cost, near_tier = reach[0].at(near_ends)
    if not (near_tier < bound[0]).any():  # every such path is of the bound's tier
        least = near_cost.min() + reach[1].at(far_ends)[0].min()
        min_trust = min(1.0, float(np.exp(-(bound[1] + SLACK - least))) * (1 - 1e-9))
    a, b, trust, usable, band = store.ties_between(*(x.tolist() for x in sorted((near_ends, far_ends), key=len)),
                                                   min_trust, [])
    c = -np.log(np.clip(trust, 1e-9, 1.0))
    (to_a, tier_a), (to_b, tier_b) = reach[0].at(a), reach[0].at(b)
    keep = within(bound, tier_a, to_a + c + reach[1].at(b)[0]) | within(bound, tier_b, to_b + c + reach[1].at(a)[0])
    return subset((a, b, trust, usable, band), keep)
