"""The examples in the pure modules' docstrings are tests too."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["pathfinder.identity.keys", "pathfinder.identity.companies", "pathfinder.identity.titles", "pathfinder.ranking.trust", "pathfinder.jobs.ask", "pathfinder.identity.rules", "pathfinder.identity.nicknames",
           "pathfinder.importers._csv", "pathfinder.importers.salesforce",
           "pathfinder.importers._labels"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
