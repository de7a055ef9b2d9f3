"""A server store's search reads each hop's corridor under the bound the hop before set, and answers
exactly as the whole index does: on a team's overlapping exports with routes held back, for
accounts, titles and people, from the team or one member (teammates then start paths), with 2-4
hops and any number of routes. The server here is the embedded store answering the three corridor
questions (``ServerGraph``) from its ties, counting what it sends; Neo4j itself answers them in
tests/test_store_contract.py."""

from __future__ import annotations

import math
import os
import random
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pathfinder.api import PathFinder
from pathfinder.ranking.corridor import Corridors, Reach, joining_ties
from pathfinder.ranking.index import build_index
from pathfinder.ranking.search import corridor_search, ranked

from .conftest import AS_OF
from .test_bounded_routes import answer, team_world  # noqa: F401 - the fixture is used by name
from .test_search import graphs


class AsServer:
    """An embedded store that also answers a server store's corridor questions, from its ties."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.sent = 0  # ties sent
        rows = list(store.graph_ties())
        self.ties: dict[int, list[tuple[int, float, bool, int]]] = {}
        for a, b, trust, usable, band in rows:
            self.ties.setdefault(a, []).append((b, trust, bool(usable), band))
            self.ties.setdefault(b, []).append((a, trust, bool(usable), band))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    @staticmethod
    def arrays(rows: list[tuple[int, int, float, bool, int]]):
        return (np.array([r[0] for r in rows], dtype=np.int64), np.array([r[1] for r in rows], dtype=np.int64),
                np.array([r[2] for r in rows], dtype=np.float64), np.array([r[3] for r in rows], dtype=bool),
                np.array([r[4] for r in rows], dtype=np.uint8))

    def ties_from(self, ns: list[int]):
        rows = [(a, *tie) for a in ns for tie in self.ties.get(a, [])]
        self.sent += len(rows)
        return self.arrays(rows)

    def ties_between(self, ns: list[int], others: list[int], min_trust: float, ends: list[int]):
        allowed, end = set(others), set(ends)
        rows = [(a, b, trust, usable, band) for a in ns for b, trust, usable, band in self.ties.get(a, [])
                if b in allowed and (trust >= min_trust or a in end or b in end)]
        self.sent += len(rows)
        return self.arrays(rows)

    def ids_and_flags(self, ns: list[int]) -> list[tuple[int, str, bool]]:
        never = set(self.store.no_intro())
        found = self.store.people(ns)
        return [(n, found[n].id, n in never) for n in ns if n in found]


@pytest.fixture
def through_corridors(team_world, monkeypatch):  # noqa: F811 - the fixture of test_bounded_routes
    """The team world, and a finder on the same store that reads corridors as on a server."""
    pf, people = team_world
    server = AsServer(pf.store)
    other = PathFinder(pf.store, weights=pf.weights, as_of=AS_OF)
    other.ranking.corridors = Corridors(server)
    monkeypatch.setattr(other.ranking, "fresh_index", lambda: None)  # no whole index here
    return pf, other, server, people


def test_the_corridor_read_under_a_bound_gives_the_whole_index_answer(through_corridors) -> None:
    pf, other, server, people = through_corridors
    rng = random.Random(7)
    companies = sorted({p.company for p in people})
    queries: list[dict[str, Any]] = []
    for max_hops in (2, 3, 4):
        for top in (0, 1, 3, 5):
            queries += [dict(account=c, top=top, max_hops=max_hops) for c in rng.sample(companies, 4)]
            queries += [dict(account=c, top=top, max_hops=max_hops, from_="Member 1") for c in rng.sample(companies, 3)]
            queries += [dict(title=t, top=top, max_hops=max_hops, per_target=rng.choice([None, 2])) for t in ("VP", "Director")]
            queries += [dict(to=p.id, top=top, max_hops=max_hops) for p in rng.sample(people, 3)]
        queries.append(dict(account="Acme Corporation", top=5, max_hops=max_hops, from_="Rita Rep"))
    for query in queries:
        assert answer(other.paths(**query)) == answer(pf.paths(**query)), query


def test_the_bound_cuts_what_the_server_sends(through_corridors, monkeypatch) -> None:
    pf, other, server, people = through_corridors
    companies = sorted({p.company for p in people})
    sent = {}
    for hop_by_hop in (False, True):
        monkeypatch.setattr(other.ranking, "wide", lambda ns, max_hops, server, on=hop_by_hop: on and max_hops >= 3)
        server.sent = 0
        for company in companies:
            other.paths(account=company, top=3, max_hops=3)
        sent[hop_by_hop] = server.sent
    assert sent[True] < sent[False] / 2, sent


COSTS = {(1, 2): 0.5, (1, 3): 0.4, (9, 8): 0.2, (9, 7): 0.3, (2, 8): 0.3, (3, 7): 0.1, (2, 7): 0.5}


def kept(bound, warm=(), more=None) -> set[tuple[int, int]]:
    """The joining ties read for a source 1 that knows 2 and 3 and a target 9 known by 8 and 7:
    through 2-8 a path costs 0.5 + 0.3 + 0.2, through 3-7 0.4 + 0.1 + 0.3, through 2-7 1.3."""
    cost = {**COSTS, **(more or {})}
    joining = [(2, 8), (3, 7), (2, 7)]

    def ties(pairs):
        return AsServer.arrays([(a, b, float(np.exp(-cost.get((a, b), cost.get((b, a), 0)))), True,
                                 1 if (a, b) in warm else 0) for a, b in pairs])

    class Server:
        def ties_between(self, ns, others, min_trust, ends):
            pairs = [(a, b) for a, b in joining + [(b, a) for a, b in joining] if a in ns and b in others]
            return ties([(a, b) for a, b in pairs if np.exp(-cost.get((a, b), cost.get((b, a)))) >= min_trust])

    first = [pair for pair in cost if pair[0] == 1]
    last = [pair for pair in cost if pair[0] == 9]
    sources, targets = Reach([1], [0.0]), Reach([9], [0.0])
    sources.first_step(ties(first), [])
    targets.step(ties(last))
    frontier = [np.array(sorted({b for _, b in first})), np.array(sorted({b for _, b in last}))]
    a, b, *_ = joining_ties(Server(), frontier, [sources, targets], bound, [1])
    return {tuple(sorted(t)) for t in zip(a.tolist(), b.tolist())}


def test_a_joining_tie_is_read_when_a_path_through_it_can_rank_within_the_bound() -> None:
    assert kept((1, 1.0)) == {(2, 8), (3, 7)}
    assert kept((1, 0.9)) == {(3, 7)}
    assert kept((1, 0.79)) == set()
    assert kept((0, 5.0)) == set()  # every path here starts along a cold tie: tier 1
    assert kept((2, 0.0)) == {(2, 8), (3, 7), (2, 7)}  # any tier 1 path ranks above a tier 2 bound
    assert kept((1, 0.0), warm=[(1, 2)]) == {(2, 8), (2, 7)}  # 1 -> 2 starts warm: tier 0


def test_a_joining_tie_is_read_when_a_path_crossing_it_either_way_can_rank_within_the_bound() -> None:
    # the source knows 7 too and the target knows 3: 1 -> 7 -> 3 -> 9 costs 0.6 + 0.1 + 0.05
    assert kept((1, 0.76), more={(1, 7): 0.6, (9, 3): 0.05}) == {(3, 7)}
    assert kept((1, 0.76)) == set()


class Graph:
    """A random network as a server store answers for it (store numbers: node + 1)."""

    def __init__(self, edges, members: list[int], ranks: tuple[int, ...]) -> None:
        self.generation = 1
        self.members = members
        self.ranks = ranks
        self.ties: dict[int, list[tuple[int, float, bool, int]]] = {}
        for (a, b), trust, band in edges:
            self.ties.setdefault(a + 1, []).append((b + 1, trust, True, band))
            self.ties.setdefault(b + 1, []).append((a + 1, trust, True, band))

    def team(self) -> dict[int, str]:
        return {m + 1: "member" for m in self.members}

    arrays = staticmethod(AsServer.arrays)
    ties_from = AsServer.ties_from
    ties_between = AsServer.ties_between
    sent = 0

    def ids_and_flags(self, ns: list[int]) -> list[tuple[int, str, bool]]:
        return [(n, f"{self.ranks[n - 1]:016x}", False) for n in ns]


@settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", 500)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(graphs(), st.sets(st.integers(0, 13), max_size=3), st.lists(st.sampled_from([0.0, 0.1, 0.7]), min_size=4,
                                                                    max_size=4))
# the rep knows 3 too weakly to ask them (0.1 < 0.15), but knows them: 0 -> 1 -> 3 -> 4 is no route
@example((5, [((0, 1), 0.2, 0), ((1, 3), 0.8, 0), ((0, 3), 0.1, 0), ((0, 4), 0.1, 0), ((3, 4), 0.8, 0),
              ((1, 4), 0.1, 0)], [0], [4], 3, 0.15, None, tuple(range(5))), set(), [0.0] * 4)
# a path through teammate 1 takes its tier from 1's warm tie to 2: tier 0, though the rep's tie to 1 is cold
@example((7, [((0, 1), 0.5, 0), ((0, 5), 0.5, 0), ((0, 6), 0.5, 0), ((1, 2), 0.9, 1), ((2, 3), 0.9, 0),
              ((0, 3), 0.1, 1)], [0], [3], 3, 0.0, None, tuple(range(7))), {1}, [0.0] * 4)
# the same two hops from the rep: the teammate is reached on the second expansion of the rep's side
@example((5, [((0, 1), 0.5, 0), ((1, 2), 0.9, 1), ((2, 3), 0.9, 0), ((0, 3), 0.1, 1)], [0], [3], 4, 0.0, None,
          tuple(range(5))), {1}, [0.0] * 4)
# four hops, the teammate's warm tie two steps out on the rep's side: 0 -> 1 -> 2 -> 4 -> 3 is tier 0
@example((12, [((0, 1), 0.5, 0), ((1, 2), 0.9, 1), ((1, 7), 0.5, 0), ((1, 8), 0.5, 0), ((1, 11), 0.5, 0),
               ((2, 4), 0.9, 0), ((4, 3), 0.9, 0)], [0], [3, 9, 10], 4, 0.0, None, tuple(range(12))), {1},
         [0.0] * 4)
def test_a_search_under_a_bound_finds_the_same_paths_on_the_corridor_read_under_it(case, mates, fits) -> None:
    """Random networks with warm and cold ties, teammates who start paths, targets that fit
    differently and an account to stay inside: for bounds at and around each route the search
    without one finds, the bounded search on the bounded corridor finds the same paths as on the
    whole network."""
    n, edges, sources, targets, max_hops, threshold, inside, ranks = case
    teammates = sorted(x for x in mates if x < n and x not in sources)
    fit = np.array(fits[:len(targets)])
    ties = [(a + 1, b + 1, t, True, band) for (a, b), t, band in edges]
    whole = build_index(1, sorted(((x + 1, f"{r:016x}") for x, r in enumerate(ranks)), key=lambda p: p[1]), n,
                        iter(ties), len(ties), [], [])
    graph = Graph(edges, sources + teammates, ranks)
    corridors = Corridors(graph)

    def run(index, bound):
        def nodes(xs):
            found = np.array([index.node(x + 1) for x in xs], dtype=np.int64)
            return found[found >= 0]

        def mask(xs):
            m = np.zeros(index.nodes, dtype=bool)
            m[nodes(xs)] = True
            return m

        cost = np.zeros(index.nodes)
        present = np.array([index.node(t + 1) for t in targets], dtype=np.int64)
        cost[present[present >= 0]] = fit[present >= 0]
        c = corridor_search(index, nodes(sources).astype(np.int64), nodes(targets).astype(np.int64),
                            max_hops=max_hops, keep=26, max_first_cost=-math.log(threshold) if threshold else np.inf,
                            target_cost=cost, only_first=mask(teammates) if teammates else None,
                            inside=mask(inside) if inside is not None else None, cold_band=index.band, bound=bound)
        return [(int(c.tier[r]), round(float(c.cost[r]), 12), int(c.hops[r]),
                 tuple(index.number(x) for x in c.paths[r, : c.hops[r] + 1])) for r in ranked(c)]

    rows = run(whole, None)
    bounds = {(tier, cost + shift) for tier, cost, _, _ in rows[:6] for shift in (-0.05, 0.0, 1e-12)}
    bounds |= {(0, 0.3), (1, 0.5), (1, 2.0)}
    for bound in sorted(bounds):
        corridor = corridors.index([s + 1 for s in sources], [t + 1 for t in targets], max_hops, threshold,
                                   bound=bound, target_cost=fit)
        assert run(corridor, bound) == run(whole, bound), bound
