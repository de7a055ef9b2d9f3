"""``pathfinder check``: is the store whole and consistent, and is its index fresh?"""

from __future__ import annotations

from typing import Any

from pathfinder.ranking.index import load_index
from pathfinder.store.sqlite import SQLiteStore

#: (what is wrong, a query counting the rows that show it)
RULES = [
    ("evidence about a person who does not exist",
     "SELECT COUNT(*) FROM evidence e WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.n=e.a) "
     "OR NOT EXISTS (SELECT 1 FROM people p WHERE p.n=e.b)"),
    ("evidence from a file that is not in the sources",
     "SELECT COUNT(*) FROM evidence e WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.id=e.source_id)"),
    ("ties between people who do not exist",
     "SELECT COUNT(*) FROM ties t WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.n=t.a) "
     "OR NOT EXISTS (SELECT 1 FROM people p WHERE p.n=t.b)"),
    ("ties whose trust is outside (0, 1)", "SELECT COUNT(*) FROM ties WHERE NOT (trust > 0 AND trust < 1)"),
    ("identity keys of people who do not exist",
     "SELECT COUNT(*) FROM person_keys k WHERE k.n != 0 AND NOT EXISTS (SELECT 1 FROM people p WHERE p.n=k.n)"),
    ("sightings of people who do not exist",
     "SELECT COUNT(*) FROM sightings g WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.n=g.n)"),
    ("team members who do not exist",
     "SELECT COUNT(*) FROM team t WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.n=t.n)"),
    ("team members' own keys of people who do not exist",
     "SELECT COUNT(*) FROM member_keys k WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.n=k.n)"),
    ("introductions naming people who do not exist",
     "SELECT COUNT(*) FROM intros i WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.n=i.rep_n) "
     "OR NOT EXISTS (SELECT 1 FROM people p WHERE p.n=i.introducer_n) "
     "OR NOT EXISTS (SELECT 1 FROM people p WHERE p.n=i.target_n)"),
]
ORPHAN_TIES = ("ties with no evidence behind them",
               "SELECT COUNT(*) FROM ties t WHERE NOT EXISTS (SELECT 1 FROM evidence e WHERE e.a=t.a AND e.b=t.b)")


#: what each column of queries/consistency.cypher counts (the Neo4j store's rules)
NEO4J_RULES = {
    "evidence_people": "evidence about a person who does not exist",
    "evidence_sources": "evidence from a file that is not in the sources",
    "ties_trust": "ties whose trust is outside (0, 1)",
    "ties_direction": "ties stored from the higher person number to the lower",
    "keys_people": "identity keys of people who do not exist",
    "member_keys_people": "team members' own keys of people who do not exist",
    "sightings_people": "sightings of people who do not exist",
    "intros_people": "introductions naming people who do not exist",
    "orphan_ties": "ties with no evidence behind them",
}


def _sqlite_problems(store: SQLiteStore) -> list[str]:
    db = store.db
    problems: list[str] = []
    integrity = [r[0] for r in db.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        problems.extend(f"SQLite integrity: {line}" for line in integrity[:20])
    rules = list(RULES)
    if not db.execute("SELECT 1 FROM meta WHERE key='generated'").fetchone():
        rules.append(ORPHAN_TIES)
    for what, query in rules:
        count = int(db.execute(query).fetchone()[0])
        if count:
            problems.append(f"{count} {what}")
    return problems


def _neo4j_problems(store: Any) -> list[str]:
    counts = store.run("consistency")[0]
    generated = store.get_meta("generated") == "1"
    return [f"{counts[column]} {what}" for column, what in NEO4J_RULES.items()
            if counts[column] and not (generated and column == "orphan_ties")]


def check_store(store: Any, index_path: Any) -> dict[str, Any]:
    """Integrity and counts. ``problems`` is empty when the store is consistent."""
    problems = _sqlite_problems(store) if store.backend == "sqlite" else _neo4j_problems(store)
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
