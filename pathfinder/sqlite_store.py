"""The embedded store: one SQLite file (WAL journal, one transaction per imported file).

Tables: ``people`` (one row per human, ``n`` is the internal number, ``id`` the stable public id),
``person_keys`` (profile-URL, email and name keys → person), ``sources`` (one row per imported
file and owner: the provenance every evidence row points at), ``team`` (members and connectors),
``evidence`` (what each file said about each tie, with its line), ``ties`` (one row per unordered
pair with its trust, derived from the evidence), ``merges`` (every merge, to explain it).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from .errors import AmbiguousPerson, PersonNotFound, StoreCorrupt, StoreLocked
from .identity import (
    clean_name, company_key, fallback_key, identity_keys, name_key, normalize_email,
    normalize_profile_url, parse_title, person_id_for,
)
from .model import Evidence, Extraction, PersonRef, RowProblem
from .trust import Weights, score_tie

SCHEMA_VERSION = 1
AMBIGUOUS = 0  # person_keys.n for a name key that more than one person has

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS people (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL DEFAULT '',
    name_key TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    profile_url TEXT NOT NULL DEFAULT '',
    company TEXT NOT NULL DEFAULT '',
    company_key TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    seniority TEXT NOT NULL DEFAULT '',
    functions TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS people_name_key ON people(name_key);
CREATE INDEX IF NOT EXISTS people_company_key ON people(company_key);
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
CREATE TABLE IF NOT EXISTS evidence (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id),
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
    a INTEGER NOT NULL, b INTEGER NOT NULL, trust REAL NOT NULL,
    PRIMARY KEY (a, b), CHECK (a < b)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS merges (
    id INTEGER PRIMARY KEY, kept_n INTEGER NOT NULL, merged_id TEXT NOT NULL,
    reason TEXT NOT NULL, source_id INTEGER, at TEXT NOT NULL
);
"""


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


@dataclass
class ImportSummary:
    """What importing one file changed."""

    path: str
    format: str
    owner: str
    already_imported: bool = False
    rows: int = 0
    people_added: int = 0
    people_matched: int = 0
    people_merged: int = 0
    ties_added: int = 0
    ties_updated: int = 0
    evidence: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        d = dict(self.__dict__)
        d["problems"] = [str(p) for p in self.problems]
        return d


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


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
        if version < SCHEMA_VERSION:
            with self.write():
                for statement in SCHEMA.split(";"):  # executescript would commit half-way
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                self.db.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")

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

    def _bump_generation(self) -> None:
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

    def find_person(self, query: str) -> PersonRow:
        """One person by id, email, profile URL or exact (accent- and case-insensitive) name.

        Raises:
            PersonNotFound: nobody matches (with close matches by name).
            AmbiguousPerson: the name is shared by several people.
        """
        matches = self.match_people(query)
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise AmbiguousPerson(query, [f"{p.name} ({p.title or '?'} at {p.company or '?'}; id {p.id})"
                                          for p in matches])
        import difflib
        names = [r[0] for r in self.db.execute(
            "SELECT DISTINCT name FROM people WHERE name_key LIKE ? LIMIT 2000",
            (name_key(query)[:1] + "%",))]
        raise PersonNotFound(query, difflib.get_close_matches(query, names, n=3))

    def match_people(self, query: str) -> list[PersonRow]:
        query = query.strip()
        keys = []
        if normalize_profile_url(query):
            keys.append("li:" + normalize_profile_url(query))
        if normalize_email(query):
            keys.append("email:" + normalize_email(query))
        for key in keys:
            row = self.db.execute("SELECT n FROM person_keys WHERE key=?", (key,)).fetchone()
            if row and row[0] != AMBIGUOUS:
                return [self._row(row[0])]
        if keys:
            return []
        row = self.db.execute("SELECT n FROM people WHERE id=?", (query,)).fetchone()
        if row:
            return [self._row(row[0])]
        ns = [r[0] for r in self.db.execute("SELECT n FROM people WHERE name_key=? ORDER BY id",
                                             (name_key(clean_name(full=query)),))]
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

    def all_people(self) -> Iterator[PersonRow]:
        for row in self.db.execute(
                "SELECT n,id,name,email,profile_url,company,title,seniority,functions,location FROM people"):
            yield PersonRow(*row)

    def team(self) -> dict[int, str]:
        """Team members and connectors: n → role."""
        return dict(self.db.execute("SELECT n, role FROM team"))

    def evidence(self, a: int, b: int) -> list[Evidence]:
        a, b = min(a, b), max(a, b)
        return [Evidence(kind, d, json.loads(data)) for kind, d, data in self.db.execute(
            "SELECT kind, date, data FROM evidence WHERE a=? AND b=? ORDER BY id", (a, b))]

    def ties(self) -> Iterator[tuple[int, int, float]]:
        yield from self.db.execute("SELECT a, b, trust FROM ties")

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
                          weights: Weights, as_of: date | None = None) -> ImportSummary:
        """Store what one file said, in one transaction; a file already imported for the same
        owner changes nothing."""
        summary = ImportSummary(path=extraction.path, format=extraction.format, owner=owner,
                                rows=extraction.rows, problems=list(extraction.problems),
                                notes=list(extraction.notes))
        with self.write():
            resolver = _Resolver(self.db, summary)
            owner_n = resolver.resolve_owner(owner)
            if self.db.execute("SELECT 1 FROM sources WHERE sha256=? AND owner_n=?",
                               (sha256, owner_n)).fetchone():
                summary.already_imported = True
                return summary  # the rollback-free exit: nothing was written but the lookups
            current = self.db.execute("SELECT role FROM team WHERE n=?", (owner_n,)).fetchone()
            if current is None or (current[0] == "connector" and role == "member"):
                self.db.execute("INSERT OR REPLACE INTO team VALUES (?, ?)", (owner_n, role))
            cur = self.db.execute(
                "INSERT INTO sources (sha256, owner_n, role, path, format, imported_at, rows, records) "
                "VALUES (?,?,?,?,?,?,?,?)",
                (sha256, owner_n, role, extraction.path, extraction.format, _now(), extraction.rows,
                 len(extraction.records)))
            source_id = int(cur.lastrowid or 0)
            resolver.source_id = source_id
            resolver.prefetch([r.b for r in extraction.records] + [r.a for r in extraction.records if r.a])
            touched: set[tuple[int, int]] = set()
            rows = []
            for rec in extraction.records:
                a = owner_n if rec.a is None else resolver.resolve(rec.a)
                if rec.a_role == "member":
                    self.db.execute("INSERT OR REPLACE INTO team VALUES (?, 'member')", (a,))
                b = resolver.resolve(rec.b)
                if a == b:
                    continue
                pair = (min(a, b), max(a, b))
                touched.add(pair)
                for ev in rec.evidence:
                    rows.append((source_id, rec.line, pair[0], pair[1], ev.kind, ev.date,
                                 json.dumps(ev.data, sort_keys=True)))
            # merges during this file may have renumbered people seen earlier in it
            remap = resolver.remap
            touched |= resolver.moved_pairs
            if remap:
                rows = [(s, ln, *sorted((_final(remap, a), _final(remap, b))), k, d, data)
                        for s, ln, a, b, k, d, data in rows]
                rows = [r for r in rows if r[2] != r[3]]
                touched = {tuple(sorted((_final(remap, a), _final(remap, b)))) for a, b in touched}  # type: ignore[misc]
                touched = {p for p in touched if p[0] != p[1]}
            resolver.flush()
            existing = self._existing_ties(touched, owner_n)
            self.db.executemany("INSERT INTO evidence (source_id, line, a, b, kind, date, data) "
                                "VALUES (?,?,?,?,?,?,?)", rows)
            summary.evidence = len(rows)
            fresh: dict[tuple[int, int], list[Evidence]] = {}
            for _, _, a, b, kind, d, data in rows:
                if (a, b) not in existing:
                    fresh.setdefault((a, b), []).append(Evidence(kind, d, json.loads(data)))
            summary.ties_added, summary.ties_updated = len(fresh), len(touched) - len(fresh)
            self._rescore(touched, weights, as_of, known=fresh)
            self._bump_generation()
        return summary

    def _existing_ties(self, pairs: set[tuple[int, int]], owner_n: int) -> set[tuple[int, int]]:
        """Which of ``pairs`` already have a tie (one query for the owner's, one per other pair)."""
        existing = {(a, b) for a, b in self.db.execute(
            "SELECT a, b FROM ties WHERE a=? OR b=?", (owner_n, owner_n))} & pairs
        for a, b in pairs:
            if owner_n not in (a, b) and self.db.execute(
                    "SELECT 1 FROM ties WHERE a=? AND b=?", (a, b)).fetchone():
                existing.add((a, b))
        return existing

    def _rescore(self, pairs: Iterable[tuple[int, int]], weights: Weights, as_of: date | None,
                 known: dict[tuple[int, int], list[Evidence]] | None = None) -> None:
        """Recompute the trust of ``pairs`` from all their evidence (``known``: pairs whose only
        evidence is already in hand, so it need not be read back)."""
        known = known or {}
        updates = []
        for a, b in sorted(pairs):
            evidence = known[(a, b)] if (a, b) in known else self.evidence(a, b)
            updates.append((a, b, score_tie(evidence, weights, as_of).trust))
        self.db.executemany("INSERT OR REPLACE INTO ties VALUES (?,?,?)", updates)

    def rescore_all(self, weights: Weights, as_of: date | None = None) -> int:
        """Recompute every tie's trust (after the weights changed)."""
        with self.write():
            pairs = [(a, b) for a, b, _ in self.db.execute("SELECT a, b, trust FROM ties").fetchall()]
            self._rescore(pairs, weights, as_of)
            self._bump_generation()
        return len(pairs)

    def bulk_load(self, people: list[dict[str, str]], ties: Iterable[tuple[int, int, float]],
                  team: dict[int, str]) -> None:
        """Load a generated graph directly (benchmarks): people are numbered 1..len(people) in order."""
        with self.write():
            self.db.executemany(
                "INSERT INTO people (n,id,name,name_key,company,company_key,title,seniority,functions) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                ((i + 1, p["id"], p["name"], name_key(p["name"]), p["company"], company_key(p["company"]),
                  p["title"], *_title_columns(p["title"])) for i, p in enumerate(people)))
            self.db.executemany("INSERT INTO ties VALUES (?,?,?)",
                                ((min(a, b), max(a, b), t) for a, b, t in ties))
            self.db.executemany("INSERT OR REPLACE INTO team VALUES (?,?)", team.items())
            self._bump_generation()


def _final(remap: dict[int, int], n: int) -> int:
    while n in remap:
        n = remap[n]
    return n


def _title_columns(title: str) -> tuple[str, str]:
    level, functions = parse_title(title)
    return (level if title else ""), ",".join(sorted(functions))


class _Resolver:
    """Identity resolution inside one import transaction: exact keys first (profile URL, email),
    then the name-and-company key; never merges two people whose profile URLs differ.

    Keys are read in bulk before the rows are resolved and kept in memory as they change, so a
    30k-row export costs a few queries per row, not dozens."""

    def __init__(self, db: sqlite3.Connection, summary: ImportSummary) -> None:
        self.db = db
        self.summary = summary
        self.source_id: int | None = None
        self.remap: dict[int, int] = {}
        self.seen: set[int] = set()
        self.moved_pairs: set[tuple[int, int]] = set()  # ties a merge moved: their trust is recomputed
        self.keys: dict[str, int | None] = {}  # key -> n, None when known to be absent
        self.with_url: dict[int, bool] = {}
        self.named: set[int] = set()  # people whose display name is already set
        self.pending_keys: dict[str, int] = {}
        self.ref_info: dict[PersonRef, tuple[list[str], str, str]] = {}

    def flush(self) -> None:
        self.db.executemany("INSERT INTO person_keys VALUES (?, ?)", self.pending_keys.items())
        self.pending_keys.clear()

    def _info(self, ref: PersonRef) -> tuple[list[str], str, str]:
        """A reference's exact keys, display name and name key, computed once per reference."""
        info = self.ref_info.get(ref)
        if info is None:
            name = clean_name(ref.first_name, ref.last_name, ref.name)
            info = self.ref_info[ref] = (identity_keys(ref), name, fallback_key(ref) if name else "")
        return info

    def prefetch(self, refs: Iterable[PersonRef]) -> None:
        wanted = set()
        for ref in refs:
            keys, _, nkey = self._info(ref)
            wanted.update(keys)
            if nkey:
                wanted.add(nkey)
        wanted -= self.keys.keys()
        found: dict[str, int | None] = dict.fromkeys(wanted)
        batch = list(wanted)
        for i in range(0, len(batch), 900):
            chunk = batch[i:i + 900]
            found.update(self.db.execute(
                f"SELECT key, n FROM person_keys WHERE key IN ({','.join('?' * len(chunk))})", chunk))
        self.keys.update(found)

    def _lookup(self, key: str) -> int | None:
        if key not in self.keys:
            row = self.db.execute("SELECT n FROM person_keys WHERE key=?", (key,)).fetchone()
            self.keys[key] = None if row is None else int(row[0])
        return self.keys[key]

    def _set_key(self, key: str, n: int) -> None:
        if self._lookup(key) is None and key not in self.pending_keys:
            self.pending_keys[key] = n  # new keys are written in one batch by flush()
        elif key in self.pending_keys:
            self.pending_keys[key] = n
        else:
            self.db.execute("UPDATE person_keys SET n=? WHERE key=?", (n, key))
        self.keys[key] = n
        if key.startswith("li:") and n != AMBIGUOUS:
            self.with_url[n] = True

    def _has_url(self, n: int) -> bool:
        if n not in self.with_url:
            self.with_url[n] = self.db.execute(
                "SELECT 1 FROM person_keys WHERE n=? AND key LIKE 'li:%' LIMIT 1", (n,)).fetchone() is not None
        return self.with_url[n]

    def resolve_owner(self, owner: str) -> int:
        owner = owner.strip()
        if not owner:
            raise ValueError("--owner is required: the name, email or profile URL of the export's owner")
        url, email = normalize_profile_url(owner), normalize_email(owner)
        ref = PersonRef(profile_url=owner if url else "", email=owner if email else "",
                        name="" if (url or email) else owner)
        if not (url or email):
            ns = [r[0] for r in self.db.execute("SELECT n FROM people WHERE name_key=?",
                                                 (name_key(clean_name(full=owner)),))]
            if len(ns) == 1:
                return int(ns[0])
            if len(ns) > 1:
                names = [f"{r[1]} ({r[2] or '?'})" for r in self.db.execute(
                    f"SELECT n, name, company FROM people WHERE n IN ({','.join('?' * len(ns))})", ns)]
                raise AmbiguousPerson(owner, names)
        return self.resolve(ref)

    def resolve(self, ref: PersonRef) -> int:
        keys, name, nkey = self._info(ref)
        found = [n for n in (self._lookup(k) for k in keys) if n]
        n: int | None = None
        if found:
            n = found[0]
            for other in dict.fromkeys(found[1:]):
                if other != n and not (self._has_url(n) and self._has_url(other)):
                    self._merge(keep=n, gone=other, reason="same email and profile URL")
        elif nkey:
            candidate = self._lookup(nkey)
            if candidate and candidate != AMBIGUOUS:
                has_url = any(k.startswith("li:") for k in keys)
                if not (has_url and self._has_url(candidate)):
                    n = candidate
        values = self._values(ref, name)
        if n is None:
            n = self._create(keys[0] if keys else nkey or f"anon:{self.source_id}:{id(ref)}", values)
            self.summary.people_added += 1
        else:
            if n not in self.seen:
                self.summary.people_matched += 1
            self._update(n, values)
        self.seen.add(n)
        for k in keys:
            if self._lookup(k) is None:
                self._set_key(k, n)
        if nkey:
            holder = self._lookup(nkey)
            if holder is None:
                self._set_key(nkey, n)
            elif holder not in (n, AMBIGUOUS):
                self._set_key(nkey, AMBIGUOUS)
        return n

    @staticmethod
    def _values(ref: PersonRef, name: str) -> dict[str, str]:
        values = {
            "name": name, "name_key": name_key(name) if name else "",
            "email": normalize_email(ref.email), "profile_url": ref.profile_url.strip(),
            "company": ref.company.strip(), "company_key": company_key(ref.company) if ref.company.strip() else "",
            "title": ref.title.strip(), "location": ref.location.strip(),
        }
        if values["title"]:
            values["seniority"], values["functions"] = _title_columns(values["title"])
        return {k: v for k, v in values.items() if v}

    def _create(self, first_key: str, values: dict[str, str]) -> int:
        pid = person_id_for(first_key)
        cols = ["id", *values]
        insert = f"INSERT INTO people ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        while True:
            try:
                cur = self.db.execute(insert, (pid, *values.values()))
                break
            except sqlite3.IntegrityError:
                pid = person_id_for(pid + first_key)  # the id is taken: derive another, stably
        n = int(cur.lastrowid or 0)
        if values.get("name"):
            self.named.add(n)
        return n

    def _update(self, n: int, values: dict[str, str]) -> None:
        """Later rows win for what changes (company, title); a name is only filled in once."""
        if values.get("name"):
            if n not in self.named and self.db.execute("SELECT name FROM people WHERE n=?", (n,)).fetchone()[0]:
                self.named.add(n)
            if n in self.named:
                values = {k: v for k, v in values.items() if k not in ("name", "name_key")}
            else:
                self.named.add(n)
        if values:
            self.db.execute(f"UPDATE people SET {', '.join(f'{k}=?' for k in values)} WHERE n=?",
                            (*values.values(), n))

    def _merge(self, *, keep: int, gone: int, reason: str) -> None:
        """Fold person ``gone`` into ``keep``: keys, evidence, ties and team role move over."""
        db = self.db
        self.flush()
        gone_id = db.execute("SELECT id FROM people WHERE n=?", (gone,)).fetchone()[0]
        db.execute("UPDATE person_keys SET n=? WHERE n=?", (keep, gone))
        for key, holder in self.keys.items():
            if holder == gone:
                self.keys[key] = keep
        self.with_url[keep] = self._has_url(keep) or self._has_url(gone)
        rows = db.execute("SELECT id, a, b FROM evidence WHERE a=? OR b=?", (gone, gone)).fetchall()
        for eid, a, b in rows:
            a2, b2 = (keep if a == gone else a), (keep if b == gone else b)
            if a2 == b2:
                db.execute("DELETE FROM evidence WHERE id=?", (eid,))
            else:
                db.execute("UPDATE evidence SET a=?, b=? WHERE id=?", (min(a2, b2), max(a2, b2), eid))
        ties = db.execute("SELECT a, b, trust FROM ties WHERE a=? OR b=?", (gone, gone)).fetchall()
        db.execute("DELETE FROM ties WHERE a=? OR b=?", (gone, gone))
        for a, b, trust in ties:
            other = b if a == gone else a
            if other != keep:  # trust is recomputed for the moved pair at the end of the import
                pair = (min(keep, other), max(keep, other))
                db.execute("INSERT OR REPLACE INTO ties VALUES (?,?,?)", (*pair, trust))
                self.moved_pairs.add(pair)
        role = db.execute("SELECT role FROM team WHERE n=?", (gone,)).fetchone()
        if role:
            db.execute("DELETE FROM team WHERE n=?", (gone,))
            db.execute("INSERT OR IGNORE INTO team VALUES (?, ?)", (keep, role[0]))
        db.execute("UPDATE sources SET owner_n=? WHERE owner_n=?", (keep, gone))
        db.execute("DELETE FROM people WHERE n=?", (gone,))
        db.execute("INSERT INTO merges (kept_n, merged_id, reason, source_id, at) VALUES (?,?,?,?,?)",
                   (keep, gone_id, reason, self.source_id, _now()))
        self.remap[gone] = keep
        self.summary.people_merged += 1
