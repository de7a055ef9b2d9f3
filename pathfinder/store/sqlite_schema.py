"""The embedded store's tables, and the steps that bring an older file up to date.

Tables: ``people`` (one row per human, ``n`` is the internal number, ``id`` the stable public id),
``person_keys`` (profile-URL, email and name keys → person), ``sources`` (one row per imported
file and owner: the provenance every evidence row points at), ``team`` (members and connectors),
``member_keys`` (the keys a team member is known to have: given by the user or their own export),
``evidence`` (what each file said about each tie, with its line), ``ties`` (one row per unordered
pair with its trust and band, derived from the evidence), ``sightings`` (which file and line each person
was seen on, and how the row was matched), ``merges`` and ``keep_apart`` (merges made, and the
ones the user undid), ``intros`` and ``intro_events`` (the introductions ledger), ``suppressed``
(salted hashes of forgotten people's keys) and ``meta`` (settings: the generation, the salt).
"""

from __future__ import annotations

SCHEMA_VERSION = 6
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
    # each tie's band (strong, warm, cold) from its evidence: the ties are rescored when the store
    # is next opened (pathfinder.jobs.upgrade); the never-use people are read on every search
    4: ["ALTER TABLE ties ADD COLUMN band INTEGER NOT NULL DEFAULT 0",
        "CREATE INDEX IF NOT EXISTS people_no_intro ON people(n) WHERE no_intro",
        "INSERT OR REPLACE INTO meta VALUES ('rescore', 'pending')"],
    # what each write changed for the search index, so that it is updated, not rebuilt
    5: [],  # the statements of INDEX_LOG, added below
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
CREATE INDEX IF NOT EXISTS people_no_intro ON people(n) WHERE no_intro;
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
    band INTEGER NOT NULL DEFAULT 0,
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

#: the changes the search index follows (pathfinder.ranking.index_update): each write to a tie, a
#: person's id, company or seniority, the team or the never-use flag leaves a row with the store
#: generation it happened in (kind 'tie': the pair n, m; 'person', 'team': n). Rows older than
#: the index on disk are removed when it is saved; ``index_log_from`` says from which generation
#: the log is whole (before it, the index is rebuilt). Until an index is first saved there is no
#: ``index_log_from`` and nothing is logged: a new store's first import or a copied store's
#: rows pay nothing for a log no index would read.
INDEX_LOG = [
    "CREATE TABLE IF NOT EXISTS index_log (gen INTEGER NOT NULL, kind TEXT NOT NULL, n INTEGER NOT NULL, "
    "m INTEGER NOT NULL DEFAULT -1)",
    *(f"CREATE TRIGGER IF NOT EXISTS {table}_{event.lower()}_logged AFTER {event}{columns} ON {table} "
      f"WHEN EXISTS (SELECT 1 FROM meta WHERE key='index_log_from') BEGIN "
      f"INSERT INTO index_log VALUES ((SELECT CAST(value AS INTEGER) FROM meta WHERE key='generation'), "
      f"'{kind}', {row}.{first}, {second}); END"
      for table, kind, first, second_column, columns_updated in (
          ("ties", "tie", "a", "b", ""),
          ("people", "person", "n", None, " OF id, company_key, seniority, no_intro"),
          ("team", "team", "n", None, ""))
      for event, columns, row in (("INSERT", "", "NEW"), ("UPDATE", columns_updated, "NEW"), ("DELETE", "", "OLD"))
      for second in [f"{row}.{second_column}" if second_column else "-1"]),
]
MIGRATIONS[5] = [*INDEX_LOG, "INSERT OR REPLACE INTO meta VALUES ('index_log_from', "
                             "(SELECT value FROM meta WHERE key='generation'))"]
