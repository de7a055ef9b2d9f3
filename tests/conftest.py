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
