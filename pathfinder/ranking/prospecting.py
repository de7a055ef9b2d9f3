"""A prospect list: everyone reachable who fits a buyer profile, ranked by the trust of the best
path to them (the profile from options, a TOML file, or both; clients and open opportunities left
out on request)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from pathfinder.errors import PathfinderError
from pathfinder.identity.lookup import find_person
from pathfinder.model import ScoredPath
from pathfinder.ranking.policy import Ranking
from pathfinder.ranking.profile import Profile, clients_and_open_deals
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
    company_keys, seniorities = wanted.narrowing()
    targets = [p for p in store.people_filtered(company_keys=company_keys, seniorities=seniorities)
               if wanted.matches(p.title, p.seniority, p.functions, p.company, p.location)]
    if wanted.exclude:
        clients, open_deals = clients_and_open_deals(store)
        drop = (clients if "clients" in wanted.exclude else set()) | (
            open_deals if "open-opportunities" in wanted.exclude else set())
        targets = [p for p in targets if p.n not in drop]
    c = ranking.search(ranking.sources(from_), targets, max_hops, keep=8, profiled=wanted.profiled)
    best = sorted(best_per_target(c).values(), key=lambda r: (c.cost[r], c.hops[r], r))
    out = []
    for row in best[:limit]:
        path = ranking.scored(c, row, wanted.profiled)
        person = find_person(store, path.target.id)
        out.append(Prospect(path, person.email, person.profile_url, person.location))
    return out
