"""Why a tie is trusted, and what a half-typed name may be: read from the store, scored by the
trust weights (the web app and ``pathfinder explain`` / ``pathfinder ties`` show these)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from pathfinder.identity.keys import name_key
from pathfinder.model import Evidence, PersonRow
from pathfinder.ranking.trust import Weights, score_tie
from pathfinder.store.protocol import Store


def pair_evidence(store: Store, a: int, b: int) -> list[Evidence]:
    """Every piece of evidence about the tie between ``a`` and ``b``."""
    pair = (min(a, b), max(a, b))
    return store.evidence_of([pair])[pair]


def explain_tie(store: Store, a: PersonRow, b: PersonRow, weights: Weights, as_of: date | None) -> dict[str, Any]:
    """The tie ``a``–``b``: its trust, each piece of evidence's strength, and where each came from."""
    score = score_tie(pair_evidence(store, a.n, b.n), weights, as_of)
    return {"from": a.name, "to": b.name, "trust": round(score.trust, 4), "usable": score.usable,
            "combination": "trust = 1 - product of (1 - strength) over the pieces",
            "pieces": [{"why": why, "strength": strength} for why, strength in score.reasons],
            "evidence": store.evidence_with_provenance(a.n, b.n)}


def ties_with_reasons(store: Store, n: int, weights: Weights, as_of: date | None, *,
                      limit: int) -> list[dict[str, Any]]:
    """Person ``n``'s ties, the most trusted first, each with why it is trusted."""
    rows = store.ties_of(n, limit=limit)
    others = store.people(other for other, _, _ in rows)
    evidence = store.evidence_of([(min(n, o), max(n, o)) for o, _, _ in rows])
    return [{"person": others[o], "trust": trust, "usable": bool(usable),
             "reasons": score_tie(evidence[(min(n, o), max(n, o))], weights, as_of).reason_texts}
            for o, trust, usable in rows if o in others]


def suggestions(store: Store, text: str, *, people: int, accounts: int, titles: int) -> dict[str, list[Any]]:
    """What ``text`` may be as it is typed: people (best known first), accounts (as most people
    write them) with how many people work there, and titles with how many hold them."""
    text = text.strip()
    key = name_key(text)
    if not key:
        return {"people": [], "accounts": [], "titles": []}
    counts: Counter[str] = Counter()
    written: dict[str, Counter[str]] = {}
    for ckey, company in store.companies_containing(key, limit=5000):
        counts[ckey] += 1
        written.setdefault(ckey, Counter())[company] += 1
    return {"people": store.search_people(key, limit=people),
            "accounts": [(written[k].most_common(1)[0][0], n) for k, n in counts.most_common(accounts)],
            "titles": list(store.titles_containing(text, limit=titles))}
