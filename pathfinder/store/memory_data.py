"""The in-memory store's data (one container per table of the embedded store) and its
transactions: a write works on the data and puts back a copy of what was there if it fails."""

from __future__ import annotations

import copy
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pathfinder.errors import PathfinderError
from pathfinder.model import PersonRow
from pathfinder.store.protocol import Pair

AMBIGUOUS = 0
PERSON = {"id": "", "name": "", "name_key": "", "last_key": "", "email": "", "profile_url": "", "company": "",
          "company_key": "", "title": "", "seniority": "", "functions": "", "location": "", "no_intro": 0,
          "phone": "", "birthday": "", "street": "", "postcode": ""}
ROW = ("n", "id", "name", "email", "profile_url", "company", "title", "seniority", "functions", "location")


@dataclass
class MemoryData:
    """Every table of the store, as Python containers."""

    people: dict[int, dict[str, Any]] = field(default_factory=dict)
    keys: dict[str, int] = field(default_factory=dict)
    member_keys: dict[str, int] = field(default_factory=dict)
    sources: dict[int, dict[str, Any]] = field(default_factory=dict)
    team: dict[int, str] = field(default_factory=dict)
    evidence: dict[int, dict[str, Any]] = field(default_factory=dict)
    ties: dict[Pair, tuple[float, bool, int]] = field(default_factory=dict)  # (trust, usable, band)
    merges: list[dict[str, Any]] = field(default_factory=list)
    sightings: dict[int, dict[str, Any]] = field(default_factory=dict)
    keep_apart: set[tuple[str, str]] = field(default_factory=set)
    intros: dict[int, dict[str, Any]] = field(default_factory=dict)
    intro_events: list[dict[str, Any]] = field(default_factory=list)
    suppressed: dict[str, tuple[str, str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=lambda: {"generation": "0"})
    last_id: int = 0

    def next_id(self) -> int:
        self.last_id += 1
        return self.last_id


class MemoryBase:
    """The data of one in-memory store, its write transaction and its settings."""

    backend = "memory"

    def __init__(self, name: str) -> None:
        self.name = name
        self.d = MemoryData()
        # the index's place: removed with the store (when it is collected, or at exit)
        self._place = tempfile.TemporaryDirectory(prefix="pathfinder-memory-", ignore_cleanup_errors=True)
        self.path = Path(self._place.name) / "memory.db"
        self._in_write = False

    # --- transactions and settings ----------------------------------------------------------

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One process, one copy: every read sees one state."""
        yield

    @contextmanager
    def write(self) -> Iterator[None]:
        if self._in_write:
            raise PathfinderError("nested write transactions are not supported")
        saved = copy.deepcopy(self.d)
        self._in_write = True
        try:
            yield
        except BaseException:
            self.d = saved
            raise
        finally:
            self._in_write = False

    @property
    def generation(self) -> int:
        return int(self.d.meta["generation"])

    def bump_generation(self) -> None:
        self.d.meta["generation"] = str(self.generation + 1)

    def get_meta(self, key: str) -> str | None:
        return self.d.meta.get(key)

    def set_meta(self, key: str, value: str) -> None:
        self.d.meta[key] = str(value)

    def close(self) -> None:
        """Nothing to close: the store lives as long as the process."""

    def init_schema(self) -> None:
        """Nothing to make."""

    def backup(self, target: str | os.PathLike[str]) -> None:
        raise PathfinderError("An in-memory store has no file to back up; copy it with `pathfinder migrate`.")

    def compact(self) -> None:
        """Nothing on disk to compact."""

    def _row(self, n: int) -> PersonRow:
        p = self.d.people[n]
        return PersonRow(n, *(p[c] for c in ROW[1:]))
