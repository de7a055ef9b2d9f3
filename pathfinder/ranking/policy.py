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

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from pathfinder.errors import AccountNotFound, PathfinderError
from pathfinder.identity.companies import company_key
from pathfinder.identity.keys import name_key
from pathfinder.identity.lookup import find_member, find_person
from pathfinder.identity.titles import title_matches
from pathfinder.model import Evidence, Hop, IntroRow, PersonRow, PersonSummary, ScoredPath
from pathfinder.ranking.index import (
    SearchIndex,
    build_index,
    index_lock,
    load_index,
    save_head,
    save_index,
    write_rows,
)
from pathfinder.ranking.relationship import BAND_OF_CODE
from pathfinder.ranking.routes import Hold, Holds, choose, choose_bounded, in_order, stays_inside
from pathfinder.ranking.search import Candidates, corridor_search, distinct
from pathfinder.ranking.trust import Weights, score_tie
from pathfinder.store.protocol import ServerGraph, Store

if TYPE_CHECKING:
    from pathfinder.ranking.corridor import Corridors
    from pathfinder.ranking.index_update import IndexUpdate

T = TypeVar("T")

#: the longest path a search looks at, in ties
MAX_HOPS_LIMIT = 4
#: searching hop by hop, each search bounded by the last, pays where the corridor is this wide:
#: the targets times the mean ties per person to the power of the hops beyond two
WIDE_CORRIDOR = 50_000
Routes = dict[tuple[int, int], tuple[str, str, int]]


def open_routes(store: Store) -> Routes:
    """(introducer, target) → (status, since, introduction id) for every route already in the ledger."""
    return {(r.introducer_n, r.target_n): (r.status, r.updated_at, r.id) for r in map(IntroRow._make, store.intro_rows())}


@dataclass
class Known:
    """What scoring some paths reads from the store, read for all of them at once (one read of
    each kind, not one per path: on a server store each read is a round trip)."""

    people: dict[int, PersonRow]
    evidence: dict[tuple[int, int], list[Evidence]]
    routes: Routes


class Ranking:
    """The search on one store, with the trust weights and the day trust is judged on."""

    def __init__(self, store: Store, weights: Weights, as_of: date | None = None) -> None:
        self.store = store
        self.weights = weights
        self.as_of = as_of
        self._index: SearchIndex | None = None
        self.corridors: Corridors | None = None
        if isinstance(store, ServerGraph):  # a server store: a search reads just its corridor
            from pathfinder.ranking.corridor import Corridors
            self.corridors = Corridors(store)

    # --- the index ----------------------------------------------------------------------------

    @property
    def index_path(self) -> Path:
        return self.store.path.with_name(self.store.path.name + ".index")

    def refresh_index(self, *, full: bool = False) -> SearchIndex:
        """Bring the search index up to date and save it beside the store: from the index it has
        and what changed since (when the store keeps that log and little changed), else (or with
        ``full``) rebuilt from every tie. It is read as one committed state: a write committed by
        another process meanwhile is not half in it."""
        path = self.index_path
        with index_lock(path):  # (an update writes into the arcs file the index files share)
            saved = None
            if not full:
                old = load_index(path)  # the files' own: an update writes after their rows
                update, generation = self._read(lambda generation, team: self._updated(old, generation, team))
                if old is not None and old.generation == generation:
                    saved = old  # (another process brought it up to date while this one waited)
                elif update is not None and write_rows(path, update.rows, update.used["id"]):
                    save_head(update.head, path, update.used)
                    saved = load_index(path, written_here=True)  # (None, never seen: then rebuilt)
            if saved is None:
                index, generation = self._read(self._rebuilt)
                save_index(index, path)
                saved = load_index(path, written_here=True) or index
        self.store.prune_index_log(generation)
        self._index = saved
        return self._index

    def _read(self, make: Callable[[int, list[int]], T]) -> tuple[T, int]:
        """``make(generation, team)`` read as one committed state of the store (tried again if a
        write committed by another process meanwhile changed the store under reads that cannot
        be one snapshot), and that generation."""
        store = self.store
        for attempt in range(5):
            with store.snapshot():
                generation = store.generation
                team = [n for n, role in store.team().items() if role == "member"]
                try:
                    made = make(generation, team)
                except (ValueError, IndexError):
                    if attempt == 4 or store.generation == generation:
                        raise
                    continue
            if store.generation == generation:
                break
        return made, generation

    def _rebuilt(self, generation: int, team: list[int]) -> SearchIndex:
        store = self.store
        return build_index(generation, store.id_order(), store.max_n(), store.graph_ties(), store.stats()["ties"], team,
                           store.no_intro(), attributes=store.node_attributes())

    def _updated(self, old: SearchIndex | None, generation: int, team: list[int]) -> IndexUpdate | None:
        """What brings ``old`` up to ``generation`` from the store's log of changes, if it can be
        (None also when it is up to date)."""
        if old is None or old.generation >= generation:
            return None
        from pathfinder.ranking.index_update import most_changes, updated_index
        changes = self.store.index_changes(old.generation, most_changes(old))
        if changes is None:
            return None
        return updated_index(old, self.store, changes, generation, team, self.store.no_intro())

    @property
    def index(self) -> SearchIndex:
        fresh = self.fresh_index()
        return fresh if fresh is not None else self.refresh_index()

    def fresh_index(self) -> SearchIndex | None:
        """The whole network's index if it is at hand and up to date (loaded from its file if need
        be), without building or updating one; None otherwise. A stale one loaded from its file
        is kept: an update starts from it."""
        generation = self.store.generation
        if self._index is None or self._index.generation != generation:
            loaded = load_index(self.index_path)
            if loaded is not None and (self._index is None or loaded.generation >= self._index.generation):
                self._index = loaded  # the freshest at hand: up to date, or what an update starts from
        return self._index if self._index is not None and self._index.generation == generation else None

    def query_index(self, from_: str | None, targets: np.ndarray, max_hops: int,
                    bound: tuple[int, float] | None = None, target_cost: np.ndarray | None = None,
                    ahead: bool = False) -> SearchIndex:
        """The index a targeted search on a server store runs on when its whole index is not here
        and up to date (:meth:`reads_corridors`): just the corridor between the sources and the
        targets (the same answer: reading the corridor costs round trips, building the whole
        index costs the whole graph); for a search under ``bound``, just the part of it paths
        ranking at or above the bound can take (``target_cost``: the targets' fit; ``ahead``: a
        search one tie longer follows)."""
        if self.corridors is None or not 1 <= max_hops <= MAX_HOPS_LIMIT:
            return self.index
        sources = [self.member(from_).n] if from_ else None  # (None: the team, as the corridors know it)
        return self.corridors.index(sources, targets.tolist(), max_hops, self.min_introducer_trust, bound=bound,
                                    target_cost=target_cost, ahead=ahead)

    def reads_corridors(self) -> bool:
        """Does a targeted search read its corridor from the server (no whole index here, up to date)?"""
        return self.corridors is not None and self.fresh_index() is None

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
                raise self.unknown_account(account)
        elif title:  # narrowed in the store by the title's seniority where it has one, as prospects are
            from pathfinder.ranking.profile import Profile

            _, levels, functions = Profile(titles=[title]).narrowing()
            rows = list(self.store.people_filtered(seniorities=levels, functions=functions))
        else:
            rows = list(self.store.all_people())
        return [r for r in rows if title_matches(title, r.title)] if title else rows

    def wide(self, ns: np.ndarray, max_hops: int, server: bool) -> bool:
        """Is a search from the team to the people ``ns`` worth running hop by hop: a wide
        corridor (targets x the mean ties per person ^ (hops - 2) at least WIDE_CORRIDOR), or any
        search of three hops or more that reads its corridors from the ``server``?"""
        if max_hops < 3:
            return False
        if server:
            return True
        index = self.index
        return len(ns) * (index.arcs / max(index.people, 1)) ** (max_hops - 2) >= WIDE_CORRIDOR

    def unknown_account(self, account: str) -> AccountNotFound:
        """The error for an account nobody in the store works at, with the closest company names."""
        close = self.store.search_people(name_key(account)[:3], limit=200)
        companies = sorted({p.company for p in close if p.company})
        import difflib  # only for an account nobody works at

        return AccountNotFound(account, difflib.get_close_matches(account, companies, n=3))

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
        return index.numbers_of(nodes), self.level_fit_cost(index, nodes)

    # --- the search ---------------------------------------------------------------------------

    def holds(self) -> Holds:
        """What holds routes back now: the ask budget, declines, never-use, do-not-ask, and
        targets already introduced (weights.toml [rules])."""
        return Holds(self.store, self.weights["rules"], self.as_of)

    def resting(self) -> set[int]:
        """Introducers held back now by the ask budget or their declines."""
        return set(self.holds().resting)

    def search(self, sources: np.ndarray, targets: list[PersonRow], max_hops: int, keep: int,
               profiled: bool = True, per: str = "introducer", index: SearchIndex | None = None) -> Candidates:
        return self.search_people(sources, *self.target_costs(targets, profiled), max_hops, keep, per, index)

    def inside(self, index: SearchIndex, company_keys: list[str], everyone: np.ndarray | None = None) -> np.ndarray | None:
        """The index nodes of the people at the target account (``company_keys``), or None;
        ``everyone``: their store numbers, when they are known already."""
        keys = [k for k in company_keys if k]
        if not keys:
            return None
        mask = np.zeros(index.nodes, dtype=bool)
        if everyone is not None:
            nodes = index.nodes_of(everyone)
            mask[nodes[nodes >= 0]] = True
        elif index.companies.size:
            codes = index.company_codes(keys)
            codes = codes[codes >= 0]
            mask = index.company == codes[0] if codes.size == 1 else np.isin(index.company, codes)
        else:
            nodes = index.nodes_of(np.array([n for _, n, _, _ in self.store.account_people(keys)], dtype=np.int64))
            mask[nodes[nodes >= 0]] = True
        return mask

    def companies(self, index: SearchIndex, c: Candidates) -> np.ndarray:
        """A company code per index node: the index's own, or (an index without them, as a server
        store's corridor is) codes for the people on the paths of ``c``, from the store."""
        if index.companies.size:
            return index.company
        codes = np.full(index.nodes, -1, dtype=np.int64)
        nodes = np.unique(c.paths[c.paths >= 0])
        people = self.store.people(index.number(x) for x in nodes)
        keys: dict[str, int] = {}
        for x in nodes.tolist():
            key = company_key(people[index.number(x)].company)
            if key:
                codes[x] = keys.setdefault(key, len(keys))
        return codes

    def search_people(self, sources: np.ndarray, ns: np.ndarray, fit_cost: np.ndarray | None, max_hops: int,
                      keep: int, per: str = "introducer", index: SearchIndex | None = None, *,
                      strict: bool = True, inside: np.ndarray | None = None,
                      through_targets: bool = False, bound: tuple[int, float] | None = None) -> Candidates:
        """The search towards the people numbered ``ns`` (``fit_cost``: ``-log`` of each one's fit,
        or ``None`` when all fit fully), under the policy of this module. ``strict``: leave out the
        routes held back now (never-use people, do-not-ask ties, resting introducers); otherwise
        they are found, for :class:`Holds` to mark. ``inside``: the people at the target account.
        ``bound``: leave out the paths ranking below it (see :func:`corridor_search`)."""
        if not 1 <= max_hops <= MAX_HOPS_LIMIT:
            raise PathfinderError(f"`max_hops` must be between 1 and {MAX_HOPS_LIMIT} (got {max_hops})")
        index = index or self.index
        nodes = index.nodes_of(ns)
        present = nodes >= 0  # a corridor index holds only the targets some path reaches
        target_cost = None
        if fit_cost is not None:
            target_cost = np.zeros(index.nodes)
            target_cost[nodes[present]] = fit_cost[present]
        nodes = nodes[present]
        min_trust = self.min_introducer_trust
        blocked = not_first = None
        if strict and index.blocked.size:
            blocked = np.zeros(index.nodes, dtype=bool)
            blocked[index.blocked] = True
        held_back = self.resting() if strict else set()
        if held_back:
            not_first = np.zeros(index.nodes, dtype=bool)
            not_first[[index.node(n) for n in held_back if index.node(n) >= 0]] = True
        # the rest of the team: one of them may be asked, but a path through one starts at them
        teammates = distinct(index.team[~np.isin(index.team, sources)])
        only_first = None
        if teammates.size:
            only_first = np.zeros(index.nodes, dtype=bool)
            only_first[teammates] = True
        return corridor_search(index, sources, nodes, max_hops=max_hops, keep=keep, blocked=blocked,
                               max_first_cost=-np.log(min_trust) if min_trust > 0 else np.inf,
                               target_cost=target_cost, not_first=not_first, only_first=only_first,
                               inside=inside, skip_arcs=index.held if strict and index.held.any() else None,
                               cold_band=index.band, per=per, through_targets=through_targets, bound=bound)

    def held_arcs(self, c: Candidates, row: int, index: SearchIndex) -> list[bool]:
        nodes = [int(x) for x in c.paths[row, : int(c.hops[row]) + 1]]
        return [bool(index.held[index.arc(u, v)]) for u, v in zip(nodes, nodes[1:])]

    def hold_of(self, holds: Holds, c: Candidates, index: SearchIndex) -> Callable[[int], Hold | None]:
        def hold(row: int) -> Hold | None:
            nodes = c.paths[row, : int(c.hops[row]) + 1]
            return holds.of([index.number(x) for x in nodes], self.held_arcs(c, row, index))
        return hold

    def known(self, c: Candidates, rows: Iterable[int], index: SearchIndex | None = None,
              routes: Routes | None = None) -> Known:
        """The people, the evidence of the ties and the ledger's routes (``routes``, if read
        already) that scoring ``rows`` reads."""
        index = index or self.index
        ns: set[int] = set()
        pairs: set[tuple[int, int]] = set()
        for row in rows:
            path = [index.number(x) for x in c.paths[row, : int(c.hops[row]) + 1]]
            ns.update(path)
            pairs.update((min(x, y), max(x, y)) for x, y in zip(path, path[1:]))
        return Known(self.store.people(sorted(ns)), self.store.evidence_of(sorted(pairs)),
                     open_routes(self.store) if routes is None else routes)

    def scored(self, c: Candidates, row: int, known: Known, profiled: bool = True, index: SearchIndex | None = None,
               hold: Hold | None = None, fit_why: str = "") -> ScoredPath:
        """One path as the rep sees it (``known``: what it reads, read for all the paths of an
        answer at once by :meth:`known`; ``hold``: why it is held back; ``fit_why``: why the
        target fits)."""
        index = index or self.index
        nodes = [int(x) for x in c.paths[row, : int(c.hops[row]) + 1]]
        ns = [index.number(x) for x in nodes]
        people, evidence = known.people, known.evidence
        summaries = [PersonSummary(people[n].id, people[n].name, people[n].title, people[n].company) for n in ns]
        hops = []
        for i in range(len(ns) - 1):
            trust = index.trust(nodes[i], nodes[i + 1])
            pair = (min(ns[i], ns[i + 1]), max(ns[i], ns[i + 1]))
            reasons = score_tie(evidence[pair], self.weights, self.as_of).reason_texts
            hops.append(Hop(summaries[i], summaries[i + 1], trust, reasons))
        route = known.routes.get((ns[1], ns[-1])) if len(ns) > 2 else None
        target = people[ns[-1]]
        fit = self.fit(target, profiled)
        teammate = len(nodes) > 2 and nodes[1] in index.team.tolist()
        asked = 1 if teammate else 0  # through a teammate, the teammate's tie to the next person counts
        band = BAND_OF_CODE[int(index.band[index.arc(nodes[asked], nodes[asked + 1])])]
        return ScoredPath(score=float(np.prod([h.trust for h in hops])), hops=tuple(hops), fit=fit, ledger=route,
                          band=band, fit_reason=fit_why or self.fit_reason(target, profiled), teammate=teammate,
                          held_back=hold.reason if hold else None, free_on=hold.until if hold else None)

    def fit_reason(self, person: PersonRow, profiled: bool) -> str:
        if profiled:
            return "fits what was asked for"
        level = person.seniority or "unknown seniority"
        return f"{level}: {self.level_fit(person.seniority):.2f} (weights.toml [fit])"

    def paths(self, *, to: str | None = None, account: str | None = None, title: str | None = None,
              from_: str | None = None, top: int = 5, max_hops: int = 3,
              per_target: int | None = None) -> list[ScoredPath]:
        """The most trusted paths to a person, into an account or to a title, at most one per
        introducer, best first (see :meth:`pathfinder.api.PathFinder.paths`)."""
        if not (to or account or title):
            raise PathfinderError("Say who to reach: `to` a person, an `account` or a `title`.")
        profiled = bool(to or title)
        found = self.account_in_index(account) if account and not profiled else None
        wanted = self.targets(to, account, title) if found is None else []
        ns, fit_cost = found if found is not None else self.target_costs(wanted, profiled)
        company_keys = [company_key(account)] if account else [company_key(wanted[0].company)] if to and wanted else []
        holds, routes = self.holds(), open_routes(self.store)
        searched: list[tuple[SearchIndex, np.ndarray | None]] = []  # the last search's index: the answer is on it
        server = self.reads_corridors()  # each hop's corridor is read from the server

        def search(hops: int, bound: tuple[int, float] | None) -> Candidates:
            index = self.query_index(from_, ns, hops, bound, fit_cost, ahead=hops < max_hops) if server else self.index
            if not searched or searched[0][0] is not index:  # (the whole index: the same each hop)
                searched[:] = [(index, self.inside(index, company_keys, found[0] if found is not None else None))]
            inside = searched[0][1]
            return self.search_people(self.sources(from_, index), ns, fit_cost, hops, keep=max(2 * top + 16, 26),
                                      index=index, strict=False, inside=inside, bound=bound)

        def pick(c: Candidates) -> list[tuple[int, Hold | None]]:
            index, usable = searched[0][0], None
            if title and not account:  # never past someone already at the target's company
                inside_first = stays_inside(self.companies(index, c), c)
                usable = lambda row: bool(inside_first[row])  # noqa: E731
            return choose(c, top, per_target, self.hold_of(holds, c, index), usable)

        # hop by hop where the corridor is wide, and on a server store, where each hop's corridor
        # is read under the bound the hop before set
        c, chosen = choose_bounded(search, pick, max_hops, top,
                                   first_hops=2 if self.wide(ns, max_hops, server) else max_hops)
        index = searched[0][0]
        why = "the person named" if to else f"title matches {title!r}" if title else ""
        known = self.known(c, [row for row, _ in chosen], index, routes)
        insiders = Insiders(self)
        return in_order([insiders.mark(self.scored(c, row, known, profiled, index, hold, why), c, row, index)
                         for row, hold in chosen], top)


class Insiders:
    """Whom the team knows well at a company (a warm or strong direct tie, not held back), read
    once per company: a route that comes in from outside along a cold tie goes past them, and a
    rep starts with them instead (never past a friend already inside the account)."""

    def __init__(self, ranking: Ranking) -> None:
        self.ranking = ranking
        self.known: dict[str, list[ScoredPath]] = {}
        self.warm: set[int] | None = None  # the company codes the team has a warm or strong tie into

    def mark(self, path: ScoredPath, c: Candidates, row: int, index: SearchIndex) -> ScoredPath:
        """``path`` (row ``row`` of ``c``) with whom to start with inside, where that applies."""
        key = company_key(path.target.company)
        entering = next((i for i, h in enumerate(path.hops) if company_key(h.target.company) == key), 0)
        if path.held_back or not key or entering == 0:
            return path
        u, v = int(c.paths[row, entering]), int(c.paths[row, entering + 1])
        if BAND_OF_CODE[int(index.band[index.arc(u, v)])] != "cold":
            return path  # someone who knows the person inside well is worth asking even so
        inside = self.someone_else(path.target.company, path.target.id, index)
        if inside is None:
            return path
        who = inside.target
        role = f" ({who.title}, {who.company})" if who.title else ""
        return replace(path, inside=f"{who.name}{role}, whom {inside.source.name} knows well "
                                    f"({'; '.join(inside.hops[0].reasons)})")

    def someone_else(self, company: str, person_id: str, index: SearchIndex | None = None) -> ScoredPath | None:
        """The team's best warm or strong direct route to someone at ``company`` but the person
        ``person_id``, if there is one."""
        return next((p for p in self.direct(company, index) if p.target.id != person_id), None)

    def direct(self, company: str, index: SearchIndex | None = None) -> list[ScoredPath]:
        """The team's warm or strong direct routes to people at ``company``; an index that records
        companies rules most companies out without a search."""
        key = company_key(company)
        if key not in self.known and index is not None and index.companies.size:
            if self.warm is None:
                team = index.team.astype(np.int64)
                arcs = np.concatenate([np.arange(index.start[u], index.end[u]) for u in team.tolist()] +
                                      [np.zeros(0, np.int64)])
                warm = arcs[index.band[arcs] > 0]
                self.warm = set(index.company[index.indices[warm]].tolist())
            if int(index.company_codes([key])[0]) not in self.warm:
                self.known[key] = []
        if key not in self.known:
            try:
                found = self.ranking.paths(account=company, top=50, max_hops=1)
            except PathfinderError:
                found = []
            self.known[key] = [p for p in found if p.band != "cold" and p.held_back is None]
        return self.known[key]
