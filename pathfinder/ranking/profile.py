"""A buyer profile: who a prospect list is for.

Titles are matched by seniority and function (``"VP Sales"`` also finds "SVP, Global Sales"),
not by substring. A profile comes from options or from a TOML file::

    titles = ["VP Sales", "Head of Revenue Operations"]
    seniority = ["vp", "c-level"]          # ic, senior, manager, director, vp, c-level
    functions = ["sales"]
    accounts = ["Acme Corporation", "Globex"]
    locations = ["Berlin", "London"]
    exclude = ["clients", "open-opportunities"]
    problem = "slow month-end close"      # what a meeting is about (the ask's blurb)
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pathfinder.errors import ConfigError
from pathfinder.identity.companies import company_key
from pathfinder.identity.keys import fold
from pathfinder.identity.titles import FUNCTIONS, SENIORITY_LEVELS, parse_title, title_matches

EXCLUSIONS = ("clients", "open-opportunities")


@dataclass
class Profile:
    titles: list[str] = field(default_factory=list)
    seniority: list[str] = field(default_factory=list)
    functions: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    problem: str = ""

    def __post_init__(self) -> None:
        bad = [s for s in self.seniority if s not in SENIORITY_LEVELS]
        bad += [f for f in self.functions if f not in FUNCTIONS]
        bad += [e for e in self.exclude if e not in EXCLUSIONS]
        if bad:
            raise ConfigError(f"unknown profile values {bad}; seniority is one of {', '.join(SENIORITY_LEVELS)}; "
                              f"functions: {', '.join(FUNCTIONS)}; exclude: {', '.join(EXCLUSIONS)}")

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Profile:
        try:
            data: dict[str, Any] = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"profile file {path}: {exc}") from exc
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise ConfigError(f"profile file {path}: unknown keys {sorted(unknown)}")
        if not isinstance(data.get("problem", ""), str):
            raise ConfigError(f"profile file {path}: `problem` is one sentence (a string)")
        fields: dict[str, Any] = {k: [str(x) for x in (v if isinstance(v, list) else [v])]
                                  for k, v in data.items() if k != "problem"}
        fields["problem"] = str(data.get("problem", ""))
        return cls(**fields)

    def merged(self, other: Profile) -> Profile:
        fields: dict[str, Any] = {f: getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__}
        fields["problem"] = self.problem or other.problem
        return Profile(**fields)

    @property
    def empty(self) -> bool:
        return not any(getattr(self, f) for f in ("titles", "seniority", "functions", "accounts", "locations"))

    @property
    def profiled(self) -> bool:
        """Does the profile say which roles fit (so every match fits fully)?"""
        return bool(self.titles or self.seniority or self.functions)

    def narrowing(self) -> tuple[list[str] | None, list[str] | None, list[str] | None]:
        """(company keys, seniority levels, functions) that narrow the candidates cheaply in the
        store (``None``: no narrowing); the exact test is :meth:`matches`."""
        keys = sorted({company_key(a) for a in self.accounts}) if self.accounts else None
        levels, functions = set(self.seniority), set(self.functions)
        parsed = [parse_title(t) for t in self.titles]
        if parsed and not levels and all(level != "ic" for level, _ in parsed):
            levels = {level for level, _ in parsed}
        if parsed and not functions and all(funcs for _, funcs in parsed):  # a title's function must hold
            functions = {f for _, funcs in parsed for f in funcs}
        return keys, sorted(levels) if levels else None, sorted(functions) if functions else None

    def matches(self, title: str, seniority: str, functions: str, company: str, location: str) -> bool:
        if self.titles and not any(title_matches(t, title) for t in self.titles):
            return False
        if self.seniority and seniority not in self.seniority:
            return False
        if self.functions and not set(self.functions) & set(functions.split(",")):
            return False
        if self.accounts and company_key(company) not in {company_key(a) for a in self.accounts}:
            return False
        if self.locations and not any(fold(loc) in fold(location) for loc in self.locations):
            return False
        return True


def clients_and_open_deals(store: Any) -> tuple[set[int], set[int]]:
    """People who are a team member's client (a won deal, or the client tier), and people with an
    open opportunity (what ``exclude`` leaves out of a prospect list)."""
    team = set(store.team())
    clients: set[int] = set()
    open_deals: set[int] = set()
    for a, b, kind, data in store.client_evidence():
        other = b if a in team else a if b in team else None
        if other is None:
            continue
        info = json.loads(data)
        if kind == "relationship" or info.get("won", True) and not info.get("open"):
            clients.add(other)
        elif info.get("open"):
            open_deals.add(other)
    return clients, open_deals
