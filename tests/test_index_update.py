"""The search index brought up to date from the store's log of changes is the index a rebuild
gives (the same people, ranks, codes, team, and every row the same, arc by arc) after every kind
of write: imports that add people and ties and match others, a vouch, do-not-ask, never-use, a
new teammate, forget, unmerge. An update writes its rows into the arcs file in place, after the
rows in use; a rebuild writes both files anew."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import pathfinder
from pathfinder.faces.demo import import_samples
from pathfinder.ranking import index as index_files
from pathfinder.ranking import policy
from pathfinder.ranking.index import SearchIndex, arcs_path

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def same(a: SearchIndex, b: SearchIndex) -> list[str]:
    """What two whole-network indexes differ in, as a search reads them: the people (each node's
    rank in id order, -1 for nobody), their ids, companies and seniority, the team, the people
    never to ask, and each person's row of arcs (neighbour, cost, band, do-not-ask)."""
    nodes = max(a.nodes, b.nodes)

    def padded(x: np.ndarray) -> np.ndarray:
        return np.concatenate([x, np.full(nodes - x.shape[0], -1, dtype=x.dtype)])

    differ = [name for name in ("generation", "team", "blocked") if not np.array_equal(getattr(a, name), getattr(b, name))]
    if not np.array_equal(padded(a.rank), padded(b.rank)):
        return [*differ, "rank"]
    live = np.flatnonzero(a.rank >= 0)
    if not np.array_equal(a.ids[live], b.ids[live]):
        differ.append("ids")
    for table, code in (("companies", "company"), ("levels", "level")):
        if [getattr(a, table)[c] if c >= 0 else None for c in getattr(a, code)[live]] != \
                [getattr(b, table)[c] if c >= 0 else None for c in getattr(b, code)[live]]:
            differ.append(code)
        if getattr(a, code).dtype != getattr(b, code).dtype:  # (the narrowest that numbers the table)
            differ.append(f"{code} type")
    if a.arcs != b.arcs or a.people != b.people:
        differ.append("size")
    for u in live.tolist():
        for name in ("indices", "cost", "band", "held"):
            if not np.array_equal(getattr(a, name)[a.row(u)], getattr(b, name)[b.row(u)]):
                differ.append(f"{name} of node {u}")
    return differ


def updated_only(pf: pathfinder.PathFinder, monkeypatch: pytest.MonkeyPatch) -> SearchIndex:
    """The index brought up to date (a rebuild is not allowed)."""
    with monkeypatch.context() as m:
        m.setattr(policy, "build_index", lambda *a, **k: pytest.fail("rebuilt instead of updated"))
        return pf.refresh_index()


def updated_and_rebuilt(pf: pathfinder.PathFinder, monkeypatch: pytest.MonkeyPatch) -> tuple[SearchIndex, SearchIndex]:
    """The index brought up to date (a rebuild is not allowed), then the same rebuilt."""
    return updated_only(pf, monkeypatch), pf.refresh_index(full=True)


@pytest.fixture
def team(tmp_path: Path) -> pathfinder.PathFinder:
    with pathfinder.open(tmp_path / "t.db") as pf:
        import_samples(pf, echo=lambda _: None)
        pf.refresh_index(full=True)
        yield pf


def write(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(r + "\n" for r in rows))
    return path


def test_after_each_kind_of_write_the_updated_index_is_the_rebuilt_one(team, tmp_path: Path, monkeypatch) -> None:
    steps = [
        ("import new people and a match", lambda pf: pf.import_file(write(tmp_path / "a.csv", [
            "Zara,Zeta,https://www.linkedin.com/in/zara-zeta,,Brand New Co,VP Sales,01 Jan 2024",
            "Aaron,Aardvark,https://www.linkedin.com/in/aaron-a,,Acme Corporation,CFO,01 Feb 2024",
            "Dana,Buyer,,,Acme Corporation,VP Sales,01 Mar 2024"]), owner="Sam Seller")),
        ("vouch", lambda pf: pf.vouch("Rita Rep", "Dana Buyer")),
        ("do-not-ask", lambda pf: pf.do_not_ask("Rita Rep", "Carla Client")),
        ("never-use", lambda pf: pf.never_use("Rob Referred")),
        ("a new teammate", lambda pf: pf.import_file(write(tmp_path / "n.csv", [
            "Olivia,Ops,,olivia@acme.example.com,Acme Corporation,Director of Operations,01 Jan 2023"]),
            owner="Nina Newhire", new_member=True)),
        ("forget", lambda pf: pf.forget("Zara Zeta")),
    ]
    for what, step in steps:
        step(team)
        updated, rebuilt = updated_and_rebuilt(team, monkeypatch)
        assert same(updated, rebuilt) == [], what
        assert updated.generation == team.store.generation


def test_the_answers_are_the_same_as_after_a_rebuild(team, tmp_path: Path) -> None:
    team.import_file(write(tmp_path / "b.csv", [f"P{i},Q{i},https://www.linkedin.com/in/pq{i},,Acme Corporation,"
                                                f"{'VP Sales' if i % 3 else 'Engineer'},01 Jan 2024" for i in range(40)]),
                     owner="Tom Closer")
    team.refresh_index()
    updated = [(p.target.id, p.score) for p in team.paths(account="Acme Corporation", top=10)]
    team.refresh_index(full=True)
    assert updated == [(p.target.id, p.score) for p in team.paths(account="Acme Corporation", top=10)]


def test_an_index_older_than_the_log_is_rebuilt(team, tmp_path: Path, monkeypatch) -> None:
    old = team.index
    team.import_file(write(tmp_path / "c.csv", ["Cy,Cee,https://www.linkedin.com/in/cy,,Initech,CTO,01 Jan 2024"]),
                     owner="Rita Rep")
    team.refresh_index()  # saved: the log before it is pruned
    assert team.store.index_changes(old.generation) is None
    assert team.store.index_changes(team.index.generation) is not None


def test_a_write_between_the_first_index_and_its_log_starting_is_not_lost(tmp_path: Path, monkeypatch) -> None:
    """The log starts when the first index is saved; a write that lands after that index was read
    but before the log starts is in neither, so that index must be rebuilt, not updated (it was
    once updated, and ties to people it never heard of became node -1)."""
    store = tmp_path / "t.db"
    with pathfinder.open(store) as pf:
        import_samples(pf, echo=lambda _: None)
    # a store no index was saved for yet (as a bulk load or a migration leaves it): no log
    store.with_name("t.db.index").unlink()
    with pathfinder.open(store) as pf, pf.store.write():
        pf.store.db.execute("DELETE FROM meta WHERE key = 'index_log_from'")
        pf.store.db.execute("DELETE FROM index_log")
    with pathfinder.open(store) as pf:
        real_save = policy.save_index

        def save_after_a_write(index, path) -> None:
            with pathfinder.open(store) as other:  # another process's import lands meanwhile
                other.import_file(write(tmp_path / "late.csv", [
                    "Lena,Late,https://www.linkedin.com/in/lena-late,,Late Arrivals Ltd,CTO,01 Jan 2024"]),
                    owner="Rita Rep")
            real_save(index, path)

        monkeypatch.setattr(policy, "save_index", save_after_a_write)
        pf.refresh_index()
        monkeypatch.setattr(policy, "save_index", real_save)
        pf.import_file(write(tmp_path / "more.csv", [
            "Mo,More,https://www.linkedin.com/in/mo-more,,Acme Corporation,VP Sales,01 Feb 2024"]), owner="Rita Rep")
        updated = pf.refresh_index()
        rebuilt = pf.refresh_index(full=True)
    assert same(updated, rebuilt) == []
    assert int(updated.indices.min()) >= 0


def test_an_update_writes_after_the_rows_in_use_and_an_index_read_before_it_still_reads_the_same(
        team, tmp_path: Path, monkeypatch) -> None:
    arcs = arcs_path(team.index_path)
    before = team.refresh_index()
    inode, used = arcs.stat().st_ino, before.__dict__["arcs_file"]["arcs"]
    as_read = {name: np.array(getattr(before, name)) for name in index_files.BODY_ARRAYS}
    team.import_file(write(tmp_path / "u.csv", [
        f"New{i},Person{i},https://www.linkedin.com/in/new-{i},,Acme Corporation,VP Sales,01 Jan 2024" for i in range(30)]),
        owner="Rita Rep")
    after = updated_only(team, monkeypatch)
    assert arcs.stat().st_ino == inode  # written in place, not anew
    assert after.__dict__["arcs_file"]["arcs"] > used and after.people == before.people + 30
    for name, values in as_read.items():  # the memory-mapped rows the earlier index reads did not change
        assert np.array_equal(getattr(before, name), values), name
    assert same(after, team.refresh_index(full=True)) == []


def test_an_update_with_no_room_left_in_the_arcs_file_rebuilds_both_files(team, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(index_files, "ROOM", 1)
    monkeypatch.setattr(index_files, "ROOM_AT_LEAST", 0)
    team.refresh_index(full=True)  # an arcs file just big enough for the rows in use
    inode = arcs_path(team.index_path).stat().st_ino
    team.import_file(write(tmp_path / "r.csv", ["Ro,Room,https://www.linkedin.com/in/ro-room,,Initech,CTO,01 Jan 2024"]),
                     owner="Rita Rep")
    updated = team.refresh_index()
    assert arcs_path(team.index_path).stat().st_ino != inode
    assert updated.generation == team.store.generation
    assert same(updated, team.refresh_index(full=True)) == []


def test_rows_an_unfinished_update_wrote_are_ignored_then_written_over(team, tmp_path: Path, monkeypatch) -> None:
    """A process killed after writing its rows into the arcs file but before renaming the new
    index file into place leaves the old index whole; the next update writes over those rows."""
    from pathfinder.ranking.index import load_index

    before = team.refresh_index()
    team.import_file(write(tmp_path / "k.csv", ["Kil,Led,https://www.linkedin.com/in/kil-led,,Initech,CTO,01 Jan 2024"]),
                     owner="Rita Rep")

    def killed(*args, **kwargs):
        raise OSError("killed")

    with monkeypatch.context() as m:
        m.setattr(policy, "save_head", killed)
        with pytest.raises(OSError):
            team.refresh_index()
    on_disk = load_index(team.index_path, verify=True)
    assert on_disk is not None and on_disk.generation == before.generation
    assert same(updated_only(team, monkeypatch), team.refresh_index(full=True)) == []


def test_imports_in_two_processes_at_once_leave_an_index_that_is_whole_and_current(team, tmp_path: Path) -> None:
    import subprocess
    import sys

    from pathfinder.ranking.index import load_index

    team.refresh_index()
    store = team.store.path
    runs = [subprocess.Popen([sys.executable, "-m", "pathfinder", "--store", str(store), "import",
                              str(write(tmp_path / f"p{k}.csv", [
                                  f"Par{k}{i},Allel{i},https://www.linkedin.com/in/par-{k}-{i},,Acme Corporation,"
                                  f"Engineer,01 Jan 2024" for i in range(50)])), "--owner", owner],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for k, owner in enumerate(("Rita Rep", "Tom Closer"))]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err.decode()
    with pathfinder.open(store) as pf:
        on_disk = load_index(pf.index_path, verify=True)
        assert on_disk is not None and on_disk.generation == pf.store.generation
        assert same(on_disk, pf.refresh_index(full=True)) == []


@pytest.mark.parametrize("seed", range(40))
def test_ranks_counted_from_the_old_ones_are_the_ranks_of_sorting_the_ids(seed) -> None:
    """People gone (some never there), people new (ids anywhere among the old ones): each node's
    place in id order, as a rebuild sorts them."""
    from pathfinder.ranking.index_update import _ranks

    rng = np.random.default_rng(seed)
    old_nodes, added = int(rng.integers(1, 60)), int(rng.integers(0, 20))
    ids = np.array([f"{x:016x}".encode() for x in rng.choice(10**6, old_nodes + added, replace=False)], dtype="S16")
    alive = rng.random(old_nodes) < 0.8
    rank = np.full(old_nodes, -1, dtype=np.int32)
    rank[alive] = np.argsort(np.argsort(ids[:old_nodes][alive]))
    rows = np.zeros(old_nodes, dtype=np.int64)  # (nobody has ties: only the ranks count here)
    old = SearchIndex(1, ids[:old_nodes], rows, rows, *(np.zeros(0),) * 10, rank, np.zeros(0, np.int64))
    gone = np.flatnonzero(alive & (rng.random(old_nodes) < 0.3))
    new = np.arange(old_nodes, old_nodes + added)
    got = _ranks(old, old_nodes + added, gone, new, ids[new])
    live = np.zeros(old_nodes + added, dtype=bool)
    live[:old_nodes] = alive
    live[gone] = False
    live[new] = True
    expected = np.full(old_nodes + added, -1)
    expected[live] = np.argsort(np.argsort(ids[live]))
    assert got.tolist() == expected.tolist()


def test_a_refresh_with_nothing_changed_writes_nothing(team) -> None:
    """(As when another process brought the index up to date while this one waited its turn.)"""
    team.refresh_index()
    files = [team.index_path, arcs_path(team.index_path)]
    before = [(f.stat().st_ino, f.stat().st_mtime_ns) for f in files]
    assert team.refresh_index().generation == team.store.generation
    assert [(f.stat().st_ino, f.stat().st_mtime_ns) for f in files] == before
