"""Names a module offers but imports on first use, so that a command loads only what it needs."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_names(namespace: dict[str, Any], sources: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports each name of ``sources`` (name -> the module that
    defines it) the first time it is asked for, and keeps it in ``namespace`` (the module's globals)."""

    def __getattr__(name: str) -> Any:  # noqa: N807 - a module's __getattr__
        if name in sources:
            value = getattr(importlib.import_module(sources[name]), name)
            namespace[name] = value
            return value
        raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")

    return __getattr__
