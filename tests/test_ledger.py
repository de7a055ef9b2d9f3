"""The introductions ledger, the three follow-ups, the ask budget and the yield of asking."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from pathfinder.errors import PathfinderError
from pathfinder.faces.cli import cli

from .test_overrides import HEADER, held, introducers, small  # noqa: F401  (the fixture)


def test_recorded_ask_marks_the_route_and_is_not_asked_again(small) -> None:
    small.ask(to="Dana Buyer", record=True)
    (intro,) = small.intros()
    assert (intro.rep, intro.introducer, intro.target, intro.status, intro.tier) == (
        "Rita Rep", "Carla Client", "Dana Buyer", "asked", "client")
    marked = {p.introducer.name: p.ledger for p in small.paths(to="Dana Buyer")}
    assert marked["Carla Client"][0] == "asked" and marked["Gus Ghost"] is None
    # not to Carla again; Gus is only a LinkedIn connection (cold): no request to him either
    with pytest.raises(PathfinderError, match="You already asked Carla Client about Dana Buyer"):
        small.ask(to="Dana Buyer")
    small.vouch("Rita Rep", "Gus Ghost", note="we go back years")  # now he trusts Rita
    assert small.ask(to="Dana Buyer").drafts[0].introducer == "Gus Ghost"


def test_ask_budget_spreads_requests_across_introducers(small) -> None:
    small.record_intro(to="Gus Ghost", via="Carla Client", from_="Rita Rep")
    assert introducers(small) == ["Carla Client", "Gus Ghost"]
    small.record_intro(to="Rita Rep", via="Carla Client", from_="Rita Rep", at=date(2026, 11, 20))  # a second ask
    assert introducers(small) == ["Gus Ghost"]
    # Carla stays in the answer, held back, with the day she may be asked again: when the older
    # of her two asks leaves the 90-day window
    (why, until), = held(small).values()
    assert why.startswith("asked 2 times since 2026-11-20") and until == (date(2026, 11, 20) + timedelta(days=91)).isoformat()


def test_two_declines_rest_an_introducer(small) -> None:
    first = small.record_intro(to="Dana Buyer", via="Gus Ghost", from_="Rita Rep", earned=True)
    small.update_intro(first, "declined")
    assert "Gus Ghost" in introducers(small)
    second = small.record_intro(to="Carla Client", via="Gus Ghost", from_="Rita Rep", earned=True)
    small.update_intro(second, "declined")
    assert introducers(small) == ["Carla Client"]
    assert held(small)["Gus Ghost"][0].startswith("declined 2 times")


def test_three_followups_on_the_right_days(small) -> None:
    intro = small.record_intro(to="Dana Buyer", via="Carla Client", at=date(2026, 11, 2))
    small.update_intro(intro, "accepted", at=date(2026, 11, 3))
    small.update_intro(intro, "introduced", at=date(2026, 11, 4))
    assert small.followups(today=date(2026, 11, 4)) == []
    (thank,) = small.followups(today=date(2026, 11, 5))
    assert (thank.kind, thank.due, thank.to) == ("thank", "2026-11-05", "Carla Client")
    assert "thank you for introducing me to Dana Buyer" in thank.draft
    small.followup_done(intro, "thank")
    small.update_intro(intro, "met", at=date(2026, 11, 10))
    small.update_intro(intro, "won", at=date(2026, 12, 20))
    due = small.followups(today=date(2026, 12, 31))
    assert [(f.kind, f.due) for f in due] == [("report back", "2026-11-11"), ("return the favour", "2026-11-11"),
                                              ("thank for the sale", "2026-12-21")]
    assert "anyone I can introduce you to" in due[0].draft  # reciprocate
    (owed,) = small.reciprocity()
    assert owed["introducer"] == "Carla Client" and owed["introductions_given"] == 1
    small.followup_done(intro, "return the favour")
    assert small.reciprocity() == []


def test_ledger_refuses_steps_backwards_and_unknown_ids(small) -> None:
    intro = small.record_intro(to="Dana Buyer", via="Carla Client")
    small.update_intro(intro, "met")
    with pytest.raises(PathfinderError, match="cannot become accepted"):
        small.update_intro(intro, "accepted")
    with pytest.raises(PathfinderError, match="no introduction #99"):
        small.update_intro(99, "met")


def test_stats_show_asked_versus_earned_by_tier_introducer_and_rep(small) -> None:
    a = small.record_intro(to="Dana Buyer", via="Carla Client")
    small.update_intro(a, "introduced")
    small.record_intro(to="Dana Buyer", via="Gus Ghost", from_="Rita Rep", earned=True)
    stats = small.intro_stats()
    tiers = {r["key"]: r for r in stats["by_tier"]}
    assert tiers["client"]["asked"] == 1 and tiers["client"]["introduced"] == 1
    assert tiers["linkedin connection"]["earned"] == 1
    assert {r["key"] for r in stats["by_introducer"]} == {"Carla Client", "Gus Ghost"}
    assert stats["by_rep"][0]["key"] == "Rita Rep" and stats["by_rep"][0]["asked"] == 1


def test_cli_ledger_round_trip(small, store_path: Path) -> None:
    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, ["--store", str(store_path), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output + result.stderr
        return result.output

    assert "To: Carla Client" in run("ask", "--to", "Dana Buyer", "--record")
    run("intros", "update", "1", "introduced", "--date", "2026-11-04")
    entries = json.loads(run("intros", "--format", "json"))
    assert [e["status"] for e in entries[0]["history"]] == ["asked", "introduced"]
    assert "thank -> Carla Client" in run("followups", "--date", "2026-11-05")
    run("followups", "--done", "1", "thank")
    assert "Nothing due" in run("followups", "--date", "2026-11-05")
    assert "client" in run("stats")


def test_returning_a_favour_clears_only_that_reps_debt(small, tmp_path: Path) -> None:
    (tmp_path / "sam.csv").write_text(HEADER + "Carla,Client,https://www.linkedin.com/in/carla,,Globex,COO,01 Jan 2022\n")
    small.import_file(tmp_path / "sam.csv", owner="Sam Seller")
    for rep in ("Rita Rep", "Sam Seller"):
        intro = small.record_intro(to="Dana Buyer", via="Carla Client", from_=rep, at=date(2026, 11, 2))
        small.update_intro(intro, "introduced", at=date(2026, 11, 4))
    assert sorted(o["rep"] for o in small.reciprocity()) == ["Rita Rep", "Sam Seller"]
    ritas = next(i.id for i in small.intros() if i.rep == "Rita Rep")
    small.followup_done(ritas, "return the favour")
    assert [(o["introducer"], o["rep"]) for o in small.reciprocity()] == [("Carla Client", "Sam Seller")]
