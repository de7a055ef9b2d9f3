"""Searching hop by hop, each search bounded by the routes the last one chose, answers exactly as
one search without a bound: on a team's overlapping exports with routes held back (an introducer
asked too often, a tie not to ask along, a person never to use), for accounts, titles and people,
from the team or one member, and when the bound cuts into what is chosen."""

from __future__ import annotations

import random

import numpy as np
import pytest

import pathfinder
from pathfinder.faces.demo import import_samples
from pathfinder.ranking import policy
from pathfinder.ranking.routes import choose, choose_bounded
from pathfinder.ranking.search import Candidates

from .conftest import AS_OF
from .synthetic import write_archive


def answer(paths) -> list[tuple]:
    return [(tuple(h.target.id for h in p.hops), round(p.score, 9), p.held_back, p.free_on) for p in paths]


@pytest.fixture(scope="module")
def team_world(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("bounded")
    with pathfinder.open(folder / "team.db", as_of=AS_OF) as pf:
        import_samples(pf, lambda _: None)
        for i in range(3):  # overlapping archives: each member shares people with the next
            pf.import_file(write_archive(folder / f"a{i}", owner=f"Member {i}", connections=150, messages=80,
                                         seed=40 + i, offset=i * 60), owner=f"Member {i}")
        people = sorted((p for p in pf.store.all_people() if p.company), key=lambda p: p.id)
        rng = random.Random(5)
        pf.never_use(rng.choice(people).id)
        carla = pf.person("Carla Client")
        for target in ("Dana Buyer", "Priya Patel"):  # Carla asked twice lately: resting
            pf.record_intro(to=target, via=carla.id, at=AS_OF)
        pf.do_not_ask("Rita Rep", "Frank Friend")
        yield pf, people


def both_ways(pf, monkeypatch, **query) -> None:
    monkeypatch.setattr(policy, "WIDE_CORRIDOR", float("inf"))  # one search
    alone = answer(pf.paths(**query))
    monkeypatch.setattr(policy, "WIDE_CORRIDOR", 0)  # hop by hop, bounded
    assert answer(pf.paths(**query)) == alone, query


@pytest.mark.parametrize("max_hops", [2, 3, 4])
@pytest.mark.parametrize("top", [0, 1, 3, 5])
def test_hop_by_hop_answers_as_one_search(team_world, monkeypatch, max_hops: int, top: int) -> None:
    pf, people = team_world
    rng = random.Random(max_hops * 10 + top)
    companies = sorted({p.company for p in people})
    for company in rng.sample(companies, 6):
        both_ways(pf, monkeypatch, account=company, top=top, max_hops=max_hops)
        both_ways(pf, monkeypatch, account=company, top=top, max_hops=max_hops, from_="Member 1")
    for title in ("VP", "Director", "Engineer"):
        both_ways(pf, monkeypatch, title=title, top=top, max_hops=max_hops)
        both_ways(pf, monkeypatch, title=title, top=top, max_hops=max_hops, per_target=2)
    for person in rng.sample(people, 4):
        both_ways(pf, monkeypatch, to=person.id, top=top, max_hops=max_hops)
    both_ways(pf, monkeypatch, account="Acme Corporation", top=top, max_hops=max_hops)


def table(rows: list[tuple[int, float, int]]) -> Candidates:
    """Rows of (tier, cost, introducer), each a 2-hop path to target 100 + its number."""
    paths = np.array([[0, intro, 100 + i] for i, (_, _, intro) in enumerate(rows)], dtype=np.int64)
    return Candidates(np.array([r[1] for r in rows]), np.full(len(rows), 2, dtype=np.int64),
                      np.array([r[2] for r in rows], dtype=np.int64), paths, np.array([r[0] for r in rows], np.int8))


def test_a_bound_that_cuts_into_the_choice_is_searched_again_without_it() -> None:
    # within 2 hops the best route (introducer 1) is cheap; within 3 it is gone (another path took
    # its place at a crowded node) and only one route ranks above the first answer's bound
    within = {2: [(0, 0.1, 1), (0, 0.2, 2)], 3: [(0, 0.15, 3), (0, 0.9, 4), (0, 1.2, 5)]}
    asked = []

    def search(hops: int, bound: tuple[int, float] | None) -> Candidates:
        asked.append((hops, bound))
        rows = [r for r in within[hops] if bound is None or (r[0], r[1]) <= bound]
        return table(rows)

    def pick(c: Candidates):
        return choose(c, 2, None, lambda _: None)

    c, chosen = choose_bounded(search, pick, 3, 2)
    assert [(hops, bound is not None) for hops, bound in asked] == [(2, False), (3, True), (3, False)]
    assert [int(c.intro[row]) for row, _ in chosen] == [3, 4]


def test_a_bound_that_holds_is_searched_once() -> None:
    within = {2: [(0, 0.1, 1), (0, 0.2, 2)], 3: [(0, 0.1, 1), (0, 0.15, 3), (0, 0.9, 4)]}
    asked = []

    def search(hops: int, bound: tuple[int, float] | None) -> Candidates:
        asked.append(hops)
        return table([r for r in within[hops] if bound is None or (r[0], r[1]) <= bound])

    c, chosen = choose_bounded(search, lambda c: choose(c, 2, None, lambda _: None), 3, 2)
    assert asked == [2, 3]
    assert [int(c.intro[row]) for row, _ in chosen] == [1, 3]
