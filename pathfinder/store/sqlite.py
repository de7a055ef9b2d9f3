"""The embedded store: one SQLite file (WAL journal, one transaction per imported file).

It persists and reads (:class:`~pathfinder.store.protocol.Store`); its tables are in
:mod:`.sqlite_schema` and the statements of identity resolution in ``.sql`` files beside the
Cypher ones (:mod:`.sqlite_identity`).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pathfinder.errors import StoreCorrupt, StoreLocked
from pathfinder.model import Evidence, PersonRow, now
from pathfinder.store import sqlite_schema
from pathfinder.store.protocol import EvidenceRow, Pair, Tables
from pathfinder.store.sqlite_identity import SQLiteIdentity

AMBIGUOUS = 0  # person_keys.n of a name key several people share
#: what `pathfinder check` looks for: (what is wrong, a query counting the rows that show it)
CONSISTENCY = [
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
PERSON_ROW = "n,id,name,email,profile_url,company,title,seniority,functions,location"


def _like(text: str) -> str:
    """A LIKE pattern (with ``ESCAPE '\\'``) matching ``text`` anywhere, wildcards in it taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class SQLiteStore(SQLiteIdentity):
    """The embedded default store. Open with :func:`pathfinder.store.open_store`."""

    backend = "sqlite"

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            # personal data: readable by the owner only, before SQLite writes a byte
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        try:
            self.db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreCorrupt(f"{self.path} is not a pathfinder store ({exc}). "
                               "Point --store at another file, or move this one away.") from exc
        current = sqlite_schema.SCHEMA_VERSION
        if version > current:
            raise StoreCorrupt(f"{self.path} was written by a newer pathfinder (schema {version}, "
                               f"this one knows {current}); upgrade pathfinder to open it.")
        if version == 0:
            with self.write():
                for statement in sqlite_schema.SCHEMA.split(";"):  # executescript would commit half-way
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={current}")
                self.db.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")
        elif version < current:
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        """Bring an older store up to date, after a backup copy beside it; all steps in one
        transaction, so an interrupted migration leaves the old store as it was."""
        backup = self.path.with_name(f"{self.path.name}.schema{version}.bak")
        if not backup.exists():
            self.backup(backup)
        with self.write():
            for step in range(version, sqlite_schema.SCHEMA_VERSION):
                for statement in sqlite_schema.MIGRATIONS[step]:
                    self.db.execute(statement)
            self.db.execute(f"PRAGMA user_version={sqlite_schema.SCHEMA_VERSION}")
            self.bump_generation()

    def close(self) -> None:
        self.db.close()

    def init_schema(self) -> None:
        """Nothing to do: the file's tables are made when it is created."""

    # --- transactions ---------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; waits for other writers up to the timeout."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreLocked(f"{self.path} is busy: another pathfinder process is writing to it. "
                                  "Try again when it has finished.") from exc
            raise
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    @property
    def generation(self) -> int:
        """A counter bumped by every write, so the search index knows when it is stale."""
        row = self.db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    def bump_generation(self) -> None:
        self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")

    # --- people -----------------------------------------------------------------------------

    def names_like(self, prefix: str) -> list[str]:
        """Display names whose folded form starts with ``prefix`` (to suggest from)."""
        return [r[0] for r in self.db.execute("SELECT DISTINCT name FROM people WHERE name_key LIKE ? ESCAPE '\\' "
                                              "LIMIT 2000", (_like(prefix)[1:],))]

    def search_people(self, text: str, *, limit: int = 10) -> list[PersonRow]:
        """People whose folded name or company key contains ``text`` (folded), best-known first."""
        like = _like(text)
        ns = [r[0] for r in self.db.execute(
            "SELECT p.n FROM people p WHERE p.name_key LIKE ? ESCAPE '\\' OR p.company_key LIKE ? ESCAPE '\\' "
            "ORDER BY (SELECT COUNT(*) FROM ties t WHERE t.a=p.n OR t.b=p.n) DESC, p.id LIMIT ?",
            (like, like, limit))]
        rows = self.people(ns)
        return [rows[n] for n in ns]

    def people_with_last_name(self, last_key: str) -> list[tuple[PersonRow, str]]:
        """Everyone whose folded last name is ``last_key``, with their folded full name."""
        return [(PersonRow(*row[:-1]), row[-1]) for row in self.db.execute(
            f"SELECT {PERSON_ROW}, name_key FROM people WHERE last_key=? ORDER BY id LIMIT 5000", (last_key,))]

    def node_attributes(self) -> Iterator[tuple[int, str, str]]:
        """(n, company key, seniority) of everyone, for the search index."""
        yield from self.db.execute("SELECT n, company_key, seniority FROM people")

    def account_people(self, company_keys: list[str]) -> list[tuple[str, int, str, str]]:
        """(company key, person, title, seniority) of everyone at the ``company_keys``."""
        return self.db.execute("SELECT company_key, n, title, seniority FROM people "
                               "WHERE company_key IN (SELECT value FROM json_each(?))", (json.dumps(company_keys),)).fetchall()

    def people_filtered(self, *, company_keys: list[str] | None = None,
                        seniorities: list[str] | None = None) -> Iterator[PersonRow]:
        """People at any of ``company_keys`` with any of ``seniorities`` (``None``: any)."""
        clauses, args = [], []
        for column, values in (("company_key", company_keys), ("seniority", seniorities)):
            if values is not None:
                clauses.append(f"{column} IN (SELECT value FROM json_each(?))")  # column: one of the two names
                args.append(json.dumps(values))
        yield from (PersonRow(*row) for row in self.db.execute(
            f"SELECT {PERSON_ROW} FROM people WHERE {' AND '.join(clauses) or '1'} ORDER BY n", args))

    def client_evidence(self) -> Iterable[tuple[int, int, str, str]]:
        """(a, b, kind, data) of the deals, and of the relationships of the client tier."""
        return self.db.execute("SELECT a, b, kind, data FROM evidence WHERE kind='deal' OR "
                               "(kind='relationship' AND data LIKE '%\"tier\": \"client\"%')").fetchall()

    def all_people(self) -> Iterator[PersonRow]:
        for row in self.db.execute(f"SELECT {PERSON_ROW} FROM people"):
            yield PersonRow(*row)

    def companies(self) -> list[tuple[int, str, str]]:
        """(n, company as written, company key) of everyone with a company."""
        return self.db.execute("SELECT n, company, company_key FROM people WHERE company != ''").fetchall()

    def member_keys(self) -> dict[int, set[str]]:
        """The keys each team member or connector is known to have of their own (n → keys)."""
        out: dict[int, set[str]] = {}
        for key, n in self.db.execute("SELECT key, n FROM member_keys"):
            out.setdefault(n, set()).add(key)
        return out

    def add_member_keys(self, keys: dict[str, int]) -> None:
        """Inside a write: these keys (key → n) are a team member's own."""
        self.db.executemany("INSERT OR REPLACE INTO member_keys VALUES (?, ?)", keys.items())

    def bare_names(self, names: list[str] | None) -> dict[str, int]:
        """Who holds the key of each bare name (``name:<folded>|``: a name with no company) among
        the folded ``names`` (all when None); names nobody or several people hold are left out."""
        if names is None:
            rows = self.db.execute("SELECT key, n FROM person_keys WHERE key >= 'name:' AND key < 'name;' "
                                   "AND key LIKE '%|' AND n != ?", (AMBIGUOUS,)).fetchall()
        else:
            rows = self.db.execute("SELECT key, n FROM person_keys WHERE key IN (SELECT value FROM json_each(?)) "
                                   "AND n != ?", (json.dumps([f"name:{x}|" for x in names]), AMBIGUOUS)).fetchall()
        return {key[5:-1]: n for key, n in rows}

    def drop_keep_apart(self, keys_a: list[str], keys_b: list[str]) -> None:
        """Inside a write: the user no longer keeps ``keys_a`` and ``keys_b`` apart."""
        self.db.executemany("DELETE FROM keep_apart WHERE key_a=? AND key_b=?",
                            [p for a in keys_a for b in keys_b for p in ((a, b), (b, a))])

    def sighting_owners(self, ns: list[int]) -> dict[int, set[int]]:
        """Whose exports each of ``ns`` was seen in (n → owners)."""
        out: dict[int, set[int]] = {}
        for n, owner in self.db.execute("SELECT DISTINCT g.n, s.owner_n FROM sightings g JOIN sources s "
                                        "ON s.id = g.source_id WHERE g.n IN (SELECT value FROM json_each(?))",
                                        (json.dumps(ns),)):
            out.setdefault(n, set()).add(owner)
        return out

    def contacts_brought(self) -> dict[int, int]:
        """How many people each owner's exports tie them to (owner n → people)."""
        return dict(self.db.execute(
            "SELECT s.owner_n, COUNT(DISTINCT CASE WHEN e.a = s.owner_n THEN e.b ELSE e.a END) FROM evidence e "
            "JOIN sources s ON s.id = e.source_id WHERE s.sha256 != 'manual' AND s.owner_n IN (e.a, e.b) "
            "GROUP BY s.owner_n"))

    def exports_of(self) -> dict[int, int]:
        """How many exports each owner imported (owner n → files)."""
        return dict(self.db.execute("SELECT owner_n, COUNT(*) FROM sources WHERE sha256 != 'manual' GROUP BY owner_n"))

    def evidence_of(self, pairs: list[Pair]) -> dict[Pair, list[Evidence]]:
        """Every piece of evidence about each pair (a < b), in the order it was stored."""
        out: dict[Pair, list[Evidence]] = {p: [] for p in pairs}
        for a, b, kind, d, data in self.db.execute(
                "SELECT e.a, e.b, e.kind, e.date, e.data FROM json_each(?) p JOIN evidence e "
                "ON e.a = json_extract(p.value, '$[0]') AND e.b = json_extract(p.value, '$[1]') ORDER BY e.id",
                (json.dumps(pairs),)):
            out[(a, b)].append(Evidence(kind, d, json.loads(data)))
        return out

    def ties(self, *, usable_only: bool = False) -> Iterator[tuple[int, int, float]]:
        """Every tie as (a, b, trust); with ``usable_only``, not the do-not-ask ones."""
        yield from self.db.execute("SELECT a, b, trust FROM ties" + (" WHERE usable" if usable_only else ""))

    def no_intro(self) -> list[int]:
        """People who asked never to be used as an introducer."""
        return [n for (n,) in self.db.execute("SELECT n FROM people WHERE no_intro")]

    def id_order(self) -> list[tuple[int, str]]:
        return self.db.execute("SELECT n, id FROM people ORDER BY id").fetchall()

    def consistency(self) -> list[str]:
        """What breaks the store's rules, in words with how many rows show it (see ``pathfinder check``)."""
        problems = [f"SQLite integrity: {line}" for (line,) in self.db.execute("PRAGMA integrity_check")
                    if line != "ok"][:20]
        rules = CONSISTENCY + ([] if self.get_meta("generated") == "1" else [ORPHAN_TIES])
        counts = [(what, int(self.db.execute(query).fetchone()[0])) for what, query in rules]
        return problems + [f"{count} {what}" for what, count in counts if count]

    def stats(self) -> dict[str, int]:
        count = lambda t: int(self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])  # noqa: E731
        return {"people": count("people"), "ties": count("ties"), "evidence": count("evidence"),
                "sources": count("sources"), "team": count("team"), "generation": self.generation}

    # --- what an import writes -----------------------------------------------------------------

    def source_id(self, sha256: str, owner_n: int) -> int | None:
        """The id of the file with this fingerprint imported for ``owner_n``, if it was."""
        row = self.db.execute("SELECT id FROM sources WHERE sha256=? AND owner_n=?", (sha256, owner_n)).fetchone()
        return None if row is None else int(row[0])

    def add_source(self, *, sha256: str, owner_n: int, role: str, path: str, format: str, rows: int,
                   records: int) -> int:
        cur = self.db.execute(
            "INSERT INTO sources (sha256, owner_n, role, path, format, imported_at, rows, records) "
            "VALUES (?,?,?,?,?,?,?,?)", (sha256, owner_n, role, path, format, now(), rows, records))
        return int(cur.lastrowid or 0)

    def add_evidence(self, rows: list[EvidenceRow]) -> None:
        self.db.executemany("INSERT INTO evidence (source_id, file, line, a, b, kind, date, data) "
                            "VALUES (?,?,?,?,?,?,?,?)", rows)

    def existing_ties(self, pairs: set[Pair]) -> set[Pair]:
        """Which of ``pairs`` already have a tie."""
        return {(a, b) for a, b in self.db.execute(
            "SELECT t.a, t.b FROM json_each(?) p JOIN ties t ON t.a = json_extract(p.value, '$[0]') "
            "AND t.b = json_extract(p.value, '$[1]')", (json.dumps(sorted(pairs)),))}

    def delete_evidence(self, source_id: int, pair: Pair, kind: str) -> None:
        """Delete what one source said of one kind about one pair (a team member's own word, withdrawn)."""
        self.db.execute("DELETE FROM evidence WHERE source_id=? AND a=? AND b=? AND kind=?", (source_id, *pair, kind))

    def evidence_with_provenance(self, a: int, b: int) -> list[dict[str, object]]:
        """A tie's evidence rows with where each came from (file, line, whose export)."""
        a, b = min(a, b), max(a, b)
        return [{"kind": kind, "date": d, "data": json.loads(data),
                 "source": (f"{path}/{file}" if file else path) + (f":{line}" if line else ""), "owner": owner}
                for kind, d, data, path, file, line, owner in self.db.execute(
                    "SELECT e.kind, e.date, e.data, s.path, e.file, e.line, COALESCE(p.name, '') FROM evidence e "
                    "JOIN sources s ON s.id = e.source_id LEFT JOIN people p ON p.n = s.owner_n "
                    "WHERE e.a=? AND e.b=? ORDER BY e.id", (a, b))]

    # --- settings of the data, and forgetting a person (privacy.py) ---------------------------------

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

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

    # --- what the web app suggests as you type -------------------------------------------------

    def companies_containing(self, key: str, *, limit: int) -> list[tuple[str, str]]:
        """(company key, company as written) of people whose company key contains ``key``."""
        return self.db.execute("SELECT company_key, company FROM people WHERE company_key LIKE ? ESCAPE '\\' "
                               "AND company != '' LIMIT ?", (_like(key), limit)).fetchall()

    def titles_containing(self, text: str, *, limit: int) -> list[tuple[str, int]]:
        """Titles containing ``text`` (case-insensitive) with how many people hold each, commonest first."""
        return self.db.execute("SELECT MIN(title), COUNT(*) FROM people WHERE title LIKE ? ESCAPE '\\' AND "
                               "title != '' GROUP BY lower(title) ORDER BY 2 DESC, 1 LIMIT ?",
                               (_like(text), limit)).fetchall()

    def ties_of(self, n: int, *, limit: int) -> list[tuple[int, float, bool]]:
        """``n``'s ties as (other, trust, usable), the most trusted first."""
        return [(b if a == n else a, t, bool(u)) for a, b, t, u in self.db.execute(
            "SELECT a, b, trust, usable FROM ties WHERE a=? OR b=? ORDER BY trust DESC, a + b - ? LIMIT ?",
            (n, n, n, limit))]

    # --- identity, explained (merges.explain_person) ----------------------------------------------

    def sightings_of(self, n: int) -> list[tuple[str, str, int, str, str, str]]:
        """(export path, file in it, line, owner's name, how matched, the row as JSON) per sighting."""
        return self.db.execute(
            "SELECT s.path, g.file, g.line, COALESCE(p.name, ''), g.how, g.ref FROM sightings g "
            "JOIN sources s ON s.id = g.source_id LEFT JOIN people p ON p.n = s.owner_n "
            "WHERE g.n=? ORDER BY g.source_id, g.file, g.line", (n,)).fetchall()

    def merges_into(self, n: int) -> list[tuple[str, str, str, str]]:
        """(merged person's id, reason, keys as JSON, when) of the merges that kept ``n``."""
        return self.db.execute("SELECT merged_id, reason, keys, at FROM merges WHERE kept_n=? ORDER BY id",
                               (n,)).fetchall()

    def contact_details(self, n: int) -> dict[str, str]:
        """Person ``n``'s phone, birthday, street and postcode, as stored."""
        cur = self.db.execute("SELECT phone, birthday, street, postcode FROM people WHERE n=?", (n,))
        return dict(zip((c[0] for c in cur.description), cur.fetchone() or ("", "", "", "")))

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

    # --- copying a whole store (pathfinder migrate) ---------------------------------------------

    TABLES = ("people", "person_keys", "sources", "team", "member_keys", "evidence", "ties", "merges", "sightings",
              "keep_apart", "intros", "intro_events", "suppressed")

    def dump(self) -> Tables:
        """Every table's rows as dicts (and the data's own settings from ``meta``)."""
        out: dict[str, list[dict[str, Any]]] = {}
        for table in (*self.TABLES, "meta"):
            cur = self.db.execute(f"SELECT * FROM {table}")
            columns = [c[0] for c in cur.description]
            out[table] = [dict(zip(columns, row)) for row in cur]
        return out

    def load(self, tables: Tables) -> None:
        """Fill the tables from rows as :meth:`dump` returns them, in one transaction."""
        with self.write():
            for table in (*self.TABLES, "meta"):
                rows = tables.get(table, [])
                if rows:
                    columns = list(rows[0])
                    self.db.executemany(
                        f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                        ([r.get(c) for c in columns] for r in rows))
            self.bump_generation()

    def compact(self) -> None:
        """Rewrite the file without free pages and empty the write-ahead log, so deleted data
        leaves no trace on disk."""
        self.db.execute("PRAGMA secure_delete=ON")
        self.db.execute("VACUUM")
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def backup(self, target: str | os.PathLike[str]) -> None:
        """A consistent copy of the store (readers and writers may keep running)."""
        target = Path(target)
        if target.exists():
            raise StoreCorrupt(f"{target} already exists; choose a new file for the backup")
        os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o600))
        copy = sqlite3.connect(target)
        try:
            self.db.backup(copy)
        finally:
            copy.close()

    def set_no_intro(self, n: int, value: bool) -> None:
        with self.write():
            self.db.execute("UPDATE people SET no_intro=? WHERE n=?", (int(value), n))
            self.bump_generation()
