"""The steps of an upgrade that need more than the store itself, run when the API opens a store:
merge the team's duplicates an earlier version made (once, flagged by the schema upgrade), and
recompute every tie's trust and band when the schema upgrade asks for it or the weights changed
(a new version's defaults, or the user's own file) since the ties were scored."""

from __future__ import annotations

import hashlib
import json
from datetime import date

from pathfinder.ranking.trust import Weights, rescore_all
from pathfinder.store.protocol import Store


def weights_fingerprint(weights: Weights) -> str:
    return hashlib.sha256(json.dumps(weights, sort_keys=True, default=str).encode()).hexdigest()[:16]


def upgrade(store: Store, weights: Weights, as_of: date | None = None) -> None:
    if store.get_meta("team_repair") == "pending":  # (the identity machinery loads only then)
        from pathfinder.jobs.merging import repair
        repair(store, weights, as_of)
    fingerprint = weights_fingerprint(weights)
    if store.get_meta("rescore") == "pending" or store.get_meta("weights") != fingerprint:
        with store.write():
            rescore_all(store, weights, as_of)
            store.set_meta("rescore", "done")
            store.set_meta("weights", fingerprint)
            store.bump_generation()
