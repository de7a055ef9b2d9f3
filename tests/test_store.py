"""The embedded store: import, identity resolution, idempotence, atomicity, persistence."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import pathfinder
from pathfinder.errors import AmbiguousPerson, PersonNotFound, StoreCorrupt
from pathfinder.jobs.ingest import import_extraction
from pathfinder.model import Evidence
from pathfinder.records import ContactRecord, Extraction, PersonRef
from pathfinder.store.sqlite_schema import SCHEMA_VERSION

from .conftest import AS_OF

LI = Path(__file__).parent / "data" / "linkedin"
CSV = Path(__file__).parent / "data" / "csv"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def test_reimporting_the_same_file_changes_nothing(pf, tmp_path: Path) -> None:
    first = pf.import_file(LI / "era2024_preamble_url.csv", owner="Rita Rep")
    before = pf.stats()
    dump = list(pf.store.db.iterdump())
    again = pf.import_file(LI / "era2024_preamble_url.csv", owner="Rita Rep")
    assert first.people_added == 5 and first.ties_added == 4  # the owner and four contacts
    assert again.already_imported and pf.stats() == before
    assert list(pf.store.db.iterdump()) == dump


def test_same_person_in_two_exports_is_one_node(pf, tmp_path: Path) -> None:
    a = write(tmp_path / "a.csv", HEADER + "Dana,Buyer,https://www.linkedin.com/in/dana-buyer,,Acme,VP Sales,01 Jan 2024\n")
    b = write(tmp_path / "b.csv", HEADER + "Dana,Buyer,https://de.linkedin.com/in/Dana-Buyer/,,ACME Corp.,VP Sales,01 Jan 2023\n")
    pf.import_file(a, owner="Rita Rep")
    s = pf.import_file(b, owner="Sam Seller")
    assert s.people_matched == 1 and s.people_added == 1  # Dana matched, Sam new
    dana = pf.person("Dana Buyer")
    graph = pf.to_networkx()
    assert sorted(graph.nodes[n]["name"] for n in graph.neighbors(dana.id)) == ["Rita Rep", "Sam Seller"]


def test_same_name_with_different_profile_urls_stays_two_people(pf, tmp_path: Path) -> None:
    f = write(tmp_path / "a.csv", HEADER
              + "Alex,Kim,https://www.linkedin.com/in/alex-kim-1,,Acme,Engineer,01 Jan 2024\n"
              + "Alex,Kim,https://www.linkedin.com/in/alex-kim-2,,Acme,Engineer,01 Jan 2024\n")
    pf.import_file(f, owner="Rita Rep")
    with pytest.raises(AmbiguousPerson, match="2 people"):
        pf.person("Alex Kim")
    assert pf.stats()["people"] == 3


def test_name_and_company_match_merges_a_url_less_record(pf, tmp_path: Path) -> None:
    old = write(tmp_path / "old.csv", "First Name,Last Name,Email Address,Company,Position,Connected On\n"
                "Marco,Rossi,,ACME Corp.,Sales Manager,08 Feb 2021\n")
    new = write(tmp_path / "new.csv", HEADER + "Marco,Rossi,https://www.linkedin.com/in/marco,,Acme Corporation,Sales Manager,01 Jan 2024\n")
    pf.import_file(old, owner="Sam Seller")
    pf.import_file(new, owner="Rita Rep")
    assert pf.stats()["people"] == 3


def test_email_and_url_of_two_records_merge_into_one_person(pf, tmp_path: Path) -> None:
    by_url = write(tmp_path / "a.csv", HEADER + "Carla,Client,https://www.linkedin.com/in/carla,,Globex,COO,01 Jan 2024\n")
    by_email = write(tmp_path / "b.csv", "Name,Email,Company\nCarla C.,carla@globex.example.com,Globex\n")
    both = write(tmp_path / "c.csv", "Name,Email,LinkedIn,Company\nCarla Client,carla@globex.example.com,"
                 "https://www.linkedin.com/in/carla,Globex\n")
    pf.import_file(by_url, owner="Rita Rep")
    pf.import_file(by_email, owner="Sam Seller")
    assert pf.stats()["people"] == 4
    s = pf.import_file(both, owner="Tom Closer")
    assert s.people_merged == 1 and pf.stats()["people"] == 4
    carla = pf.person("carla@globex.example.com")
    assert carla.id == pf.person("https://www.linkedin.com/in/carla").id
    assert sorted(pf.to_networkx().nodes[n]["name"] for n in pf.to_networkx().neighbors(carla.id)) == [
        "Rita Rep", "Sam Seller", "Tom Closer"]


def test_owner_who_is_already_a_contact_becomes_that_person(pf, tmp_path: Path) -> None:
    rita = write(tmp_path / "rita.csv", HEADER + "Carla,Client,https://www.linkedin.com/in/carla,,Globex,COO,01 Jan 2024\n")
    carla = write(tmp_path / "carla.csv", HEADER + "Dana,Buyer,https://www.linkedin.com/in/dana,,Acme,VP Sales,01 Jan 2024\n")
    pf.import_file(rita, owner="Rita Rep")
    pf.import_file(carla, owner="Carla Client", connector=True)
    assert pf.stats()["people"] == 3
    assert pf.store.team() == {pf.person("Rita Rep").n: "member", pf.person("Carla Client").n: "connector"}


def test_a_failing_import_leaves_the_store_as_it_was(pf, tmp_path: Path, monkeypatch) -> None:
    pf.import_file(LI / "era2021_preamble_no_url.csv", owner="Sam Seller")
    dump = list(pf.store.db.iterdump())
    from pathfinder.identity import resolve

    calls = {"n": 0}
    real = resolve.Resolver.resolve

    def flaky(self, ref, *args):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk on fire")
        return real(self, ref, *args)

    monkeypatch.setattr(resolve.Resolver, "resolve", flaky)
    with pytest.raises(RuntimeError):
        pf.import_file(LI / "era2024_preamble_url.csv", owner="Rita Rep")
    assert list(pf.store.db.iterdump()) == dump


def test_store_survives_reopening_and_is_private(store_path: Path) -> None:
    with pathfinder.open(store_path, as_of=AS_OF) as pf:
        pf.import_file(LI / "era2018_no_preamble.csv", owner="Tom Closer")
        pf.refresh_index()
        graph = pf.to_networkx()
    with pathfinder.open(store_path, as_of=AS_OF) as pf:
        again = pf.to_networkx()
        assert pf.person("olivia@example.net").name == "Olivia Ops"
    assert sorted(graph.edges(data="trust")) == sorted(again.edges(data="trust"))
    assert stat.S_IMODE(os.stat(store_path).st_mode) == 0o600
    index = store_path.with_name(store_path.name + ".index")
    assert stat.S_IMODE(os.stat(index).st_mode) == 0o600


def test_not_a_store_is_a_clear_error(tmp_path: Path) -> None:
    bogus = write(tmp_path / "x.db", "this is not sqlite" * 100)
    with pytest.raises(StoreCorrupt, match="x.db"):
        pathfinder.open(bogus)


def test_newer_schema_is_refused(store_path: Path) -> None:
    pathfinder.open(store_path).close()
    db = sqlite3.connect(store_path)
    db.execute("PRAGMA user_version=99")
    db.close()
    with pytest.raises(StoreCorrupt, match="newer pathfinder"):
        pathfinder.open(store_path)


def test_unknown_person_suggests_close_matches(pf) -> None:
    pf.import_file(LI / "era2018_no_preamble.csv", owner="Tom Closer")
    with pytest.raises(PersonNotFound, match="Olivia Ops"):
        pf.person("Olivia Opps")


def test_merged_ties_get_rescored_from_all_their_evidence(pf) -> None:
    ex = Extraction(path="mem", format="test", records=[
        ContactRecord(2, PersonRef(name="Pat Doe", profile_url="linkedin.com/in/pat"), (Evidence("connection", "2020-01-01"),)),
        ContactRecord(3, PersonRef(name="Pat D", email="pat@example.com"), (Evidence("relationship", None, {"tier": "client"}),)),
        ContactRecord(4, PersonRef(name="Pat Doe", email="pat@example.com", profile_url="linkedin.com/in/pat"), ()),
    ])
    s = import_extraction(pf.store, ex, owner="Rita Rep", role="member", sha256="x", weights=pf.weights, as_of=AS_OF)
    assert s.people_merged == 1
    (a, b, trust), = list(pf.store.ties())
    assert trust > 0.85  # client evidence and the connection now sit on one tie


def test_an_older_store_is_migrated_after_a_backup_kept_only_until_it_succeeds(store_path: Path, monkeypatch) -> None:
    from pathfinder.store import sqlite_schema as sqlite_store

    with pathfinder.open(store_path, as_of=AS_OF) as pf:
        pf.import_file(LI / "era2018_no_preamble.csv", owner="Tom Closer")
        before = pf.stats()
    current = sqlite_store.SCHEMA_VERSION
    monkeypatch.setattr(sqlite_store, "SCHEMA_VERSION", current + 1)
    backup = store_path.with_name(store_path.name + f".schema{current}.bak")
    monkeypatch.setitem(sqlite_store.MIGRATIONS, current, ["ALTER TABLE people ADD COLUMN nickname TEXT",
                                                           "ALTER TABLE no_such_table ADD COLUMN x TEXT"])
    with pytest.raises(sqlite3.OperationalError):  # a step that fails: the store stays as it was, the copy stays
        pathfinder.open(store_path, as_of=AS_OF)
    for copy in (store_path, backup):
        db = sqlite3.connect(copy)
        assert db.execute("PRAGMA user_version").fetchone()[0] == current
        assert db.execute("SELECT COUNT(*) FROM people").fetchone()[0] == before["people"]
        db.close()
    monkeypatch.setitem(sqlite_store.MIGRATIONS, current, ["ALTER TABLE people ADD COLUMN nickname TEXT NOT NULL DEFAULT ''"])
    with pathfinder.open(store_path, as_of=AS_OF) as pf:
        assert pf.store.db.execute("PRAGMA user_version").fetchone()[0] == current + 1
        assert pf.store.db.execute("SELECT COUNT(nickname) FROM people").fetchone()[0] == before["people"]
        assert pf.person("olivia@example.net").name == "Olivia Ops"
    assert not backup.exists(), "a copy kept after the migration would keep people forgotten later"


def test_a_schema_1_store_gets_the_index_of_ties_and_the_contact_details(store_path: Path) -> None:
    with pathfinder.open(store_path, as_of=AS_OF) as pf:
        pf.import_file(LI / "era2018_no_preamble.csv", owner="Tom Closer")
        ties = pf.stats()["ties"]
    db = sqlite3.connect(store_path)  # what a schema-1 store looked like
    for (trigger,) in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
        db.execute(f"DROP TRIGGER {trigger}")  # (schema 6 added the index log)
    db.execute("DROP TABLE index_log")
    db.execute("DELETE FROM meta WHERE key='index_log_from'")
    db.execute("DROP INDEX ties_b")
    db.execute("ALTER TABLE ties DROP COLUMN band")  # (schema 5 added each tie's band)
    db.execute("DROP TABLE member_keys")  # (schema 4 added the team's own keys)
    db.execute("DROP INDEX people_last_key")
    for column in ("phone", "birthday", "street", "postcode"):  # (schema 3 added the contact details)
        db.execute(f"DROP INDEX IF EXISTS people_{column}")
        db.execute(f"ALTER TABLE people DROP COLUMN {column}")
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()
    with pathfinder.open(store_path, as_of=AS_OF) as pf:
        assert pf.store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6
        assert pf.store.index_changes(pf.store.generation) is not None  # the log starts with the upgrade
        plan = " ".join(str(r) for r in pf.store.db.execute("EXPLAIN QUERY PLAN SELECT a FROM ties WHERE b=?", (1,)))
        assert "ties_b" in plan and pf.stats()["ties"] == ties
        columns = {row[1] for row in pf.store.db.execute("PRAGMA table_info(people)")}
        assert {"phone", "birthday", "street", "postcode"} <= columns
        assert pf.store.get_meta("rescore") == "done"  # the bands were computed on opening
        assert {band for _, _, _, _, band in pf.store.graph_ties()} == {0}  # bare connections: all cold


def test_a_store_scored_under_an_earlier_versions_weights_fingerprint_is_rescored_only_if_they_changed(
        tmp_path: Path) -> None:
    """Earlier versions kept a fingerprint of the weights the ties were scored with; the store
    keeps the weights themselves now. Same weights: nothing is rescored; others: everything is."""
    import hashlib

    from pathfinder.faces.demo import import_samples
    from pathfinder.jobs.upgrade import weights_json
    from pathfinder.ranking.trust import load_weights

    store_path = tmp_path / "old.db"
    with pathfinder.open(store_path, as_of=AS_OF) as pf:
        import_samples(pf, lambda _: None)
    current = weights_json(load_weights())
    for scored_with, rescored in ((current, False), (current.replace("0.", "0.1", 1), True)):
        with pathfinder.open(store_path, as_of=AS_OF) as pf:
            with pf.store.write():
                pf.store.set_meta("weights", hashlib.sha256(scored_with.encode()).hexdigest()[:16])
            generation = pf.store.generation
        with pathfinder.open(store_path, as_of=AS_OF) as pf:
            assert pf.store.get_meta("weights") == current
            assert (pf.store.generation != generation) is rescored


@pytest.mark.parametrize("backend", ["sqlite", "memory"])
def test_loading_rows_that_leave_out_their_empty_columns_keeps_every_column(tmp_path: Path, backend: str) -> None:
    """A copy from Neo4j has no property for a null column, and its rows come in any order: an
    evidence row without a date first must not drop every other row's date."""
    from pathfinder.faces.demo import import_samples

    with pathfinder.open(tmp_path / "a.db", as_of=AS_OF) as pf:
        import_samples(pf, lambda _: None)
        original = pf.store.dump()
    undated = [r for r in original["evidence"] if r["date"] is None]
    assert undated and len(undated) < len(original["evidence"])
    as_from_neo4j = {table: [{k: v for k, v in r.items() if v is not None} for r in rows]
                     for table, rows in original.items()}
    as_from_neo4j["evidence"].sort(key=lambda r: "date" in r)  # the undated rows first
    with pathfinder.open(tmp_path / "b.db" if backend == "sqlite" else f"memory:{tmp_path}", as_of=AS_OF) as copy:
        copy.store.load(as_from_neo4j)
        again = copy.store.dump()
    rows = lambda tables, t: sorted(repr(sorted(r.items())) for r in tables[t])  # noqa: E731
    tables = [t for t in original if t != "meta"]
    assert {t: rows(again, t) for t in tables} == {t: rows(original, t) for t in tables}


def damage(index_path: Path, how: str) -> None:
    """Break a saved index the ways a disk or a hand does: zero the trusts or point neighbours past
    the end (in the arcs file, headers intact), point rows past the end (in the index file), or
    garble the header."""
    import json as json_module
    import struct

    def header_of(raw: bytearray) -> dict:
        return json_module.loads(bytes(raw[16:struct.unpack("<Q", raw[8:16])[0]]).rstrip(b"\0"))

    raw = bytearray(index_path.read_bytes())
    used = header_of(raw)["arcs_file"]
    if how == "header":
        raw[16:24] = b"{{{{{{{{"
    elif how == "rows":
        dtype, count, offset, _ = header_of(raw)["arrays"]["end"]
        raw[offset:offset + count * 8] = b"\x7f" * (count * 8)
    else:
        index_path = index_path.with_name(index_path.name + ".arcs")
        raw = bytearray(index_path.read_bytes())
        name = "cost" if how == "trusts" else "indices"
        dtype, _, offset = header_of(raw)["arrays"][name]
        size = int(used["arcs"]) * int(dtype[-1])
        raw[offset:offset + size] = (b"\0" if how == "trusts" else b"\xff") * size
    index_path.write_bytes(bytes(raw))


@pytest.mark.parametrize("how", ["trusts", "neighbours", "rows", "header"])
def test_a_damaged_index_is_never_used_and_check_rebuilds_it(store_path: Path, how: str) -> None:
    from pathfinder.ranking.index import load_index
    with pathfinder.open(store_path, as_of=AS_OF) as pf:
        pf.import_file(LI / "era2018_no_preamble.csv", owner="Tom Closer")
        pf.refresh_index()
        before = [(p.target.id, round(p.score, 6)) for p in pf.paths(account="Acme", top=5)]
    assert before
    index_path = store_path.with_name(store_path.name + ".index")
    damage(index_path, how)
    assert load_index(index_path, verify=True) is None
    with pathfinder.open(store_path, as_of=AS_OF) as pf:  # a query rebuilds it and answers as before
        assert [(p.target.id, round(p.score, 6)) for p in pf.paths(account="Acme", top=5)] == before
    damage(index_path, how)
    with pathfinder.open(store_path, as_of=AS_OF) as pf:
        report = pf.check()
    assert report["ok"] and report["rebuilt"] and report["index"]["fresh"]
    assert load_index(index_path, verify=True) is not None


def test_half_written_index_files_a_killed_process_left_are_removed(store_path: Path) -> None:
    with pathfinder.open(store_path, as_of=AS_OF) as pf:
        pf.import_file(LI / "era2018_no_preamble.csv", owner="Tom Closer")
        old = store_path.with_name(store_path.name + ".index.abc123.tmp")
        new = store_path.with_name(store_path.name + ".index.def456.tmp")
        for f in (old, new):
            f.write_bytes(b"half an index")
        os.utime(old, (0, 0))  # left long ago; `new` may be another process's, being written now
        pf.refresh_index()
    assert not old.exists() and new.exists()


def test_an_in_memory_store_leaves_no_folder_behind(tmp_path: Path) -> None:
    # its index has a place on disk while the process lives; the folder goes when the process ends
    script = ("import pathfinder\n"
              "pf = pathfinder.open('memory:leaves-nothing')\n"
              "pf.refresh_index()\n"
              "print(pf.store.path.parent)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    folder = Path(done.stdout.strip())
    assert folder.name.startswith("pathfinder-memory-") and not folder.exists()


@pytest.mark.parametrize("how", ["gone", "another index's", "cut short"])
def test_an_index_whose_arcs_file_is_missing_or_not_its_own_is_rebuilt(store_path: Path, tmp_path: Path,
                                                                       how: str) -> None:
    from pathfinder.ranking.index import arcs_path, load_index
    with pathfinder.open(store_path, as_of=AS_OF) as pf:
        pf.import_file(LI / "era2018_no_preamble.csv", owner="Tom Closer")
        pf.refresh_index()
        before = [(p.target.id, round(p.score, 6)) for p in pf.paths(account="Acme", top=5)]
    arcs = arcs_path(store_path.with_name(store_path.name + ".index"))
    if how == "gone":
        arcs.unlink()
    elif how == "another index's":
        with pathfinder.open(tmp_path / "other.db", as_of=AS_OF) as other:
            other.import_file(LI / "era2018_no_preamble.csv", owner="Tom Closer")
            other.refresh_index()
        arcs.write_bytes(arcs_path(tmp_path / "other.db.index").read_bytes())
    else:
        arcs.write_bytes(arcs.read_bytes()[:5000])
    assert load_index(store_path.with_name(store_path.name + ".index")) is None
    with pathfinder.open(store_path, as_of=AS_OF) as pf:  # a query rebuilds it and answers as before
        assert [(p.target.id, round(p.score, 6)) for p in pf.paths(account="Acme", top=5)] == before
        assert pf.check()["index"]["fresh"]
