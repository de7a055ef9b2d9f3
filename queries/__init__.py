"""The Cypher statements of the Neo4j store, one per ``.cypher`` file in this package.

Each file starts with a header of ``//`` lines::

    // keys_lookup: the person each identity key points at.
    // params: $keys (list of key strings)
    // columns: key, n

then the statement. Values only ever travel as ``$parameters``; :func:`load` checks that the
parameters a statement uses are the ones its header declares. ``schema.cypher`` holds several
statements separated by ``;`` (constraints and indexes, each idempotent).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class Query:
    name: str
    summary: str
    params: tuple[str, ...]
    columns: tuple[str, ...]
    text: str

    def statements(self) -> list[str]:
        return [s.strip() for s in self.text.split(";") if s.strip()]


class QueryFileError(ValueError):
    """A .cypher file whose header is missing or disagrees with its statement."""


def _header_list(value: str) -> tuple[str, ...]:
    value = re.sub(r"\([^)]*\)", "", value)  # "(list of ...)" explanations
    return tuple(v.strip().lstrip("$") for v in value.split(",") if v.strip() and v.strip() != "none")


def parse(name: str, source: str) -> Query:
    header: dict[str, str] = {}
    body: list[str] = []
    for line in source.splitlines():
        if line.startswith("//") and not body:
            key, _, value = line[2:].strip().partition(":")
            header[key.strip()] = value.strip()
        elif line.strip():
            body.append(line)
    if name not in header or "params" not in header or "columns" not in header:
        raise QueryFileError(f"{name}.cypher: the header must have '// {name}: what it does', "
                             "'// params: ...' and '// columns: ...' lines")
    text = "\n".join(body)
    params = _header_list(header["params"])
    used = tuple(sorted(set(_PARAM.findall(text))))
    if tuple(sorted(params)) != used:
        raise QueryFileError(f"{name}.cypher: header declares params {sorted(params)}, statement uses {list(used)}")
    return Query(name, header[name], params, _header_list(header["columns"]), text)


@cache
def load(name: str) -> Query:
    """The statement in ``<name>.cypher``."""
    source = resources.files(__name__).joinpath(f"{name}.cypher").read_text(encoding="utf-8")
    return parse(name, source)


def names() -> list[str]:
    return sorted(p.name[:-7] for p in resources.files(__name__).iterdir() if p.name.endswith(".cypher"))
