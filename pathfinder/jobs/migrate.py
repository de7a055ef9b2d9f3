"""``pathfinder migrate``: copy a whole store to another backend (a file to Neo4j, and back).

Everything is copied: people with their keys, sightings and merges, imported files, evidence, ties
with their trust, the team, the introductions ledger, kept-apart keys and the salted hashes of
forgotten people. Person numbers and ids are kept, so the copy answers every query the same way.
The destination must be empty.
"""

from __future__ import annotations

from typing import Any

from pathfinder.errors import PathfinderError

#: table of the embedded store -> node label in Neo4j
LABELS = {"people": "Person", "person_keys": "PersonKey", "member_keys": "MemberKey", "sources": "Source", "evidence": "Evidence",
          "merges": "Merge", "sightings": "Sighting", "keep_apart": "KeepApart", "intros": "Intro",
          "intro_events": "IntroEvent", "suppressed": "Suppressed"}
#: settings that belong to the data (not to one store's bookkeeping)
COPIED_META = ("salt", "company_aliases", "generated")
#: the id sequences of the Neo4j store, by table
SEQUENCES = {"sources": "sources", "evidence": "evidence", "merges": "merges", "sightings": "sightings",
             "intros": "intros", "intro_events": "intro_events"}
BOOLEAN_COLUMNS = {("people", "no_intro"), ("intros", "earned")}

Tables = dict[str, list[dict[str, Any]]]


def read_tables(store: Any) -> Tables:
    """The store's whole content as rows of the embedded store's tables."""
    if store.backend == "sqlite":
        return store.table_rows()
    tables: Tables = {table: store.label_rows(label) for table, label in LABELS.items()}
    tables["team"] = [{"n": p["n"], "role": p["team_role"]} for p in tables["people"] if p.get("team_role")]
    for p in tables["people"]:
        p.pop("team_role", None)
    tables["ties"] = store.tie_rows()
    tables["meta"] = [{"key": k, "value": v} for k in COPIED_META if (v := store.get_meta(k)) is not None]
    for table, column in BOOLEAN_COLUMNS:
        for row in tables[table]:
            row[column] = int(bool(row.get(column)))
    return tables


def write_tables(store: Any, tables: Tables) -> None:
    """Fill an empty store with ``tables`` (as :func:`read_tables` returns them)."""
    if store.stats()["people"] or store.stats()["sources"]:
        raise PathfinderError("The destination store is not empty; migrate into a new file or an empty database.")
    meta = [r for r in tables.get("meta", []) if r["key"] in COPIED_META]
    if store.backend == "sqlite":
        store.insert_tables({**tables, "meta": meta})
        return
    team = {r["n"]: r["role"] for r in tables.get("team", [])}
    converted: Tables = {}
    for table, label in LABELS.items():
        rows = [dict(r) for r in tables.get(table, [])]
        for row in rows:
            for t, column in BOOLEAN_COLUMNS:
                if t == table:
                    row[column] = bool(row.get(column))
            if table == "people":
                row["team_role"] = team.get(row["n"])
        converted[label] = [{k: v for k, v in r.items() if v is not None} for r in rows]
    sequences = {seq: max((r["id"] for r in tables.get(table, [])), default=0) for table, seq in SEQUENCES.items()}
    store.insert_graph(converted, tables.get("ties", []), meta, sequences)


def migrate(source: Any, destination: Any) -> dict[str, int]:
    """Copy ``source`` into the empty ``destination``; how many rows of each table were copied."""
    tables = read_tables(source)
    write_tables(destination, tables)
    return {table: len(rows) for table, rows in sorted(tables.items())}
