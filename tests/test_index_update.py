"""The search index brought up to date from the store's log of changes is the index a rebuild
gives, array for array, after every kind of write: imports that add people and ties and match
others, a vouch, do-not-ask, never-use, a new teammate, forget, unmerge."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import pathfinder
from pathfinder.faces.demo import import_samples
from pathfinder.ranking import policy
from pathfinder.ranking.index import _ARRAYS, SearchIndex

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def same(a: SearchIndex, b: SearchIndex) -> list[str]:
    """The arrays in which two indexes differ (by value or type)."""
    return [name for name in ("generation", *_ARRAYS)
            if not (np.array_equal(getattr(a, name), getattr(b, name))
                    and getattr(getattr(a, name), "dtype", None) == getattr(getattr(b, name), "dtype", None))]


def updated_and_rebuilt(pf: pathfinder.PathFinder, monkeypatch: pytest.MonkeyPatch) -> tuple[SearchIndex, SearchIndex]:
    """The index brought up to date (a rebuild is not allowed), then the same rebuilt."""
    with monkeypatch.context() as m:
        m.setattr(policy, "build_index", lambda *a, **k: pytest.fail("rebuilt instead of updated"))
        updated = pf.refresh_index()
    return updated, pf.refresh_index(full=True)


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
