"""``pathfinder check``: is the store whole and consistent, and is its index fresh?"""

from __future__ import annotations

from typing import Any

from pathfinder.ranking.index import load_index


def check_store(store: Any, index_path: Any) -> dict[str, Any]:
    """Integrity and counts. ``problems`` is empty when the store is consistent."""
    problems = list(store.consistency())
    index = load_index(index_path)
    generation = store.generation
    usable = sum(1 for _ in store.ties(usable_only=True))
    people = store.stats()["people"]
    fresh = index is not None and index.generation == generation
    if fresh and index is not None:
        if index.nodes != people:
            problems.append(f"the index has {index.nodes} people, the store {people}")
        if int(index.indices.shape[0]) != 2 * usable:
            problems.append(f"the index has {index.indices.shape[0]} arcs, the store {usable} usable ties")
    counts = store.stats()
    return {"ok": not problems, "problems": problems, "counts": counts,
            "index": {"present": index is not None, "fresh": fresh,
                      "generation": index.generation if index else None, "store_generation": generation}}
