"""The embedded store: one SQLite file (WAL journal, one transaction per imported file).

Tables: ``people`` (one row per human, ``n`` is the internal number, ``id`` the stable public id),
``person_keys`` (profile-URL, email and name keys → person), ``sources`` (one row per imported
file and owner: the provenance every evidence row points at), ``team`` (members and connectors),
``member_keys`` (the keys a team member is known to have: given by the user or their own export),
``evidence`` (what each file said about each tie, with its line), ``ties`` (one row per unordered
pair with its trust, derived from the evidence), ``sightings`` (which file and line each person
was seen on, and how the row was matched), ``merges`` and ``keep_apart`` (merges made, and the
ones the user undid).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pathfinder.errors import PersonNotFound, StoreCorrupt, StoreLocked
from pathfinder.identity.companies import company_key
from pathfinder.identity.keys import clean_name, last_name_key, name_key
from pathfinder.identity.lookup import exact_keys, find_person
from pathfinder.identity.resolve import AMBIGUOUS, Resolver, now, title_columns
from pathfinder.jobs.ingest import store_extraction
from pathfinder.model import Evidence, Extraction, ImportSummary
from pathfinder.ranking.trust import Weights, score_tie

SCHEMA_VERSION = 4
#: schema version N -> the statements that turn it into N + 1
MIGRATIONS: dict[int, list[str]] = {
    1: ["CREATE INDEX IF NOT EXISTS ties_b ON ties(b)"],  # a person's ties, found from either end
    2: [*(f"ALTER TABLE people ADD COLUMN {c} TEXT NOT NULL DEFAULT ''" for c in ("phone", "birthday", "street", "postcode")),
        *(f"CREATE INDEX IF NOT EXISTS people_{c} ON people({c}) WHERE {c} != ''" for c in ("birthday", "postcode", "phone"))],
    # the team's own keys; a team member's keys so far are all their own. The members given by
    # name only who are a second person beside their contact in a teammate's export are merged
    # by pathfinder.identity.team.repair when the store is next opened (the flag says so).
    3: ["CREATE TABLE IF NOT EXISTS member_keys (key TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS member_keys_n ON member_keys(n)",
        "CREATE INDEX IF NOT EXISTS people_last_key ON people(last_key)",
        "INSERT OR IGNORE INTO member_keys SELECT k.key, k.n FROM person_keys k JOIN team t ON t.n = k.n",
        "INSERT OR REPLACE INTO meta VALUES ('team_repair', 'pending')"],
}

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS people (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL DEFAULT '',
    name_key TEXT NOT NULL DEFAULT '',
    last_key TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    profile_url TEXT NOT NULL DEFAULT '',
    company TEXT NOT NULL DEFAULT '',
    company_key TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    seniority TEXT NOT NULL DEFAULT '',
    functions TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    no_intro INTEGER NOT NULL DEFAULT 0,
    phone TEXT NOT NULL DEFAULT '',
    birthday TEXT NOT NULL DEFAULT '',
    street TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS people_name_key ON people(name_key);
CREATE INDEX IF NOT EXISTS people_birthday ON people(birthday) WHERE birthday != '';
CREATE INDEX IF NOT EXISTS people_postcode ON people(postcode) WHERE postcode != '';
CREATE INDEX IF NOT EXISTS people_phone ON people(phone) WHERE phone != '';
CREATE INDEX IF NOT EXISTS people_company_key ON people(company_key, last_key);
CREATE INDEX IF NOT EXISTS people_last_key ON people(last_key);
CREATE TABLE IF NOT EXISTS person_keys (key TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS person_keys_n ON person_keys(n);
CREATE TABLE IF NOT EXISTS sources (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    owner_n INTEGER NOT NULL,
    role TEXT NOT NULL,
    path TEXT NOT NULL,
    format TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    rows INTEGER NOT NULL,
    records INTEGER NOT NULL,
    UNIQUE (sha256, owner_n)
);
CREATE TABLE IF NOT EXISTS team (n INTEGER PRIMARY KEY, role TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS member_keys (key TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS member_keys_n ON member_keys(n);
CREATE TABLE IF NOT EXISTS evidence (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    file TEXT NOT NULL DEFAULT '',
    line INTEGER NOT NULL,
    a INTEGER NOT NULL,
    b INTEGER NOT NULL,
    kind TEXT NOT NULL,
    date TEXT,
    data TEXT NOT NULL DEFAULT '{}',
    CHECK (a < b)
);
CREATE INDEX IF NOT EXISTS evidence_pair ON evidence(a, b);
CREATE INDEX IF NOT EXISTS evidence_source ON evidence(source_id);
CREATE TABLE IF NOT EXISTS ties (
    a INTEGER NOT NULL, b INTEGER NOT NULL, trust REAL NOT NULL, usable INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (a, b), CHECK (a < b)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ties_b ON ties(b);
CREATE TABLE IF NOT EXISTS merges (
    id INTEGER PRIMARY KEY, kept_n INTEGER NOT NULL, merged_id TEXT NOT NULL,
    reason TEXT NOT NULL, keys TEXT NOT NULL, source_id INTEGER, at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sightings (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    file TEXT NOT NULL, line INTEGER NOT NULL, n INTEGER NOT NULL, how TEXT NOT NULL, ref TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sightings_n ON sightings(n);
CREATE TABLE IF NOT EXISTS keep_apart (key_a TEXT NOT NULL, key_b TEXT NOT NULL, PRIMARY KEY (key_a, key_b))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS intros (
    id INTEGER PRIMARY KEY,
    rep_n INTEGER NOT NULL, introducer_n INTEGER NOT NULL, target_n INTEGER NOT NULL,
    earned INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, tier TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS intros_introducer ON intros(introducer_n);
CREATE TABLE IF NOT EXISTS intro_events (
    id INTEGER PRIMARY KEY, intro_id INTEGER NOT NULL REFERENCES intros(id),
    status TEXT NOT NULL, at TEXT NOT NULL, note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS suppressed (hash TEXT PRIMARY KEY, grp TEXT NOT NULL, at TEXT NOT NULL) WITHOUT ROWID;
"""


def _like(text: str) -> str:
    """A LIKE pattern (with ``ESCAPE '\\'``) matching ``text`` anywhere, wildcards in it taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def split_clients(team: set[int], evidence: Iterable[tuple[int, int, str, str]]) -> tuple[set[int], set[int]]:
    """From deal and client-relationship evidence (a, b, kind, data): the team's clients, and
    the people with an open opportunity."""
    clients: set[int] = set()
    open_deals: set[int] = set()
    for a, b, kind, data in evidence:
        other = b if a in team else a if b in team else None
        if other is None:
            continue
        info = json.loads(data)
        if kind == "relationship" or info.get("won", True) and not info.get("open"):
            clients.add(other)
        elif info.get("open"):
            open_deals.add(other)
    return clients, open_deals


@dataclass
class PersonRow:
    n: int
    id: str
    name: str
    email: str
    profile_url: str
    company: str
    title: str
    seniority: str
    functions: str
    location: str


class SQLiteStore:
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
        if version > SCHEMA_VERSION:
            raise StoreCorrupt(f"{self.path} was written by a newer pathfinder (schema {version}, "
                               f"this one knows {SCHEMA_VERSION}); upgrade pathfinder to open it.")
        if version == 0:
            with self.write():
                for statement in SCHEMA.split(";"):  # executescript would commit half-way
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                self.db.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")
        elif version < SCHEMA_VERSION:
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        """Bring an older store up to date, after a backup copy beside it; all steps in one
        transaction, so an interrupted migration leaves the old store as it was."""
        backup = self.path.with_name(f"{self.path.name}.schema{version}.bak")
        if not backup.exists():
            self.backup(backup)
        with self.write():
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step]:
                    self.db.execute(statement)
            self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            self.bump_generation()

    def close(self) -> None:
        self.db.close()

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

    def _row(self, n: int) -> PersonRow:
        row = self.db.execute(
            "SELECT n,id,name,email,profile_url,company,title,seniority,functions,location "
            "FROM people WHERE n=?", (n,)).fetchone()
        if row is None:
            raise PersonNotFound(f"#{n}")
        return PersonRow(*row)

    def people(self, ns: Iterable[int]) -> dict[int, PersonRow]:
        ns = list(dict.fromkeys(ns))
        out: dict[int, PersonRow] = {}
        for i in range(0, len(ns), 500):
            chunk = ns[i:i + 500]
            q = ("SELECT n,id,name,email,profile_url,company,title,seniority,functions,location "
                 f"FROM people WHERE n IN ({','.join('?' * len(chunk))})")
            for row in self.db.execute(q, chunk):
                out[row[0]] = PersonRow(*row)
        return out

    def find_person(self, query: str, *, team_first: bool = False) -> PersonRow:
        """One person by id, email, profile URL or name (see :mod:`pathfinder.identity.lookup`)."""
        return find_person(self, query, team_first=team_first)

    def names_like(self, prefix: str) -> list[str]:
        """Display names whose folded form starts with ``prefix`` (to suggest from)."""
        return [r[0] for r in self.db.execute("SELECT DISTINCT name FROM people WHERE name_key LIKE ? ESCAPE '\\' "
                                              "LIMIT 2000", (_like(prefix)[1:],))]

    def match_people(self, query: str) -> list[PersonRow]:
        query = query.strip()
        keys = exact_keys(query)
        for key in keys:
            row = self.db.execute("SELECT n FROM person_keys WHERE key=?", (key,)).fetchone()
            if row and row[0] != AMBIGUOUS:
                return [self._row(row[0])]
        if keys:
            return []
        row = self.db.execute("SELECT n FROM people WHERE id=?", (query,)).fetchone()
        if row:
            return [self._row(row[0])]
        folded = name_key(clean_name(full=query))
        if not folded:
            return []
        ns = [r[0] for r in self.db.execute("SELECT n FROM people WHERE name_key=? ORDER BY id", (folded,))]
        return list(self.people(ns).values())

    def search_people(self, text: str, *, limit: int = 10) -> list[PersonRow]:
        """People whose name, company or title contains ``text`` (folded), best-known first."""
        like = f"%{name_key(text)}%"
        ns = [r[0] for r in self.db.execute(
            "SELECT p.n FROM people p WHERE p.name_key LIKE ? OR p.company_key LIKE ? "
            "ORDER BY (SELECT COUNT(*) FROM ties t WHERE t.a=p.n OR t.b=p.n) DESC, p.id LIMIT ?",
            (like, like, limit))]
        rows = self.people(ns)
        return [rows[n] for n in ns]

    def people_at_account(self, account: str) -> list[PersonRow]:
        ns = [r[0] for r in self.db.execute("SELECT n FROM people WHERE company_key=? ORDER BY id",
                                             (company_key(account),))]
        return list(self.people(ns).values())

    def people_with_last_name(self, last_key: str) -> list[tuple[PersonRow, str]]:
        """Everyone whose folded last name is ``last_key``, with their folded full name."""
        rows = self.db.execute("SELECT n, name_key FROM people WHERE last_key=? ORDER BY id LIMIT 5000",
                               (last_key,)).fetchall()
        people = self.people(n for n, _ in rows)
        return [(people[n], folded) for n, folded in rows]

    def node_attributes(self) -> Iterator[tuple[int, str, str]]:
        """(n, company key, seniority) of everyone, for the search index."""
        yield from self.db.execute("SELECT n, company_key, seniority FROM people")

    def account_people(self, company_keys: list[str]) -> list[tuple[str, int, str, str]]:
        """(company key, person, title, seniority) of everyone at the ``company_keys``."""
        out: list[tuple[str, int, str, str]] = []
        for i in range(0, len(company_keys), 900):
            chunk = company_keys[i:i + 900]
            out += self.db.execute("SELECT company_key, n, title, seniority FROM people "
                                   f"WHERE company_key IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        return out

    def people_filtered(self, *, company_keys: list[str] | None = None,
                        seniorities: list[str] | None = None) -> Iterator[PersonRow]:
        """People at any of ``company_keys`` with any of ``seniorities`` (``None``: any)."""
        clauses, args = [], []
        for column, values in (("company_key", company_keys), ("seniority", seniorities)):
            if values is not None:
                clauses.append(f"{column} IN ({','.join('?' * len(values))})")
                args += values
        yield from (PersonRow(*row) for row in self.db.execute(
            "SELECT n,id,name,email,profile_url,company,title,seniority,functions,location FROM people "
            f"WHERE {' AND '.join(clauses) or '1'}", args))

    def clients_and_open_deals(self) -> tuple[set[int], set[int]]:
        """People who are a team member's client (won deal or client tier), and people with an
        open opportunity."""
        return split_clients(set(self.team()), self.db.execute(
            "SELECT a, b, kind, data FROM evidence WHERE kind='deal' OR "
            "(kind='relationship' AND data LIKE '%\"tier\": \"client\"%')"))

    def all_people(self) -> Iterator[PersonRow]:
        for row in self.db.execute(
                "SELECT n,id,name,email,profile_url,company,title,seniority,functions,location FROM people"):
            yield PersonRow(*row)

    def team(self) -> dict[int, str]:
        """Team members and connectors: n → role."""
        return dict(self.db.execute("SELECT n, role FROM team"))

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
            keys = [f"name:{x}|" for x in names]
            rows = []
            for i in range(0, len(keys), 900):
                chunk = keys[i:i + 900]
                rows += self.db.execute(f"SELECT key, n FROM person_keys WHERE key IN ({','.join('?' * len(chunk))}) "
                                        "AND n != ?", (*chunk, AMBIGUOUS)).fetchall()
        return {key[5:-1]: n for key, n in rows}

    def drop_keep_apart(self, keys_a: list[str], keys_b: list[str]) -> None:
        """Inside a write: the user no longer keeps ``keys_a`` and ``keys_b`` apart."""
        self.db.executemany("DELETE FROM keep_apart WHERE key_a=? AND key_b=?",
                            [p for a in keys_a for b in keys_b for p in ((a, b), (b, a))])

    def sighting_owners(self, ns: list[int]) -> dict[int, set[int]]:
        """Whose exports each of ``ns`` was seen in (n → owners)."""
        out: dict[int, set[int]] = {}
        for i in range(0, len(ns), 900):
            chunk = ns[i:i + 900]
            for n, owner in self.db.execute(
                    "SELECT DISTINCT g.n, s.owner_n FROM sightings g JOIN sources s ON s.id = g.source_id "
                    f"WHERE g.n IN ({','.join('?' * len(chunk))})", chunk):
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

    def evidence(self, a: int, b: int) -> list[Evidence]:
        a, b = min(a, b), max(a, b)
        return [Evidence(kind, d, json.loads(data)) for kind, d, data in self.db.execute(
            "SELECT kind, date, data FROM evidence WHERE a=? AND b=? ORDER BY id", (a, b))]

    def ties(self, *, usable_only: bool = False) -> Iterator[tuple[int, int, float]]:
        """Every tie as (a, b, trust); with ``usable_only``, not the do-not-ask ones."""
        yield from self.db.execute("SELECT a, b, trust FROM ties" + (" WHERE usable" if usable_only else ""))

    def no_intro(self) -> list[int]:
        """People who asked never to be used as an introducer."""
        return [n for (n,) in self.db.execute("SELECT n FROM people WHERE no_intro")]

    def max_n(self) -> int:
        return int(self.db.execute("SELECT COALESCE(MAX(n), 0) FROM people").fetchone()[0])

    def id_order(self) -> list[tuple[int, str]]:
        return self.db.execute("SELECT n, id FROM people ORDER BY id").fetchall()

    def stats(self) -> dict[str, int]:
        count = lambda t: int(self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])  # noqa: E731
        return {"people": count("people"), "ties": count("ties"), "evidence": count("evidence"),
                "sources": count("sources"), "team": count("team"), "generation": self.generation}

    # --- import -----------------------------------------------------------------------------

    def import_extraction(self, extraction: Extraction, *, owner: str, role: str, sha256: str,
                          weights: Weights, as_of: date | None = None, new_member: bool = False) -> ImportSummary:
        """Store what one file said, in one transaction; a file already imported for the same
        owner changes nothing."""
        summary = ImportSummary(path=extraction.path, format=extraction.format, owner=owner,
                                rows=extraction.rows, problems=list(extraction.problems),
                                notes=list(extraction.notes))
        with self.write():
            return store_extraction(self, self.resolver(summary), extraction, summary, owner=owner, role=role,
                                    sha256=sha256, weights=weights, as_of=as_of, new_member=new_member)

    def resolver(self, summary: ImportSummary) -> Resolver:
        """Identity resolution on this store's data, inside a write."""
        return Resolver(self.db, summary)

    def source_exists(self, sha256: str, owner_n: int) -> bool:
        return self.db.execute("SELECT 1 FROM sources WHERE sha256=? AND owner_n=?",
                               (sha256, owner_n)).fetchone() is not None

    def set_team(self, n: int, role: str, *, upgrade_only: bool = False) -> None:
        """Make ``n`` a team ``role``; with ``upgrade_only`` a member is never made a connector."""
        current = self.db.execute("SELECT role FROM team WHERE n=?", (n,)).fetchone()
        if not upgrade_only or current is None or (current[0] == "connector" and role == "member"):
            self.db.execute("INSERT OR REPLACE INTO team VALUES (?, ?)", (n, role))

    def add_source(self, *, sha256: str, owner_n: int, role: str, path: str, format: str, rows: int,
                   records: int) -> int:
        cur = self.db.execute(
            "INSERT INTO sources (sha256, owner_n, role, path, format, imported_at, rows, records) "
            "VALUES (?,?,?,?,?,?,?,?)", (sha256, owner_n, role, path, format, now(), rows, records))
        return int(cur.lastrowid or 0)

    def add_evidence(self, rows: list[tuple[int, str, int, int, int, str, str | None, str]]) -> None:
        self.db.executemany("INSERT INTO evidence (source_id, file, line, a, b, kind, date, data) "
                            "VALUES (?,?,?,?,?,?,?,?)", rows)

    def existing_ties(self, pairs: set[tuple[int, int]], owner_n: int) -> set[tuple[int, int]]:
        """Which of ``pairs`` already have a tie (one query for the owner's, one per other pair)."""
        existing = {(a, b) for a, b in self.db.execute(
            "SELECT a, b FROM ties WHERE a=? OR b=?", (owner_n, owner_n))} & pairs
        for a, b in pairs:
            if owner_n not in (a, b) and self.db.execute(
                    "SELECT 1 FROM ties WHERE a=? AND b=?", (a, b)).fetchone():
                existing.add((a, b))
        return existing

    def rescore(self, pairs: Iterable[tuple[int, int]], weights: Weights, as_of: date | None,
                 known: dict[tuple[int, int], list[Evidence]] | None = None) -> None:
        """Recompute the trust of ``pairs`` from all their evidence (``known``: pairs whose only
        evidence is already in hand, so it need not be read back)."""
        known = known or {}
        updates = []
        for a, b in sorted(pairs):
            evidence = known[(a, b)] if (a, b) in known else self.evidence(a, b)
            score = score_tie(evidence, weights, as_of)
            updates.append((a, b, score.trust, int(score.usable)))
        self.db.executemany("INSERT OR REPLACE INTO ties VALUES (?,?,?,?)", updates)

    def evidence_with_provenance(self, a: int, b: int) -> list[dict[str, object]]:
        """A tie's evidence rows with where each came from (file, line, whose export)."""
        a, b = min(a, b), max(a, b)
        return [{"kind": kind, "date": d, "data": json.loads(data),
                 "source": (f"{path}/{file}" if file else path) + (f":{line}" if line else ""), "owner": owner}
                for kind, d, data, path, file, line, owner in self.db.execute(
                    "SELECT e.kind, e.date, e.data, s.path, e.file, e.line, COALESCE(p.name, '') FROM evidence e "
                    "JOIN sources s ON s.id = e.source_id LEFT JOIN people p ON p.n = s.owner_n "
                    "WHERE e.a=? AND e.b=? ORDER BY e.id", (a, b))]

    def set_manual(self, by: int, a: int, b: int, kind: str, data: dict[str, object] | None,
                   weights: Weights, as_of: date | None = None) -> None:
        """Record (or with ``data=None`` withdraw) a team member's own word about the tie a–b:
        ``vouch`` or ``do_not_ask``. Kept as evidence of a "manual" source owned by ``by``."""
        pair = (min(a, b), max(a, b))
        with self.write():
            row = self.db.execute("SELECT id FROM sources WHERE sha256='manual' AND owner_n=?", (by,)).fetchone()
            source_id = row[0] if row else self.db.execute(
                "INSERT INTO sources (sha256, owner_n, role, path, format, imported_at, rows, records) "
                "VALUES ('manual', ?, 'member', '(manual)', 'manual', ?, 0, 0)", (by, now())).lastrowid
            self.db.execute("DELETE FROM evidence WHERE source_id=? AND a=? AND b=? AND kind=?", (source_id, *pair, kind))
            if data is not None:
                self.db.execute("INSERT INTO evidence (source_id, file, line, a, b, kind, date, data) "
                                "VALUES (?, '', 0, ?, ?, ?, ?, ?)",
                                (source_id, *pair, kind, date.today().isoformat(), json.dumps(data, sort_keys=True)))
            if self.db.execute("SELECT 1 FROM evidence WHERE a=? AND b=? LIMIT 1", pair).fetchone():
                self.rescore([pair], weights, as_of)
            else:
                self.db.execute("DELETE FROM ties WHERE a=? AND b=?", pair)
            self.bump_generation()

    # --- settings of the data, and forgetting a person (privacy.py) ---------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

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

    def evidence_of(self, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], list[Evidence]]:
        return {p: self.evidence(*p) for p in pairs}

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

    def keys_of(self, n: int) -> list[str]:
        return [k for (k,) in self.db.execute("SELECT key FROM person_keys WHERE n=?", (n,))]

    def contact_details(self, n: int) -> dict[str, str]:
        """Person ``n``'s phone, birthday, street and postcode, as stored."""
        cur = self.db.execute("SELECT phone, birthday, street, postcode FROM people WHERE n=?", (n,))
        return dict(zip((c[0] for c in cur.description), cur.fetchone() or ("", "", "", "")))

    def kept_apart(self) -> list[tuple[str, str]]:
        return self.db.execute("SELECT key_a, key_b FROM keep_apart").fetchall()

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

    def strong_ties(self, n: int, *, min_trust: float, limit: int) -> list[tuple[int, float]]:
        """``n``'s ties of at least ``min_trust``: (other, trust), strongest first."""
        return [(b if a == n else a, t) for a, b, t in self.db.execute(
            "SELECT a, b, trust FROM ties WHERE (a=? OR b=?) AND trust >= ? ORDER BY trust DESC, a + b - ? "
            "LIMIT ?", (n, n, min_trust, n, limit))]

    # --- copying a whole store (pathfinder migrate) ---------------------------------------------

    TABLES = ("people", "person_keys", "sources", "team", "member_keys", "evidence", "ties", "merges", "sightings",
              "keep_apart", "intros", "intro_events", "suppressed")

    def table_rows(self) -> dict[str, list[dict[str, Any]]]:
        """Every table's rows as dicts (and the data's own settings from ``meta``)."""
        out: dict[str, list[dict[str, Any]]] = {}
        for table in (*self.TABLES, "meta"):
            cur = self.db.execute(f"SELECT * FROM {table}")
            columns = [c[0] for c in cur.description]
            out[table] = [dict(zip(columns, row)) for row in cur]
        return out

    def insert_tables(self, tables: dict[str, list[dict[str, Any]]]) -> None:
        """Fill the tables from rows as :meth:`table_rows` returns them, in one transaction."""
        with self.write():
            for table in (*self.TABLES, "meta"):
                rows = tables.get(table, [])
                if rows:
                    columns = list(rows[0])
                    self.db.executemany(
                        f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                        ([r.get(c) for c in columns] for r in rows))
            self.bump_generation()

    def rekey_companies(self, fingerprint: str) -> int:
        """Recompute every person's company key (the company aliases changed); returns how
        many changed. ``fingerprint`` names the alias set the keys now follow."""
        row = self.db.execute("SELECT value FROM meta WHERE key='company_aliases'").fetchone()
        if (row[0] if row else "") == fingerprint:
            return 0
        with self.write():
            changed = [(company_key(company), n) for n, company, key in self.db.execute(
                "SELECT n, company, company_key FROM people WHERE company != ''") if company_key(company) != key]
            self.db.executemany("UPDATE people SET company_key=? WHERE n=?", changed)
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('company_aliases', ?)", (fingerprint,))
            self.bump_generation()
        return len(changed)

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

    def rescore_all(self, weights: Weights, as_of: date | None = None) -> int:
        """Recompute every tie's trust (after the weights changed)."""
        with self.write():
            pairs = [(a, b) for a, b in self.db.execute("SELECT a, b FROM ties").fetchall()]
            self.rescore(pairs, weights, as_of)
            self.bump_generation()
        return len(pairs)

    def bulk_load(self, people: list[dict[str, str]], ties: Iterable[tuple[int, int, float]],
                  team: dict[int, str]) -> None:
        """Load a generated graph directly (benchmarks): people are numbered 1..len(people) in order."""
        with self.write():
            self.db.executemany(
                "INSERT INTO people (n,id,name,name_key,last_key,company,company_key,title,seniority,functions) "
                "VALUES (?,?,?,?,?,?,?,?,?,?)",
                ((i + 1, p["id"], p["name"], name_key(p["name"]), last_name_key(name_key(p["name"])),
                  p["company"], company_key(p["company"]), p["title"], *title_columns(p["title"]))
                 for i, p in enumerate(people)))
            self.db.executemany("INSERT INTO ties (a, b, trust) VALUES (?,?,?)",
                                ((min(a, b), max(a, b), t) for a, b, t in ties))
            self.db.executemany("INSERT OR REPLACE INTO team VALUES (?,?)", team.items())
            # generated ties carry no evidence rows; `check` must not call that an inconsistency
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('generated', '1')")
            self.bump_generation()


