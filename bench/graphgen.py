"""A seeded synthetic graph shaped like a merged sales-team network (see
shared/reference/performance.md): a fully connected team whose LinkedIn networks overlap on a
popular pool, colleagues inside Zipf-sized companies, and preferential-attachment cross ties."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

LEVELS = [("", "ic"), ("Senior ", "senior"), ("", "manager"), ("Director of ", "director"), ("VP ", "vp"), ("Chief ", "c-level")]
FUNCTIONS = ["Sales", "Marketing", "Engineering", "Finance", "Operations", "Product", "People", "Legal"]
IC_TITLES = {"Sales": "Account Executive", "Marketing": "Marketing Specialist", "Engineering": "Software Engineer",
             "Finance": "Accountant", "Operations": "Operations Analyst", "Product": "Product Analyst",
             "People": "Recruiter", "Legal": "Paralegal"}
CHIEF = {"Sales": "Chief Revenue Officer", "Marketing": "Chief Marketing Officer", "Engineering": "Chief Technology Officer",
         "Finance": "Chief Financial Officer", "Operations": "Chief Operating Officer", "Product": "Chief Product Officer",
         "People": "Chief People Officer", "Legal": "General Counsel and Chief Legal Officer"}


def title_for(level: int, function: str) -> str:
    if level == 0:
        return IC_TITLES[function]
    if level == 1:
        return "Senior " + IC_TITLES[function]
    if level == 2:
        return f"{function} Manager"
    if level == 3:
        return f"Director of {function}"
    if level == 4:
        return f"VP {function}"
    return CHIEF[function]


def add_graph_options(ap) -> None:
    """The options that pick the generated graph, shared by the benches that use it."""
    ap.add_argument("--people", type=int, default=1_000_000)
    ap.add_argument("--ties", type=int, default=5_000_000)
    ap.add_argument("--team", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)


def generate(people: int, ties: int, team: int, seed: int = 1, companies: int = 20_000):
    """Returns (person dicts, tie arrays a, b, trust, team indices, company names by size rank)."""
    rng = np.random.default_rng(seed)
    names = [f"Company {i:05d}" for i in range(companies)]
    sizes = 1.0 / np.arange(1, companies + 1) ** 1.05
    company = np.empty(people, dtype=np.int64)
    company[:team] = -1
    company[team:] = rng.choice(companies, size=people - team, p=sizes / sizes.sum())
    level = rng.choice(6, size=people, p=[0.6, 0.2, 0.1, 0.06, 0.03, 0.01])
    function = rng.integers(0, len(FUNCTIONS), size=people)
    titles = {(lv, f): title_for(lv, FUNCTIONS[f]) for lv in range(6) for f in range(len(FUNCTIONS))}
    rows = [{"id": f"{(i * 2654435761) % (1 << 64):016x}", "name": f"Person {i}",
             "company": "Northwind Analytics" if i < team else names[company[i]],
             "title": "Account Executive" if i < team else titles[(int(level[i]), int(function[i]))]}
            for i in range(people)]

    parts_a, parts_b, parts_t = [], [], []
    ta, tb = np.triu_indices(team, 1)
    parts_a.append(ta), parts_b.append(tb), parts_t.append(np.full(len(ta), 0.4))
    pool = min(60_000, people - team)
    pop = 1.0 / (np.arange(pool) + 10.0) ** 0.8
    per_rep = min(2000, pool)
    for rep in range(team):
        picks = team + rng.choice(pool, size=per_rep, replace=False, p=pop / pop.sum())
        strong = rng.random(per_rep) < 0.05
        trust = np.where(strong, rng.choice([0.85, 0.7, 0.7], size=per_rep), rng.uniform(0.12, 0.2, size=per_rep))
        parts_a.append(np.full(per_rep, rep)), parts_b.append(picks), parts_t.append(trust)
    remaining = ties - sum(len(p) for p in parts_a)
    if remaining < 0:
        raise SystemExit(f"{ties:,} ties are fewer than the team's own: {team} members with {per_rep:,} contacts each "
                         f"and the ties between them come to {ties - remaining:,}. Ask for more ties, or a smaller "
                         "--team.")
    order = np.argsort(company[team:], kind="stable") + team
    sorted_company = company[order]
    starts = np.searchsorted(sorted_company, sorted_company, side="left")
    ends = np.searchsorted(sorted_company, sorted_company, side="right")
    n_col = int(remaining * 0.7)
    src = rng.integers(0, len(order), size=n_col)
    span = ends[src] - starts[src]
    dst = starts[src] + (rng.random(n_col) * span).astype(np.int64)
    parts_a.append(order[src]), parts_b.append(order[dst]), parts_t.append(rng.uniform(0.3, 0.5, size=n_col))
    weight = np.bincount(np.concatenate(parts_a + parts_b), minlength=people).astype(float) + 1.0
    weight /= weight.sum()
    a = np.concatenate(parts_a)
    b = np.concatenate(parts_b)
    t = np.concatenate(parts_t)
    while True:
        missing = ties - len(np.unique(np.minimum(a, b) * people + np.maximum(a, b)))
        if missing <= 0:
            break
        extra = int(missing * 1.1) + 10
        xa = rng.choice(people, size=extra, p=weight)
        xb = rng.integers(team, people, size=extra)
        a, b = np.concatenate([a, xa]), np.concatenate([b, xb])
        t = np.concatenate([t, rng.uniform(0.15, 0.5, size=extra)])
        keep = a != b
        a, b, t = a[keep], b[keep], t[keep]
        key = np.minimum(a, b) * people + np.maximum(a, b)
        _, first = np.unique(key, return_index=True)
        first.sort()
        a, b, t = a[first], b[first], t[first]
    a, b, t = a[:ties], b[:ties], t[:ties]
    by_size = [names[i] for i in np.argsort(-np.bincount(company[team:], minlength=companies))]
    return rows, a, b, t, list(range(team)), by_size


def bulk_load(store: Any, people: list[dict[str, str]], ties: Iterable[tuple[int, int, float]],
              team: dict[int, str]) -> None:
    """Load a generated graph straight into an embedded store's tables: people are numbered
    1..len(people) in order; the ties carry no evidence (the store is marked as generated, so
    `check` does not call that an inconsistency)."""
    from pathfinder.identity.companies import company_key
    from pathfinder.identity.keys import last_name_key, name_key
    from pathfinder.identity.rules import title_columns

    db = store.db
    with store.write():
        db.executemany(
            "INSERT INTO people (n,id,name,name_key,last_key,company,company_key,title,seniority,functions) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
            ((i + 1, p["id"], p["name"], name_key(p["name"]), last_name_key(name_key(p["name"])),
              p["company"], company_key(p["company"]), p["title"], *title_columns(p["title"]))
             for i, p in enumerate(people)))
        db.executemany("INSERT INTO ties (a, b, trust) VALUES (?,?,?)", ((min(a, b), max(a, b), t) for a, b, t in ties))
        db.executemany("INSERT OR REPLACE INTO team VALUES (?,?)", team.items())
        db.execute("INSERT OR REPLACE INTO meta VALUES ('generated', '1')")
        store.bump_generation()
