"""How every store turns a stored evidence row into :class:`~pathfinder.model.Evidence`."""

from __future__ import annotations

import json

from pathfinder.model import Evidence


def stored_evidence(kind: str, date: str | None, data: str, owner: int | None, a: int, b: int) -> Evidence:
    """The evidence of one row about the tie ``a``–``b``, from a file ``owner`` imported. A saved
    contact says whose address book it was in (``saved_by``: ``"a"`` or ``"b"``), so two people
    who saved each other are told apart from one person's two address books."""
    values = json.loads(data) if data else {}
    if kind == "contact" and owner in (a, b):
        values["saved_by"] = "a" if owner == a else "b"
    return Evidence(kind, date, values)
