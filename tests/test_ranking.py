"""Ranking follows the playbook: obvious cases come out right."""

from __future__ import annotations

from pathlib import Path

import pathfinder
from pathfinder.jobs.ingest import import_extraction
from pathfinder.model import Evidence
from pathfinder.records import ContactRecord, Extraction, PersonRef

from .conftest import AS_OF


def load(pf, owner: str, records: list[ContactRecord], tag: str, role: str = "member") -> None:
    ex = Extraction(path=f"{tag}.csv", format="test", records=records)
    import_extraction(pf.store, ex, owner=owner, role=role, sha256=tag, weights=pf.weights, as_of=AS_OF)


def ref(name: str, company: str = "", title: str = "") -> PersonRef:
    return PersonRef(name=name, company=company, title=title, email=name.lower().replace(" ", ".") + "@example.com")


def test_recent_client_with_deals_beats_a_ten_year_old_bare_connection(pf) -> None:
    load(pf, "Rita Rep", [
        ContactRecord(2, ref("Old Connection"), (Evidence("connection", "2016-10-01"),)),
        ContactRecord(3, ref("Happy Client"), (Evidence("deal", "2026-05-01", {"id": "D1"}),
                                               Evidence("deal", "2025-11-01", {"id": "D2"}))),
    ], "rita")
    load(pf, "old.connection@example.com", [ContactRecord(2, ref("Dana Buyer", "Acme", "VP Sales"), (Evidence("connection", "2020-01-01"),))], "old", "connector")
    load(pf, "happy.client@example.com", [ContactRecord(2, ref("Dana Buyer", "Acme", "VP Sales"), (Evidence("connection", "2020-01-01"),))], "happy", "connector")
    paths = pf.paths(to="dana.buyer@example.com")
    assert [p.introducer.name for p in paths] == ["Happy Client", "Old Connection"]
    assert paths[0].hops[0].reasons[0].startswith("client (2 won deals")


def test_at_an_account_a_decision_maker_outranks_an_ic_at_equal_warmth(pf) -> None:
    load(pf, "Rita Rep", [
        ContactRecord(2, ref("Ivan Ic", "Acme", "Software Engineer"), (Evidence("relationship", None, {"tier": "friend"}),)),
        ContactRecord(3, ref("Vera Vp", "Acme", "VP Finance"), (Evidence("relationship", None, {"tier": "friend"}),)),
    ], "rita")
    paths = pf.paths(account="Acme")
    assert [p.target.name for p in paths] == ["Vera Vp", "Ivan Ic"]
    assert paths[0].fit == 1.0 and paths[1].fit == 0.5
    assert [p.target.name for p in pf.paths(account="Acme", title="Software Engineer")] == ["Ivan Ic"]


def test_an_introducer_must_have_earned_the_right_to_be_asked(tmp_path: Path) -> None:
    weights = tmp_path / "w.toml"
    weights.write_text("[rules]\nmin_introducer_trust = 0.3\n")
    with pathfinder.open(tmp_path / "t.db", weights=weights, as_of=AS_OF) as pf:
        load(pf, "Rita Rep", [ContactRecord(2, ref("Stranger"), (Evidence("connection", "2025-01-01"),)),
                              ContactRecord(3, ref("Dana Buyer", "Acme", "VP Sales"), (Evidence("connection", "2025-01-01"),))], "rita")
        load(pf, "stranger@example.com", [ContactRecord(2, ref("Dana Buyer", "Acme", "VP Sales"), (Evidence("relationship", None, {"tier": "friend"}),))], "s", "connector")
        paths = pf.paths(to="Dana Buyer")
        # the stranger is a weak tie of Rita's: not asked, though the path would score higher
        assert [(p.introducer, len(p.hops)) for p in paths] == [(None, 1)]


def test_from_the_whole_team_paths_start_at_the_closest_teammate(pf) -> None:
    load(pf, "Rita Rep", [ContactRecord(2, ref("Sam Seller"), (Evidence("relationship", None, {"tier": "colleague"}),))], "rita")
    load(pf, "Sam Seller", [ContactRecord(2, ref("Dana Buyer", "Acme", "VP Sales"), (Evidence("relationship", None, {"tier": "friend"}),))], "sam")
    team = pf.paths(to="Dana Buyer")
    assert [(p.source.name, p.introducer) for p in team] == [("Sam Seller", None)]
    rita = pf.paths(to="Dana Buyer", from_="Rita Rep")
    assert [p.introducer.name for p in rita] == ["Sam Seller"]  # from one rep, a teammate can introduce


def test_from_one_rep_a_path_never_runs_through_a_teammate_beyond_the_introducer(pf) -> None:
    """Asking a client to introduce you to your own colleague makes no sense: from Rita, a path
    that reaches Sam after its introducer is Sam's path, and the team-wide search shows it."""
    load(pf, "Rita Rep", [ContactRecord(2, ref("Carla Client"), (Evidence("deal", "2026-05-01", {"id": "D1"}),))], "rita")
    load(pf, "carla.client@example.com", [ContactRecord(2, ref("Sam Seller"), (Evidence("relationship", None, {"tier": "friend"}),))],
         "carla", "connector")
    load(pf, "Sam Seller", [ContactRecord(2, ref("Dana Buyer", "Acme", "VP Sales"), (Evidence("relationship", None, {"tier": "friend"}),))], "sam")
    assert pf.paths(to="Dana Buyer", from_="Rita Rep") == []
    assert [(p.source.name, p.introducer) for p in pf.paths(to="Dana Buyer")] == [("Sam Seller", None)]
    assert [p.introducer.name for p in pf.paths(to="Sam Seller", from_="Rita Rep")] == ["Carla Client"]  # a teammate as the target
