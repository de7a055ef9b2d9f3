"""The right moment: a client who just signed is a relationship to agree, not an ask; after the
results (a milestone, or the window) they are ready, with the one person to name; a client asked
last week is "not yet"; follow-ups come first. On each store."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import pathfinder
from pathfinder.faces.cli import cli

from .conftest import AS_OF  # 2026-11-01

CLIENTS = [  # name, email, company, title, relationship, since (the deal's close)
    ("Nora New", "nora@fresh.example", "Fresh Foods", "COO", "client", "2026-10-31"),
    ("Carla Client", "carla@globex.example", "Globex", "COO", "client", "2026-01-10"),
    ("Mia Milestone", "mia@initech.example", "Initech", "CTO", "client", "2026-09-15"),
    ("Al Asked", "al@umbrella.example", "Umbrella", "CFO", "client", "2025-05-01"),
    ("Fred Friend", "fred@hooli.example", "Hooli", "Engineer", "friend", ""),
]
NETWORKS = {
    "Carla Client": [("Dana Buyer", "dana@acme.example", "Acme", "VP Sales"),
                     ("Ed Engineer", "ed@acme.example", "Acme", "Engineer")],
    "Mia Milestone": [("Victor Chief", "victor@acme.example", "Acme", "CFO")],
    "Al Asked": [("Priya Patel", "priya@acme.example", "Acme", "Head of Revenue Operations")],
}


def write(path: Path, header: list[str], rows: list[tuple[str, ...]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        out.writerows(rows)
    return path


@pytest.fixture
def team(store_url: str, tmp_path: Path):
    with pathfinder.open(store_url, as_of=AS_OF) as pf:
        pf.import_file(write(tmp_path / "rita.csv", ["Name", "Email", "Company", "Title", "Relationship", "Since"],
                             CLIENTS), owner="Rita Rep", new_member=True)
        for owner, people in NETWORKS.items():
            pf.import_file(write(tmp_path / f"{owner.split()[0]}.csv", ["Name", "Email", "Company", "Title"], people),
                           owner=owner, connector=True)
        pf.record_intro(to="Priya Patel", via="Al Asked", from_="Rita Rep", at=date(2026, 10, 25))
        yield pf


def by_person(lines) -> dict[str, tuple[str, str, str]]:
    return {line.person: (line.kind, line.target, line.until) for line in lines}


def test_the_moment_for_each_client(team) -> None:
    day = by_person(team.today(from_="Rita Rep"))
    assert day["Nora New"][0] == "agree"  # closed yesterday: agree the relationship, do not ask
    assert day["Carla Client"] == ("ask", "Dana Buyer", "")  # ten months on: the VP, not the engineer
    assert day["Mia Milestone"] == ("not yet", "", "2026-12-14")  # 90 days after the close
    assert day["Al Asked"] == ("not yet", "", "2026-11-24")  # asked a week ago: 30 days between asks
    assert "Fred Friend" not in day  # not a client: no moment to time


def test_no_client_is_asked_into_an_account_where_the_team_has_a_friend(team, tmp_path: Path) -> None:
    # Rita's friend Olga works at Acme: Carla, who knows Dana and Ed there only as contacts, is not
    # the way in; at Globex, where Rita knows nobody well, she still is
    team.import_file(write(tmp_path / "rita-friends.csv", ["Name", "Email", "Company", "Title", "Relationship"],
                           [("Olga Owner", "olga@acme.example", "Acme", "COO", "friend")]), owner="Rita Rep")
    day = by_person(team.today(from_="Rita Rep"))
    assert "Carla Client" not in day or day["Carla Client"][1] not in ("Dana Buyer", "Ed Engineer")
    assert team.paths(to="Dana Buyer", from_="Rita Rep")[0].action.startswith("start inside with Olga Owner (COO, Acme)")


def test_agreeing_and_a_milestone_move_the_client_on(team) -> None:
    team.agreed("Nora New")
    assert "Nora New" not in {line.person for line in team.today(from_="Rita Rep") if line.kind == "agree"}
    team.milestone("Mia Milestone", "went live", on=date(2026, 10, 20))
    day = by_person(team.today(from_="Rita Rep"))
    assert day["Mia Milestone"] == ("ask", "Victor Chief", "")
    assert day["Nora New"][0] == "not yet"  # agreed, results not seen yet


def test_a_won_introduction_puts_thanks_first(team) -> None:
    intro = team.record_intro(to="Dana Buyer", via="Carla Client", from_="Rita Rep", at=date(2026, 10, 20))
    team.update_intro(intro, "introduced", at=date(2026, 10, 21))
    lines = team.today(from_="Rita Rep")
    assert lines[0].kind == "follow-up" and lines[0].person == "Carla Client" and "thank" in lines[0].why
    carla = by_person(lines)["Carla Client"]
    assert carla[0] == "not yet"  # asked on the 20th: not again before 19 November


def test_today_on_the_command_line(team, store_url: str) -> None:
    runner = CliRunner()
    args = ["--store", store_url, "today", "--from", "Rita Rep", "--date", "2026-11-01"]
    table = runner.invoke(cli, args)
    assert table.exit_code == 0, table.output
    assert "agree     Nora New: the deal closed on 2026-10-31" in table.output
    assert 'pathfinder agreed "Nora New" --from "Rita Rep"' in table.output
    lines = json.loads(runner.invoke(cli, [*args, "--format", "json"]).output)
    assert {line["kind"] for line in lines} == {"agree", "ask", "not yet"}
    done = runner.invoke(cli, ["--store", store_url, "milestone", "Mia Milestone", "went live", "--date", "2026-10-20"])
    assert done.exit_code == 0 and "Recorded: milestone for Mia Milestone" in done.output


def test_the_profile_card_to_share(tmp_path: Path) -> None:
    profile = tmp_path / "buyer.toml"
    profile.write_text('titles = ["VP Sales"]\nseniority = ["vp", "c-level"]\nfunctions = ["sales"]\n'
                       'accounts = ["Acme <Corp>"]\nproblem = "a month-end close that takes nine days"\n')
    with pathfinder.open(tmp_path / "team.db", as_of=AS_OF) as pf:
        pf.import_file(write(tmp_path / "rita.csv", ["Name", "Email", "Company", "Title", "Relationship", "Since"],
                             CLIENTS), owner="Rita Rep", new_member=True)
        card = pf.profile_card(profile, from_="Rita Rep")
    text = card.as_text()
    assert text.startswith("People I'd love to meet\nRita Rep\n")
    assert "Roles: VP Sales\nSeniority: VP, C-level\nIn: sales\nAt companies like: Acme <Corp>\n" in text
    assert "The problem we solve: a month-end close that takes nine days" in text
    page = card.as_html()
    assert "Acme &lt;Corp&gt;" in page and "<Corp>" not in page and page.startswith("<!doctype html>")
    # the same file gives the ask what the meeting is about
    with pathfinder.open(tmp_path / "team.db", as_of=AS_OF) as pf:
        pf.import_file(write(tmp_path / "carla.csv", ["Name", "Email", "Company", "Title"], NETWORKS["Carla Client"]),
                       owner="Carla Client", connector=True)
        draft = pf.ask(to="Dana Buyer", profile=profile).drafts[0]
    assert "to compare notes on a month-end close that takes nine days." in draft.body


def test_stats_show_whether_the_timing_pays_off(team) -> None:
    team.agreed("Carla Client", on=date(2026, 1, 12))
    early = team.record_intro(to="Victor Chief", via="Mia Milestone", from_="Rita Rep", at=date(2026, 10, 1))
    ready = team.record_intro(to="Dana Buyer", via="Carla Client", from_="Rita Rep", at=date(2026, 5, 1))
    team.update_intro(ready, "introduced", at=date(2026, 5, 3))
    team.update_intro(early, "declined", at=date(2026, 10, 2))
    stats = team.intro_stats()
    by = {r["key"]: r for r in stats["by_timing"]}
    assert by["at the right moment"]["introduced"] == 1 and by["too early (before results)"]["introduced"] == 0
    assert stats["days_from_agreement_to_first_introduction"] == [109]  # 12 January to 1 May


def test_a_sale_through_an_introduction_is_a_client_to_agree_with(team, store_url: str) -> None:
    intro = team.record_intro(to="Dana Buyer", via="Carla Client", from_="Rita Rep", at=date(2026, 9, 1))
    team.update_intro(intro, "introduced", at=date(2026, 9, 2))
    team.update_intro(intro, "met", at=date(2026, 9, 10))
    out = CliRunner().invoke(cli, ["--store", store_url, "intros", "update", str(intro), "won",
                                   "--date", "2026-10-30"]).output
    assert 'pathfinder agreed "Dana Buyer" --from "Rita Rep"' in out  # offered as the sale is recorded
    assert by_person(team.today(from_="Rita Rep"))["Dana Buyer"][0] == "agree"


def test_crm_close_dates_time_the_moment(tmp_path: Path) -> None:
    """A HubSpot deal won yesterday is a relationship to agree; one won in March is a client to ask."""
    contacts = write(tmp_path / "contacts.csv", ["Record ID", "First Name", "Last Name", "Email", "Associated Company",
                                                 "Contact owner", "Job Title", "Lifecycle Stage"],
                     [("501", "Nora", "New", "nora@fresh.example", "Fresh Foods", "Sam Seller", "COO", "customer"),
                      ("502", "Carla", "Client", "carla@globex.example", "Globex", "Sam Seller", "COO", "customer")])
    deals = write(tmp_path / "deals.csv", ["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Deal owner",
                                           "Associated Contact IDs", "Pipeline"],
                  [("9001", "Fresh Foods rollout", "Closed Won", "12000", "2026-10-31 00:00", "Sam Seller", "501", "Sales"),
                   ("9002", "Globex renewal", "Closed Won", "9000", "2026-03-01 00:00", "Sam Seller", "502", "Sales")])
    with pathfinder.open(tmp_path / "team.db", as_of=AS_OF) as pf:
        pf.import_file(contacts, owner="Sam Seller", new_member=True)
        pf.import_file(deals, owner="Sam Seller")
        pf.import_file(write(tmp_path / "carla.csv", ["Name", "Email", "Company", "Title"], NETWORKS["Carla Client"]),
                       owner="Carla Client", connector=True)
        day = by_person(pf.today(from_="Sam Seller"))
    assert day["Nora New"][0] == "agree" and day["Carla Client"] == ("ask", "Dana Buyer", "")
