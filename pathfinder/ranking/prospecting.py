"""A prospect list: everyone reachable who fits a buyer profile, ranked by the trust of the best
path to them (the profile from options, a TOML file, or both; clients and open opportunities left
out on request)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from pathfinder.errors import PathfinderError
from pathfinder.identity.companies import company_key
from pathfinder.identity.lookup import find_person
from pathfinder.model import ScoredPath
from pathfinder.ranking.policy import Insiders, Ranking
from pathfinder.ranking.profile import Profile, clients_and_open_deals
from pathfinder.ranking.routes import order_key, stays_inside
from pathfinder.ranking.search import best_per_target


@dataclass
class Prospect:
    """A person who fits the profile, with the best path to them."""

    path: ScoredPath
    email: str = ""
    profile_url: str = ""
    location: str = ""

    def as_json(self) -> dict[str, Any]:
        return self.path.as_json()


def as_list(value: str | list[str] | None) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def find_prospects(ranking: Ranking, *, title: str | list[str] | None = None, account: str | list[str] | None = None,
                   seniority: list[str] | None = None, function: list[str] | None = None,
                   location: list[str] | None = None, exclude: list[str] | None = None,
                   profile: str | os.PathLike[str] | None = None, from_: str | None = None, limit: int = 50,
                   max_hops: int = 3) -> list[Prospect]:
    """See :meth:`pathfinder.api.PathFinder.prospects`."""
    store = ranking.store
    wanted = Profile(titles=as_list(title), accounts=as_list(account), seniority=as_list(seniority),
                     functions=as_list(function), locations=as_list(location), exclude=as_list(exclude))
    if profile:
        wanted = wanted.merged(Profile.from_file(profile))
    if wanted.empty:
        raise PathfinderError("Describe the prospects: a `title`, `seniority`, `function`, `account`, `location` "
                              "or a `profile` file.")
    company_keys, seniorities, functions = wanted.narrowing()
    targets = [p for p in store.people_filtered(company_keys=company_keys, seniorities=seniorities, functions=functions)
               if wanted.matches(p.title, p.seniority, p.functions, p.company, p.location)]
    if not targets:  # an account nobody works at is most likely misspelt: say so, with the close names
        for account in wanted.accounts:
            if next(iter(store.people_filtered(company_keys=[company_key(account)])), None) is None:
                raise ranking.unknown_account(account)
    if wanted.exclude:
        clients, open_deals = clients_and_open_deals(store)
        drop = (clients if "clients" in wanted.exclude else set()) | (
            open_deals if "open-opportunities" in wanted.exclude else set())
        targets = [p for p in targets if p.n not in drop]
    met = ranking.holds().introduced  # someone on the team was introduced already: not a prospect to reach
    targets = [p for p in targets if p.n not in met]
    c = ranking.search(ranking.sources(from_), targets, max_hops, keep=8, profiled=wanted.profiled)
    c = c.subset(stays_inside(ranking.companies(ranking.index, c), c))  # never past someone already inside
    best = sorted(best_per_target(c).values(), key=lambda r: (c.tier[r], round(float(c.cost[r]), 9), c.hops[r], r))
    cut = best[:limit]
    while len(cut) < len(best) and (c.tier[best[len(cut)]], round(float(c.cost[best[len(cut)]]), 9)) == \
            (c.tier[cut[-1]], round(float(c.cost[cut[-1]]), 9)):
        cut.append(best[len(cut)])  # equal routes: the names decide which are in
    known = ranking.known(c, cut)
    insiders = Insiders(ranking)  # a route in from outside past a friend inside says whom to start with
    paths = sorted((insiders.mark(ranking.scored(c, row, known, wanted.profiled), c, row, ranking.index)
                    for row in cut), key=order_key)[:limit]
    people = store.people(find_person(store, p.target.id).n for p in paths)
    by_id = {p.id: p for p in people.values()}
    return [Prospect(p, by_id[p.target.id].email, by_id[p.target.id].profile_url, by_id[p.target.id].location)
            for p in paths]
