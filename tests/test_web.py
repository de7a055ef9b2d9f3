"""The web app through its test client, on a store of the bundled sample exports plus a hostile
contact: every page has its answer in the HTML, the API prints what the CLI prints, CSRF and the
token hold, names are escaped, downloads carry the right headers, the schema lists the API."""

from __future__ import annotations

import csv
import email
import email.policy
import html
import io
import json
import logging
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from click.testing import CliRunner

pytest.importorskip("fastapi", reason="the web app needs the web extra: pip install fastapi uvicorn python-multipart")

from fastapi.routing import APIRoute  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

import pathfinder  # noqa: E402
from pathfinder.errors import PathfinderError
from pathfinder.faces.cli import cli
from pathfinder.faces.cli_common import in_cli_terms
from pathfinder.faces.demo import import_samples, sample_dir
from pathfinder.faces.render import PROSPECT_HEADER
from pathfinder.faces.web.app import create_app
from pathfinder.faces.web.security import CSRF_COOKIE, TOKEN_COOKIE, is_loopback
from pathfinder.faces.web.server import serve

EVIL = "<script>alert(1)</script>"
EVIL_TITLE = '"><img src=x onerror=alert(2)> VP Sales'
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def build_store(folder: Path) -> Path:
    """The demo team's exports, and an acquaintance of Carla's with a hostile name and title."""
    db = folder / "web.db"
    (folder / "hostile.csv").write_text(
        "Name,Email,Company,Title,Relationship\n"
        f"\"{EVIL}\",evil@initech.example.com,Initech,\"{EVIL_TITLE.replace(chr(34), chr(34) * 2)}\",acquaintance\n",
        encoding="utf-8")
    with pathfinder.open(db) as pf:
        import_samples(pf, echo=lambda _: None)
        pf.import_file(folder / "hostile.csv", owner="Carla Client", connector=True)
        pf.refresh_index()
    return db


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web"))


@pytest.fixture
def store(shared_store: Path, tmp_path: Path) -> Path:
    """A private copy, for tests that write (the ledger)."""
    for f in shared_store.parent.glob(shared_store.name + "*"):
        shutil.copy(f, tmp_path / f.name)
    return tmp_path / shared_store.name


@pytest.fixture(scope="module")
def client(shared_store: Path) -> TestClient:
    return TestClient(create_app(str(shared_store)), base_url="http://127.0.0.1")


def cli_out(store: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, ["--store", str(store), *args], catch_exceptions=False)
    assert result.exit_code == code, result.output + result.stderr
    return result.stdout


def evil_id(store: Path) -> str:
    with pathfinder.open(store) as pf:
        return pf.people("alert", limit=1)[0].id


def csrf_of(page_html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', page_html)
    assert m, "a form with a CSRF token"
    return html.unescape(m.group(1))


# --- pages -------------------------------------------------------------------------------------

def test_every_page_has_its_answer_in_the_html(client: TestClient, shared_store: Path) -> None:
    pages = {
        "/": ["Rita Rep", "Sam Seller", "Tom Closer", "people"],
        "/search?q=acme": ["Acme Corporation", "/paths?account=Acme+Corporation", "Dana Buyer"],
        "/suggest?q=acme": ["/paths?account=Acme+Corporation", "account"],
        "/paths?account=Acme": ["Paths into Acme", "Dana Buyer", "via <b>Carla Client</b>", "client (since 2023-05-10)",
                                "Draft the ask", 'class="score score-strong"'],
        "/paths?to=Dana%20Buyer&from=Rita%20Rep": ["Paths to Dana Buyer", "Carla Client", "former colleague"],
        "/ask?to=Dana%20Buyer": ["To: <b>Carla Client</b>", "Would you introduce me to Dana Buyer", "Record as asked",
                                 "Download .eml", "Copy to clipboard"],
        "/prospects?title=VP": ["Dana Buyer", "Download CSV", "/prospects.csv?title=VP"],
        "/coverage?" + urlencode({"accounts": (sample_dir() / "accounts.csv").read_text()}):
            ["Acme Corporation", "Black Mesa Research", "gap: no path", "heat-", "Reach per teammate"],
        "/person?q=Marco%20Rossi": ["Marco Rossi", "rita_connections.csv", "sam_connections.csv",
                                    "carla_connections.csv", "same name and company", "Ties ("],
        "/explain?from=Rita%20Rep&to=Carla%20Client": ["client", "rita_clients.csv", "Evidence"],
        "/intros": ["Introductions", "The ledger is empty"],
    }
    for url, wanted in pages.items():
        r = client.get(url)
        assert r.status_code == 200, (url, r.text[:500])
        assert r.headers["content-type"].startswith("text/html")
        for text in wanted:
            assert text in r.text, (url, text)


def test_empty_questions_show_the_forms_and_errors_are_pages(client: TestClient) -> None:
    for url in ("/paths", "/prospects", "/coverage", "/person", "/explain", "/ask"):
        r = client.get(url)
        assert r.status_code == 200 and "<form" in r.text, url
    r = client.get("/paths?to=Nobody%20Atall")  # an answer that keeps the form, not an error page
    assert r.status_code == 200 and "Nobody in your team&#39;s exports is called" in r.text and "<form" in r.text
    r = client.get("/paths?account=Nowhere%20Inc")
    assert r.status_code == 200 and "It is a gap in your coverage" in r.text
    assert client.get("/api/paths?account=Nowhere%20Inc").status_code == 404  # the API keeps its contract
    r = client.get("/paths?account=Acme&max_hops=9")
    assert r.status_code == 400 and "max_hops" in r.text
    assert client.get("/no-such-page").status_code == 404


def test_pages_render_under_100_ms(client: TestClient) -> None:
    accounts = quote((sample_dir() / "accounts.csv").read_text())
    urls = ["/", "/search?q=acme", "/suggest?q=ac", "/paths?account=Acme", "/paths?to=Dana%20Buyer&from=Rita%20Rep",
            "/ask?to=Dana%20Buyer", "/prospects?title=VP", f"/coverage?accounts={accounts}", "/person?q=Marco%20Rossi",
            "/explain?from=Rita%20Rep&to=Carla%20Client", "/intros", "/api/paths?account=Acme"]
    slow = {}
    for url in urls:
        client.get(url)  # templates compiled, index mapped
        times = []
        for _ in range(3):
            start = time.perf_counter()
            assert client.get(url).status_code == 200
            times.append((time.perf_counter() - start) * 1000)
        if statistics.median(times) >= 100:
            slow[url] = statistics.median(times)
    assert not slow, slow


# --- the API is the CLI --------------------------------------------------------------------------

def test_api_prints_what_the_cli_prints(client: TestClient, shared_store: Path) -> None:
    accounts_file = sample_dir() / "accounts.csv"
    cases = [
        ("/api/paths?account=Acme&top=5", ["paths", "--account", "Acme", "--top", "5", "--format", "json"]),
        ("/api/paths?to=Dana%20Buyer&from=Rita%20Rep", ["paths", "--to", "Dana Buyer", "--from", "Rita Rep", "--format", "json"]),
        ("/api/paths?title=VP%20Sales&max_hops=2&top=3", ["paths", "--title", "VP Sales", "--max-hops", "2", "--top", "3",
                                                         "--format", "json"]),
        ("/api/paths?account=Acme&format=csv", ["paths", "--account", "Acme", "--format", "csv"]),
        ("/api/paths?account=Acme&format=table", ["paths", "--account", "Acme"]),
        ("/api/prospects?title=VP&limit=20", ["prospects", "--title", "VP", "--limit", "20", "--format", "json"]),
        ("/api/prospects?seniority=vp&seniority=c-level&exclude=clients",
         ["prospects", "--seniority", "vp", "--seniority", "c-level", "--exclude", "clients", "--format", "json"]),
        ("/api/prospects?title=VP&format=csv", ["prospects", "--title", "VP", "--format", "csv"]),
        ("/api/prospects?function=sales&accounts=" + quote(accounts_file.read_text()),
         ["prospects", "--function", "sales", "--accounts", str(accounts_file), "--format", "json"]),
        ("/api/coverage?accounts=" + quote(accounts_file.read_text()),
         ["coverage", "--accounts", str(accounts_file), "--format", "json"]),
        ("/api/ask?to=Dana%20Buyer", ["ask", "--to", "Dana Buyer", "--format", "json"]),
        ("/api/ask?account=Acme%20Corporation&format=text", ["ask", "--account", "Acme Corporation"]),
        ("/api/ask?to=Dana%20Buyer&format=markdown", ["ask", "--to", "Dana Buyer", "--format", "markdown"]),
        ("/api/ask?to=Dana%20Buyer&format=csv", ["ask", "--to", "Dana Buyer", "--format", "csv"]),
        ("/api/people?query=acme", ["people", "acme", "--format", "json"]),
        ("/api/people?query=ro&limit=3", ["people", "ro", "--limit", "3", "--format", "json"]),
        ("/api/explain-person?person=Marco%20Rossi", ["explain-person", "Marco Rossi", "--format", "json"]),
        ("/api/explain?from=Rita%20Rep&to=Dana%20Buyer", ["explain", "--from", "Rita Rep", "--to", "Dana Buyer",
                                                          "--format", "json"]),
        ("/api/intros", ["intros", "--format", "json"]),
        ("/api/followups?all=true", ["followups", "--all", "--format", "json"]),
        ("/api/stats", ["stats", "--format", "json"]),
    ]
    for url, args in cases:
        r = client.get(url)
        assert r.status_code == 200, (url, r.text)
        assert r.text == cli_out(shared_store, *args), url
        if "format=" not in url:
            assert r.headers["content-type"] == "application/json"
            json.loads(r.text)


def test_api_errors_carry_the_cli_message_in_api_terms(client: TestClient, shared_store: Path) -> None:
    """The API names its own parameters (`max_hops`); the CLI says the same with its options (--max-hops)."""
    for url, args, status in [
        ("/api/paths?to=Nobody%20Atall", ["paths", "--to", "Nobody Atall"], 404),
        ("/api/paths?account=Nowhere%20Inc", ["paths", "--account", "Nowhere Inc"], 404),
        ("/api/paths", ["paths"], 400),
        ("/api/prospects", ["prospects"], 400),
        ("/api/ask?to=Olivia%20Ops&from=Tom%20Closer", ["ask", "--to", "Olivia Ops", "--from", "Tom Closer"], 400),
    ]:
        r = client.get(url)
        cli_err = CliRunner().invoke(cli, ["--store", str(shared_store), *args]).stderr
        assert r.status_code == status, (url, r.text)
        said = re.sub(r" \(store: [^)]*\)$", "", cli_err.rstrip("\n"))  # the CLI also names the store it used
        assert said == f"Error: {in_cli_terms(r.json()['error'])}", url
    r = client.get("/api/paths?account=Acme&max_hops=0")
    assert r.status_code == 422 and "max_hops" in r.json()["error"]


def test_downloads_equal_the_cli_files(client: TestClient, shared_store: Path, tmp_path: Path) -> None:
    r = client.get("/prospects.csv?title=VP")
    assert r.headers["content-type"].startswith("text/csv")
    assert 'attachment; filename="prospects.csv"' in r.headers["content-disposition"]
    assert r.text == cli_out(shared_store, "prospects", "--title", "VP", "--format", "csv")
    assert next(csv.reader(io.StringIO(r.text))) == PROSPECT_HEADER
    r = client.get("/paths.csv?account=Acme")
    assert r.text == cli_out(shared_store, "paths", "--account", "Acme", "--format", "csv")
    pytest.importorskip("openpyxl")
    r = client.get("/prospects.xlsx?title=VP")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    import openpyxl
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    assert [c.value for c in next(sheet.iter_rows())] == PROSPECT_HEADER
    r = client.get("/coverage.html?accounts=Acme%20Corporation%0AInitech")
    assert r.headers["content-type"].startswith("text/html") and "attachment" in r.headers["content-disposition"]
    assert "Acme Corporation" in r.text


# --- the ask -------------------------------------------------------------------------------------

def test_the_drafted_ask_is_the_cli_text(client: TestClient, shared_store: Path) -> None:
    r = client.get("/ask?to=Dana%20Buyer")
    subject = html.unescape(re.search(r'name="subject" value="([^"]*)"', r.text).group(1))
    body = html.unescape(re.search(r'<textarea name="body"[^>]*>\n(.*?)</textarea>', r.text, re.S).group(1))
    notes, text = cli_out(shared_store, "ask", "--to", "Dana Buyer").split("\n", 1)
    assert f"To: Carla Client\nSubject: {subject}\n\n{body}" == text
    assert notes == '[Your notes on Carla Client (not in the message): "cut their month-end reporting from 9 days to 2"]'
    assert "Your notes on Carla Client (not in the message): &ldquo;cut their month-end reporting" in r.text
    fragment = client.get("/ask?to=Dana%20Buyer", headers={"X-Fragment": "1"})
    assert "<html" not in fragment.text and "Would you introduce me to Dana Buyer" in fragment.text


def test_eml_download_has_the_right_headers(client: TestClient, shared_store: Path, tmp_path: Path) -> None:
    r = client.get("/ask.eml?to=Dana%20Buyer")
    assert r.status_code == 200
    assert r.headers["content-type"] == "message/rfc822"
    assert r.headers["content-disposition"].startswith('attachment; filename="01-Carla-Client.eml"')
    cli_out(shared_store, "ask", "--to", "Dana Buyer", "--format", "eml", "-o", str(tmp_path / "drafts"))
    assert r.content == (tmp_path / "drafts" / "01-Carla-Client.eml").read_bytes()
    msg = email.message_from_bytes(r.content)
    assert msg["X-Unsent"] == "1" and "carla@globex.example.com" in msg["To"]

    # the edited text, as a browser sends it (CRLF lines)
    page = client.get("/ask?to=Dana%20Buyer").text
    edited = client.post("/ask/eml", data={"csrf_token": csrf_of(page), "to": "Dana Buyer", "max_hops": "3", "n": "1",
                                           "subject": "Intro to Dana?", "body": "Hi Carla,\r\n\r\nEdited by me.\r\n"})
    assert edited.status_code == 200 and edited.headers["content-type"] == "message/rfc822"
    msg = email.message_from_bytes(edited.content, policy=email.policy.default)
    assert msg["Subject"] == "Intro to Dana?" and msg.get_content() == "Hi Carla,\n\nEdited by me.\n"


def test_record_as_asked_puts_it_in_the_ledger(store: Path) -> None:
    c = TestClient(create_app(str(store)), base_url="http://127.0.0.1")
    page = c.get("/ask?to=Dana%20Buyer&via=Carla%20Client&from=Rita%20Rep").text
    r = c.post("/ask/record", data={"csrf_token": csrf_of(page), "to": "Dana Buyer", "via": "Carla Client",
                                    "from": "Rita Rep", "max_hops": "3"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/intros?recorded=1"
    assert "Recorded 1 ask" in c.get(r.headers["location"]).text
    ledger = json.loads(cli_out(store, "intros", "--format", "json"))
    assert [(i["rep"], i["introducer"], i["target"], i["status"]) for i in ledger] == [
        ("Rita Rep", "Carla Client", "Dana Buyer", "asked")]
    assert c.get("/api/intros").text == cli_out(store, "intros", "--format", "json")
    assert "asked since" in c.get("/paths?account=Acme").text  # the route is marked from now on


# --- security ------------------------------------------------------------------------------------

def test_state_changing_requests_need_the_csrf_token(store: Path) -> None:
    c = TestClient(create_app(str(store)), base_url="http://127.0.0.1")
    page = c.get("/ask?to=Dana%20Buyer").text
    token = csrf_of(page)
    form = {"to": "Dana Buyer", "max_hops": "3"}
    assert c.post("/ask/record", data=form).status_code == 403  # no token
    assert c.post("/ask/record", data={**form, "csrf_token": "x" + token}).status_code == 403  # not the cookie's
    assert c.post("/coverage", data={"accounts": "Acme"}).status_code == 403
    assert c.post("/api/ask?to=Dana%20Buyer").status_code == 403
    # a forged pair: same value in cookie and field, but not signed by this process
    other = TestClient(create_app(str(store)), base_url="http://127.0.0.1")
    other.cookies.set(CSRF_COOKIE, token)
    assert other.post("/ask/record", data={**form, "csrf_token": token}).status_code == 403
    # a fresh client has no cookie at all
    bare = TestClient(create_app(str(store)), base_url="http://127.0.0.1")
    assert bare.post("/ask/record", data={**form, "csrf_token": token}).status_code == 403
    assert json.loads(cli_out(store, "intros", "--format", "json")) == []
    assert c.get("/ask/record").status_code == 405  # state changes only by POST
    r = c.post("/api/ask?to=Dana%20Buyer", headers={"X-CSRF-Token": c.cookies[CSRF_COOKIE]})
    assert r.status_code == 200 and json.loads(r.text)["drafts"][0]["introducer"] == "Carla Client"
    assert len(json.loads(cli_out(store, "intros", "--format", "json"))) == 1


def test_token_is_required_when_configured(store: Path) -> None:
    secret = "correct-horse-battery-staple"
    app = create_app(str(store), token=secret)
    anon = TestClient(app, base_url="http://192.0.2.10")  # any host name once a token guards the app
    for url in ("/", "/paths?account=Acme", "/api/stats", "/static/app.js", "/api/openapi.json"):
        r = anon.get(url)
        assert r.status_code == 401, url
        assert "Dana" not in r.text and r.headers["www-authenticate"].startswith("Bearer")
    assert anon.get("/api/stats", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert anon.post("/login", data={"token": "wrong"}).status_code == 401
    r = anon.get("/api/stats", headers={"Authorization": f"Bearer {secret}"})
    assert r.status_code == 200 and r.text == cli_out(store, "stats", "--format", "json")
    # a bearer request carries no ambient credential: no CSRF token needed
    r = anon.post("/api/ask?to=Dana%20Buyer", headers={"Authorization": f"Bearer {secret}"})
    assert r.status_code == 200

    browser = TestClient(app, base_url="http://192.0.2.10")
    assert browser.get(f"/login?token={secret}").status_code == 401  # never in a URL: the form is a POST
    assert TOKEN_COOKIE not in browser.cookies and 'method="post"' in browser.get("/login").text
    r = browser.post("/login", data={"token": secret}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    assert "httponly" in r.headers["set-cookie"].lower() and "samesite=strict" in r.headers["set-cookie"].lower()
    assert browser.cookies[TOKEN_COOKIE] == secret
    assert "Dana Buyer" in browser.get("/paths?account=Acme").text
    # logged in by cookie, a POST still needs the CSRF token
    assert browser.post("/api/ask?to=Dana%20Buyer").status_code == 403


def test_without_a_token_only_loopback_host_names_are_served(shared_store: Path) -> None:
    app = create_app(str(shared_store))
    for base in ("http://127.0.0.1:8000", "http://localhost", "http://[::1]:9"):
        assert TestClient(app, base_url=base).get("/api/stats").status_code == 200, base
    r = TestClient(app, base_url="http://attacker.example").get("/api/stats")  # DNS rebinding
    assert r.status_code == 421 and "people" not in r.text


def test_serve_refuses_other_hosts_without_a_token(shared_store: Path) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1") and is_loopback("[::1]")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.com")
    for host in ("0.0.0.0", "::", "192.168.1.5"):
        with pytest.raises(PathfinderError, match="PATHFINDER_TOKEN"):
            serve(str(shared_store), host, 0, None)


def test_a_route_past_a_friend_inside_offers_no_ask(client: TestClient) -> None:
    # Rita's friend Frank is Initech's CTO: the routes from outside say to start with him, and no
    # "Draft the ask" button sits under them
    page = client.get("/paths?account=Initech&max_hops=4").text
    assert "Start inside with Frank Friend (CTO, Initech), whom Rita Rep knows well" in page
    assert "Draft the ask" not in page
    assert "Draft the ask" in client.get("/paths?account=Acme%20Corporation").text


def test_hostile_names_are_escaped_everywhere(client: TestClient, shared_store: Path) -> None:
    evil = evil_id(shared_store)
    urls = [f"/paths?to={evil}", f"/person?q={evil}", "/suggest?q=alert", "/search?q=alert", "/prospects?title=VP",
            "/paths?account=Initech&top=20", f"/ask?to={evil}&via=Carla%20Client", "/coverage?accounts=Initech",
            f"/explain?from=Carla%20Client&to={evil}", "/search?q=" + quote(EVIL)]
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, (url, r.text[:300])
        assert "<script>" not in r.text.replace('<script src="/static/app.js" defer></script>', ""), url
        assert "<img src=x" not in r.text, url
    assert ESCAPED in client.get(f"/paths?to={evil}").text
    assert ESCAPED in client.get(f"/person?q={evil}").text
    assert ESCAPED in client.get("/suggest?q=alert").text
    ask = client.get(f"/ask?to={evil}&via=Carla%20Client").text
    assert f"Would you introduce me to {ESCAPED}" in ask
    # unnamed, Carla is not asked (Rita's friend is Initech's CTO): the page says so, escaped
    refused = client.get(f"/ask?to={evil}")
    assert refused.status_code == 400 and "Frank Friend" in refused.text and ESCAPED in refused.text
    assert "<script>" not in refused.text.replace('<script src="/static/app.js" defer></script>', "")
    r = client.get(f"/ask.eml?to={evil}&via=Carla%20Client")
    msg = email.message_from_bytes(r.content)
    assert EVIL in msg["Subject"] and "\n" not in msg["Subject"]
    assert client.get(f"/api/paths?to={evil}").text == cli_out(shared_store, "paths", "--to", evil, "--format", "json")
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_access_log_has_no_contact_data(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="pathfinder.faces.web.access"):
        client.get("/paths?to=Dana%20Buyer&from=Rita%20Rep")
        client.get("/person?q=Marco%20Rossi")
    lines = [r.getMessage() for r in caplog.records if r.name == "pathfinder.faces.web.access"]
    assert lines[0].startswith("GET /paths 200") and lines[1].startswith("GET /person 200")
    assert not any(name in line for line in lines for name in ("Dana", "Rita", "Marco", "?"))


def test_coverage_upload_becomes_a_shareable_url(client: TestClient) -> None:
    page = client.get("/coverage").text
    data = (sample_dir() / "accounts.csv").read_bytes()
    r = client.post("/coverage", data={"csrf_token": csrf_of(page), "title": ""},
                    files={"accounts_file": ("accounts.csv", data, "text/csv")}, follow_redirects=False)
    assert r.status_code == 303
    location = r.headers["location"]
    assert location.startswith("/coverage?accounts=Acme+Corporation%0AGlobex+Industries")
    shown = client.get(location).text
    assert "Black Mesa Research" in shown and "gap: no path" in shown
    pasted = client.post("/coverage", data={"csrf_token": csrf_of(page), "accounts": "account\nInitech\n"},
                         follow_redirects=False)
    assert pasted.headers["location"] == "/coverage?accounts=Initech"


def all_routes(app: Any) -> list[APIRoute]:
    """The app's routes, also those of the routers it includes."""
    out, stack = [], list(app.routes)
    while stack:
        route = stack.pop()
        inner = getattr(route, "original_router", None)  # a router included in the app
        if inner is not None:
            stack.extend(inner.routes)
        elif isinstance(route, APIRoute):
            out.append(route)
    return out


def test_openapi_schema_lists_every_api_route(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    routes = {(r.path, m.lower()) for r in all_routes(client.app) if r.path.startswith("/api/") for m in r.methods}
    documented = {(p, m) for p, ops in spec["paths"].items() for m in ops}
    assert routes and routes == documented
    assert all(p.startswith("/api/") for p in spec["paths"])  # the pages are not API
    params = {p["name"] for p in spec["paths"]["/api/paths"]["get"]["parameters"]}
    assert {"to", "account", "title", "from", "top", "max_hops", "per_target", "format"} <= params
    assert {"/api/paths", "/api/prospects", "/api/coverage", "/api/ask", "/api/people", "/api/explain-person",
            "/api/explain", "/api/intros", "/api/followups", "/api/stats"} <= set(spec["paths"])
    assert "Path" in spec["components"]["schemas"]


def test_the_schema_models_fit_the_answers(client: TestClient) -> None:
    from pydantic import TypeAdapter

    from pathfinder.faces.web import schema
    accounts = quote((sample_dir() / "accounts.csv").read_text())
    for url, model in [("/api/paths?account=Acme", list[schema.Path]), ("/api/prospects?title=VP", list[schema.Path]),
                       (f"/api/coverage?accounts={accounts}", schema.Coverage), ("/api/ask?to=Dana%20Buyer", schema.AskPlan),
                       ("/api/people?query=acme", list[schema.Person]),
                       ("/api/explain-person?person=Marco%20Rossi", schema.PersonInfo),
                       ("/api/explain?from=Rita%20Rep&to=Dana%20Buyer", schema.Explanation),
                       ("/api/intros", list[schema.Intro]), ("/api/followups", schema.FollowUps),
                       ("/api/stats", schema.Stats)]:
        TypeAdapter(model).validate_json(client.get(url).text, strict=False)


def test_static_assets_ship_in_the_package(client: TestClient) -> None:
    r = client.get("/static/app.js")
    assert r.status_code == 200 and "javascript" in r.headers["content-type"]
    assert client.get("/static/app.css").status_code == 200
    page = client.get("/").text
    assert "http://" not in page.replace("http://127.0.0.1", "") and "https://" not in page  # no CDN


def test_serve_prints_its_address_and_answers(shared_store: Path) -> None:
    code = ("import sys; from pathfinder.faces.web.server import serve; serve(sys.argv[1], '127.0.0.1', 0, None)")
    env = {k: v for k, v in os.environ.items() if k != "PATHFINDER_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-c", code, str(shared_store)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline()
        m = re.fullmatch(r"pathfinder is serving on (http://127\.0\.0\.1:(\d+)/)\n", line)
        assert m, line + proc.stderr.read() if proc.poll() is not None else line
        with urllib.request.urlopen(m.group(1) + "api/stats", timeout=10) as r:
            assert json.loads(r.read())["people"] > 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    log = proc.stderr.read()
    assert "GET /api/stats 200" in log


def test_an_empty_store_says_what_to_do(tmp_path: Path) -> None:
    c = TestClient(create_app(str(tmp_path / "empty.db")), base_url="http://127.0.0.1")
    assert "The store is empty" in c.get("/").text
    r = c.get("/paths?account=Acme")
    assert r.status_code == 200 and "Nobody in your team&#39;s exports works at" in r.text
    assert c.get("/api/stats").json()["people"] == 0


def test_the_home_page_opens_on_the_reps_day(store: Path, tmp_path: Path) -> None:
    from datetime import date, timedelta
    signed = tmp_path / "signed.csv"
    signed.write_text("Name,Email,Company,Title,Relationship,Since\n"
                      f"Nina New,nina@fernwick.example,Fernwick,VP Operations,client,{date.today() - timedelta(days=1)}\n")
    with pathfinder.open(store) as pf:
        pf.import_file(signed, owner="Rita Rep")
    c = TestClient(create_app(str(store)), base_url="http://127.0.0.1")
    assert "pick yourself" in c.get("/").text and "'s day" not in c.get("/").text
    page = c.get("/", params={"me": "Rita Rep"})
    assert "Rita Rep&#39;s day" in page.text or "Rita Rep's day" in page.text
    assert "Nina New" in page.text and "Record the agreement" in page.text and "Draft the ask to Carla Client" in page.text
    again = c.get("/")  # the choice is remembered
    assert "Record the agreement" in again.text
    done = c.post("/today/agreed", data={"csrf_token": csrf_of(again.text), "client": "Nina New", "rep": "Rita Rep"},
                  follow_redirects=False)
    assert done.status_code == 303
    assert "Record the agreement" not in c.get("/").text  # agreed: no longer to agree


def test_the_json_api_gives_the_day(client: TestClient) -> None:
    lines = client.get("/api/today", params={"from": "Rita Rep"}).json()
    assert {"kind", "rep", "person", "why", "action", "until"} <= set(lines[0])
    carla = next(line for line in lines if line["person"] == "Carla Client")
    assert carla["kind"] == "ask" and carla["target"] == "Dana Buyer"
    assert "/api/today" in client.get("/api/openapi.json").json()["paths"]


def test_off_loopback_the_token_is_long_logins_are_limited_and_posts_stay_on_site(store: Path) -> None:
    with pytest.raises(PathfinderError, match="at least 16"):
        create_app(str(store), token="short")
    secret = "a-long-enough-random-secret"
    app = create_app(str(store), token=secret)
    guesser = TestClient(app, base_url="http://192.0.2.10")
    assert [guesser.post("/login", data={"token": f"guess{i}"}).status_code for i in range(6)] == [401] * 5 + [429]
    assert guesser.post("/login", data={"token": secret}).status_code == 429  # even the right one, for a while
    browser = TestClient(app, base_url="http://192.0.2.10", client=("192.0.2.99", 5000))
    assert browser.post("/login", data={"token": secret}, follow_redirects=False).status_code == 303
    page = browser.get("/ask?to=Dana%20Buyer")
    form = {"csrf_token": csrf_of(page.text), "to": "Dana Buyer", "via": "Carla Client", "max_hops": "3"}
    foreign = browser.post("/ask/record", data=form, headers={"Origin": "http://evil.example"})
    assert foreign.status_code == 403 and "another site" in foreign.text
    assert browser.post("/ask/record", data=form, headers={"Origin": "null"}).status_code == 403
    assert browser.post("/ask/record", data=form, headers={"Referer": "http://evil.example/x"}).status_code == 403
    same = browser.post("/ask/record", data=form, headers={"Origin": "http://192.0.2.10"}, follow_redirects=False)
    assert same.status_code == 303


def test_no_dead_ends_on_the_paths_page(client: TestClient) -> None:
    typo = client.get("/paths", params={"account": "Acme Corporatoin"})
    assert typo.status_code == 200 and "did you mean one of these?" in typo.text
    assert 'href="/paths?account=Acme+Corporation' in typo.text or 'href="/paths?account=Acme%20Corporation' in typo.text
    gap = client.get("/paths", params={"account": "Wayne Enterprises"})
    assert gap.status_code == 200 and "It is a gap in your coverage" in gap.text and "whose network to add next" in gap.text
    misspelt = client.get("/paths", params={"to": "Dana Buyr"})
    assert misspelt.status_code == 200 and "Dana Buyer</a>" in misspelt.text


def test_the_served_report_is_styled_under_the_apps_policy(client: TestClient) -> None:
    import base64
    import hashlib
    r = client.get("/api/coverage", params={"accounts": "Acme Corporation\nInitech", "format": "html"})
    style = re.search(r"<style>(.*?)</style>", r.text, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    policy = r.headers["content-security-policy"]
    assert f"style-src 'self' 'sha256-{digest}'" in policy and "unsafe-inline" not in policy
    assert 'style="' not in r.text  # no style attribute the policy would block


def test_one_draft_is_marked_asked_once_and_moved_along_in_the_browser(store: Path) -> None:
    c = TestClient(create_app(str(store)), base_url="http://127.0.0.1")
    page = c.get("/ask", params={"to": ["Dana Buyer", "Priya Patel"]})
    assert page.text.count("Mark this one asked") == 2
    ids = re.findall(r'name="draft_ids" value="([^"]+)"', page.text)
    form = {"csrf_token": csrf_of(page.text), "to": ["Dana Buyer", "Priya Patel"], "max_hops": "3", "draft_ids": ids[0]}
    for _ in range(2):  # clicked twice: one ask
        r = c.post("/ask/record", data=form, follow_redirects=False)
        assert r.status_code == 303 and "recorded=1" in r.headers["location"]
    (intro,) = json.loads(cli_out(store, "intros", "--format", "json"))
    assert (intro["introducer"], intro["target"], intro["status"]) == ("Carla Client", "Dana Buyer", "asked")
    ledger = c.get("/intros")
    assert f"Update #{intro['id']}" in ledger.text
    moved = c.post(f"/intros/{intro['id']}", data={"csrf_token": csrf_of(ledger.text), "status": "introduced"},
                   follow_redirects=False)
    assert moved.status_code == 303
    assert json.loads(cli_out(store, "intros", "--format", "json"))[0]["status"] == "introduced"
    back = c.post(f"/intros/{intro['id']}", data={"csrf_token": csrf_of(ledger.text), "status": "asked"})
    assert back.status_code == 400 and "cannot become asked" in back.text


def test_a_bad_value_is_shown_beside_its_field_and_the_rest_is_answered(client: TestClient) -> None:
    r = client.get("/paths", params={"account": "Acme Corporation", "top": "lots", "max_hops": "9"})
    assert r.status_code == 400 and "Dana Buyer" in r.text  # answered without the values it could not use
    form = re.search(r'<details class="query-box" open>.*?</details>', r.text, re.S)
    assert form, "the form stays open, with the question in it"
    assert 'name="account" value="Acme Corporation"' in form.group(0)
    for name, said in (("top", "&ldquo;lots&rdquo; is not a whole number from 1 to 100: answered with 5."),
                       ("max_hops", "&ldquo;9&rdquo; is not a whole number from 1 to 4: answered with 3.")):
        assert re.search(rf'name="{name}"[^>]*aria-invalid="true" aria-describedby="problem-{name}"', form.group(0))
        assert f'id="problem-{name}">{said}</span>' in form.group(0)
    limit = client.get("/prospects", params={"title": "VP Sales", "limit": "0"})
    assert limit.status_code == 400 and 'id="problem-limit"' in limit.text and "Dana Buyer" in limit.text
    other = client.get("/intros", params={"recorded": "many"})  # a page with no such field: said in words
    assert other.status_code == 400 and "pathfinder could not use this: recorded" in other.text
    retry = re.search(r'<a href="([^"]+)">The same page without it</a>', other.text).group(1)
    assert client.get(html.unescape(retry)).status_code == 200


def test_typos_and_namesakes_lead_to_the_people_and_accounts_meant(client: TestClient) -> None:
    person = client.get("/person", params={"q": "Dana Buyr"})
    assert person.status_code == 200 and "did you mean one of these?" in person.text
    assert 'href="/person?q=Dana+Buyer"' in person.text
    prospects = client.get("/prospects", params={"title": "VP Sales", "account": "Acme Corporatoin"})
    assert prospects.status_code == 200 and "did you mean one of these?" in prospects.text
    fixed = re.search(r'<li><a href="(/prospects\?[^"]*Acme\+Corporation[^"]*)"', prospects.text)
    assert fixed and "title=VP+Sales" in fixed.group(1)
    assert "Dana Buyer" in client.get(html.unescape(fixed.group(1))).text


def test_people_the_team_knows_directly_come_first(client: TestClient) -> None:
    r = client.get("/paths", params={"account": "Acme Corporation", "top": "10"})
    kinds = re.findall(r'<li class="path( held)?( direct)?"', r.text)
    assert kinds and any(direct for _, direct in kinds) and any(not direct for _, direct in kinds)
    directs = [bool(direct) for _, direct in kinds]
    assert directs == sorted(directs, reverse=True), "every direct contact before every introduction"


def test_a_route_marked_asked_on_the_paths_page_shows_its_place_in_the_ledger(store: Path) -> None:
    c = TestClient(create_app(str(store)), base_url="http://127.0.0.1")
    paths = c.get("/paths", params={"account": "Acme Corporation"})
    draft_link = html.unescape(re.search(r'data-inline="ask-(\d+)"\s+href="([^"]+)"', paths.text).group(2))
    n = re.search(r'data-inline="ask-(\d+)"', paths.text).group(1)
    assert f"back=%2Fpaths%3Faccount%3DAcme%2BCorporation%23path-{n}" in draft_link
    draft = c.get(draft_link, headers={"X-Fragment": "1"})  # as the page's script opens it in place
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                             re.search(r'<form class="draft".*?</form>', draft.text, re.S).group(0)))
    fields = {k: html.unescape(v) for k, v in fields.items()}
    fields.update(subject="edited", body="edited")
    recorded = c.post("/ask/record", data=fields, follow_redirects=False)
    assert recorded.headers["location"] == f"/paths?account=Acme+Corporation&recorded=1#path-{n}"
    back = c.get(recorded.headers["location"])
    (card,) = [c for c in back.text.split('<li class="path') if f'id="path-{n}"' in c]
    (intro,) = json.loads(cli_out(store, "intros", "--format", "json"))
    assert f"Asked {date.today().day} {date.today():%b %Y}</b>: introduction #{intro['id']}" in card
    assert "Draft the ask" not in card and "Recorded in the introductions ledger" in back.text
    update = {"csrf_token": csrf_of(back.text), "status": "introduced",
              "back": html.unescape(re.search(r'name="back" value="([^"]+)"', card).group(1))}
    moved = c.post(f"/intros/{intro['id']}", data=update, follow_redirects=False)
    assert moved.headers["location"] == f"/paths?account=Acme+Corporation&updated={intro['id']}#path-{n}"
    assert json.loads(cli_out(store, "intros", "--format", "json"))[0]["status"] == "introduced"
    for elsewhere, status in zip(("https://evil.example/", "//evil.example/paths", "/paths\r\nSet-Cookie: x=1"),
                                 ("met", "opportunity", "won")):
        away = c.post(f"/intros/{intro['id']}", data={**update, "status": status, "back": elsewhere},
                      follow_redirects=False)
        assert away.headers["location"].startswith("/intros?"), "only this app's own pages are gone back to"
