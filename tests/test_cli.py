"""The CLI end to end, with real files in a temporary store: three teammates' exports and a
client list; a path into an account with the JSON contract, a prospect CSV, coverage, the ask."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pathfinder.faces.cli import cli

NOTES = ('Notes:\n"When exporting your connection data, you may notice that some of the email addresses '
         'are missing."\n\n')


@pytest.fixture
def team(tmp_path: Path, monkeypatch) -> Path:
    """Three teammates' LinkedIn exports (three eras), a client list, and a client's own export."""
    monkeypatch.setenv("PATHFINDER_STORE", str(tmp_path / "team.db"))
    (tmp_path / "rita.csv").write_text(NOTES + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Carla,Client,https://www.linkedin.com/in/carla-client,,Globex Industries,COO,12 Mar 2024\n"
        "Marco,Rossi,https://www.linkedin.com/in/marco-rossi,,ACME Corp.,Sales Manager,01 Jan 2020\n"
        "=HYPERLINK(\"x\"),Evil,https://www.linkedin.com/in/evil,,Acme Corporation,VP Marketing,01 Jan 2020\n"
        ",,,,,,07 Jun 2026")
    (tmp_path / "rita_clients.csv").write_text("Name,Email,Company,Title,Relationship,Since,Notes\n"
        "Carla Client,carla@globex.example.com,Globex Industries,COO,client,2023-05-10,"
        "cut their month-end reporting from 9 days to 2\n")
    (tmp_path / "sam.csv").write_text(NOTES + "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Marco,Rossi,,Acme Corporation,Sales Manager,08 Feb 2021\n"
        "Hannah,Former,,Stark Logistics,Director of Sales,15 Aug 2020\n")
    (tmp_path / "tom.csv").write_text("First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Olivia,Ops,olivia@acme.example.com,\"Acme, Inc.\",Director of Operations,\"10/24/15, 5:41 PM\"\n")
    (tmp_path / "carla.csv").write_text(NOTES + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Dana,Buyer,https://www.linkedin.com/in/dana-buyer,,Acme Corporation,VP Sales,01 Feb 2019\n"
        "Victor,Chief,https://www.linkedin.com/in/victor-chief,,Acme Corporation,Chief Financial Officer,01 Feb 2019\n")
    (tmp_path / "accounts.csv").write_text("account\nAcme Corporation\nStark Logistics\nWayne Enterprises\n")
    return tmp_path


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output + result.stderr
    return result


def import_team(d: Path) -> None:
    run("import", str(d / "rita.csv"), str(d / "rita_clients.csv"), "--owner", "Rita Rep")
    run("import", str(d / "sam.csv"), "--owner", "Sam Seller")
    run("import", str(d / "tom.csv"), "--owner", "Tom Closer")
    run("import", str(d / "carla.csv"), "--owner", "https://www.linkedin.com/in/carla-client", "--connector")


def test_import_prints_a_summary_with_skips_and_is_idempotent(team: Path) -> None:
    out = run("import", str(team / "rita.csv"), "--owner", "Rita Rep").output
    assert "4 rows; people 4 added" in out and "1 hidden or closed profiles" in out
    stats = run("stats", "--format", "json").output
    again = run("import", str(team / "rita.csv"), "--owner", "Rita Rep").output
    assert "already imported" in again and run("stats", "--format", "json").output == stats


def test_paths_json_contract(team: Path) -> None:
    import_team(team)
    paths = json.loads(run("paths", "--account", "Acme", "--format", "json").output)
    assert paths, "a path into Acme"
    # warm and strong routes before cold ones, then score times fit
    tiers = {"strong": 0, "warm": 0, "cold": 1}
    ranks = [(tiers[p["band"]], -p["score"] * p["fit"])
             for p in paths if p["held_back"] is None]
    assert ranks == sorted(ranks)
    intros = [p["introducer"]["id"] if p["introducer"] else None for p in paths]
    assert len([i for i in intros if i]) == len({i for i in intros if i})  # one path per introducer
    for p in paths:
        assert set(p) >= {"score", "band", "fit", "fit_reason", "action", "target", "from", "introducer", "hops",
                          "held_back"}
        assert set(p["target"]) >= {"id", "name", "title", "company"} and set(p["from"]) >= {"id", "name"}
        assert p["hops"][0]["from"]["id"] == p["from"]["id"] and p["hops"][-1]["to"]["id"] == p["target"]["id"]
        product = 1.0
        for hop in p["hops"]:
            assert 0 < hop["trust"] <= 1 and hop["reasons"] and set(hop) >= {"from", "to", "trust", "reasons"}
            product *= hop["trust"]
        assert 0 < p["fit"] <= 1 and p["fit_reason"] and p["score"] == pytest.approx(product, rel=1e-3)
    via_carla = next(p for p in paths if p["introducer"] and p["introducer"]["name"] == "Carla Client")
    assert via_carla["from"]["name"] == "Rita Rep"
    assert via_carla["hops"][0]["reasons"][0].startswith("client")


def test_paths_to_a_person_by_name_email_or_url_agree(team: Path) -> None:
    import_team(team)
    by_name = run("paths", "--to", "Dana Buyer", "--format", "json").output
    by_url = run("paths", "--to", "linkedin.com/in/dana-buyer/", "--format", "json").output
    assert json.loads(by_name) == json.loads(by_url) and json.loads(by_name)[0]["introducer"]["name"] == "Carla Client"


def test_title_filter_and_from_one_rep(team: Path) -> None:
    import_team(team)
    vp = json.loads(run("paths", "--account", "Acme", "--title", "VP Sales", "--format", "json").output)
    assert {p["target"]["name"] for p in vp} == {"Dana Buyer"}
    sam = json.loads(run("paths", "--account", "Acme", "--from", "Sam Seller", "--format", "json").output)
    assert sam and all(p["from"]["name"] == "Sam Seller" for p in sam)


def test_no_path_is_an_empty_array_and_exit_0(team: Path) -> None:
    import_team(team)
    result = run("paths", "--to", "Hannah Former", "--from", "Tom Closer", "--max-hops", "1", "--format", "json")
    assert json.loads(result.output) == []


def test_errors_go_to_stderr_with_exit_1_and_usage_errors_exit_2(team: Path) -> None:
    import_team(team)
    missing = run("paths", "--to", "Dana Buyr", ok=False)
    assert missing.exit_code == 1 and "Dana Buyer" in missing.stderr and missing.stdout == ""
    unknown_account = run("paths", "--account", "Acmee", ok=False)
    assert unknown_account.exit_code == 1 and "Acme" in unknown_account.stderr
    assert run("paths", "--max-hops", "9", "--to", "x", ok=False).exit_code == 2
    bad_file = run("import", str(team / "accounts.csv"), "--owner", "Rita Rep", ok=False)
    assert bad_file.exit_code == 1 and "accounts.csv" in bad_file.stderr


def test_prospects_csv_is_ranked_and_safe_for_spreadsheets(team: Path) -> None:
    import_team(team)
    out = team / "prospects.csv"
    run("prospects", "--title", "VP", "--format", "csv", "-o", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert rows and [r["rank"] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    tiers = {"strong": 0, "warm": 0, "cold": 1}
    ranked = [(tiers[r["band"]], -float(r["path_strength"]) * float(r["fit"])) for r in rows]
    assert ranked == sorted(ranked)
    names = {r["name"] for r in rows}
    assert "Dana Buyer" in names and "Marco Rossi" not in names  # a manager is not a VP
    dana = next(r for r in rows if r["name"] == "Dana Buyer")
    assert dana["introducer"] == "Carla Client" and dana["profile_url"].endswith("/in/dana-buyer")
    evil = next(r for r in rows if "HYPERLINK" in r["name"])
    assert evil["name"].startswith("'=")


def test_prospects_from_a_profile_file_with_exclusions_and_xlsx(team: Path) -> None:
    import_team(team)
    profile = team / "profile.toml"
    profile.write_text('seniority = ["vp", "c-level", "director"]\naccounts = ["Acme"]\nexclude = ["clients"]\n')
    found = json.loads(run("prospects", "--profile", str(profile), "--format", "json").output)
    assert {p["target"]["name"] for p in found} >= {"Dana Buyer", "Victor Chief", "Olivia Ops"}
    assert all(p["target"]["company"] for p in found)
    sales_vps = json.loads(run("prospects", "--seniority", "vp", "--function", "sales", "--format", "json").output)
    assert [p["target"]["name"] for p in sales_vps] == ["Dana Buyer"]
    clients = json.loads(run("prospects", "--title", "COO", "--format", "json").output)
    assert [p["target"]["name"] for p in clients] == ["Carla Client"]
    assert json.loads(run("prospects", "--title", "COO", "--exclude", "clients", "--format", "json").output) == []
    import pandas as pd
    xlsx = team / "prospects.xlsx"
    run("prospects", "--title", "VP", "--format", "xlsx", "-o", str(xlsx))
    sheet = pd.read_excel(xlsx)
    assert "Dana Buyer" in set(sheet["name"]) and sheet["name"].astype(str).str.startswith("=").sum() == 0


def test_coverage_shows_best_paths_teammates_and_gaps(team: Path) -> None:
    import_team(team)
    report = json.loads(run("coverage", "--accounts", str(team / "accounts.csv"), "--format", "json").output)
    by = {a["account"]: a for a in report["accounts"]}
    assert report["gaps"] == ["Wayne Enterprises"]
    acme = by["Acme Corporation"]  # Carla (a client) is the one warm route; the rest are bare connections
    assert (acme["paths"], acme["introducers"]) == (1, ["Carla Client"]) and acme["cold_routes"] >= 2
    assert acme["best"]["target"]["company"]
    assert set(by["Acme Corporation"]["members"]) >= {"Rita Rep", "Sam Seller", "Tom Closer"}
    assert by["Stark Logistics"]["members"] == ["Sam Seller"]
    table = run("coverage", "--accounts", str(team / "accounts.csv")).output
    assert "Wayne Enterprises" in table and "GAP" in table


def test_ask_follows_the_playbook(team: Path) -> None:
    import_team(team)
    result = run("ask", "--to", "Dana Buyer")
    notes, text = result.output.split("\n", 1)
    # the rep's own note on the relationship is shown beside the draft, never put into it
    assert notes.startswith("[Your notes on Carla Client") and "9 days to 2" in notes and "9 days" not in text
    assert text.startswith("To: Carla Client")
    assert "introduce me to Dana Buyer?" in text and "Dana is VP Sales at" in text  # one named person, and why
    assert "Thank you again for working with us." in text  # Carla is a client: the evidence says so
    assert "let me know once" in text  # confirm back
    assert "no problem at all" in text  # an easy out
    assert "anything I can do for you" in text  # reciprocate
    assert "Blurb to forward" in text
    assert "referral" not in text.lower() and "who do you know" not in text.lower()
    assert result.stderr == ""


def test_ask_via_a_named_introducer_and_direct_ties(team: Path) -> None:
    import_team(team)
    assert run("ask", "--to", "Dana Buyer", "--via", "Carla Client", "--format", "json").output
    direct = run("ask", "--to", "Olivia Ops", "--from", "Tom Closer", "--max-hops", "1", ok=False)
    assert direct.exit_code == 1 and "directly" in direct.stderr


def test_dry_run_changes_nothing(team: Path) -> None:
    run("import", str(team / "sam.csv"), "--owner", "Sam Seller")
    stats = run("stats", "--format", "json").output
    out = run("import", str(team / "rita.csv"), "--owner", "Rita Rep", "--dry-run").output
    assert "dry run" in out and run("stats", "--format", "json").output == stats
    real = run("import", str(team / "rita.csv"), "--owner", "Rita Rep").output
    assert out.splitlines()[0] == real.splitlines()[0]  # the preview said what the import changed
    assert "people 3 added, 1 matched" in real


def test_the_cli_small_surprises(team: Path, tmp_path: Path) -> None:
    import os
    import stat
    import_team(team)
    store = str(team / "team.db")
    # --store after the subcommand, and the store named in stats and in "nobody matches"
    assert "via Carla Client" in run("paths", "--store", store, "--account", "Acme Corporation").output
    assert run("stats").output.startswith(f"store: {store}\n")
    missing = run("paths", "--to", "Dana Buyr", ok=False)
    assert missing.exit_code == 1 and f"(store: {store})" in missing.stderr
    # one question at a time
    both = run("paths", "--to", "Dana Buyer", "--account", "Acme Corporation", ok=False)
    assert both.exit_code == 1 and "--to names one person" in both.stderr and "ask one of the two" in both.stderr
    # follow-ups: the kinds are listed, an unknown kind or introduction is refused
    assert "'thank', 'report back', 'thank for the sale'" in " ".join(run("followups", "--help").output.split())
    assert run("followups", "--done", "1", "nope", ok=False).exit_code == 2
    unknown = run("followups", "--done", "999", "thank", ok=False)
    assert unknown.exit_code == 1 and "no introduction #999" in unknown.stderr
    # a typo in a choice gets the closest one; a date far ahead is a typo too
    typo = run("paths", "--account", "Acme Corporation", "--format", "jsno", ok=False)
    assert typo.exit_code == 2 and "Did you mean 'json'?" in typo.stderr
    ahead = run("intros", "add", "--to", "Dana Buyer", "--via", "Carla Client", "--date", "9999-12-31", ok=False)
    assert ahead.exit_code == 1 and "more than a year from today" in ahead.stderr
    # a file name that is not UTF-8 imports, shown with U+FFFD
    import os as os_module
    odd = os_module.fsdecode(bytes(tmp_path) + b"/caf\xe9.csv")
    Path(odd).write_text("Name,Email,Company\nZed Odd,zed@odd.example.com,Odd Co\n")
    assert "caf\ufffd.csv (csv): 1 row;" in run("import", odd, "--owner", "Rita Rep").output
    # punctuation is not a wildcard
    assert run("people", "%").output.strip() == "Nobody matches."
    # files written for the user are the user's alone, like the store
    old = os.umask(0)
    try:
        run("paths", "--account", "Acme Corporation", "--format", "csv", "-o", str(tmp_path / "paths.csv"))
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "paths.csv").st_mode) == 0o600


def test_strict_fails_on_row_problems(team: Path) -> None:
    (team / "bad.csv").write_text("Name,Relationship\nZed,frenemy\n")
    result = run("import", str(team / "bad.csv"), "--owner", "Rita Rep", "--strict", ok=False)
    assert result.exit_code == 1 and "bad.csv:2" in result.stderr


def test_formats_and_people(team: Path) -> None:
    import_team(team)
    assert "linkedin" in run("formats").output
    assert "Marco Rossi" in run("people", "acme").output


def test_a_question_to_a_store_that_is_not_there_says_so(tmp_path: Path) -> None:
    typo = tmp_path / "tem.db"
    result = CliRunner().invoke(cli, ["--store", str(typo), "paths", "--to", "Dana Buyer"])
    assert result.exit_code == 1 and f"There is no pathfinder store at {typo}" in result.stderr
    assert not typo.exists()  # nothing was created


def test_csv_headers_are_guarded_against_formulas_like_cells() -> None:
    from pathfinder.faces.render import to_csv
    header = next(csv.reader(io.StringIO(to_csv(["account", "=cmd|' /C calc'!A0"], [["Acme", "+1"]]))))
    assert header == ["account", "'=cmd|' /C calc'!A0"]


def test_check_rebuilds_the_index_from_every_tie_when_asked(team: Path) -> None:
    import_team(team)
    arcs = team / "team.db.index.arcs"
    before = arcs.stat().st_ino
    assert "rebuilt" not in run("check").output  # up to date: nothing rebuilt
    assert arcs.stat().st_ino == before
    out = run("check", "--rebuild-index").output
    assert "index: fresh (rebuilt, as asked, checksums verified)" in out and out.rstrip().endswith("ok")
    assert arcs.stat().st_ino != before
