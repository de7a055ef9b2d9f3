"""The steps of an upgrade that need more than the store itself, run when the API opens a store:
merge the team's duplicates an earlier version made (once, flagged by the schema upgrade), and
recompute every tie's trust and band when the schema upgrade asks for it or the weights changed
(a new version's defaults, or the user's own file) since the ties were scored: the store keeps
the weights they were scored with, as JSON."""

from __future__ import annotations

import json
from datetime import date

from pathfinder.ranking.trust import Weights, rescore_all
from pathfinder.store.protocol import Store


def weights_json(weights: Weights) -> str:
    return json.dumps(weights, sort_keys=True, default=str)


def _scored_with(store: Store, weights: str) -> str | None:
    """The weights the store's ties were scored with (JSON). Earlier versions kept only a
    fingerprint of them: when it is the fingerprint of ``weights``, the store keeps those now."""
    kept = store.get_meta("weights")
    if kept is None or kept.startswith("{"):
        return kept
    import hashlib  # only for a store an earlier version scored, once

    if kept != hashlib.sha256(weights.encode()).hexdigest()[:16]:
        return kept
    with store.write():
        store.set_meta("weights", weights)
    return weights


def upgrade(store: Store, weights: Weights, as_of: date | None = None) -> None:
    if store.get_meta("team_repair") == "pending":  # (the identity machinery loads only then)
        from pathfinder.jobs.merging import repair
        repair(store, weights, as_of)
    current = weights_json(weights)
    if store.get_meta("rescore") == "pending" or _scored_with(store, current) != current:
        with store.write():
            rescore_all(store, weights, as_of)
            store.set_meta("rescore", "done")
            store.set_meta("weights", current)
            store.bump_generation()
