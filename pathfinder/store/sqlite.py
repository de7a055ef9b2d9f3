"""The embedded store: one SQLite file (WAL journal, one transaction per imported file).

It persists and reads (:class:`~pathfinder.store.protocol.Store`). This module holds what the
search index, an import and the faces read; the file itself (opening, transactions, copies) is
:mod:`.sqlite_file`, the records kept for people (forgetting, unmerging, the ledger)
:mod:`.sqlite_records`, identity resolution's statements :mod:`.sqlite_identity` (as ``.sql``
files beside the Cypher ones), and the tables :mod:`.sqlite_schema`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator

from pathfinder.errors import StoreLocked
from pathfinder.model import Evidence, PersonRow, now
from pathfinder.store.protocol import EvidenceRow, IndexChanges, Pair, TieRow
from pathfinder.store.rows import stored_evidence
from pathfinder.store.sqlite_identity import SQLiteIdentity
from pathfinder.store.sqlite_records import SQLiteRecords

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
    ("ties whose band is not cold, warm or strong", "SELECT COUNT(*) FROM ties WHERE band NOT IN (0, 1, 2)"),
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


class SQLiteStore(SQLiteRecords, SQLiteIdentity):
    """The embedded default store. Open with :func:`pathfinder.store.open_store`."""

    backend = "sqlite"

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

    def people_filtered(self, *, company_keys: list[str] | None = None, seniorities: list[str] | None = None,
                        functions: list[str] | None = None) -> Iterator[PersonRow]:
        """People at any of ``company_keys`` with any of ``seniorities`` and any of ``functions``
        (``None``: any)."""
        clauses, args = [], []
        for column, values in (("company_key", company_keys), ("seniority", seniorities)):
            if values is not None:
                clauses.append(f"{column} IN (SELECT value FROM json_each(?))")  # column: one of the two names
                args.append(json.dumps(values))
        if functions is not None:  # the column lists a person's functions, comma-separated
            clauses.append("EXISTS (SELECT 1 FROM json_each(?) f WHERE instr(',' || functions || ',', "
                           "',' || f.value || ',') > 0)")
            args.append(json.dumps(functions))
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
        for a, b, kind, d, data, owner in self.db.execute(
                "SELECT e.a, e.b, e.kind, e.date, e.data, s.owner_n FROM json_each(?) p JOIN evidence e "
                "ON e.a = json_extract(p.value, '$[0]') AND e.b = json_extract(p.value, '$[1]') "
                "LEFT JOIN sources s ON s.id = e.source_id ORDER BY e.id", (json.dumps(pairs),)):
            out[(a, b)].append(stored_evidence(kind, d, data, owner, a, b))
        return out

    def ties(self, *, usable_only: bool = False) -> Iterator[tuple[int, int, float]]:
        """Every tie as (a, b, trust); with ``usable_only``, not the do-not-ask ones."""
        yield from self.db.execute("SELECT a, b, trust FROM ties" + (" WHERE usable" if usable_only else ""))

    def graph_ties(self) -> Iterator[TieRow]:
        """Every tie as (a, b, trust, usable, band), for the search index."""
        for a, b, trust, usable, band in self.db.execute("SELECT a, b, trust, usable, band FROM ties"):
            yield a, b, trust, bool(usable), band

    def index_changes(self, since: int, most: int | None = None) -> IndexChanges | None:
        """What changed for the search index from generation ``since`` on (the index log); None
        when the log does not reach back that far, or holds more than ``most`` changes (the
        index is then rebuilt)."""
        start = self.get_meta("index_log_from")
        if start is None or int(start) > since:
            return None
        if most is not None and self.db.execute("SELECT COUNT(*) FROM index_log").fetchone()[0] > most:
            return None
        changes = IndexChanges(set(), set(), False)
        for kind, n, m in self.db.execute("SELECT kind, n, m FROM index_log WHERE gen >= ?", (since,)):
            if kind == "tie":
                changes.pairs.add((n, m))
            elif kind == "person":
                changes.people.add(n)
            else:
                changes.team = True
        return changes

    def ties_touching(self, ns: list[int]) -> list[TieRow]:
        """Every tie of the people ``ns``, as (a, b, trust, usable, band)."""
        wanted = json.dumps(sorted(ns))
        return self.db.execute(
            "SELECT a, b, trust, usable, band FROM ties WHERE a IN (SELECT value FROM json_each(?)) "
            "UNION SELECT a, b, trust, usable, band FROM ties WHERE b IN (SELECT value FROM json_each(?))",
            (wanted, wanted)).fetchall()

    def index_rows(self, ns: list[int]) -> list[tuple[int, str, str, str]]:
        """(n, public id, company key, seniority) of those of ``ns`` who are in the store."""
        return self.db.execute("SELECT n, id, company_key, seniority FROM people WHERE n IN "
                               "(SELECT value FROM json_each(?))", (json.dumps(sorted(ns)),)).fetchall()

    def prune_index_log(self, upto: int) -> None:
        """Forget the log before generation ``upto`` (an index of that generation is saved), if
        the store is free now: never waits for a writer. The first time, the log starts now: from
        the store's generation as this runs, which is later than ``upto`` when a write landed
        after the index was read (that write was not logged, so that index is not updated from
        the log but rebuilt)."""
        try:
            self.db.execute("PRAGMA busy_timeout=0")
            with self.write():
                self.db.execute("DELETE FROM index_log WHERE gen < ?", (upto,))
                self.db.execute(
                    "INSERT OR REPLACE INTO meta SELECT 'index_log_from', CAST(COALESCE("
                    "MAX((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'index_log_from'), ?), "
                    "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'), ?) AS TEXT)", (upto, upto))
        except (StoreLocked, sqlite3.OperationalError):
            pass  # busy, or a read-only store: the next save prunes
        finally:
            self.db.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")

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
