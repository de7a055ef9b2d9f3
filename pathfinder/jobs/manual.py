"""A team member's own word about a tie: ``vouch`` (they know the person well) and
``do_not_ask`` (never route an introduction over this tie). Kept as evidence of a "manual"
source owned by the member, so it is explained, exported and forgotten like any other."""

from __future__ import annotations

import json
from datetime import date

from pathfinder.ranking.trust import Weights, rescore_or_drop
from pathfinder.store.protocol import Store


def set_manual(store: Store, by: int, a: int, b: int, kind: str, data: dict[str, object] | None,
               weights: Weights, as_of: date | None = None) -> None:
    """Record (or with ``data=None`` withdraw) member ``by``'s word of ``kind`` about the tie a–b."""
    pair = (min(a, b), max(a, b))
    with store.write():
        source = store.source_id("manual", by)
        if source is None:
            source = store.add_source(sha256="manual", owner_n=by, role="member", path="(manual)", format="manual",
                                      rows=0, records=0)
        store.delete_evidence(source, pair, kind)
        if data is not None:
            store.add_evidence([(source, "", 0, *pair, kind, date.today().isoformat(),
                                 json.dumps(data, sort_keys=True))])
        rescore_or_drop(store, {pair}, weights, as_of)
        store.bump_generation()
