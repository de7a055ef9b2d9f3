"""The README documents every command, and every command has help text."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from pathfinder.faces.cli import cli

README = (Path(__file__).parents[1] / "README.md").read_text()


@pytest.mark.parametrize("name", cli.list_commands(click.Context(cli)))
def test_command_is_documented(name: str) -> None:
    assert f"`pathfinder {name}" in README
    command = cli.get_command(click.Context(cli), name)
    assert command is not None and command.name == name and command.help


def test_readme_keeps_exactly_two_setup_commands() -> None:
    setup = README.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    blocks = [b for b in setup.split("```sh")[1:]]
    assert len(blocks) == 2
    assert "pathfinder demo" in blocks[0] and "pytest" in blocks[1]
