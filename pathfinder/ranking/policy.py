"""The search policy, in one place for paths, prospects, coverage and the ask, on every store.

Who a search starts from (the team, or one member), who may be asked to introduce (an introducer
must have earned it: the first tie of a path reaches ``min_introducer_trust``; someone asked too
often lately, or who declined twice, rests; a teammate may be asked but a path runs on from them
only as their own), whom the search never passes (people who asked never to be used), how well a
target fits, and how a found path is shown (each hop's trust and reasons, the ledger's word on
the route). The index the search runs on is the whole network's (kept beside the store), or, on a
server store, just the corridor between the team and the targets (:mod:`.corridor`).
"""

from __future__ import annotations

import difflib
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from pathfinder.errors import AccountNotFound, PathfinderError
from pathfinder.identity.companies import company_key
from pathfinder.identity.keys import name_key
from pathfinder.identity.lookup import find_member, find_person
from pathfinder.identity.titles import title_matches
from pathfinder.model import Hop, IntroRow, PersonRow, PersonSummary, ScoredPath
from pathfinder.ranking.corridor import Corridors
from pathfinder.ranking.index import SearchIndex, build_index, load_index, save_index
from pathfinder.ranking.search import Candidates, best_per_introducer, corridor_search
from pathfinder.ranking.trust import Weights, score_tie
from pathfinder.store.protocol import ServerGraph, Store

#: the longest path a search looks at, in ties
MAX_HOPS_LIMIT = 4
Routes = dict[tuple[int, int], tuple[str, str]]


def resting(rows: list[IntroRow], events: list[tuple[Any, ...]], *, limit: int, window_days: int,
            decline_limit: int, today: date | None = None) -> set[int]:
    """Introducers not to ask now: asked ``limit`` times or more, or declined ``decline_limit``
    times or more, within the window (pressure damages relationships)."""
    since = ((today or date.today()) - timedelta(days=window_days)).isoformat()
    asked = Counter(r.introducer_n for r in rows if not r.earned and r.created_at >= since)
    introducer = {r.id: r.introducer_n for r in rows}
    declined = Counter(introducer[intro_id] for _, intro_id, status, at, _ in events
                       if status == "declined" and at >= since and intro_id in introducer)
    return {n for n, c in asked.items() if c >= limit} | {n for n, c in declined.items() if c >= decline_limit}


def open_routes(store: Store) -> Routes:
    """(introducer, target) → (status, since) for every route already in the ledger."""
    return {(r.introducer_n, r.target_n): (r.status, r.updated_at) for r in map(IntroRow._make, store.intro_rows())}


class Ranking:
    """The search on one store, with the trust weights and the day trust is judged on."""

    def __init__(self, store: Store, weights: Weights, as_of: date | None = None) -> None:
        self.store = store
        self.weights = weights
        self.as_of = as_of
        self._index: SearchIndex | None = None
        self.corridors = Corridors(store) if isinstance(store, ServerGraph) else None

    # --- the index ----------------------------------------------------------------------------

    @property
    def index_path(self) -> Path:
        return self.store.path.with_name(self.store.path.name + ".index")

    def refresh_index(self) -> SearchIndex:
        """Rebuild the search index from the store, and save it beside the store."""
        store = self.store
        team = [n for n, role in store.team().items() if role == "member"]
        index = build_index(store.generation, store.id_order(), store.max_n(), store.ties(usable_only=True),
                            store.stats()["ties"], team, store.no_intro(), attributes=store.node_attributes())
        save_index(index, self.index_path)
        self._index = load_index(self.index_path) or index
        return self._index

    @property
    def index(self) -> SearchIndex:
        generation = self.store.generation
        if self._index is None or self._index.generation != generation:
            loaded = load_index(self.index_path)
            self._index = loaded if loaded and loaded.generation == generation else self.refresh_index()
        return self._index

    def query_index(self, from_: str | None, targets: np.ndarray, max_hops: int) -> SearchIndex:
        """The index a targeted search runs on: the whole network's, or on a server store just
        the corridor between the sources and the targets."""
        if self.corridors is None or not 1 <= max_hops <= MAX_HOPS_LIMIT:
            return self.index
        sources = [self.member(from_).n] if from_ else [n for n, r in self.store.team().items() if r == "member"]
        return self.corridors.index(sources, targets.tolist(), max_hops, self.min_introducer_trust)

    # --- who: sources, targets, fit -------------------------------------------------------------

    def member(self, query: str) -> PersonRow:
        return find_member(self.store, query)

    @property
    def min_introducer_trust(self) -> float:
        return float(self.weights["rules"]["min_introducer_trust"])

    def sources(self, from_: str | None, index: SearchIndex | None = None) -> np.ndarray:
        """The index nodes a search starts from: one member, or the whole team."""
        index = index or self.index
        if from_:
            return np.array([index.node(self.member(from_).n)], dtype=np.int64)
        if index.team.size == 0:
            raise PathfinderError("The store has no team members yet: import an export with its `owner` first.")
        return index.team.astype(np.int64)

    def targets(self, to: str | None, account: str | None, title: str | None) -> list[PersonRow]:
        """The people a search looks for: one person, everyone at an account, or everyone, by title."""
        if to:
            return [find_person(self.store, to)]
        if account:
            rows = sorted(self.store.people_filtered(company_keys=[company_key(account)]), key=lambda p: p.n)
            if not rows:
                close = self.store.search_people(name_key(account)[:3], limit=200)
                companies = sorted({p.company for p in close if p.company})
                raise AccountNotFound(account, difflib.get_close_matches(account, companies, n=3))
        else:
            rows = list(self.store.all_people())
        return [r for r in rows if title_matches(title, r.title)] if title else rows

    def level_fit(self, seniority: str) -> float:
        """How well someone of this seniority ('' when unknown) fits an account search (weights.toml [fit])."""
        table = self.weights["fit"]
        return float(table[seniority] if seniority in table else table["unknown"])

    def fit(self, person: PersonRow, profiled: bool) -> float:
        """How well a target fits what the rep is looking for, in (0, 1]. A named person or a
        title-matched target fits fully; anyone at an account fits by their seniority."""
        return 1.0 if profiled else self.level_fit(person.seniority)

    def target_costs(self, targets: list[PersonRow], profiled: bool) -> tuple[np.ndarray, np.ndarray | None]:
        """The targets' numbers, and ``-log`` of each one's fit (None when all fit fully)."""
        ns = np.fromiter((r.n for r in targets), dtype=np.int64, count=len(targets))
        return ns, None if profiled else np.array([-np.log(self.level_fit(r.seniority)) for r in targets])

    def level_fit_cost(self, index: SearchIndex, nodes: np.ndarray) -> np.ndarray:
        """-log of the fit of the people at ``nodes``, by the seniority the index records."""
        fit = np.array([self.level_fit(level.decode()) for level in index.levels] +
                       [self.level_fit("")])  # the last slot: no seniority (code -1)
        return np.asarray(-np.log(fit[index.level[nodes]]))

    def account_in_index(self, account: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Everyone at ``account`` and -log of their fit, from the index's company codes (on a
        server store, from the store: just numbers and seniority); None when the index has none
        (an old index) or nobody works there."""
        if self.corridors is not None:
            rows = self.store.account_people([company_key(account)])
            fit = [self.level_fit(seniority) for _, _, _, seniority in rows]
            return (np.array([n for _, n, _, _ in rows], dtype=np.int64), -np.log(fit)) if rows else None
        index = self.index
        code = int(index.company_codes([company_key(account)])[0]) if index.companies.size else -1
        if code < 0:
            return None
        nodes = np.flatnonzero(index.company == code)
        return index.store_n[nodes], self.level_fit_cost(index, nodes)

    # --- the search ---------------------------------------------------------------------------

    def resting(self) -> set[int]:
        """Introducers held back now by the ask budget or their declines (weights.toml [rules])."""
        rules = self.weights["rules"]
        return resting([IntroRow(*r) for r in self.store.intro_rows()], self.store.intro_event_rows(),
                       limit=int(rules["ask_budget"]), window_days=int(rules["ask_window_days"]),
                       decline_limit=int(rules["decline_limit"]), today=self.as_of)

    def search(self, sources: np.ndarray, targets: list[PersonRow], max_hops: int, keep: int,
               profiled: bool = True, per: str = "introducer", index: SearchIndex | None = None) -> Candidates:
        return self.search_people(sources, *self.target_costs(targets, profiled), max_hops, keep, per, index)

    def search_people(self, sources: np.ndarray, ns: np.ndarray, fit_cost: np.ndarray | None, max_hops: int,
                      keep: int, per: str = "introducer", index: SearchIndex | None = None) -> Candidates:
        """The search towards the people numbered ``ns`` (``fit_cost``: ``-log`` of each one's fit,
        or ``None`` when all fit fully), under the policy of this module."""
        if not 1 <= max_hops <= MAX_HOPS_LIMIT:
            raise PathfinderError(f"`max_hops` must be between 1 and {MAX_HOPS_LIMIT} (got {max_hops})")
        index = index or self.index
        inside = (ns >= 0) & (ns < index.node_of_n.shape[0])
        nodes = np.full(ns.shape[0], -1, dtype=np.int64)
        nodes[inside] = index.node_of_n[ns[inside]]
        present = nodes >= 0  # a corridor index holds only the targets some path reaches
        target_cost = None
        if fit_cost is not None:
            target_cost = np.zeros(index.nodes)
            target_cost[nodes[present]] = fit_cost[present]
        nodes = nodes[present]
        min_trust = self.min_introducer_trust
        blocked = None
        if index.blocked.size:
            blocked = np.zeros(index.nodes, dtype=bool)
            blocked[index.blocked] = True
        held_back = self.resting()
        not_first = None
        if held_back:
            not_first = np.zeros(index.nodes, dtype=bool)
            not_first[[index.node(n) for n in held_back if index.node(n) >= 0]] = True
        # the rest of the team: one of them may be asked, but a path through one starts at them
        teammates = np.setdiff1d(index.team, sources)
        only_first = None
        if teammates.size:
            only_first = np.zeros(index.nodes, dtype=bool)
            only_first[teammates] = True
        return corridor_search(index, sources, nodes, max_hops=max_hops, keep=keep, blocked=blocked,
                               max_first_cost=-np.log(min_trust) if min_trust > 0 else np.inf,
                               target_cost=target_cost, not_first=not_first, only_first=only_first, per=per)

    def scored(self, c: Candidates, row: int, profiled: bool = True, index: SearchIndex | None = None,
               routes: Routes | None = None) -> ScoredPath:
        """One path as the rep sees it (``routes``: the ledger's open routes, when already read)."""
        index = index or self.index
        nodes = [int(x) for x in c.paths[row, : int(c.hops[row]) + 1]]
        ns = [int(index.store_n[x]) for x in nodes]
        people = self.store.people(ns)
        summaries = [PersonSummary(people[n].id, people[n].name, people[n].title, people[n].company) for n in ns]
        evidence = self.store.evidence_of([(min(x, y), max(x, y)) for x, y in zip(ns, ns[1:])])
        hops = []
        for i in range(len(ns) - 1):
            trust = index.trust(nodes[i], nodes[i + 1])
            pair = (min(ns[i], ns[i + 1]), max(ns[i], ns[i + 1]))
            reasons = score_tie(evidence[pair], self.weights, self.as_of).reason_texts
            hops.append(Hop(summaries[i], summaries[i + 1], trust, reasons))
        if routes is None and len(ns) > 2:
            routes = open_routes(self.store)
        route = routes.get((ns[1], ns[-1])) if routes is not None and len(ns) > 2 else None
        return ScoredPath(score=float(np.exp(-c.cost[row])), hops=tuple(hops),
                          fit=self.fit(people[ns[-1]], profiled), ledger=route)

    def paths(self, *, to: str | None = None, account: str | None = None, title: str | None = None,
              from_: str | None = None, top: int = 5, max_hops: int = 3,
              per_target: int | None = None) -> list[ScoredPath]:
        """The most trusted paths to a person, into an account or to a title, at most one per
        introducer, best first (see :meth:`pathfinder.api.PathFinder.paths`)."""
        if not (to or account or title):
            raise PathfinderError("Say who to reach: `to` a person, an `account` or a `title`.")
        profiled = bool(to or title)
        found = self.account_in_index(account) if account and not profiled else None
        ns, fit_cost = found if found is not None else self.target_costs(self.targets(to, account, title), profiled)
        index = self.query_index(from_, ns, max_hops)
        c = self.search_people(self.sources(from_, index), ns, fit_cost, max_hops, keep=max(2 * top + 16, 26),
                               index=index)
        return [self.scored(c, row, profiled, index) for row in best_per_introducer(c, top, per_target)]
