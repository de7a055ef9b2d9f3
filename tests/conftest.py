from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import pathfinder

DATA = Path(__file__).parent / "data"
AS_OF = date(2026, 11, 1)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-golden", action="store_true",
                     help="Rewrite the importers' *.expected.json golden files (review the diff).")


@pytest.fixture
def regen(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "team.db"


@pytest.fixture
def pf(store_path: Path):
    with pathfinder.open(store_path, as_of=AS_OF) as finder:
        yield finder


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def parse_json(text: str):
    return json.loads(text)


# --- a real Neo4j server for the store-contract tests ----------------------------------------

REPO = Path(__file__).parent.parent


def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory):
    """A Neo4j 5 server for this test run: ``$PATHFINDER_TEST_NEO4J_URL`` (with its password in
    ``$PATHFINDER_NEO4J_PASSWORD``) or one started by ``neo4j-server/run.sh`` on a free port,
    stopped at the end. A server that cannot be started fails the tests that need it."""
    import os
    import secrets
    import subprocess

    url = os.environ.get("PATHFINDER_TEST_NEO4J_URL")
    if url:
        yield url, os.environ["PATHFINDER_NEO4J_PASSWORD"]
        return
    env = {**os.environ, "PATHFINDER_NEO4J_STATE": str(tmp_path_factory.mktemp("neo4j")),
           "PATHFINDER_NEO4J_PORT": str(_free_port()), "PATHFINDER_NEO4J_PASSWORD": secrets.token_urlsafe(18)}
    script = str(REPO / "neo4j-server" / "run.sh")
    started = subprocess.run([script, "start"], env=env, capture_output=True, text=True, cwd=REPO)
    if started.returncode != 0:
        pytest.fail(f"could not start the Neo4j test server (neo4j-server/run.sh start, exit {started.returncode}):\n"
                    f"{started.stderr[-3000:]}", pytrace=False)
    try:
        yield f"bolt://127.0.0.1:{env['PATHFINDER_NEO4J_PORT']}", env["PATHFINDER_NEO4J_PASSWORD"]
    finally:
        subprocess.run([script, "stop"], env=env, capture_output=True, cwd=REPO)


@pytest.fixture
def neo4j_url(neo4j_server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """An empty Neo4j database (wiped before the test), with the password in the environment."""
    url, password = neo4j_server
    monkeypatch.setenv("PATHFINDER_NEO4J_PASSWORD", password)
    monkeypatch.setenv("PATHFINDER_HOME", str(tmp_path / "home"))  # the local index cache
    import neo4j
    with neo4j.GraphDatabase.driver(url, auth=("neo4j", password)) as driver, driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    return url


@pytest.fixture(params=["sqlite", "neo4j", "memory"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on each store: an empty embedded file, an empty Neo4j database, and a store in
    memory (the proof that the store protocol is all a backend needs)."""
    if request.param == "sqlite":
        return str(tmp_path / "team.db")
    if request.param == "memory":
        return f"memory:{tmp_path}"
    return request.getfixturevalue("neo4j_url")
