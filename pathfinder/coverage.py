"""Team coverage of a target-account list: the manager's view.

Per account: the best path, how many distinct introducers can open it (one is a single point of
failure), each team member's best path (the accounts × members matrix), the gaps. Per member:
how many accounts they reach. And whose network to add next: the people closest to the team who
have not shared an export, ranked by the target accounts they are likely to open (they work
there, or already know someone there) where the team is weak today.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .identity import company_key, title_matches
from .model import ScoredPath
from .search import ranked

if TYPE_CHECKING:
    from .api import PathFinder

WEAK = 0.10  # below this best-path score an account counts as weakly covered


@dataclass
class AccountCoverage:
    account: str
    people: int
    best: ScoredPath | None
    paths: int  # distinct routes: introducers, and each teammate's direct ties
    introducers: list[str]
    members: dict[str, float]  # teammate -> score of their best path into the account
    best_by_member: dict[str, ScoredPath] = field(default_factory=dict, repr=False)

    @property
    def single_introducer_risk(self) -> bool:
        return self.paths == 1

    def as_json(self) -> dict[str, Any]:
        return {"account": self.account, "people": self.people,
                "best_score": round(self.best.score, 6) if self.best else 0.0,
                "best": self.best.as_json() if self.best else None,
                "paths": self.paths, "introducers": self.introducers,
                "members": sorted(self.members), "member_scores": {m: round(s, 6) for m, s in sorted(self.members.items())},
                "single_introducer_risk": self.single_introducer_risk, "gap": self.best is None}


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


def build_coverage(pf: PathFinder, accounts: list[str], *, title: str | None = None, max_hops: int = 3,
                   candidates: list[str] | None = None, member_paths: int = 0) -> Coverage:
    """``member_paths``: how many teammates' own best paths to spell out per account (for the
    HTML report); the scores of all of them are always there.

    One search covers every account at once, keeping per person the best paths through up to
    16 distinct introducers; each account's best path, its distinct routes (introducers, and
    targets known directly) and each member's best path are read from those. On a small team
    network that is exact; on a large one a member's best path can be missing from the matrix
    when 16 better routes pass through the same people."""
    store, index = pf.store, pf.index
    sources = pf._sources(None)
    team_rows = store.people(int(index.store_n[s]) for s in sources)
    # teammates are labelled by name, and by name and id where two share a name
    counts: dict[str, int] = {}
    for p in team_rows.values():
        counts[p.name] = counts.get(p.name, 0) + 1
    label = {n: p.name if counts[p.name] == 1 else f"{p.name} ({p.id})" for n, p in team_rows.items()}
    report = Coverage(team=sorted(label.values()))
    names = list(dict.fromkeys(a.strip() for a in accounts if a.strip()))
    account_of: dict[int, int] = {}
    people_count = [0] * len(names)
    targets = []
    for i, account in enumerate(names):
        people = store.people_at_account(account)
        if title:
            people = [p for p in people if title_matches(title, p.title)]
        people_count[i] = len(people)
        for p in people:
            node = index.node(p.n)
            if node >= 0 and node not in account_of:
                account_of[node] = i
                targets.append(p)
    c = pf._search(sources, targets, max_hops, keep=16, profiled=bool(title))
    best_row: dict[int, int] = {}
    member_best: dict[int, dict[str, tuple[float, int]]] = {}
    routes: dict[int, set[tuple[int, int]]] = {}
    intro_nodes: dict[int, set[int]] = {}
    ends = c.target.tolist()
    starts = index.store_n[c.paths[:, 0]].tolist()
    firsts = c.paths[:, 1].tolist()
    hops = c.hops.tolist()
    costs = c.cost.tolist()
    for r in ranked(c).tolist():
        acct = account_of[ends[r]]
        best_row.setdefault(acct, r)
        member = label[starts[r]]
        member_best.setdefault(acct, {}).setdefault(member, (float(np.exp(-costs[r])), r))
        direct = hops[r] == 1
        routes.setdefault(acct, set()).add((-1, ends[r]) if direct else (firsts[r], -1))
        if not direct:
            intro_nodes.setdefault(acct, set()).add(firsts[r])
    for i, account in enumerate(names):
        if i not in best_row:
            report.accounts.append(AccountCoverage(account, people_count[i], None, 0, [], {}))
            continue
        best = pf._scored(c, best_row[i], bool(title))
        introducers = sorted(p.name for p in store.people(int(index.store_n[x]) for x in intro_nodes.get(i, ())).values())
        members = {m: score for m, (score, _) in member_best[i].items()}
        spelled = {m: pf._scored(c, row, bool(title)) for m, (_, row) in list(member_best[i].items())[:member_paths]}
        report.accounts.append(AccountCoverage(account, people_count[i], best, len(routes[i]), introducers,
                                               members, spelled))
    report.suggestions = _add_next(pf, report, candidates)
    return report


def _add_next(pf: PathFinder, report: Coverage, candidates: list[str] | None, limit: int = 10) -> list[Suggestion]:
    """Whose export would open the most weak or uncovered target accounts."""
    store, index = pf.store, pf.index
    weak = {company_key(a.account): a.account for a in report.accounts if a.best is None or a.best.score < WEAK}
    if not weak:
        return []
    team = store.team()
    members = {n for n, role in team.items() if role == "member"}
    if candidates:
        people = [pf.person(c) for c in candidates]
    else:  # the team's close contacts (clients, friends, referrals…) who have not shared an export
        close: dict[int, float] = {}
        for member in sorted(members):
            for other, trust in store.strong_ties(member, min_trust=0.5, limit=1_000_000):
                if other not in members:
                    close[other] = max(close.get(other, 0.0), trust)
        shared = {n for n in team}
        people = list(store.people(n for n in close if n not in shared).values())
    team_nodes = np.array([index.node(m) for m in members], dtype=np.int64)
    out = []
    for p in people:
        opened: dict[str, str] = {}
        if company_key(p.company) in weak:
            opened[weak[company_key(p.company)]] = f"works at {p.company}"
        node = index.node(p.n)
        if node >= 0:
            nbrs = index.indices[index.indptr[node]:index.indptr[node + 1]]
            for friend in store.people(int(index.store_n[x]) for x in nbrs).values():
                key = company_key(friend.company)
                if key in weak and weak[key] not in opened:
                    opened[weak[key]] = f"knows {friend.name} there"
        if not opened:
            continue
        # their best tie to the team, from the index (the ties table has no index on its second column)
        tie = 0.0
        if node >= 0:
            lo, hi = index.indptr[node], index.indptr[node + 1]
            on_team = np.isin(index.indices[lo:hi], team_nodes)
            if on_team.any():
                tie = float(np.exp(-index.cost[lo:hi][on_team].min()))
        out.append(Suggestion(p.name, p.company, tie, sorted(opened), [opened[k] for k in sorted(opened)]))
    out.sort(key=lambda s: (-len(s.accounts), -s.tie, s.person))
    return out[:limit]
