"""``pathfinder check``: is the store whole and consistent, and is its index fresh?"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from pathfinder.ranking.index import load_index


def check_store(store: Any, index_path: Any) -> dict[str, Any]:
    """Integrity and counts. ``problems`` is empty when the store is consistent."""
    problems = list(store.consistency())
    index = load_index(index_path, verify=True)  # every checksum, whatever the size
    generation = store.generation
    people = store.stats()["people"]
    fresh = index is not None and index.generation == generation
    ties = store.stats()["ties"]
    if fresh and index is not None:
        in_index = int(np.count_nonzero(index.rank >= 0))  # counted, not the figures its header keeps
        arcs = int(index.degree.sum())
        if in_index != people or index.people != people:
            problems.append(f"the index has {in_index} people, the store {people}")
        if arcs != 2 * ties or index.arcs != arcs:
            problems.append(f"the index has {arcs} arcs, the store {ties} ties")
    counts = store.stats()
    return {"ok": not problems, "problems": problems, "counts": counts,
            "index": {"present": index is not None, "fresh": fresh,
                      "damaged": index is None and Path(index_path).is_file(),
                      "generation": index.generation if index else None, "store_generation": generation}}
