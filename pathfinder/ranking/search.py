"""Hop-bounded best-trust search on the compact index ("corridor k-best").

1. A breadth-first search backwards from the targets gives each node its hop distance to the
   nearest target; a label is only extended where a target is still reachable within the hop
   bound (the corridor).
2. From the sources, layer by layer, every label is extended along all its arcs at once (numpy
   gathers), from whichever end has fewer arcs. A label is a simple path: it never revisits a node
   and never passes through a source (or a blocked person); a target may be the introducer to
   another target, but further along a target ends the path. Its first tie must reach the
   introducer trust threshold unless the path ends there.
3. Per node and layer only the best label per introducer survives, and only the ``keep`` best
   introducers; targets collect the labels that reach them.

The same search is compiled in ``_corridor.c`` (built by pip where a C compiler is found): the
same rows in the same order, four to five times sooner on a large network; :func:`corridor_search` runs it when it
is there (``engine=``, or ``PATHFINDER_ENGINE=numpy``, chooses).

Path cost is the sum of ``-log(trust)`` along the path, so the cheapest path has the highest
product of trusts. Ties in cost are broken by hop count, then by the people's ids along the path
(each node's place in id order: :attr:`SearchIndex.rank`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from pathfinder.ranking.index import SearchIndex


@dataclass
class Candidates:
    """Paths that reached a target: one row per path, nodes padded with -1."""

    cost: np.ndarray
    hops: np.ndarray
    intro: np.ndarray  # first node after the source (the source itself for a direct tie)
    paths: np.ndarray  # shape (rows, max_hops + 1)
    tier: np.ndarray  # how well the first person on the path knows the source: 0 best (see corridor_search)
    rank: np.ndarray | None = None  # node -> its place in id order (None: the node numbers are in id order)

    def __len__(self) -> int:
        return int(self.cost.shape[0])

    def subset(self, keep: np.ndarray) -> Candidates:
        """The rows where ``keep`` (a boolean mask) is true."""
        return Candidates(self.cost[keep], self.hops[keep], self.intro[keep], self.paths[keep], self.tier[keep],
                          self.rank)

    def in_id_order(self, nodes: np.ndarray) -> np.ndarray:
        """``nodes`` (-1: none) as their places in id order, which break ties (-1 stays)."""
        if self.rank is None:
            return nodes
        return np.where(nodes >= 0, self.rank[np.maximum(nodes, 0)], -1)

    @property
    def target(self) -> np.ndarray:
        """The last node of every path (computed on each access: keep it in a variable)."""
        return self.paths[np.arange(len(self)), self.hops]


def distinct(a: np.ndarray) -> np.ndarray:
    """The sorted distinct values of ``a``: np.unique without its check for masked arrays, which
    imports numpy.ma (a tenth of a cold command's time)."""
    a = np.sort(a, kind="stable")
    return a[np.r_[True, a[1:] != a[:-1]]] if a.size else a


def _gather(index: SearchIndex, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each node, all its arcs: (index of the node in ``nodes``, arc position)."""
    starts = index.start[nodes]
    counts = index.end[nodes] - starts
    total = int(counts.sum())
    owner = np.repeat(np.arange(len(nodes)), counts)
    offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    return owner, np.repeat(starts, counts) + offsets


def _expand(index: SearchIndex, here: np.ndarray, dist: np.ndarray, within: int, no_pass: np.ndarray,
            is_target: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every arc from a label's node to a node that may come next (a target within ``within``
    hops): (label index, next node, arc position). Gathered from whichever end has fewer arcs: the
    labels' nodes forwards, or the allowed next nodes backwards (meeting in the middle)."""
    degree = index.degree
    allowed = np.flatnonzero((dist <= within) & (~no_pass | is_target))
    if int(degree[allowed].sum()) >= int(degree[here].sum()):
        owner, arcs = _gather(index, here)
        return owner, index.indices[arcs].astype(np.int64), arcs
    by_node = np.argsort(here, kind="stable")
    sorted_here = here[by_node]
    starts = np.flatnonzero(np.r_[True, sorted_here[1:] != sorted_here[:-1]])
    nodes = sorted_here[starts]  # the distinct nodes labels sit on, with where their labels start
    counts = np.diff(np.r_[starts, len(sorted_here)])
    slot = np.full(index.nodes, -1, dtype=np.int32)  # node -> its entry in `nodes` (a lookup, not a search)
    slot[nodes] = np.arange(len(nodes), dtype=np.int32)
    v_of, arcs = _gather(index, allowed)
    pos = slot[index.indices[arcs]]
    has = pos >= 0
    pos = pos[has]
    lo, count, arcs, v_of = starts[pos], counts[pos], arcs[has], v_of[has]
    offsets = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    owner = by_node[np.repeat(lo, count) + offsets]
    # the arc found from the far end runs v -> u; its twin u -> v has the same trust, band and flags
    return owner, np.repeat(allowed[v_of], count).astype(np.int64), np.repeat(arcs, count)


def hop_distance(index: SearchIndex, targets: np.ndarray, depth: int,
                 no_pass: np.ndarray | None = None) -> np.ndarray:
    """Unweighted hop distance of every node to the nearest target, up to ``depth``; farther
    nodes get ``depth + 1``. Nodes in ``no_pass`` (sources, blocked people) get a distance but
    are not walked through: no path goes through them, so nothing beyond them is in reach."""
    dist = np.full(index.nodes, depth + 1, dtype=np.int8)
    dist[targets] = 0
    seen = np.zeros(index.nodes, dtype=bool)
    frontier = np.flatnonzero(dist == 0)  # the distinct targets, without sorting them
    for d in range(1, depth + 1):
        if frontier.size == 0:
            break
        _, arcs = _gather(index, frontier)
        seen[index.indices[arcs]] = True  # a mask, not np.unique: the frontier can be most of the graph
        seen &= dist > d
        frontier = np.flatnonzero(seen)
        dist[frontier] = d
        seen[frontier] = False
        if no_pass is not None:
            frontier = frontier[~no_pass[frontier]]
    return dist


def _source_contacts(index: SearchIndex, sources: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sources' own ties: sorted keys ``source * nodes + other``, and per node the cost of the
    strongest tie any source has to it (``inf`` for none)."""
    owner, arcs = _gather(index, sources)
    others = index.indices[arcs].astype(np.int64)
    direct = np.full(index.nodes, np.inf)
    np.minimum.at(direct, others, index.cost[arcs])
    return np.sort(sources[owner] * index.nodes + others), direct


def corridor_search(index: SearchIndex, sources: np.ndarray, targets: np.ndarray, *,
                    max_hops: int = 3, keep: int = 26, max_first_cost: float = np.inf,
                    blocked: np.ndarray | None = None, target_cost: np.ndarray | None = None,
                    not_first: np.ndarray | None = None, only_first: np.ndarray | None = None,
                    inside: np.ndarray | None = None, skip_arcs: np.ndarray | None = None,
                    first_tier: np.ndarray | None = None, per: str = "introducer",
                    through_targets: bool = False, engine: str | None = None,
                    cold_band: np.ndarray | None = None, bound: tuple[int, float] | None = None) -> Candidates:
    """Every good path (≤ ``max_hops`` ties) from ``sources`` to ``targets``.

    The route rules a rep would apply hold on every path: it never runs through a source (or a
    blocked person); beyond the introducer a target ends it; the second person is never one the
    path's own source already knows (they would not be *introduced*); nobody from the second on
    is someone the sources know directly at least as well as the chain up to them (that is a
    detour: ask them yourself); and once a path reaches the ``inside`` people (the target
    account), it stays inside.

    Args:
        sources: start nodes (never revisited, never passed through).
        targets: end nodes (a target may also be the introducer to another target).
        keep: labels kept per node and layer (distinct introducers); larger is more exhaustive.
        max_first_cost: the introducer threshold, as a cost: the first tie of a path that does
            not end at its first hop must cost no more than this.
        blocked: optional boolean mask of nodes no path may pass through (do-not-ask people).
        target_cost: optional per-node cost added when a path ends there (``-log`` of how well
            that target fits the profile), so a better-fitting target ranks higher.
        not_first: optional boolean mask of nodes not to ask now (over their ask budget): they
            may not be a path's introducer, though they may appear further along it.
        only_first: optional boolean mask of nodes that may be a path's introducer (or its
            target) but not further along it: the team's other members, when the search starts
            from one of them (a path through a teammate starts at that teammate).
        inside: optional boolean mask of the people at the target account.
        skip_arcs: optional boolean mask of arcs no path may use (ties the team said never to ask along).
        first_tier: optional tier per arc of a path's first tie (0 the person trusts the rep:
            warm or strong; 1 cold); when the first person is a teammate, their own tie to the
            next person sets it. Paths rank by tier first (who is asked must trust the one who
            asks), then by cost.
        per: ``"introducer"`` keeps the best label per node and introducer (top paths, one per
            introducer: exact for up to 4 hops); ``"source"`` keeps the best per node and team
            member (each member's best path, for coverage).
        through_targets: paths go on past a target beyond the introducer, and no ``inside``
            rule applies: the caller drops the rows that break them for their own target (one
            search for many accounts, each answered as if searched alone: see
            :mod:`pathfinder.ranking.coverage`).
        cold_band: instead of ``first_tier``, each arc's band: the tier is 1 where it is 0 (cold),
            as :attr:`SearchIndex.first_tier` has it (the compiled search reads it as it is).
        bound: ``(tier, cost)``: leave out the paths that rank below it (a higher tier, or the same
            tier and a cost above it to 12 decimals), and every label that can only lead to such
            paths. What remains is exactly the rows of the search without a bound that rank at or
            above it: a label's kept or dropped at a node only beside labels that rank before it.
        engine: ``"c"`` the compiled search (:mod:`pathfinder.ranking._corridor`, built by pip
            where a C compiler is found), ``"numpy"`` this module's; by default the compiled one
            when it is there. Both give the same rows in the same order.
    """
    n = index.nodes
    width = max_hops + 1
    sources = distinct(np.asarray(sources, dtype=np.int64))
    targets = distinct(np.asarray(targets, dtype=np.int64))
    is_source = np.zeros(n, dtype=bool)
    is_source[sources] = True
    targets = targets[~is_source[targets]]
    id_rank = index.rank
    empty = Candidates(np.zeros(0), np.zeros(0, np.int64), np.zeros(0, np.int64),
                       np.zeros((0, width), np.int64), np.zeros(0, np.int8), id_rank)
    if sources.size == 0 or targets.size == 0:
        return empty
    sources = sources[np.argsort(id_rank[sources], kind="stable")]  # in id order: the first ties break by it
    kernel = compiled() if engine != "numpy" else None
    if engine == "c" and kernel is None:
        raise RuntimeError("the compiled corridor search is not built (pip install -e . needs a C compiler)")
    if kernel is not None:
        return kernel_search(kernel, index, sources, targets, max_hops=max_hops, keep=keep,
                             max_first_cost=max_first_cost, blocked=blocked, target_cost=target_cost,
                             not_first=not_first, only_first=only_first, inside=inside, skip_arcs=skip_arcs,
                             tiers=first_tier if cold_band is None else cold_band, of_band=cold_band is not None,
                             per=per, through_targets=through_targets, bound=bound)
    bound = bound if bound is not None else (127, np.inf)
    if cold_band is not None:
        first_tier = (cold_band == 0).astype(np.int8)
    is_target = np.zeros(n, dtype=bool)
    is_target[targets] = True
    no_pass = is_source.copy()
    if blocked is not None:
        no_pass |= blocked
    # labels after the first hop need a target within max_hops - 1 (sources are few: no filter)
    dist = hop_distance(index, targets, max_hops - 1, no_pass)
    contact_keys, direct_cost = _source_contacts(index, sources)

    cost = np.zeros(len(sources))
    tier = np.zeros(len(sources), dtype=np.int8)
    intro = np.full(len(sources), -1, dtype=np.int64)
    paths = np.full((len(sources), width), -1, dtype=np.int64)
    paths[:, 0] = sources
    # each label's rank in the lexicographic order of the people's ids along its path (node by
    # node, by its place in id order): ties in cost are broken by it
    prank = np.arange(len(sources))
    may_ask = np.zeros(0, dtype=bool)  # set on the first layer: which introducers may lead on
    found: list[tuple[np.ndarray, ...]] = []
    for h in range(1, max_hops + 1):
        here = paths[:, h - 1]
        if h > 1:
            # a target may lead on to another target; but only an introducer who may be asked
            # (trusted enough, not resting, not blocked) leads anywhere from the first hop
            alive = (dist[here] <= max_hops - h + 1) & ~no_pass[here]
            if h == 2:
                alive &= may_ask
            elif not through_targets:  # beyond the introducer, a target ends the path (keeps the search small)
                alive &= ~is_target[here]
            cost, tier, intro, paths, prank = cost[alive], tier[alive], intro[alive], paths[alive], prank[alive]
            here = paths[:, h - 1]
        if cost.size == 0:
            break
        owner, nxt, arcs = _expand(index, here, dist, max_hops - h, no_pass, is_target)
        arc_cost = index.cost[arcs]
        ok = (dist[nxt] <= max_hops - h) & (~no_pass[nxt] | is_target[nxt])
        ok &= ~is_source[nxt]
        if skip_arcs is not None:
            ok &= ~skip_arcs[arcs]
        if h == 1:
            ok &= (arc_cost <= max_first_cost) | is_target[nxt]
            if not_first is not None:
                ok &= ~not_first[nxt] | is_target[nxt]
        else:
            if only_first is not None:
                ok &= ~only_first[nxt] | is_target[nxt]
            if h == 2:  # the second person is never one the path's own source already knows
                keys = paths[owner, 0] * n + nxt
                at = np.searchsorted(contact_keys, keys)
                ok &= contact_keys[np.minimum(at, contact_keys.size - 1)] != keys if contact_keys.size else True
            # no detour: the sources know nobody further along at least as well as the chain so far
            ok &= direct_cost[nxt] > cost[owner] + arc_cost + 1e-12
            if inside is not None:  # once at the account, a path stays there
                ok &= ~inside[here[owner]] | inside[nxt]
        for col in range(1, h - 1):  # never revisit a node (sources are excluded above)
            ok &= paths[owner, col] != nxt
        owner, nxt, arc_cost, arcs = owner[ok], nxt[ok], arc_cost[ok], arcs[ok]
        new_cost = cost[owner] + arc_cost
        if h == 1:
            new_tier = (first_tier[arcs] if first_tier is not None else np.zeros(len(arcs))).astype(np.int8)
            if only_first is not None:
                new_tier[only_first[nxt]] = 0  # a teammate is asked as one of the team
        else:
            new_tier = tier[owner]
            if h == 2 and only_first is not None and first_tier is not None:
                via_teammate = only_first[here[owner]]  # the teammate asks the next person
                new_tier[via_teammate] = first_tier[arcs[via_teammate]]
        rounded = np.round(new_cost, 12)  # compare costs to 12 decimals; keep the exact sums
        if bound is not None:  # a path's cost only grows, and so does its tier (a teammate's: 0, then their own tie's)
            wanted = at_or_above(bound, new_tier, rounded)
            owner, nxt, arcs, new_cost, new_tier, rounded = (x[wanted] for x in (owner, nxt, arcs, new_cost, new_tier,
                                                                                 rounded))
        # the introducer is the first person after the source; a direct tie has none, and its
        # source stands in, so each teammate who knows a target directly is a route of their own
        new_intro = nxt if h == 1 else intro[owner]
        # on the first layer every source's tie is a label of its own: a direct tie to a target is a
        # route of its own, and what may follow an introducer depends on who knows them
        group = new_intro if per == "introducer" and h > 1 else paths[owner, 0]
        # best label per (node, introducer or source, tier); equal costs fall to the path order.
        # (Every source's tie to an introducer leads on: the second person must be new to that
        # source; and a better tier's costlier label is kept beside a cheaper one, which the
        # detour rule may spare where it stops the costlier.)
        node_group = (nxt * n + group) * 2 + new_tier
        order = np.lexsort((prank[owner], rounded, node_group))
        node_group = node_group[order]
        first = np.ones(len(order), dtype=bool)
        first[1:] = node_group[1:] != node_group[:-1]
        order = order[first]
        owner, nxt, new_cost, new_intro, group = owner[order], nxt[order], new_cost[order], new_intro[order], group[order]
        rounded, new_tier = rounded[order], new_tier[order]
        # then the `keep` best groups per node (by tier, cost, then group); only crowded nodes need sorting
        crowded = np.bincount(nxt, minlength=n)[nxt] > keep
        if crowded.any():
            sub = np.flatnonzero(crowded)
            order = sub[np.lexsort((id_rank[group[sub]], rounded[sub], new_tier[sub], nxt[sub]))]
            sorted_nodes = nxt[order]
            group_start = np.r_[0, np.flatnonzero(sorted_nodes[1:] != sorted_nodes[:-1]) + 1]
            rank = np.arange(len(order)) - np.repeat(group_start, np.diff(np.r_[group_start, len(order)]))
            kept = np.flatnonzero(~crowded)
            kept = np.concatenate([kept, order[rank < keep]])
        else:
            kept = np.arange(len(nxt))
        owner, nxt, cost, intro, tier = owner[kept], nxt[kept], new_cost[kept], new_intro[kept], new_tier[kept]
        paths = paths[owner]
        paths[:, h] = nxt
        if h < max_hops:  # the next layer breaks ties by it
            path_order = np.lexsort((id_rank[nxt], prank[owner]))
            prank = np.empty(len(owner), dtype=np.int64)
            prank[path_order] = np.arange(len(owner))
        if h == 1:  # a target known only weakly (or resting) is a direct route, never an introducer
            may_ask = cost <= max_first_cost
            if not_first is not None:
                may_ask &= ~not_first[nxt]
        hit = is_target[nxt]
        if hit.any():
            end_cost = cost[hit] + (target_cost[nxt[hit]] if target_cost is not None else 0.0)
            ended = np.round(end_cost, 12)
            wanted = at_or_above(bound, tier[hit], ended)
            found.append((end_cost[wanted], np.full(int(wanted.sum()), h), intro[hit][wanted], paths[hit][wanted],
                          tier[hit][wanted]))
    if not found:
        return empty
    cost, hops, intro, paths, tier = (np.concatenate(parts) for parts in zip(*found))
    return Candidates(cost, hops, intro, paths, tier, id_rank)


def at_or_above(bound: tuple[int, float], tier: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Does a path of this tier and cost (to 12 decimals) rank at or above ``bound``?"""
    return (tier < bound[0]) | ((tier == bound[0]) & (cost <= bound[1]))


def kernel_search(kernel: Any, index: SearchIndex, sources: np.ndarray, targets: np.ndarray, *, max_hops: int,
                  keep: int, max_first_cost: float, blocked: np.ndarray | None, target_cost: np.ndarray | None,
                  not_first: np.ndarray | None, only_first: np.ndarray | None, inside: np.ndarray | None,
                  skip_arcs: np.ndarray | None, tiers: np.ndarray | None, of_band: bool, per: str,
                  through_targets: bool, bound: tuple[int, float] | None = None) -> Candidates:
    """:func:`corridor_search` by the compiled search (``tiers``: its ``first_tier``, or with
    ``of_band`` its ``cold_band``); arrays go over as they are, where their types fit."""

    def buffer(array: np.ndarray | None, dtype: type) -> np.ndarray | bytes:
        return b"" if array is None else np.ascontiguousarray(array, dtype=dtype)

    rows, *parts = kernel.search(
        buffer(index.start, np.int64), buffer(index.end, np.int64), buffer(index.rank, np.int32),
        buffer(index.indices, np.int32), buffer(index.cost, np.float64),
        sources, targets, buffer(blocked, np.bool_), buffer(not_first, np.bool_), buffer(only_first, np.bool_),
        buffer(inside, np.bool_), buffer(skip_arcs, np.bool_), buffer(tiers, np.uint8 if of_band else np.int8),
        buffer(target_cost, np.float64), max_hops, keep, float(max_first_cost), per != "introducer",
        through_targets, of_band, *((int(bound[0]), float(bound[1])) if bound is not None else ()))
    cost, hops, intro, paths, tier = (np.frombuffer(part, dtype=kind) for part, kind in
                                      zip(parts, (np.float64, np.int64, np.int64, np.int64, np.int8)))
    return Candidates(cost, hops, intro, paths.reshape(rows, max_hops + 1), tier, index.rank)


def compiled() -> Any:
    """The compiled corridor search, or None where it was not built (no C compiler at install) or
    ``PATHFINDER_ENGINE=numpy`` is set."""
    if os.environ.get("PATHFINDER_ENGINE") == "numpy":
        return None
    try:
        from pathfinder.ranking import _corridor  # type: ignore[attr-defined]
    except ImportError:
        return None
    return _corridor


def ranked(c: Candidates) -> np.ndarray:
    """Row order best first: lowest tier, lowest cost, then fewest hops, then the people's ids along the path."""
    if len(c) == 0:
        return np.zeros(0, dtype=np.int64)
    paths = c.in_id_order(c.paths)
    kernel = compiled()
    if kernel is not None:
        order = kernel.rank(np.ascontiguousarray(c.cost, np.float64), np.ascontiguousarray(c.tier, np.int8),
                            np.ascontiguousarray(c.hops, np.int64), np.ascontiguousarray(paths, np.int64),
                            paths.shape[1])
        return np.frombuffer(order, dtype=np.int64)
    keys = tuple(paths[:, col] for col in range(paths.shape[1] - 1, -1, -1))
    return np.lexsort(keys + (c.hops, np.round(c.cost, 12), c.tier))


def best_per_introducer(c: Candidates, k: int, per_target: int | None = None) -> list[int]:
    """Rows of the top ``k`` paths, one per introducer; with ``per_target``, at most that many
    paths per target (each through a different introducer). A direct tie asks nobody: each target
    known directly is a route of its own (the best-placed teammate's)."""
    chosen: list[int] = []
    seen_intro: set[tuple[int, int, int]] = set()
    per: dict[int, int] = {}
    targets = c.target
    for row in ranked(c):
        t = int(targets[row])
        if c.hops[row] == 1:
            key = (-1, -1, t)
        else:
            key = (int(c.intro[row]), t if per_target else -1, -1)
        if key in seen_intro:
            continue
        if per_target and per.get(t, 0) >= per_target:
            continue
        seen_intro.add(key)
        per[t] = per.get(t, 0) + 1
        chosen.append(int(row))
        if len(chosen) >= k:
            break
    return chosen


def best_per_target(c: Candidates) -> dict[int, int]:
    """For each target reached, the row of its best path."""
    best: dict[int, int] = {}
    targets = c.target
    for row in ranked(c):
        best.setdefault(int(targets[row]), int(row))
    return best


def ties_on_short_paths(a: np.ndarray, b: np.ndarray, sources: np.ndarray, targets: np.ndarray,
                        max_hops: int) -> np.ndarray:
    """Which of the ties ``a[i] - b[i]`` (person numbers, any order, repeats allowed) can lie on
    a path of at most ``max_hops`` ties from a source to a target, going by these ties alone: a
    boolean mask of those with hops(source, one end) + 1 + hops(other end, target) <= max_hops.
    Given every tie of the network that lies on such a path (and maybe others), the ones kept
    still hold every such path, and nothing else can be part of one."""
    m, k = len(a), len(sources)
    people, at = np.unique(np.concatenate([a, b, sources, targets]).astype(np.int64), return_inverse=True)
    ai, bi, si, ti = at[:m], at[m:2 * m], at[2 * m:2 * m + k], at[2 * m + k:]

    def hops_from(start: np.ndarray) -> np.ndarray:
        dist = np.full(len(people), max_hops + 1, dtype=np.int32)
        dist[start] = 0
        for _ in range(max_hops):
            step = dist.copy()
            np.minimum.at(step, bi, dist[ai] + 1)
            np.minimum.at(step, ai, dist[bi] + 1)
            if np.array_equal(step, dist):
                break
            dist = step
        return dist

    ds, dt = hops_from(si), hops_from(ti)
    return (ds[ai] + 1 + dt[bi] <= max_hops) | (ds[bi] + 1 + dt[ai] <= max_hops)
