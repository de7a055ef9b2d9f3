"""The corridor search against a brute-force NetworkX oracle on random graphs."""

from __future__ import annotations

import math
import os

import networkx as nx
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathfinder.ranking.index import build_index
from pathfinder.ranking.search import best_per_introducer, best_per_target, corridor_search, ranked, ties_on_short_paths

TRUSTS = [0.1, 0.2, 0.5, 0.8, 0.9]  # few values, so equal scores (and tie-breaks) are common


@st.composite
def graphs(draw):
    n = draw(st.integers(4, 14))
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=min(len(pairs), 40)))
    trusts = draw(st.lists(st.sampled_from(TRUSTS), min_size=len(chosen), max_size=len(chosen)))
    bands = draw(st.lists(st.sampled_from([0, 0, 1, 2]), min_size=len(chosen), max_size=len(chosen)))
    sources = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=3, unique=True))
    targets = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=4, unique=True))
    max_hops = draw(st.integers(1, 4))
    threshold = draw(st.sampled_from([0.0, 0.15, 0.6]))
    inside = draw(st.one_of(st.none(), st.sets(st.integers(0, n - 1), max_size=n)))
    ranks = draw(st.permutations(range(n)))  # each person's place in id order: ties in cost break by it
    return (n, [(p, t, b) for p, t, b in zip(chosen, trusts, bands)], sources, targets, max_hops, threshold, inside,
            tuple(ranks))


def make_index(n, edges, ranks=None):
    """Person (and node) i has the id of place ``ranks[i]`` in id order (default: i)."""
    ranks = ranks or range(n)
    id_order = sorted(((i, f"{r:016x}") for i, r in enumerate(ranks)), key=lambda x: x[1])
    ties = [(a, b, t, True, band) for (a, b), t, band in edges]
    return build_index(1, id_order, n - 1, iter(ties), len(ties), [], [])


def oracle(n, edges, sources, targets, max_hops, threshold, inside=None, ranks=None):
    """Every path a rep would take, by brute force: simple paths of at most ``max_hops`` ties,
    never through a source, a target only as the introducer beyond which nothing else; the
    introducer threshold; the second person new to the path's source; no detour through someone
    the sources know at least as well as the chain up to them; once inside the account, inside.
    Ranked by the first tie's tier (0 warm or strong, 1 cold), then cost, hops and the ids along the path."""
    ranks = ranks or range(n)
    g = nx.Graph()
    g.add_nodes_from(range(n))
    for (a, b), t, band in edges:
        g.add_edge(a, b, cost=-math.log(t), band=band)
    src, tgt = set(sources), set(targets) - set(sources)
    direct = {v: min((g[s][v]["cost"] for s in src if g.has_edge(s, v)), default=math.inf) for v in g}
    rows = []
    for s in sorted(src):
        for t in sorted(tgt):
            for path in nx.all_simple_paths(g, s, t, cutoff=max_hops):
                inner = path[1:-1]
                if any(x in src for x in inner) or any(x in tgt for x in inner[1:]):
                    continue  # a target may introduce; further along a target ends the path
                if len(path) > 2 and g[path[0]][path[1]]["cost"] > -math.log(threshold) if threshold else False:
                    continue
                if len(path) > 2 and g.has_edge(s, path[2]):
                    continue  # the rep already knows the person they would be introduced to
                chain = [0.0]
                for u, v in zip(path, path[1:]):
                    chain.append(chain[-1] + g[u][v]["cost"])
                if any(direct[path[i]] <= chain[i] + 1e-12 for i in range(2, len(path))):
                    continue  # a detour: the sources know that person at least as well directly
                if inside is not None and any(path[i] in inside and path[i + 1] not in inside
                                              for i in range(1, len(path) - 1)):
                    continue  # once at the account, a path stays there
                tier = int(g[path[0]][path[1]]["band"] == 0)
                rows.append((tier, round(chain[-1], 12), len(path) - 1, tuple(ranks[x] for x in path), tuple(path)))
    rows.sort()
    return [(cost, hops, path) for _, cost, hops, _, path in rows]


def search(n, edges, sources, targets, max_hops, threshold, inside=None, ranks=None, per="introducer"):
    index = make_index(n, edges, ranks)
    mask = None
    if inside is not None:
        mask = np.zeros(index.nodes, dtype=bool)
        mask[sorted(inside)] = True
    return corridor_search(index, np.array(sources), np.array(targets), max_hops=max_hops, keep=26,
                           max_first_cost=-math.log(threshold) if threshold else np.inf, inside=mask,
                           first_tier=index.first_tier, per=per)


def as_rows(c, rows):
    return [(round(float(c.cost[r]), 12), int(c.hops[r]), tuple(int(x) for x in c.paths[r, : c.hops[r] + 1]))
            for r in rows]


@settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", 300)), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs(), st.integers(1, 6))
def test_top_k_one_per_introducer_matches_brute_force(case, k) -> None:
    expected, seen = [], set()
    for row in oracle(*case):
        intro = row[2][1] if row[1] > 1 else ("direct", row[2][-1])  # a direct tie: one route per target
        if intro not in seen:
            seen.add(intro)
            expected.append(row)
    c = search(*case)
    assert as_rows(c, best_per_introducer(c, k)) == expected[:k]


@settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", 200)), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_best_path_per_target_matches_brute_force(case) -> None:
    expected = {}
    for row in oracle(*case):
        expected.setdefault(row[2][-1], row)
    c = search(*case)
    got = {t: as_rows(c, [r])[0] for t, r in best_per_target(c).items()}
    assert got == expected


def test_adding_a_hop_never_raises_a_score() -> None:
    edges = [((0, 1), 0.9, 0), ((1, 2), 0.9, 0), ((2, 3), 0.9, 0), ((0, 3), 0.2, 0)]
    c = search(4, edges, [0], [3], 3, 0.0)
    best = as_rows(c, best_per_introducer(c, 5))
    assert [r[2] for r in best] == [(0, 1, 2, 3), (0, 3)]
    assert math.exp(-best[0][0]) <= 0.9 * 0.9


def test_no_path_is_an_empty_answer() -> None:
    c = search(4, [((0, 1), 0.9, 0)], [0], [3], 3, 0.0)
    assert len(c) == 0 and best_per_introducer(c, 5) == []


@settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", 200)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_best_path_per_team_member_matches_brute_force(case) -> None:
    n, edges, sources, targets, max_hops, threshold, inside, ranks = case
    max_hops = min(max_hops, 3)  # per-member pruning is exact up to three hops
    case = (n, edges, sources, targets, max_hops, threshold, inside, ranks)
    expected = {}
    for row in oracle(*case):
        expected.setdefault(row[2][0], row)
    c = search(*case, per="source")
    got = {}
    for r in ranked(c):
        got.setdefault(int(c.paths[r, 0]), as_rows(c, [r])[0])
    assert got == expected


@settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", 200)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(graphs(), st.integers(1, 6))
def test_the_ties_on_short_paths_give_the_same_search(case, k) -> None:
    """The Neo4j corridor keeps the ties ``ties_on_short_paths`` picks: exactly those within
    ``max_hops`` of a source and a target (networkx distances), and searching just them finds
    the same routes as searching the whole network."""
    n, edges, sources, targets, max_hops, threshold, inside, ranks = case
    pairs = [pair for pair, _, _ in edges]
    a = np.array([p[0] for p in pairs], dtype=np.int64)
    b = np.array([p[1] for p in pairs], dtype=np.int64)
    keep = ties_on_short_paths(a, b, np.array(sources), np.array(targets), max_hops)
    g = nx.Graph(pairs)
    g.add_nodes_from(range(n))
    from_sources = nx.multi_source_dijkstra_path_length(g, set(sources))
    to_targets = nx.multi_source_dijkstra_path_length(g, set(targets))
    far = max_hops + 1
    expected = [min(from_sources.get(u, far) + 1 + to_targets.get(v, far),
                    from_sources.get(v, far) + 1 + to_targets.get(u, far)) <= max_hops for u, v in pairs]
    assert keep.tolist() == expected
    kept = [edge for edge, k_ in zip(edges, keep.tolist()) if k_]
    whole, corridor = search(*case), search(n, kept, sources, targets, max_hops, threshold, inside, ranks)
    assert as_rows(corridor, best_per_introducer(corridor, k)) == as_rows(whole, best_per_introducer(whole, k))
    assert {t: as_rows(corridor, [r]) for t, r in best_per_target(corridor).items()} == \
        {t: as_rows(whole, [r]) for t, r in best_per_target(whole).items()}
