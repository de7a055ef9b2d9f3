"""The demo tells the whole story on the bundled sample exports."""

from __future__ import annotations

import csv

from click.testing import CliRunner
from pathfinder.importers.registry import detect_importer

import pathfinder
from pathfinder.faces.cli import cli
from pathfinder.faces.demo import import_samples, sample_dir


def test_demo_runs_and_shows_the_warm_path_and_the_ask() -> None:
    result = CliRunner().invoke(cli, ["demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = result.output
    first = out.split("$ pathfinder paths")[1].split("\n")[1]
    assert "Dana Buyer" in first and "via Carla Client" in first and "from Rita Rep" in first
    assert "Black Mesa Research" in out and "GAP" in out
    assert "To: Carla Client" in out and "Would you introduce me to Dana Buyer" in out


def test_sample_exports_are_real_formats_without_problems(tmp_path) -> None:
    folder = sample_dir()
    with open(folder / "imports.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    formats = {}
    for row in rows:
        importer = detect_importer(folder / row["file"])
        ex = importer.extract(folder / row["file"])
        formats[row["file"]] = importer.name
        assert not ex.problems, ex.problems
    assert formats["rita_connections.csv"] == formats["tom_connections.csv"] == "linkedin"
    assert formats["rita_clients.csv"] == "csv"
    with pathfinder.open(tmp_path / "d.db") as pf:
        import_samples(pf, echo=lambda _: None)
        # the same people across exports became one node each
        assert len(pf.people("Marco Rossi")) == 1 and len(pf.people("Dana Buyer")) == 1
        info = pf.explain_person("Marco Rossi")
        assert len(info["sightings"]) == 3  # Rita's, Sam's and Carla's exports
