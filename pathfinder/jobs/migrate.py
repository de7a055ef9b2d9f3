"""``pathfinder migrate``: copy a whole store to another backend (a file to Neo4j, and back).

Everything is copied: people with their keys, sightings and merges, imported files, evidence, ties
with their trust, the team and its own keys, the introductions ledger, kept-apart keys and the
salted hashes of forgotten people. Person numbers and ids are kept, so the copy answers every query
the same way. The destination must be empty.
"""

from __future__ import annotations

from pathfinder.errors import PathfinderError
from pathfinder.store.protocol import COPIED_META, Store


def migrate(source: Store, destination: Store) -> dict[str, int]:
    """Copy ``source`` into the empty ``destination``; how many rows of each table were copied."""
    if destination.stats()["people"] or destination.stats()["sources"]:
        raise PathfinderError("The destination store is not empty; migrate into a new file or an empty database.")
    tables = source.dump()
    tables["meta"] = [r for r in tables.get("meta", []) if r["key"] in COPIED_META]
    destination.load(tables)
    return {table: len(rows) for table, rows in sorted(tables.items())}
