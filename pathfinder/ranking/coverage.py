"""Team coverage of a target-account list: the manager's view.

Per account, as if searched on its own (its figures never depend on the other accounts listed): the
best path, how many distinct routes above the cold band can open it (introducers who trust the
team, and people inside known warmly; one is a single point of failure), how many cold ones, each
team member's best path (the accounts × members matrix), the gaps. Per member:
how many accounts they reach. And whose network to add next: the people closest to the team who
have not shared an export, ranked by the target accounts they are likely to open (they work
there, or already know someone there) where the team is weak today.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from pathfinder.identity.companies import company_key
from pathfinder.identity.titles import title_matches
from pathfinder.model import PersonRow, ScoredPath
from pathfinder.ranking.policy import Ranking
from pathfinder.ranking.search import Candidates, ranked

if TYPE_CHECKING:
    from pathfinder.ranking.index import SearchIndex

WEAK = 0.10  # below this best-path score an account counts as weakly covered


@dataclass
class AccountCoverage:
    account: str
    people: int
    best: ScoredPath | None
    paths: int  # distinct warm or strong routes: introducers, and people inside known directly
    introducers: list[str]  # of those routes
    members: dict[str, float]  # teammate -> score of their best path into the account
    best_by_member: dict[str, ScoredPath] = field(default_factory=dict, repr=False)
    cold_routes: int = 0  # distinct routes only through cold ties

    @property
    def only_cold(self) -> bool:
        return self.best is not None and self.paths == 0

    @property
    def single_introducer_risk(self) -> bool:
        return self.paths == 1

    def as_json(self) -> dict[str, Any]:
        return {"account": self.account, "people": self.people,
                "best_score": round(self.best.score, 6) if self.best else 0.0,
                "best": self.best.as_json() if self.best else None,
                "paths": self.paths, "cold_routes": self.cold_routes, "introducers": self.introducers,
                "members": sorted(self.members), "member_scores": {m: round(s, 6) for m, s in sorted(self.members.items())},
                "single_introducer_risk": self.single_introducer_risk, "only_cold": self.only_cold,
                "gap": self.best is None}


@dataclass
class Suggestion:
    person: str
    company: str
    tie: float  # their best tie to the team
    accounts: list[str]  # target accounts that are gaps or weak, which they would likely open
    why: list[str]

    def as_json(self) -> dict[str, Any]:
        return {"person": self.person, "company": self.company, "tie": round(self.tie, 4),
                "accounts": self.accounts, "why": self.why}


@dataclass
class Coverage:
    accounts: list[AccountCoverage] = field(default_factory=list)
    team: list[str] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def gaps(self) -> list[str]:
        return [a.account for a in self.accounts if a.best is None]

    @property
    def reach(self) -> dict[str, int]:
        """Per team member, how many of the accounts they can reach."""
        return {m: sum(1 for a in self.accounts if m in a.members) for m in self.team}

    def as_json(self) -> dict[str, Any]:
        return {"accounts": [a.as_json() for a in self.accounts], "gaps": self.gaps, "team": self.team,
                "reach": self.reach, "add_next": [s.as_json() for s in self.suggestions]}


def build_coverage(ranking: Ranking, accounts: list[str], *, title: str | None = None, max_hops: int = 3,
                   candidates: list[PersonRow] | None = None, member_paths: int = 0) -> Coverage:
    """``member_paths``: how many teammates' own best paths to spell out per account (for the
    HTML report); the scores of all of them are always there.

    One search covers every account, keeping per person the best paths through up to 16 distinct
    introducers; paths go on past the people of the listed accounts, and each account keeps the
    rows that follow the route rules for it, so its figures are those it has when listed alone.
    Its best path, its distinct routes (introducers, and targets known directly; warm or strong,
    and cold apart) and each member's best path are read from those. On a small team network
    that is exact; on a large one a member's best path can be missing from the matrix when 16
    better routes pass through the same people."""
    store, index = ranking.store, ranking.index
    sources = ranking.sources(None)
    team_rows = store.people(index.number(s) for s in sources)
    # teammates are labelled by name, and by name and id where two share a name
    counts: dict[str, int] = {}
    for p in team_rows.values():
        counts[p.name] = counts.get(p.name, 0) + 1
    label = {n: p.name if counts[p.name] == 1 else f"{p.name} ({p.id})" for n, p in team_rows.items()}
    report = Coverage(team=sorted(label.values()))
    names = list(dict.fromkeys(a.strip() for a in accounts if a.strip()))
    keys = [company_key(a) for a in names]
    if title or index.companies.size == 0:
        target_ns, account_at, people_count, fit_cost = _targets_from_store(ranking, keys, title)
    else:
        target_ns, account_at, people_count, fit_cost = _targets_from_index(ranking, index, keys)
    c = ranking.search_people(sources, target_ns, None if title else fit_cost, max_hops, keep=16,
                              through_targets=True)
    found = _per_account(c, index, account_at, label)
    spelled_rows = {i: list(entry["members"].items())[:member_paths] for i, entry in found.items()}
    known = ranking.known(c, [row for i, entry in found.items()
                              for row in (entry["best"], *(r for _, (_, r) in spelled_rows[i]))])
    for i, account in enumerate(names):
        entry = found.get(i)
        if entry is None:
            report.accounts.append(AccountCoverage(account, people_count[i], None, 0, [], {}))
            continue
        best = ranking.scored(c, entry["best"], known, bool(title))
        spelled = {m: ranking.scored(c, row, known, bool(title)) for m, (_, row) in spelled_rows[i]}
        names_of = {n: p.name for n, p in store.people(entry["introducers"]).items()}
        report.accounts.append(AccountCoverage(
            account, people_count[i], best, entry["routes"], sorted(names_of[n] for n in entry["introducers"]),
            {m: score for m, (score, _) in entry["members"].items()}, spelled, entry["cold_routes"]))
    report.suggestions = _add_next(ranking, report, candidates)
    return report


Targets = tuple[np.ndarray, np.ndarray, list[int], np.ndarray]


def _targets_from_index(ranking: Ranking, index: SearchIndex, keys: list[str]) -> Targets:
    """Everyone at the accounts, read off the index's company codes: (their numbers, the first
    listed account each works at by node, people per listed account, -log of each one's fit)."""
    codes = index.company_codes(keys)
    account_of_code = np.full(index.companies.shape[0] + 1, -1, dtype=np.int64)  # last slot: no company
    for i, code in reversed(list(enumerate(codes.tolist()))):
        if code >= 0:
            account_of_code[code] = i  # the first listed name of a company wins
    account = account_of_code[index.company]  # -1 codes read the last slot
    nodes = np.flatnonzero(account >= 0)
    per_code = np.bincount(index.company[index.company >= 0], minlength=index.companies.shape[0])
    people_count = [int(per_code[c]) if c >= 0 else 0 for c in codes.tolist()]
    account_at = np.full(index.nodes, -1, dtype=np.int64)
    account_at[nodes] = account[nodes]
    return index.numbers_of(nodes), account_at, people_count, ranking.level_fit_cost(index, nodes)


def _targets_from_store(ranking: Ranking, keys: list[str], title: str | None) -> Targets:
    """The same, asking the store (with a title to match, or an index without company codes)."""
    index = ranking.index
    at: dict[str, list[tuple[int, str]]] = {}
    for ckey, n, job, seniority in ranking.store.account_people(sorted(set(keys))):
        if not title or title_matches(title, job):
            at.setdefault(ckey, []).append((n, seniority))
    account_at = np.full(index.nodes, -1, dtype=np.int64)
    target_ns: list[int] = []
    fit_cost: list[float] = []
    for i, key in enumerate(keys):
        for n, seniority in sorted(at.get(key, ())):
            node = index.node(n)
            if node >= 0 and account_at[node] < 0:
                account_at[node] = i
                target_ns.append(n)
                fit_cost.append(-np.log(ranking.level_fit(seniority)))
    return (np.array(target_ns, dtype=np.int64), account_at, [len(at.get(k, ())) for k in keys],
            np.array(fit_cost))


def _own_rules(c: Candidates, account_at: np.ndarray) -> np.ndarray:
    """The rows that keep the route rules for their own account: beyond the introducer, nobody
    else at the target's account (they would end the path), and no path that reaches the account
    at its introducer and leaves it (once inside, a path stays inside)."""
    account = account_at[c.target]
    ok = np.ones(len(c), dtype=bool)
    for col in range(2, c.paths.shape[1] - 1):
        inner = col < c.hops
        ok &= ~(inner & (account_at[np.maximum(c.paths[:, col], 0)] == account))
    ok &= ~((c.hops > 2) & (account_at[c.paths[:, 1]] == account))
    return ok


def _per_account(c: Candidates, index: SearchIndex, account_at: np.ndarray,
                 label: dict[int, str]) -> dict[int, dict[str, Any]]:
    """Read each account's figures off the ranked paths, at array speed: its best row, each
    member's best (score, row) in rank order, its distinct routes above the cold band
    (introducers, and targets a member knows directly) with their introducers (people), and how
    many routes are only cold."""
    # rank order among the rows that follow the rules (search.ranked: the tier, the cost, the hops,
    # then the people's ids along the path; nothing in it depends on the other accounts listed)
    keep = np.flatnonzero(_own_rules(c, account_at))
    order = keep[ranked(c.subset(keep))]
    if order.size == 0:
        return {}
    ends = c.target[order]
    account = account_at[ends]
    starts = c.paths[order, 0]
    members = np.unique(starts)
    member = np.searchsorted(members, starts)
    out: dict[int, dict[str, Any]] = {}
    for a, pos in _first_rows(account):
        out[a] = {"best": int(order[pos]), "members": {}, "routes": 0, "cold_routes": 0, "introducers": []}
    # each (account, member) pair's first row in rank order is that member's best path there
    for _, pos in sorted(_first_rows(account * members.shape[0] + member), key=lambda x: x[1]):
        who = label[index.number(starts[pos])]
        out[int(account[pos])]["members"][who] = (float(np.exp(-c.cost[order[pos]])), int(order[pos]))
    # a route is the person the team contacts: an introducer, or a target known directly (one
    # route however many paths start with them); it is warm when its best path's tier is
    nodes = index.nodes
    present, first = np.unique(account * nodes + c.paths[order, 1], return_index=True)
    at, route, rows = present // nodes, present % nodes, order[first]
    warm = c.tier[rows] == 0
    warm_count = np.bincount(at[warm], minlength=int(at.max()) + 1)
    cold_count = np.bincount(at[~warm], minlength=int(at.max()) + 1)
    asked = warm & (c.hops[rows] > 1)
    by_account = np.split(index.numbers_of(route[asked]), np.flatnonzero(np.diff(at[asked])) + 1)
    for a, people in zip(np.unique(at[asked]).tolist(), by_account):
        out[a]["introducers"] = people.tolist()
    for a, entry in out.items():
        entry["routes"], entry["cold_routes"] = int(warm_count[a]), int(cold_count[a])
    return out


def _first_rows(keys: np.ndarray) -> list[tuple[int, int]]:
    """(key, position of its first row) for each key present; ``keys`` are in rank order."""
    present, first = np.unique(keys, return_index=True)
    return list(zip(present.tolist(), first.tolist()))


def _friends(index: SearchIndex, ns: list[int]) -> dict[int, list[int]]:
    """Each person's neighbours in the index (people numbers), for everyone in ``ns`` at once."""
    out: dict[int, list[int]] = {}
    for n in ns:
        node = index.node(n)
        if node >= 0:
            out[n] = index.numbers_of(index.indices[index.row(node)]).tolist()
    return out


def _add_next(ranking: Ranking, report: Coverage, candidates: list[PersonRow] | None,
              limit: int = 10) -> list[Suggestion]:
    """Whose export would open the most weak or uncovered target accounts."""
    store, index = ranking.store, ranking.index
    weak = {company_key(a.account): a.account for a in report.accounts
            if a.best is None or a.only_cold or a.best.score < WEAK}
    if not weak:
        return []
    team = store.team()
    members = {n for n, role in team.items() if role == "member"}
    if candidates:
        people = candidates
    else:  # the team's close contacts (clients, friends, referrals…) who have not shared an export
        close = set()
        for member in sorted(members):
            node = index.node(member)
            if node >= 0:
                row = index.row(node)
                near = index.indices[row][index.cost[row] <= -np.log(0.5)]
                close.update(index.numbers_of(near).tolist())
        people = list(store.people(sorted(close - set(team))).values())
    team_nodes = np.array([index.node(m) for m in members], dtype=np.int64)
    friends = _friends(index, [p.n for p in people])
    known = store.people(sorted({n for ns in friends.values() for n in ns}))
    keys: dict[str, str] = {}  # company -> its key, computed once per company
    out = []
    for p in people:
        opened: dict[str, str] = {}
        if company_key(p.company) in weak:
            opened[weak[company_key(p.company)]] = f"works at {p.company}"
        for n in friends.get(p.n, ()):
            friend = known[n]
            key = keys.setdefault(friend.company, company_key(friend.company))
            if key in weak and weak[key] not in opened:
                opened[weak[key]] = f"knows {friend.name} there"
        if not opened:
            continue
        node = index.node(p.n)
        # their best tie to the team
        tie = 0.0
        if node >= 0:
            row = index.row(node)
            on_team = np.isin(index.indices[row], team_nodes)
            if on_team.any():
                tie = float(np.exp(-index.cost[row][on_team].min()))
        out.append(Suggestion(p.name, p.company, tie, sorted(opened), [opened[k] for k in sorted(opened)]))
    out.sort(key=lambda s: (-len(s.accounts), -s.tie, s.person))
    return out[:limit]
