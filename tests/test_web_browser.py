"""The web app end to end in Debian's headless Chromium, driven by Playwright: the real server
(`serve` in a subprocess, on a free port) on a temporary store of the sample exports. Search for
an account, open its paths, draft the ask, copy it, download it as .eml, record it; download the
prospect CSV; paste an accounts list into coverage. Screenshots of the paths and coverage pages go
to the pytest temporary folder; with PATHFINDER_UPDATE_SCREENSHOT=1 the paths one also replaces
docs/screenshot-paths.png, the README's picture."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import pathfinder
from pathfinder.faces.demo import import_samples, sample_dir
from pathfinder.faces.render import PROSPECT_HEADER

from .pngcheck import pixels

CHROMIUM = "/usr/bin/chromium"
DOCS_SHOT = Path(__file__).resolve().parents[1] / "docs" / "screenshot-paths.png"


def need_browser() -> None:
    """Skip with the reason when the browser or its driver is missing; in CI that is a failure."""
    reason = None
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is missing: apt-get install chromium (Debian's package; never `playwright install`)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "Playwright for Python is missing: pip install -e '.[test]'"
        try:
            import fastapi  # noqa: F401
            import uvicorn  # noqa: F401
        except ImportError:
            reason = "the web stack is missing: pip install -e ."
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    need_browser()
    db = tmp_path / "browser.db"
    with pathfinder.open(db) as pf:
        import_samples(pf, echo=lambda _: None)
    env = {k: v for k, v in os.environ.items() if k not in ("PATHFINDER_TOKEN", "PATHFINDER_STORE")}
    code = "import sys; from pathfinder.faces.web.server import serve; serve(sys.argv[1], '127.0.0.1', 0, None)"
    proc = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        m = re.fullmatch(r"pathfinder is serving on (http://127\.0\.0\.1:\d+/)\n", line)
        if not m:
            proc.kill()
            pytest.fail(f"the server did not start: {line!r} {proc.stderr.read() if proc.stderr else ''}")
        yield m.group(1)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def shows_content(png: bytes) -> tuple[float, int]:
    """(share of inked pixels, count of heatmap-green pixels)."""
    px = pixels(png)
    inked = sum(1 for p in px if sum(p) < 600) / len(px)
    greens = sum(1 for r, g, b in px if g > r + 30 and g > b + 20)
    return inked, greens


@pytest.mark.parametrize("width", [1200, 390])
def test_search_paths_ask_prospects_coverage_in_chromium(server: str, tmp_path: Path, width: int) -> None:
    """A rep's morning at a desk and on a phone: the day, an account's routes, one ask drafted,
    edited, sent and marked asked, later marked introduced; prospects and coverage."""
    from playwright.sync_api import expect, sync_playwright

    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
            page = context.new_page()
            page.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
            page.on("console", lambda msg: problems.append(f"console: {msg.text} {msg.location}")
                    if msg.type == "error" else None)

            # the home page on a phone: pick yourself once, and the day opens, each line one action away
            phone = browser.new_context(viewport={"width": 390, "height": 844})
            day = phone.new_page()
            day.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
            day.goto(server)
            day.get_by_label("You are").select_option("Rita Rep")
            day.get_by_role("button", name="Show my day").click()
            expect(day.locator("h1").first).to_have_text("Rita Rep's day")
            line = day.locator("li.day-ask", has_text="Carla Client")
            expect(line).to_contain_text("ask for one introduction, to Dana Buyer")
            line.get_by_role("link", name="Draft the ask to Carla Client").click()
            expect(line.locator("textarea[name=body]")).to_be_visible()
            assert day.evaluate("document.documentElement.scrollWidth") <= 390, "the day is wider than a phone"
            if os.environ.get("PATHFINDER_UPDATE_SCREENSHOT"):  # the README's phone picture, on demand
                day.screenshot(path=str(DOCS_SHOT.parent / "screenshot-day-phone.png"))
            day.goto(server)  # remembered
            expect(day.locator("h1").first).to_have_text("Rita Rep's day")
            phone.close()

            # search for an account: suggestions as you type, then its paths
            page.goto(server)
            page.wait_for_load_state("load")
            page.keyboard.press("Tab")  # the first stop is the skip link
            expect(page.get_by_role("link", name="Skip to the answer")).to_be_focused()
            search = page.get_by_role("combobox", name="Search people, accounts and titles")
            search.press_sequentially("acme", delay=40)
            suggestion = page.locator("#suggestions a[href*='account=']", has_text="Acme Corporation")
            expect(suggestion).to_be_visible()
            expect(search).to_have_attribute("aria-expanded", "true")
            suggestion.click()
            page.wait_for_url("**/paths?account=Acme+Corporation")
            expect(page.locator("li.path").first).to_have_class(re.compile(r"\bdirect\b"))  # known directly: first
            first = page.locator("li.path", has_text="via Carla Client").first
            expect(first).to_contain_text("Dana Buyer")
            expect(first.locator(".relationship")).to_contain_text("client (since 2023-05-10)")
            shot = page.screenshot(path=str(tmp_path / "paths.png"), full_page=True)
            text = page.inner_text("main")
            assert "Dana Buyer" in text and "Draft the ask" in text
            inked, _ = shows_content(shot)
            assert inked > 0.01, "the paths screenshot is blank"
            assert page.evaluate("document.documentElement.scrollWidth") <= width, "the paths page is too wide"
            if os.environ.get("PATHFINDER_UPDATE_SCREENSHOT") and width > 1000:  # the README's picture, on demand
                DOCS_SHOT.parent.mkdir(exist_ok=True)
                shutil.copy(tmp_path / "paths.png", DOCS_SHOT)

            # draft the ask in place, copy it, download the edited text, record it
            first.get_by_role("link", name="Draft the ask").click()
            body = first.locator("textarea[name=body]")
            expect(body).to_be_visible()
            assert "Would you introduce me to Dana Buyer" in body.input_value()
            assert page.url.endswith("/paths?account=Acme+Corporation")  # drafted without leaving the page
            first.get_by_role("button", name="Copy to clipboard").click()
            expect(first.locator(".copied")).to_have_text("Copied.")
            copied = page.evaluate("navigator.clipboard.readText()")
            assert copied.startswith("Subject: Would you introduce me to Dana Buyer?") and "Hi Carla," in copied
            body.fill("Hi Carla,\n\nEdited in the browser: would you introduce me to Dana Buyer?\n")
            first.get_by_role("link", name="Draft the ask").click()  # drafting again keeps the edit
            assert "Edited in the browser" in body.input_value()
            with page.expect_download() as download_info:
                first.get_by_role("button", name="Download .eml").click()
            download = download_info.value
            assert download.suggested_filename == "01-Carla-Client.eml"
            eml = Path(download.path()).read_text()
            assert "X-Unsent: 1" in eml and "Edited in the browser" in eml and "carla@globex.example.com" in eml
            first.get_by_role("button", name="Mark this one asked").click()
            page.wait_for_url("**/paths?account=Acme+Corporation&recorded=1#path-*")  # back to the route
            card = page.locator("li.path", has_text="via Carla Client").first
            expect(card.locator(".ledger-state")).to_contain_text(f"Asked {date.today().day} {date.today():%b %Y}")
            expect(card.get_by_role("link", name="Draft the ask")).to_have_count(0)
            card.get_by_label("Mark it").select_option("introduced")
            card.get_by_role("button", name=re.compile(r"Update #\d+")).click()
            page.wait_for_url("**/paths?account=Acme+Corporation&updated=*")
            card = page.locator("li.path", has_text="via Carla Client").first
            expect(card.locator(".ledger-state")).to_contain_text("Introduced")
            page.goto(server + "intros")
            expect(page.locator("table.intros")).to_contain_text("Carla Client")
            expect(page.locator("table.intros")).to_contain_text("introduced")

            # prospects: profile in, ranked list and its CSV out
            page.goto(server + "prospects")
            page.locator("input[name=title]").first.fill("VP")
            page.get_by_role("button", name="Find prospects").click()
            page.wait_for_url("**/prospects?title=VP*")
            expect(page.locator("table.prospects")).to_contain_text("Priya Patel")
            expect(page.locator("table.prospects")).not_to_contain_text("Dana Buyer")  # introduced: no longer a prospect
            with page.expect_download() as download_info:
                page.get_by_role("link", name="Download CSV").click()
            rows = list(csv.reader(io.StringIO(Path(download_info.value.path()).read_text())))
            assert rows[0] == PROSPECT_HEADER and any("Priya Patel" in r for r in rows[1:])

            # coverage: paste the target accounts
            page.goto(server + "coverage")
            page.locator("textarea[name=accounts]").fill((sample_dir() / "accounts.csv").read_text())
            page.get_by_role("button", name="Show coverage").click()
            page.wait_for_url("**/coverage?accounts=*")
            heatmap = page.locator("table.heatmap")
            expect(heatmap).to_contain_text("Acme Corporation")
            expect(heatmap).to_contain_text("gap: no path")
            shot = page.screenshot(path=str(tmp_path / "coverage.png"), full_page=True)
            inked, greens = shows_content(shot)
            assert inked > 0.01 and greens > 200, "no heatmap in the coverage screenshot"
        finally:
            browser.close()
    assert not problems, problems


def test_a_missing_browser_fails_in_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="apt-get install chromium"):
        need_browser()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        need_browser()


PAGES = ["", "?me=Rita%20Rep", "paths?account=Acme%20Corporation", "paths?to=Dana%20Buyr", "prospects?title=VP",
         "paths?account=Acme%20Corporation&top=lots", "person?q=Dana%20Buyr", "prospects?title=VP&account=Acme%20Corporatoin",
         "coverage?accounts=Acme%20Corporation%0AInitech%0AWayne%20Enterprises", "person?q=Dana%20Buyer",
         "explain?from=Rita%20Rep&to=Dana%20Buyer", "intros", "ask?to=Dana%20Buyer", "ask?account=Initech",
         "paths?account=Initech&max_hops=4",
         "api/coverage?accounts=Acme%20Corporation%0AInitech&format=html"]
#: pages that answer 400 (a value they could not use; nothing to ask): the console notes the status
ANSWERED_400 = ("top=lots", "ask?account=Initech")


def test_every_page_is_accessible_and_fits_a_phone(server: str) -> None:
    """axe-core (WCAG 2.1 AA rules) finds no serious or critical violation on any page, at 1280 px
    and at 390 px, and no page is wider than a phone."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    axe = Axe()
    problems: list[str] = []
    said: list[str] = []  # the console's errors on the page being looked at
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for width in (1280, 390):
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                page.on("console", lambda msg: said.append(msg.text) if msg.type == "error" else None)
                for url in PAGES:
                    said.clear()
                    page.goto(server + url)
                    found = axe.run(page).response["violations"]
                    problems.extend(f"{width}px /{url}: {v['id']} ({v['impact']}, {len(v['nodes'])} nodes)"
                                    for v in found if v["impact"] in ("serious", "critical"))
                    wide = page.evaluate("document.documentElement.scrollWidth")
                    if wide > width:
                        problems.append(f"{width}px /{url}: {wide} px wide")
                    answered_400 = any(part in url for part in ANSWERED_400)
                    problems.extend(f"{width}px /{url} console: {text}" for text in said
                                    if not (answered_400 and "status of 400" in text))
                context.close()
        finally:
            browser.close()
    assert not problems, problems
