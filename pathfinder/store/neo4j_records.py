"""The Neo4j store's records kept for people: forgetting a person, undoing a merge, the
introductions ledger and the do-not-ask flag; and copying the whole store (dump and load)."""

from __future__ import annotations

from typing import Any

from pathfinder.store.neo4j_identity import PERSON_DEFAULTS, Neo4jIdentity
from pathfinder.store.neo4j_server import Neo4jServer
from pathfinder.store.protocol import COPIED_META, Mention, Tables

#: table of the embedded store -> node label here (copying a whole store: dump and load)
LABELS = {"people": "Person", "person_keys": "PersonKey", "member_keys": "MemberKey", "sources": "Source",
          "evidence": "Evidence", "merges": "Merge", "sightings": "Sighting", "keep_apart": "KeepApart",
          "intros": "Intro", "intro_events": "IntroEvent", "suppressed": "Suppressed"}
#: the id sequences of this store, by table
SEQUENCES = {"sources": "sources", "evidence": "evidence", "merges": "merges", "sightings": "sightings",
             "intros": "intros", "intro_events": "intro_events"}
BOOLEAN_COLUMNS = {("people", "no_intro"), ("intros", "earned")}

class Neo4jRecords(Neo4jServer, Neo4jIdentity):
    """Writes that change what is known of one person, the ledger, and whole-store copies."""

    def set_no_intro(self, n: int, value: bool) -> None:
        with self.write():
            self.run("set_no_intro", n=n, value=value)

    # --- the introductions ledger -----------------------------------------------------------

    def intro_rows(self) -> list[tuple[Any, ...]]:
        return [tuple(r.values()) for r in self.run("intros")]

    def intro_event_rows(self) -> list[tuple[Any, ...]]:
        return [tuple(r.values()) for r in self.run("intro_events")]

    def add_intro(self, rep_n: int, introducer_n: int, target_n: int, *, earned: bool, status: str, at: str,
                  tier: str, note: str) -> int:
        with self.write(lock="lock_ledger"):
            intro_id, event_id = self.allocate("intros", 1), self.allocate("intro_events", 1)
            self.run("add_intro", intro={"id": intro_id, "rep_n": rep_n, "introducer_n": introducer_n,
                                         "target_n": target_n, "earned": earned, "status": status,
                                         "created_at": at, "updated_at": at, "tier": tier},
                     event={"id": event_id, "intro_id": intro_id, "status": status, "at": at, "note": note})
        return intro_id

    def add_intro_event(self, intro_id: int, status: str, at: str, note: str, *, set_status: bool) -> None:
        with self.write(lock="lock_ledger"):
            self.run("add_intro_event", set_status=set_status, event={
                "id": self.allocate("intro_events", 1), "intro_id": intro_id, "status": status, "at": at,
                "note": note})

    # --- copying a whole store (pathfinder migrate) ---------------------------------------------

    def dump(self) -> Tables:
        """The whole content as rows of the embedded store's tables."""
        tables: Tables = {table: [dict(r["row"]) for r in self.run("label_rows", label=label)]
                          for table, label in LABELS.items()}
        tables["team"] = [{"n": p["n"], "role": p["team_role"]} for p in tables["people"] if p.get("team_role")]
        for p in tables["people"]:
            p.pop("team_role", None)
        tables["ties"] = [{"a": r["a"], "b": r["b"], "trust": r["trust"], "usable": int(bool(r["usable"])),
                           "band": int(r["band"])} for r in self.run("tie_rows")]
        tables["meta"] = [{"key": k, "value": v} for k in COPIED_META if (v := self.get_meta(k)) is not None]
        for table, column in BOOLEAN_COLUMNS:
            for row in tables[table]:
                row[column] = int(bool(row.get(column)))
        return tables

    def load(self, tables: Tables) -> None:
        """Fill this empty store with ``tables`` (as :meth:`dump` gives them), in one transaction."""
        team = {r["n"]: r["role"] for r in tables.get("team", [])}
        nodes: dict[str, list[dict[str, Any]]] = {}
        for table, label in LABELS.items():
            rows = [dict(r) for r in tables.get(table, [])]
            for row in rows:
                for t, column in BOOLEAN_COLUMNS:
                    if t == table:
                        row[column] = bool(row.get(column))
                if table == "people":
                    row["team_role"] = team.get(row["n"])
            nodes[label] = [{k: v for k, v in r.items() if v is not None} for r in rows]
        sequences = {seq: max((r["id"] for r in tables.get(table, [])), default=0) for table, seq in SEQUENCES.items()}
        with self.write():
            for label, rows in nodes.items():
                self.run_batched("add_rows", rows, label=label)
            self.set_ties([(t["a"], t["b"], t["trust"], bool(t["usable"]), int(t.get("band") or 0))
                           for t in tables.get("ties", [])])
            for row in tables.get("meta", []):
                if row["key"] in COPIED_META:
                    self.run("meta_set", key=row["key"], value=row["value"])
            for sequence, last in sequences.items():
                self.run("meta_set", key=f"seq:{sequence}", value=last)

    # --- undoing a merge (merges.unmerge), inside a write -------------------------------------------

    def sighting_rows(self, n: int) -> list[tuple[int, int, str, int, str]]:
        return [tuple(r.values()) for r in self.run("sighting_rows", n=n)]

    def add_person(self, values: dict[str, Any]) -> int:
        # the write holds the store's lock: nobody else numbers people now
        n = int(values["n"]) if "n" in values else self.max_n() + 1
        self.run("create_people", rows=[{**PERSON_DEFAULTS, **values, "n": n}])
        return n

    def update_person(self, n: int, values: dict[str, str]) -> None:
        if values:
            self.run("update_people", rows=[{"n": n, "values": values}])

    def point_keys(self, keys: dict[str, int]) -> None:
        self.run("set_keys", rows=[{"key": k, "n": n} for k, n in keys.items()])

    def move_sightings(self, ids: list[int], n: int) -> None:
        self.run("move_sightings", ids=ids, n=n)

    def evidence_at(self, source_id: int, file: str, line: int, n: int) -> list[tuple[int, int, int]]:
        return [(r["id"], r["a"], r["b"]) for r in self.run("evidence_at", source_id=source_id, file=file,
                                                                line=line, n=n)]

    def add_keep_apart(self, pairs: list[tuple[str, str]]) -> None:
        self.run("add_keep_apart", rows=[{"key_a": a, "key_b": b} for a, b in pairs])

    def delete_ties(self, pairs: list[tuple[int, int]]) -> None:
        for a, b in pairs:
            self.run("delete_tie", a=a, b=b)

    # --- forgetting a person (privacy.py) --------------------------------------------------------

    def erase_person(self, n: int, keys: list[str], suppress: list[tuple[str, str, str]]) -> dict[str, int]:
        """Inside a write: delete person ``n`` everywhere (see the embedded store). Neo4j reuses
        the freed space in its own time; a server whose files must hold no trace is compacted by
        its administrator (``neo4j-admin database copy``)."""
        self.run("add_suppressed", rows=[{"hash": h, "grp": g, "at": at} for h, g, at in suppress])
        person_id = self.people([n])[n].id
        counts = {"intro_events": self.run("erase_intro_events", n=n)[0]["deleted"]}
        counts["intros"] = self.run("erase_intros", n=n)[0]["deleted"]
        for table, query in (("evidence", "erase_evidence"), ("sightings", "erase_sightings"),
                             ("person_keys", "erase_keys"), ("member_keys", "erase_member_keys")):
            counts[table] = self.run(query, n=n)[0]["deleted"]
        counts["merges"] = self.run("erase_merges", n=n, id=person_id)[0]["deleted"]
        gone = self.run("erase_person_node", n=n)[0]
        counts.update({"ties": gone["ties"], "team": gone["team"], "people": 1})
        if keys:
            counts["keep_apart"] = self.run("erase_keep_apart", keys=keys)[0]["deleted"]
        self.run("forget_sources", n=n)
        counts["ties_with_others"], counts["introductions"] = gone["ties"], counts["intros"]
        return counts

    def drop_keys(self, keys: list[str]) -> None:
        self.run_batched("drop_keys", keys, key="keys")

    def mentions(self, words: list[str]) -> list[Mention]:
        return [(r["field"], r["id"], r["text"]) for r in self.run("mentions", words=words)] if words else []

    def rewrite_mentions(self, rows: list[Mention]) -> None:
        self.run_batched("rewrite_mentions", [{"id": where, "props": {field.split(".")[1]: text}}
                                              for field, where, text in rows])

    def suppression_group(self, key_hash: str) -> str | None:
        rows = self.run("suppression_group", hash=key_hash)
        return rows[0]["grp"] if rows else None

    def lift_suppression(self, group: str) -> int:
        return int(self.run("lift_suppression", grp=group)[0]["lifted"])
