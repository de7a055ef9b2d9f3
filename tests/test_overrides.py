"""The team's own word: vouch, do-not-ask, never-use-my-name, and explain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pathfinder.faces.cli import cli

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


@pytest.fixture
def small(pf, tmp_path: Path):
    """Rita knows Carla and Gus; both know Dana (VP Sales at Acme)."""
    (tmp_path / "rita.csv").write_text(HEADER + "Carla,Client,https://www.linkedin.com/in/carla,,Globex,COO,01 Jan 2020\n"
                                       "Gus,Ghost,https://www.linkedin.com/in/gus,,Initech,CTO,01 Jan 2024\n")
    (tmp_path / "clients.csv").write_text("Name,LinkedIn,Relationship\nCarla Client,linkedin.com/in/carla,client\n")
    (tmp_path / "carla.csv").write_text(HEADER + "Dana,Buyer,https://www.linkedin.com/in/dana,,Acme,VP Sales,01 Jan 2021\n")
    (tmp_path / "gus.csv").write_text(HEADER + "Dana,Buyer,https://www.linkedin.com/in/dana,,Acme,VP Sales,01 Jan 2021\n")
    pf.import_file(tmp_path / "rita.csv", owner="Rita Rep")
    pf.import_file(tmp_path / "clients.csv", owner="Rita Rep")
    pf.import_file(tmp_path / "carla.csv", owner="Carla Client", connector=True)
    pf.import_file(tmp_path / "gus.csv", owner="Gus Ghost", connector=True)
    return pf


def introducers(pf) -> list[str]:
    """The introducers of the routes to Dana that may be used now, best first."""
    return [p.introducer.name for p in pf.paths(to="Dana Buyer") if p.introducer and not p.held_back]


def held(pf) -> dict[str, tuple[str, str | None]]:
    """The introducers of the routes to Dana held back now: (why, the day it frees up)."""
    return {p.introducer.name: (p.held_back, p.free_on) for p in pf.paths(to="Dana Buyer")
            if p.introducer and p.held_back}


def test_client_route_first(small) -> None:
    assert introducers(small) == ["Carla Client", "Gus Ghost"]


def test_do_not_ask_tie_is_never_used_and_can_be_undone(small) -> None:
    small.do_not_ask("Rita Rep", "Carla Client")
    assert introducers(small) == ["Gus Ghost"]
    assert held(small) == {"Carla Client": ("a team member said never to ask along the tie Rita Rep - Carla Client",
                                            None)}
    assert small.explain(from_="Rita Rep", to="Carla Client")["hops"][0]["usable"] is False
    small.do_not_ask("Rita Rep", "Carla Client", undo=True)
    assert introducers(small) == ["Carla Client", "Gus Ghost"]


def test_never_use_my_name_removes_an_introducer(small) -> None:
    small.never_use("Carla Client")
    assert introducers(small) == ["Gus Ghost"]
    assert held(small) == {"Carla Client": ("Carla Client asked never to be asked for introductions", None)}
    small.never_use("Carla Client", undo=True)
    assert introducers(small) == ["Carla Client", "Gus Ghost"]


def test_vouch_raises_trust_and_shows_as_a_reason(small) -> None:
    small.vouch("Rita Rep", "Gus Ghost", strength=0.95, note="college roommate")
    assert introducers(small) == ["Gus Ghost", "Carla Client"]
    first = small.paths(to="Dana Buyer")[0].hops[0]
    assert first.reasons[0] == "vouched for by Rita Rep: college roommate"
    small.vouch("Rita Rep", "Gus Ghost", undo=True)
    assert introducers(small) == ["Carla Client", "Gus Ghost"]


def test_explain_lists_every_piece_with_provenance(small) -> None:
    info = small.explain(from_="Rita Rep", to="Carla Client")
    (hop,) = info["hops"]
    assert [p["why"] for p in hop["pieces"]] == ["client", "LinkedIn connection since 2020-01-01"]
    product = 1.0
    for piece in hop["pieces"]:
        product *= 1 - piece["strength"]
    assert hop["trust"] == pytest.approx(1 - product, abs=1e-3)
    sources = sorted((Path(e["source"]).name, e["kind"], e["owner"]) for e in hop["evidence"])
    assert sources == [("clients.csv:2", "contact", "Rita Rep"), ("clients.csv:2", "relationship", "Rita Rep"),
                       ("rita.csv:2", "connection", "Rita Rep")]


def test_explain_without_a_direct_tie_explains_the_best_path(small) -> None:
    info = small.explain(from_="Rita Rep", to="Dana Buyer")
    assert not info["direct"] and [h["to"] for h in info["hops"]] == ["Carla Client", "Dana Buyer"]


def test_cli_explain_and_overrides(small, store_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["--store", str(store_path), "explain", "--from", "Rita Rep", "--to", "Carla Client"])
    assert out.exit_code == 0 and "client" in out.output and "clients.csv:2" in out.output
    out = runner.invoke(cli, ["--store", str(store_path), "do-not-ask", "Rita Rep", "Carla Client"])
    assert out.exit_code == 0
    paths = runner.invoke(cli, ["--store", str(store_path), "paths", "--to", "Dana Buyer", "--format", "json"])
    found = json.loads(paths.output)
    assert [p["introducer"]["name"] for p in found if not p["held_back"]] == ["Gus Ghost"]
    assert [p["introducer"]["name"] for p in found if p["held_back"]] == ["Carla Client"]
    table = runner.invoke(cli, ["--store", str(store_path), "paths", "--to", "Dana Buyer"]).output
    assert "held back: a team member said never to ask along the tie Rita Rep - Carla Client" in table
