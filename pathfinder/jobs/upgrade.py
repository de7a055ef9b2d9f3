"""The steps of a schema upgrade that need more than the store itself, run when the API opens a
store and only once each (the upgrade leaves a flag pending in the store's settings): merge the
team's duplicates an earlier version made, and recompute every tie's trust and band."""

from __future__ import annotations

from datetime import date

from pathfinder.jobs.merging import repair
from pathfinder.ranking.trust import Weights, rescore_all
from pathfinder.store.protocol import Store


def upgrade(store: Store, weights: Weights, as_of: date | None = None) -> None:
    repair(store, weights, as_of)
    if store.get_meta("rescore") == "pending":
        with store.write():
            rescore_all(store, weights, as_of)
            store.set_meta("rescore", "done")
            store.bump_generation()
