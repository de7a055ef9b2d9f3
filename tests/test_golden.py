"""What the commands print on the demo's data, held against golden files: a change of structure
must not change an answer. ``pytest --regen-golden`` rewrites them (review the diff)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import pathfinder
from pathfinder import api
from pathfinder.faces.cli import cli
from pathfinder.faces.demo import import_samples, sample_dir

from .conftest import AS_OF, DATA

GOLDEN = DATA / "golden"
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")
ACCOUNTS = str(sample_dir() / "accounts.csv")
COMMANDS: dict[str, list[str]] = {
    "paths-account": ["paths", "--account", "Acme Corporation"],
    "paths-account-json": ["paths", "--account", "Acme Corporation", "--top", "10", "--format", "json"],
    "paths-account-csv": ["paths", "--account", "Acme", "--max-hops", "4", "--format", "csv"],
    "paths-to-from": ["paths", "--to", "Dana Buyer", "--from", "Rita Rep", "--format", "json"],
    "paths-title": ["paths", "--title", "VP", "--per-target", "2", "--format", "json"],
    "prospects-csv": ["prospects", "--title", "VP", "--format", "csv"],
    "prospects-json": ["prospects", "--seniority", "director", "--function", "sales", "--from", "Tom Closer",
                       "--format", "json"],
    "coverage": ["coverage", "--accounts", ACCOUNTS],
    "coverage-json": ["coverage", "--accounts", ACCOUNTS, "--format", "json"],
    "coverage-csv": ["coverage", "--accounts", ACCOUNTS, "--title", "VP", "--format", "csv"],
    "coverage-html": ["coverage", "--accounts", ACCOUNTS, "--format", "html"],
    "ask": ["ask", "--to", "Dana Buyer"],
    "ask-json": ["ask", "--account", "Acme Corporation", "--format", "json"],
    "ask-markdown": ["ask", "--to", "Priya Patel", "--to", "Victor Chief", "--format", "markdown"],
    "ask-csv": ["ask", "--to", "Dana Buyer", "--via", "Carla Client", "--problem", "slow month-end close",
                "--format", "csv"],
    "explain": ["explain", "--from", "Rita Rep", "--to", "Dana Buyer"],
    "explain-json": ["explain", "--from", "Rita Rep", "--to", "Carla Client", "--format", "json"],
    "explain-person": ["explain-person", "Marco Rossi", "--format", "json"],
    "export-person": ["export-person", "Carla Client"],
    "people": ["people", "Acme", "--format", "json"],
    "team": ["team", "--format", "json"],
    "intros-add": ["intros", "add", "--to", "Dana Buyer", "--via", "Carla Client", "--date", "2026-10-20"],
    "intros-update": ["intros", "update", "1", "introduced", "--date", "2026-10-25"],
    "intros": ["intros", "--format", "json"],
    "followups": ["followups", "--date", "2026-10-26", "--all", "--format", "json"],
    "stats": ["stats", "--format", "json"],
    "check": ["check", "--format", "json"],
    "formats": ["formats"],
}


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("golden") / "demo.db"
    with pathfinder.open(path, as_of=AS_OF) as pf:
        import_samples(pf, lambda _: None)
    return path


@pytest.fixture(scope="module")
def outputs(demo_store: Path) -> dict[str, str]:
    """Every command's output, in order (the ledger commands build on each other), run as of the
    tests' day so that recency reads the same whenever the tests run."""
    real_open = api.open
    patch = pytest.MonkeyPatch()
    patch.setattr(api, "open", lambda *args, **kwargs: real_open(*args, **{**kwargs, "as_of": AS_OF}))
    try:
        runner = CliRunner()
        out = {}
        for name, args in COMMANDS.items():
            result = runner.invoke(cli, ["--store", str(demo_store), *args])
            assert result.exit_code == 0, (name, result.output)
            text = result.output.replace(str(sample_dir()), "<samples>").replace(str(demo_store), "<store>")
            out[name] = STAMP.sub("<when>", text)  # when a merge was made: the time the test ran
        return out
    finally:
        patch.undo()


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_demo_prints_what_it_printed(outputs: dict[str, str], name: str, regen: bool) -> None:
    golden = GOLDEN / f"{name}.txt"
    if regen or not golden.exists():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(outputs[name], encoding="utf-8")
    assert outputs[name] == golden.read_text(encoding="utf-8")
