"""Coverage for a manager: the accounts × team matrix, single-introducer risk, reach, whose
network to add next, and the HTML report opened in a real headless browser."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .pngcheck import pixels
from .test_cli import import_team, run, team  # noqa: F401  (the fixture)


def test_matrix_risk_reach_and_add_next(team: Path) -> None:  # noqa: F811
    import_team(team)
    (team / "more.csv").write_text("Name,Company,Title,Relationship\nWendy Wayne,Wayne Enterprises,CFO,friend\n")
    run("import", str(team / "more.csv"), "--owner", "Tom Closer")
    (team / "accounts2.csv").write_text("account\nAcme Corporation\nStark Logistics\nWayne Enterprises\nNowhere Inc\n")
    report = json.loads(run("coverage", "--accounts", str(team / "accounts2.csv"), "--format", "json").output)
    by = {a["account"]: a for a in report["accounts"]}
    acme = by["Acme Corporation"]
    assert set(acme["member_scores"]) == {"Rita Rep", "Sam Seller", "Tom Closer"}
    # the best route is through someone who trusts the team, before any cold one
    assert acme["best"]["band"] != "cold" and acme["best_score"] == acme["member_scores"]["Rita Rep"]
    # only Carla (Rita's client) opens Acme warmly; the rest are bare LinkedIn connections
    assert acme["introducers"] == ["Carla Client"] and acme["single_introducer_risk"] and acme["cold_routes"] >= 1
    assert by["Stark Logistics"]["paths"] == 0 and by["Stark Logistics"]["only_cold"]
    assert report["gaps"] == ["Nowhere Inc"]
    assert report["reach"] == {"Rita Rep": 1, "Sam Seller": 2, "Tom Closer": 2}


def test_add_next_suggests_the_close_contact_who_works_at_a_gap(team: Path) -> None:  # noqa: F811
    import_team(team)
    (team / "friends.csv").write_text("Name,Company,Title,Relationship\nGina Gap,Wayne Enterprises,Engineer,friend\n")
    run("import", str(team / "friends.csv"), "--owner", "Rita Rep")
    (team / "accounts3.csv").write_text("account\nWayne Enterprises\nUmbrella\n")
    # Gina is a target at Wayne herself, so Wayne is covered; Umbrella is the gap she cannot open
    report = json.loads(run("coverage", "--accounts", str(team / "accounts3.csv"), "--format", "json").output)
    assert report["gaps"] == ["Umbrella"] and report["add_next"] == []
    suggestion = json.loads(run("coverage", "--accounts", str(team / "accounts.csv"), "--candidate", "Carla Client",
                                "--format", "json").output)["add_next"]
    assert suggestion == [] or suggestion[0]["person"] == "Carla Client"


def test_html_report_escapes_names_and_shows_content_in_a_real_browser(team: Path, tmp_path: Path) -> None:  # noqa: F811
    (team / "evil.csv").write_text("Name,Company,Title,Relationship\n\"<script>alert(1)</script>\",Acme Corporation,VP Sales,friend\n")
    import_team(team)
    run("import", str(team / "evil.csv"), "--owner", "Sam Seller")
    html = tmp_path / "report.html"
    run("coverage", "--accounts", str(team / "accounts.csv"), "--format", "html", "-o", str(html))
    text = html.read_text()
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed: .ci/run installs Debian's chromium package")
        pytest.skip("no Chromium here (apt-get install chromium)")
    shot = tmp_path / "coverage.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1100,900"]
    subprocess.run([chromium, *flags, f"--screenshot={shot}", html.as_uri()], check=True, capture_output=True, timeout=120)
    dom = subprocess.run([chromium, *flags, "--dump-dom", html.as_uri()], check=True, capture_output=True,
                         text=True, timeout=120).stdout
    assert "Acme Corporation" in dom and "Wayne Enterprises" in dom and "Carla Client" in dom
    px = pixels(shot.read_bytes())
    inked = sum(1 for p in px if sum(p) < 600) / len(px)
    greens = sum(1 for r, g, b in px if g > r + 30 and g > b + 20)
    assert inked > 0.01, "the screenshot is blank"
    assert greens > 200, "no heatmap cells in the screenshot"


def test_teammates_with_the_same_name_stay_apart(pf, tmp_path: Path) -> None:
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    (tmp_path / "a.csv").write_text(header + "Dana,Buyer,https://www.linkedin.com/in/dana,,Acme,VP Sales,01 Jan 2024\n")
    (tmp_path / "b.csv").write_text(header + "Vic,Chief,https://www.linkedin.com/in/vic,,Acme,CFO,01 Jan 2020\n")
    pf.import_file(tmp_path / "a.csv", owner="alex.one@northwind.example.com")
    pf.import_file(tmp_path / "b.csv", owner="alex.two@northwind.example.com")
    db = pf.store.db  # both reps are called Alex Kim
    db.execute("UPDATE people SET name='Alex Kim' WHERE email LIKE 'alex.%'")
    db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")
    report = pf.coverage(["Acme"])
    assert len(report.team) == 2 and len(report.accounts[0].members) == 2
    assert all(name.startswith("Alex Kim (") for name in report.team)


def test_accounts_read_from_the_index_match_the_store(pf) -> None:
    """The index's company codes give the same coverage as asking the store for each account."""
    import numpy as np

    from pathfinder.faces.demo import import_samples, sample_dir

    import_samples(pf, echo=lambda _: None)
    accounts = [line.split(",")[0] for line in (sample_dir() / "accounts.csv").read_text().splitlines()[1:]]
    accounts += ["ACME Corp.", "Umbrella Health", "Nobody Ltd"]
    from_index = pf.coverage(accounts, member_paths=3).as_json()
    assert pf.index.companies.size and from_index["accounts"][0]["people"] > 0
    pf.index.companies = np.zeros(0, "S1")  # an index without company codes: the store is asked
    assert pf.coverage(accounts, member_paths=3).as_json() == from_index


def test_each_account_is_covered_on_its_own(pf) -> None:
    """An account's figures do not change with the other accounts listed beside it."""
    from pathfinder.faces.demo import import_samples, sample_dir

    import_samples(pf, echo=lambda _: None)
    accounts = [line.split(",")[0] for line in (sample_dir() / "accounts.csv").read_text().splitlines()[1:]]
    together = pf.coverage(accounts).as_json()["accounts"]
    assert [pf.coverage([a]).as_json()["accounts"][0] for a in accounts] == together


def test_only_routes_above_the_cold_band_count(tmp_path: Path) -> None:
    import pathfinder

    from .conftest import AS_OF
    from .test_routes import write_world

    with pathfinder.open(tmp_path / "w.db", as_of=AS_OF) as pf:
        for _, result in pf.import_files(write_world(tmp_path)):
            assert not isinstance(result, Exception)
        acme, initech = pf.coverage(["Acme", "Initech"]).accounts
        # Zane and Carla (Rita's friend and client) and Sam's friend Ed, inside; Lou (a bare
        # acquaintance of Rita's) is a cold route to Ola
        assert (acme.paths, acme.cold_routes, acme.introducers) == (3, 1, ["Carla Client", "Zane Friend"])
        assert acme.best is not None and acme.best.band == "strong" and not acme.only_cold
        # Initech: Frank (Rita's friend, inside) is the one way in, never Rob outside
        assert (initech.paths, initech.cold_routes, initech.introducers) == (1, 0, [])
