"""Hop-bounded best-trust search on the compact index ("corridor k-best").

1. A breadth-first search backwards from the targets gives each node its hop distance to the
   nearest target; a label is only extended where a target is still reachable within the hop
   bound (the corridor).
2. From the sources, layer by layer, every label is extended along all its arcs at once (numpy
   gathers). A label is a simple path: it never revisits a node, never passes through a source or
   a target, and its first tie must reach the introducer trust threshold unless it ends there.
3. Per node and layer only the best label per introducer survives, and only the ``keep`` best
   introducers; targets collect the labels that reach them.

Path cost is the sum of ``-log(trust)`` along the path, so the cheapest path has the highest
product of trusts. Ties in cost are broken by hop count, then by the node numbers along the path,
which follow the people's ids.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .index import SearchIndex


@dataclass
class Candidates:
    """Paths that reached a target: one row per path, nodes padded with -1."""

    cost: np.ndarray
    hops: np.ndarray
    intro: np.ndarray  # first node after the source (the source itself for a direct tie)
    paths: np.ndarray  # shape (rows, max_hops + 1)

    def __len__(self) -> int:
        return int(self.cost.shape[0])

    @property
    def target(self) -> np.ndarray:
        return self.paths[np.arange(len(self)), self.hops]


def _gather(indptr: np.ndarray, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each node, all its arcs: (index of the node in ``nodes``, arc position)."""
    starts = indptr[nodes]
    counts = indptr[nodes + 1] - starts
    total = int(counts.sum())
    owner = np.repeat(np.arange(len(nodes)), counts)
    offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    return owner, np.repeat(starts, counts) + offsets


def hop_distance(index: SearchIndex, targets: np.ndarray, max_hops: int) -> np.ndarray:
    """Unweighted hop distance of every node to the nearest target, capped at max_hops + 1."""
    dist = np.full(index.nodes, max_hops + 1, dtype=np.int8)
    dist[targets] = 0
    frontier = np.unique(targets)
    for d in range(1, max_hops + 1):
        if frontier.size == 0:
            break
        _, arcs = _gather(index.indptr, frontier)
        nbrs = np.unique(index.indices[arcs])
        nbrs = nbrs[dist[nbrs] > d]
        dist[nbrs] = d
        frontier = nbrs
    return dist


def corridor_search(index: SearchIndex, sources: np.ndarray, targets: np.ndarray, *,
                    max_hops: int = 3, keep: int = 26, max_first_cost: float = np.inf,
                    blocked: np.ndarray | None = None, target_cost: np.ndarray | None = None,
                    not_first: np.ndarray | None = None, per: str = "introducer") -> Candidates:
    """Every good path (≤ ``max_hops`` ties) from ``sources`` to ``targets``.

    Args:
        sources: start nodes (never revisited, never passed through).
        targets: end nodes (terminal: paths stop at the first target they reach).
        keep: labels kept per node and layer (distinct introducers); larger is more exhaustive.
        max_first_cost: the introducer threshold, as a cost: the first tie of a path that does
            not end at its first hop must cost no more than this.
        blocked: optional boolean mask of nodes no path may pass through (do-not-ask people).
        target_cost: optional per-node cost added when a path ends there (``-log`` of how well
            that target fits the profile), so a better-fitting target ranks higher.
        not_first: optional boolean mask of nodes not to ask now (over their ask budget): they
            may not be a path's introducer, though they may appear further along it.
        per: ``"introducer"`` keeps the best label per node and introducer (top paths, one per
            introducer: exact for up to 4 hops); ``"source"`` keeps the best per node and team
            member (each member's best path, for coverage).
    """
    n = index.nodes
    width = max_hops + 1
    sources = np.unique(np.asarray(sources, dtype=np.int64))
    targets = np.unique(np.asarray(targets, dtype=np.int64))
    is_source = np.zeros(n, dtype=bool)
    is_source[sources] = True
    targets = targets[~is_source[targets]]
    empty = Candidates(np.zeros(0), np.zeros(0, np.int64), np.zeros(0, np.int64),
                       np.zeros((0, width), np.int64))
    if sources.size == 0 or targets.size == 0:
        return empty
    is_target = np.zeros(n, dtype=bool)
    is_target[targets] = True
    no_pass = is_source.copy()
    if blocked is not None:
        no_pass |= blocked
    dist = hop_distance(index, targets, max_hops)

    cost = np.zeros(len(sources))
    intro = np.full(len(sources), -1, dtype=np.int64)
    paths = np.full((len(sources), width), -1, dtype=np.int64)
    paths[:, 0] = sources
    found: list[tuple[np.ndarray, ...]] = []
    for h in range(1, max_hops + 1):
        here = paths[:, h - 1]
        alive = dist[here] <= max_hops - h + 1
        if h > 1:
            alive &= ~is_target[here]
        cost, intro, paths = cost[alive], intro[alive], paths[alive]
        if cost.size == 0:
            break
        owner, arcs = _gather(index.indptr, paths[:, h - 1])
        nxt = index.indices[arcs].astype(np.int64)
        ok = (dist[nxt] <= max_hops - h) & (~no_pass[nxt] | is_target[nxt])
        ok &= ~is_source[nxt]
        if h == 1:
            ok &= (index.cost[arcs] <= max_first_cost) | is_target[nxt]
            if not_first is not None:
                ok &= ~not_first[nxt] | is_target[nxt]
        for col in range(1, h - 1):  # never revisit a node (sources are excluded above)
            ok &= paths[owner, col] != nxt
        owner, arcs, nxt = owner[ok], arcs[ok], nxt[ok]
        new_cost = cost[owner] + index.cost[arcs]
        # the introducer is the first person after the source; a direct tie has none, and its
        # source stands in, so each teammate who knows a target directly is a route of their own
        new_intro = np.where(is_target[nxt], paths[owner, 0], nxt) if h == 1 else intro[owner]
        new_paths = paths[owner]
        new_paths[:, h] = nxt
        # best label per (node, introducer or source); equal costs fall to the path's node numbers
        group = new_intro if per == "introducer" else new_paths[:, 0]
        order = np.lexsort(tuple(new_paths[:, c] for c in range(h - 1, -1, -1))
                           + (np.round(new_cost, 12), group, nxt))
        nxt, new_cost, new_intro, new_paths, group = (nxt[order], new_cost[order], new_intro[order],
                                                      new_paths[order], group[order])
        first = np.ones(len(nxt), dtype=bool)
        first[1:] = (nxt[1:] != nxt[:-1]) | (group[1:] != group[:-1])
        nxt, new_cost, new_intro, new_paths, group = (nxt[first], new_cost[first], new_intro[first],
                                                      new_paths[first], group[first])
        # then the `keep` best groups per node
        order = np.lexsort((group, np.round(new_cost, 12), nxt))
        nxt, new_cost, new_intro, new_paths = nxt[order], new_cost[order], new_intro[order], new_paths[order]
        group_start = np.r_[0, np.flatnonzero(nxt[1:] != nxt[:-1]) + 1]
        rank = np.arange(len(nxt)) - np.repeat(group_start, np.diff(np.r_[group_start, len(nxt)]))
        kept = rank < keep
        cost, intro, paths = new_cost[kept], new_intro[kept], new_paths[kept]
        hit = is_target[paths[:, h]]
        if hit.any():
            end_cost = cost[hit] + (target_cost[paths[hit, h]] if target_cost is not None else 0.0)
            found.append((end_cost, np.full(int(hit.sum()), h), intro[hit], paths[hit]))
    if not found:
        return empty
    return Candidates(*(np.concatenate(parts) for parts in zip(*found)))


def ranked(c: Candidates) -> np.ndarray:
    """Row order best first: lowest cost, then fewest hops, then node numbers along the path."""
    if len(c) == 0:
        return np.zeros(0, dtype=np.int64)
    keys = tuple(c.paths[:, col] for col in range(c.paths.shape[1] - 1, -1, -1))
    return np.lexsort(keys + (c.hops, np.round(c.cost, 12)))


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
