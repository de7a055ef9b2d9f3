"""The corridor of a search on a server store: the part of the graph some short path runs through.

On a store that keeps the graph on a server (:class:`~pathfinder.store.protocol.ServerGraph`),
copying the whole graph for every search is slow. Instead both ends are expanded on the server, one
level at a time (never variable-length paths), always the end whose frontier is smaller, until the
two radii add up to ``max_hops - 1``; then the server finds the ties between the two outer
frontiers. A tie on a short path is either met by an expansion or joins the two frontiers, so every
path the whole graph holds lies in what comes back; :func:`ties_on_short_paths` keeps just those
ties, and the same search on this small index gives the same answer as on the whole graph.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pathfinder.ranking.index import SearchIndex, index_from_arrays
from pathfinder.ranking.search import ties_on_short_paths

#: people whose ids a long-running process remembers at most (then it starts again)
MOST_REMEMBERED = 200_000
TieArrays = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # (a, b, trust, usable, band)


class Corridors:
    """Corridor indexes of one server store; the team's own ties are read once per generation of
    the data (they are the same for every account a rep looks at), and so is each person's id and
    never-use flag (the people near the team are on most corridors)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._sources: tuple[Any, TieArrays | None] = (None, None)
        self._people: tuple[int, dict[int, tuple[str, bool]]] = (-1, {})

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

    def _ties_of_sources(self, sources: list[int], generation: int) -> TieArrays:
        key = (generation, tuple(sorted(sources)))
        if self._sources[0] != key or self._sources[1] is None:
            self._sources = (key, self.store.ties_from(sources))
        assert self._sources[1] is not None
        return self._sources[1]

    def index(self, sources: list[int], targets: list[int], max_hops: int, min_first_trust: float = 0.0) -> SearchIndex:
        """A search index of just the people on some path of at most ``max_hops`` ties from
        ``sources`` to ``targets``, with the ties between them (a path's first tie trusted at
        least ``min_first_trust`` unless it reaches a target: the search's introducer rule)."""
        store = self.store
        generation = store.generation
        sources, targets = list(dict.fromkeys(sources)), list(dict.fromkeys(targets))
        seen = [set(sources), set(targets)]
        frontier = [sources, targets]
        # a source's ties are a path's first: below the introducer threshold only to a target
        min_trust = min_first_trust * (1 - 1e-9)
        found = []
        for _ in range(max_hops - 1):
            side = 0 if len(frontier[0]) <= len(frontier[1]) else 1
            if frontier[side] is sources:
                ties = self._ties_of_sources(sources, generation)
                keep = (ties[2] >= min_trust) | np.isin(ties[1], targets)
                found.append(tuple(column[keep] for column in ties))
            else:
                found.append(store.ties_from(frontier[side]))
            frontier[side] = [n for n in dict.fromkeys(found[-1][1].tolist()) if n not in seen[side]]
            seen[side].update(frontier[side])
        small, large = sorted(frontier, key=len)
        if small and large:
            team_first = sources in (small, large)  # the team still at radius 0: these are first ties
            found.append(store.ties_between(small, large, min_trust if team_first else 0.0,
                                            targets if team_first else []))
        empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), np.zeros(0, bool), np.zeros(0, np.uint8))
        a, b, trust, usable, band = (np.concatenate([f[i] for f in found] + [empty[i]]) for i in range(5))
        keep = ties_on_short_paths(a, b, np.array(sources, dtype=np.int64), np.array(targets, dtype=np.int64),
                                   max_hops)
        lo, hi = np.minimum(a, b)[keep], np.maximum(a, b)[keep]
        trust, usable, band = trust[keep], usable[keep], band[keep]
        _, first = np.unique(lo * (int(hi.max(initial=0)) + 1) + hi, return_index=True)  # each tie once
        lo, hi, trust, usable, band = lo[first], hi[first], trust[first], usable[first], band[first]
        people = self._ids_and_flags(np.union1d(np.union1d(lo, hi), sources).tolist(), generation)
        members = {n for n, role in store.team().items() if role == "member"}
        order = sorted(people.items(), key=lambda item: item[1][0])
        return index_from_arrays(generation, [(n, info[0]) for n, info in order], max(people, default=0),
                                 lo, hi, trust, [n for n in people if n in members],
                                 [n for n, info in people.items() if info[1]], usable=usable, band=band)
