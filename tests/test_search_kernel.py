"""The compiled corridor search (pathfinder/ranking/_corridor.c) against the numpy one: the same
rows in the same order, for every option of corridor_search, on small networks (every rule and
tie-break) and on larger ones with hubs (crowded nodes, searches from both ends)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathfinder.ranking.index import build_index
from pathfinder.ranking.search import Candidates, compiled, corridor_search, ranked

FIELDS = ("cost", "hops", "intro", "paths", "tier")


def test_the_compiled_search_is_built() -> None:
    # pip builds it wherever a C compiler is found (CI has one): a failed build must not go unseen
    assert compiled() is not None, "pathfinder/ranking/_corridor.c was not built: is a C compiler installed?"


def network(seed: int, n: int, ties: int, hubs: int) -> tuple:
    """A random network: trust from few values (equal costs are common), some people with many ties."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, n, ties)
    b = np.where(rng.random(ties) < 0.4, rng.integers(0, max(hubs, 1), ties), rng.integers(0, n, ties))
    keep = a != b
    pairs = sorted({(int(min(x, y)), int(max(x, y))) for x, y in zip(a[keep], b[keep])})
    trust = rng.choice([0.05, 0.1, 0.3, 0.5, 0.8, 0.9], len(pairs))
    band = rng.choice([0, 0, 1, 2], len(pairs))
    usable = rng.random(len(pairs)) > 0.05
    ranks = rng.permutation(n)  # person (and node) i's place in id order: ties in cost break by it
    id_order = sorted(((i, f"{r:016x}") for i, r in enumerate(ranks.tolist())), key=lambda x: x[1])
    index = build_index(1, id_order, n - 1, iter((x, y, float(t), bool(u), int(bd))
                                                 for (x, y), t, u, bd in zip(pairs, trust, usable, band)),
                        len(pairs), [], [])
    return index, rng


def options(index, rng, draw_mask, through_targets: bool, per: str, keep: int, max_hops: int) -> dict:
    n = index.nodes
    tiers = rng.random()  # the first tie's tier given per arc, read off the bands, or none
    sources = rng.choice(n, int(rng.integers(1, min(6, n) + 1)), replace=False)
    targets = rng.choice(n, int(rng.integers(1, max(2, n // 8))), replace=False)
    return dict(sources=sources, targets=targets, max_hops=max_hops, keep=keep,
                max_first_cost=float(rng.choice([np.inf, -np.log(0.2), -np.log(0.6)])),
                blocked=draw_mask(0.03), not_first=draw_mask(0.05), only_first=draw_mask(0.02),
                inside=draw_mask(0.2), skip_arcs=index.held if rng.random() < 0.5 else None,
                first_tier=index.first_tier if tiers < 0.4 else None, cold_band=index.band if 0.4 <= tiers < 0.8 else None,
                target_cost=rng.choice([0.0, 0.1, 0.7], n) if rng.random() < 0.5 else None,
                per=per, through_targets=through_targets)


def assert_same(index, kwargs) -> Candidates:
    sources, targets = kwargs.pop("sources"), kwargs.pop("targets")
    by_numpy = corridor_search(index, sources, targets, engine="numpy", **kwargs)
    by_c = corridor_search(index, sources, targets, engine="c", **kwargs)
    for field in FIELDS:
        assert np.array_equal(getattr(by_numpy, field), getattr(by_c, field)), field
    in_id_order = np.where(by_numpy.paths >= 0, index.rank[np.maximum(by_numpy.paths, 0)], -1)
    assert np.array_equal(ranked(by_numpy), np.lexsort(
        tuple(in_id_order[:, col] for col in range(in_id_order.shape[1] - 1, -1, -1))
        + (by_numpy.hops, np.round(by_numpy.cost, 12), by_numpy.tier)))
    return by_c


def random_masks(index, rng):
    """A mask drawer: each mask given (a share ``p`` of the nodes set) or not, at random."""
    def mask(p: float) -> np.ndarray | None:
        return rng.random(index.nodes) < p if rng.random() < 0.5 else None
    return mask


#: small random networks, with every option of the search drawn
small_networks = given(seed=st.integers(0, 10**6), n=st.integers(3, 40), density=st.integers(1, 6),
                       max_hops=st.integers(1, 4), keep=st.sampled_from([1, 2, 3, 26]),
                       per=st.sampled_from(["introducer", "source"]), through_targets=st.booleans())


def small_case(seed, n, density, max_hops, keep, per, through_targets) -> tuple | None:
    """(index, rng, search options) of a small random network; None when it has nobody."""
    index, rng = network(seed, n, n * density, hubs=3)
    if index.nodes == 0:
        return None
    return index, rng, options(index, rng, random_masks(index, rng), through_targets, per, keep, max_hops)


def hub_case(seed: int, max_hops: int, through_targets: bool, per: str) -> tuple:
    """(index, rng, search options) of a 3,000-node network searched from its 40 hubs: many labels
    per node, crowded nodes, both ends searched."""
    index, rng = network(seed, 3000, 15000, hubs=40)
    kwargs = options(index, rng, random_masks(index, rng), through_targets, per, 4, max_hops)
    kwargs["sources"] = np.arange(40)
    return index, rng, kwargs


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@small_networks
def test_small_networks_give_the_same_rows(**case) -> None:
    drawn = small_case(**case)
    if drawn:
        assert_same(drawn[0], drawn[2])


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("max_hops", [2, 3, 4])
def test_larger_networks_with_hubs_give_the_same_rows(seed, max_hops) -> None:
    index, _, kwargs = hub_case(seed, max_hops, seed % 2 == 1, "source" if seed % 3 == 0 else "introducer")
    assert len(assert_same(index, kwargs)) > 0


def test_ranked_orders_rows_as_the_numpy_lexsort() -> None:
    rng = np.random.default_rng(3)
    rows = 5000
    cost = rng.integers(0, 30, rows) * 0.1 + rng.choice([0.0, 1e-14, 3e-13], rows)  # equal to 12 decimals, or not
    paths = rng.integers(-1, 50, (rows, 5))
    c = Candidates(cost, rng.integers(1, 5, rows), paths[:, 1].copy(), paths, rng.integers(0, 2, rows).astype(np.int8))
    expected = np.lexsort(tuple(paths[:, col] for col in range(4, -1, -1)) + (c.hops, np.round(cost, 12), c.tier))
    assert np.array_equal(ranked(c), expected)


def test_searches_in_several_threads_at_once_give_the_same_rows() -> None:
    # one search keeps its memory for the next; the others at the same time work in their own
    from concurrent.futures import ThreadPoolExecutor

    index, rng = network(7, 3000, 15000, hubs=40)
    queries = [(np.arange(40), rng.choice(index.nodes, 60, replace=False), hops) for hops in (2, 3, 4) for _ in range(4)]

    def run(query):
        sources, targets, hops = query
        return corridor_search(index, sources, targets, max_hops=hops, keep=4, engine="c")

    alone = [run(q) for q in queries]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(run, queries * 3))
    for i, found in enumerate(together):
        for field in FIELDS:
            assert np.array_equal(getattr(found, field), getattr(alone[i % len(queries)], field)), field


def rows_as_paths(c: Candidates, rows: np.ndarray | None = None) -> set[tuple]:
    rows = np.arange(len(c)) if rows is None else rows
    return {(int(c.tier[r]), round(float(c.cost[r]), 12), tuple(int(x) for x in c.paths[r])) for r in rows}


def assert_bound_keeps_the_rows_above_it(index, kwargs, rng) -> None:
    """A search with a bound: both searches give the same rows, and they are exactly the rows of
    the search without it that rank at or above the bound."""
    full = corridor_search(index, kwargs["sources"], kwargs["targets"],
                           **{k: v for k, v in kwargs.items() if k not in ("sources", "targets")})
    if len(full) == 0:
        return
    order = ranked(full)
    row = order[int(rng.integers(0, len(order)))]  # a bound at some row's rank
    bound = (int(full.tier[row]), float(np.round(full.cost[row], 12)))
    bounded = assert_same(index, dict(kwargs, bound=bound))
    above = np.flatnonzero((full.tier < bound[0]) | ((full.tier == bound[0]) & (np.round(full.cost, 12) <= bound[1])))
    assert rows_as_paths(bounded) == rows_as_paths(full, above)
    assert len(bounded) < len(full) or len(above) == len(full)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@small_networks
def test_a_bound_leaves_out_exactly_the_rows_below_it(**case) -> None:
    drawn = small_case(**case)
    if drawn:
        index, rng, kwargs = drawn
        assert_bound_keeps_the_rows_above_it(index, kwargs, rng)


@pytest.mark.parametrize("seed", range(4))
def test_a_bound_on_larger_networks_with_hubs(seed) -> None:
    index, rng, kwargs = hub_case(seed, 4, False, "introducer")
    assert_bound_keeps_the_rows_above_it(index, kwargs, rng)
