"""The examples in the pure modules' docstrings are tests too."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["pathfinder.identity", "pathfinder.trust", "pathfinder.ask", "pathfinder.resolve", "pathfinder.nicknames",
           "pathfinder.importers._csv", "pathfinder.importers.salesforce",
           "pathfinder.importers._labels"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
