"""The embedded store's records kept for people: forgetting a person, undoing a merge, the
introductions ledger and the do-not-ask flag."""

from __future__ import annotations

from typing import Any

from pathfinder.model import now
from pathfinder.store.protocol import MENTION_FIELDS, Mention
from pathfinder.store.sqlite_file import SQLiteFile


class SQLiteRecords(SQLiteFile):
    """Writes that change what is known of one person, and the introductions ledger."""

    # --- settings of the data, and forgetting a person (privacy.py) ---------------------------------

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def drop_keys(self, keys: list[str]) -> None:
        """Inside a write: these identity keys point at nobody any more."""
        self.db.executemany("DELETE FROM person_keys WHERE key=?", [(k,) for k in keys])

    def mentions(self, words: list[str]) -> list[Mention]:
        """Every stored free text holding one of ``words`` (lower case): (field, rowid, text)."""
        found: list[Mention] = []
        if not words:
            return found
        for field in MENTION_FIELDS:
            table, column = field.split(".")
            where = " OR ".join(f"instr(lower({column}), ?)" for _ in words)
            found += [(field, rowid, text) for rowid, text in
                      self.db.execute(f"SELECT rowid, {column} FROM {table} WHERE {where}", words)]
        return found

    def rewrite_mentions(self, rows: list[Mention]) -> None:
        """Inside a write: each mention's field gets its new text."""
        for field, rowid, text in rows:
            table, column = field.split(".")
            if field not in MENTION_FIELDS:
                raise ValueError(field)
            self.db.execute(f"UPDATE {table} SET {column}=? WHERE rowid=?", (text, rowid))

    def erase_person(self, n: int, keys: list[str], suppress: list[tuple[str, str, str]]) -> dict[str, int]:
        """Inside a write: delete person ``n`` from every table, drop the kept-apart pairs that
        name their ``keys``, and add the ``suppress`` rows (hash, group, when). What was deleted."""
        db = self.db
        db.execute("PRAGMA secure_delete=ON")
        db.executemany("INSERT OR IGNORE INTO suppressed VALUES (?, ?, ?)", suppress)
        pairs = db.execute("SELECT COUNT(*) FROM ties WHERE a=? OR b=?", (n, n)).fetchone()[0]
        intros = db.execute("SELECT COUNT(*) FROM intros WHERE ? IN (rep_n, introducer_n, target_n)", (n,)).fetchone()[0]
        person_id = db.execute("SELECT id FROM people WHERE n=?", (n,)).fetchone()[0]
        statements = {
            "intro_events": ("DELETE FROM intro_events WHERE intro_id IN (SELECT id FROM intros "
                             "WHERE ? IN (rep_n, introducer_n, target_n))", (n,)),
            "intros": ("DELETE FROM intros WHERE ? IN (rep_n, introducer_n, target_n)", (n,)),
            "evidence": ("DELETE FROM evidence WHERE a=? OR b=?", (n, n)),
            "ties": ("DELETE FROM ties WHERE a=? OR b=?", (n, n)),
            "sightings": ("DELETE FROM sightings WHERE n=?", (n,)),
            "person_keys": ("DELETE FROM person_keys WHERE n=?", (n,)),
            "merges": ("DELETE FROM merges WHERE kept_n=? OR merged_id=?", (n, person_id)),
            "team": ("DELETE FROM team WHERE n=?", (n,)),
            "member_keys": ("DELETE FROM member_keys WHERE n=?", (n,)),
            "people": ("DELETE FROM people WHERE n=?", (n,)),
        }
        counts = {table: db.execute(sql, args).rowcount for table, (sql, args) in statements.items()}
        if keys:
            marks = ",".join("?" * len(keys))
            counts["keep_apart"] = db.execute(
                f"DELETE FROM keep_apart WHERE key_a IN ({marks}) OR key_b IN ({marks})", [*keys, *keys]).rowcount
        # sources they owned stay (other people's evidence points at them) but lose their path
        db.execute("UPDATE sources SET path='(forgotten)' WHERE owner_n=?", (n,))
        counts["ties_with_others"] = pairs
        counts["introductions"] = intros
        self.bump_generation()
        return counts

    def suppression_group(self, key_hash: str) -> str | None:
        row = self.db.execute("SELECT grp FROM suppressed WHERE hash=?", (key_hash,)).fetchone()
        return None if row is None else str(row[0])

    def lift_suppression(self, group: str) -> int:
        return self.db.execute("DELETE FROM suppressed WHERE grp=?", (group,)).rowcount

    # --- undoing a merge (merges.unmerge), inside a write -------------------------------------------

    def sighting_rows(self, n: int) -> list[tuple[int, int, str, int, str]]:
        """(id, source, file, line, the row as JSON) of each sighting of ``n``, oldest first."""
        return self.db.execute("SELECT id, source_id, file, line, ref FROM sightings WHERE n=? ORDER BY id",
                               (n,)).fetchall()

    def add_person(self, values: dict[str, Any]) -> int:
        """Inside a write: a new person with these columns (``n`` among them, or the next number)."""
        cur = self.db.execute(f"INSERT INTO people ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                              list(values.values()))
        return int(cur.lastrowid or 0)

    def update_person(self, n: int, values: dict[str, str]) -> None:
        """Inside a write: set these columns of person ``n``."""
        if values:
            self.db.execute(f"UPDATE people SET {', '.join(f'{k}=?' for k in values)} WHERE n=?", (*values.values(), n))

    def point_keys(self, keys: dict[str, int]) -> None:
        self.db.executemany("UPDATE person_keys SET n=? WHERE key=?", [(n, k) for k, n in keys.items()])

    def move_sightings(self, ids: list[int], n: int) -> None:
        self.db.executemany("UPDATE sightings SET n=? WHERE id=?", [(n, i) for i in ids])

    def evidence_at(self, source_id: int, file: str, line: int, n: int) -> list[tuple[int, int, int]]:
        """(id, a, b) of the evidence one row of one file gave about a tie of ``n``."""
        return self.db.execute("SELECT id, a, b FROM evidence WHERE source_id=? AND file=? AND line=? AND (a=? OR b=?)",
                               (source_id, file, line, n, n)).fetchall()

    def repair_evidence(self, rows: list[tuple[int, int, int]]) -> None:
        """Re-point evidence rows (id, a, b) at new pairs."""
        self.db.executemany("UPDATE evidence SET a=?, b=? WHERE id=?", [(a, b, i) for i, a, b in rows])

    def add_keep_apart(self, pairs: list[tuple[str, str]]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO keep_apart VALUES (?, ?)", pairs)

    def delete_ties(self, pairs: list[tuple[int, int]]) -> None:
        self.db.executemany("DELETE FROM ties WHERE a=? AND b=?", pairs)

    def add_merge(self, *, kept_n: int, merged_id: str, reason: str, keys: str, source_id: int | None) -> None:
        self.db.execute("INSERT INTO merges (kept_n, merged_id, reason, keys, source_id, at) VALUES (?,?,?,?,?,?)",
                        (kept_n, merged_id, reason, keys, source_id, now()))

    # --- the introductions ledger (logic in ledger.py; it is read at query time, so writing it
    # leaves the generation, and the search index, as they are) ----------------------------------

    def intro_rows(self) -> list[tuple[Any, ...]]:
        """(id, rep, introducer, target, earned, status, created, updated, tier), oldest first."""
        return [(*r[:4], bool(r[4]), *r[5:]) for r in self.db.execute(
            "SELECT id, rep_n, introducer_n, target_n, earned, status, created_at, updated_at, tier "
            "FROM intros ORDER BY id")]

    def intro_event_rows(self) -> list[tuple[Any, ...]]:
        """(id, intro id, status, date, note), oldest first."""
        return self.db.execute("SELECT id, intro_id, status, at, note FROM intro_events ORDER BY id").fetchall()

    def add_intro(self, rep_n: int, introducer_n: int, target_n: int, *, earned: bool, status: str, at: str,
                  tier: str, note: str) -> int:
        with self.write():
            cur = self.db.execute(
                "INSERT INTO intros (rep_n, introducer_n, target_n, earned, status, created_at, updated_at, tier) "
                "VALUES (?,?,?,?,?,?,?,?)", (rep_n, introducer_n, target_n, int(earned), status, at, at, tier))
            intro_id = int(cur.lastrowid or 0)
            self.db.execute("INSERT INTO intro_events (intro_id, status, at, note) VALUES (?,?,?,?)",
                            (intro_id, status, at, note))
        return intro_id

    def add_intro_event(self, intro_id: int, status: str, at: str, note: str, *, set_status: bool) -> None:
        """Add a step (``set_status``: the introduction moves to ``status``) or a note to the history."""
        with self.write():
            if set_status:
                self.db.execute("UPDATE intros SET status=?, updated_at=? WHERE id=?", (status, at, intro_id))
            self.db.execute("INSERT INTO intro_events (intro_id, status, at, note) VALUES (?,?,?,?)",
                            (intro_id, status, at, note))

    def set_no_intro(self, n: int, value: bool) -> None:
        with self.write():
            self.db.execute("UPDATE people SET no_intro=? WHERE n=?", (int(value), n))
            self.bump_generation()
