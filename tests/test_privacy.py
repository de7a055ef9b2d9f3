"""Personal data: forget leaves no trace, export-person shows everything, no network, no injection,
and check / backup keep the store trustworthy."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import pathfinder
from pathfinder.faces.cli import cli

from .conftest import AS_OF

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def team(tmp_path: Path) -> dict[str, Path]:
    files = {
        "rita": HEADER + "Dana,Buyer,https://www.linkedin.com/in/dana-buyer-zq,dana.zq@acme.example.com,Acme,VP Sales,01 Jan 2024\n"
                         "Carla,Client,https://www.linkedin.com/in/carla,,Globex,COO,01 Jan 2020\n",
        "carla": HEADER + "Dana,Buyer,https://www.linkedin.com/in/dana-buyer-zq,,Acme,VP Sales,01 Jan 2021\n",
        "sam": "Name,Email,Company,Relationship\nDana Buyer,dana.zq@acme.example.com,Acme,friend\n",
    }
    out = {}
    for name, text in files.items():
        (tmp_path / f"{name}.csv").write_text(text)
        out[name] = tmp_path / f"{name}.csv"
    return out


def store_bytes(store_path: Path) -> bytes:
    data = b""
    for f in store_path.parent.iterdir():
        if f.name.startswith(store_path.name):
            data += f.read_bytes()
    return data


def test_forget_leaves_no_trace_and_stays_forgotten(pf, store_path: Path, tmp_path: Path) -> None:
    files = team(tmp_path)
    pf.import_file(files["rita"], owner="Rita Rep")
    pf.import_file(files["carla"], owner="Carla Client", connector=True)
    pf.record_intro(to="Dana Buyer", via="Carla Client")
    pf.refresh_index()
    assert b"dana-buyer-zq" in store_bytes(store_path)
    counts = pf.forget("Dana Buyer")
    assert counts["people"] == 1 and counts["ties_with_others"] == 2 and counts["introductions"] == 1
    raw = store_bytes(store_path)
    for trace in (b"dana-buyer-zq", b"dana.zq@acme", b"Dana", b"Buyer"):
        assert trace not in raw, trace
    assert pf.check()["ok"]
    # the same exports again, and a new one: Dana stays out
    s = pf.import_file(files["sam"], owner="Sam Seller")
    assert "1 rows about people who asked to be forgotten were not imported" in s.notes
    assert pf.people("Dana") == []
    assert pf.forget("dana.zq@acme.example.com", undo=True)["lifted"] >= 1
    sam2 = tmp_path / "sam2.csv"
    sam2.write_text("Name,Email,Company,Relationship\nDana Buyer,dana.zq@acme.example.com,Acme,friend\n\n")
    pf.import_file(sam2, owner="Sam Seller")
    assert [p.name for p in pf.people("Dana")] == ["Dana Buyer"]


def test_export_person_shows_everything_held(pf, tmp_path: Path) -> None:
    files = team(tmp_path)
    pf.import_file(files["rita"], owner="Rita Rep")
    pf.import_file(files["sam"], owner="Sam Seller")
    info = pf.export_person("Dana Buyer")
    assert info["email"] == "dana.zq@acme.example.com" and "li:linkedin.com/in/dana-buyer-zq" in info["keys"]
    assert {t["with"] for t in info["ties"]} == {"Rita Rep", "Sam Seller"}
    assert {Path(s["file"]).name for s in info["sightings"]} == {"rita.csv", "sam.csv"}


def test_no_network_during_import_and_query(pf, tmp_path: Path, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("pathfinder tried to open a network connection")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    files = team(tmp_path)
    (tmp_path / "rita_only_carla.csv").write_text(HEADER + "Carla,Client,https://www.linkedin.com/in/carla,,Globex,COO,"
                                                  "01 Jan 2020\n")
    (tmp_path / "rita_clients.csv").write_text("Name,LinkedIn,Relationship\nCarla Client,linkedin.com/in/carla,client\n")
    pf.import_file(tmp_path / "rita_only_carla.csv", owner="Rita Rep")
    pf.import_file(tmp_path / "rita_clients.csv", owner="Rita Rep")
    pf.import_file(files["carla"], owner="Carla Client", connector=True)
    assert pf.paths(account="Acme") and pf.ask(to="Dana Buyer")


@pytest.mark.parametrize("name", ["'}) DETACH DELETE n //", "Robert'); DROP TABLE people;--", '"; DELETE FROM ties; --'])
def test_names_that_look_like_queries_are_just_names(pf, tmp_path: Path, name: str) -> None:
    f = tmp_path / "x.csv"
    f.write_text("Name,Company,Relationship\n" + f'"{name.replace(chr(34), chr(34) * 2)}",Acme,friend\nOther Person,Acme,friend\n')
    pf.import_file(f, owner="Rita Rep")
    assert pf.stats()["people"] == 3 and pf.stats()["ties"] == 2
    assert pf.person(name).name == name
    assert [p.target.name for p in pf.paths(to=name)] == [name]
    assert pf.check()["ok"]


def test_check_finds_inconsistencies_and_exits_1(pf, store_path: Path, tmp_path: Path) -> None:
    pf.import_file(team(tmp_path)["rita"], owner="Rita Rep")
    pf.refresh_index()
    runner = CliRunner()
    ok = runner.invoke(cli, ["--store", str(store_path), "check", "--format", "json"])
    assert ok.exit_code == 0 and '"ok": true' in ok.output
    db = sqlite3.connect(store_path)
    db.execute("DELETE FROM people WHERE name='Carla Client'")
    db.commit()
    db.close()
    bad = runner.invoke(cli, ["--store", str(store_path), "check"])
    assert bad.exit_code == 1 and "evidence about a person who does not exist" in bad.stderr


def test_backup_is_a_consistent_copy_while_a_reader_is_open(pf, store_path: Path, tmp_path: Path) -> None:
    pf.import_file(team(tmp_path)["rita"], owner="Rita Rep")
    reader = sqlite3.connect(store_path)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM people").fetchone()
    pf.backup(tmp_path / "copy.db")
    reader.rollback()
    with pathfinder.open(tmp_path / "copy.db", as_of=AS_OF) as copy:
        assert copy.stats() == pf.stats() and copy.check()["ok"]
    with pytest.raises(pathfinder.StoreCorrupt, match="already exists"):
        pf.backup(tmp_path / "copy.db")


def test_cli_forget_asks_for_confirmation(pf, store_path: Path, tmp_path: Path) -> None:
    pf.import_file(team(tmp_path)["rita"], owner="Rita Rep")
    runner = CliRunner()
    no = runner.invoke(cli, ["--store", str(store_path), "forget", "Dana Buyer"], input="n\n")
    assert no.exit_code == 1 and pf.people("Dana")
    yes = runner.invoke(cli, ["--store", str(store_path), "forget", "Dana Buyer", "--yes"])
    assert yes.exit_code == 0 and not pf.people("Dana")


def test_forget_reaches_referrers_mentions_file_names_and_old_copies(pf, store_path: Path, tmp_path: Path) -> None:
    """The person is also a "Referred By" name in a teammate's list, the name of a file, and in an
    older pathfinder's migration copy; a backup made earlier is named, not silently kept."""
    ours = tmp_path / "zebulon-quixotefang-intro.csv"
    ours.write_text("Name,Email,Company,Relationship,Referred By\n"
                    "Zebulon Quixotefang,zq@initech.example.com,Initech,client,\n"
                    "Ada Lovelace,ada@initech.example.com,Initech,referred,Zebulon Quixotefang\n")
    pf.import_file(ours, owner="Rita Rep")
    sam = tmp_path / "sam.csv"
    sam.write_text("Name,Email,Company,Relationship,Referred By\n"
                   "Grace Hopper,grace@navy.example.org,Navy,referred,\"Quixotefang, Zebulon\"\n"
                   "Alan Turing,alan@gchq.example.org,GCHQ,referred,Zebulon Quixotefang\n")
    pf.import_file(sam, owner="Sam Seller")
    pf.refresh_index()
    zebulons = pf.people("Quixotefang")
    assert len(zebulons) == 2 and {p.email for p in zebulons} == {"zq@initech.example.com", ""}  # Sam's: a name only
    leftover = store_path.with_name(store_path.name + ".schema3.bak")
    pf.backup(leftover)  # what an older pathfinder's migration left beside the store
    earlier = tmp_path / "earlier-backup.db"
    pf.backup(earlier)
    counts = pf.forget("zq@initech.example.com")
    assert counts["mentions"] >= 1 and counts["migration_backups"] == 1 and not leftover.exists()
    raw = store_bytes(store_path)
    for trace in (b"Zebulon", b"Quixotefang", b"zebulon", b"quixotefang", b"zq@initech"):
        assert trace not in raw, trace
    assert pf.people("Quixotefang") == [] and counts["people"] == 2
    assert [t["person"].name for t in pf.ties(pf.person("Grace Hopper").id)] == ["Sam Seller"]  # her tie to Sam stays
    assert pf.backups() == [earlier.resolve()] and b"Quixotefang" in earlier.read_bytes()
    assert pf.check()["ok"]


def test_forget_with_a_reader_holding_the_file_says_what_is_left_and_check_finishes(
        pf, store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pathfinder.errors import StoreLocked
    from pathfinder.store import sqlite_file
    pf.import_file(team(tmp_path)["rita"], owner="Rita Rep")
    monkeypatch.setattr(sqlite_file, "COMPACT_WAIT", 0.3)
    reader = sqlite3.connect(store_path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM people").fetchone()  # holds a snapshot with Dana in it
    with pytest.raises(StoreLocked, match="another process is reading .* run `pathfinder check`"):
        pf.forget("Dana Buyer")
    assert pf.people("Dana") == []  # forgotten in the store; the old pages are what is left
    reader.execute("COMMIT")
    reader.close()
    assert pf.check()["ok"]
    raw = store_bytes(store_path)
    assert b"dana-buyer-zq" not in raw and b"dana.zq@acme" not in raw
