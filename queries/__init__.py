"""The stores' statements, one per file: ``<name>.cypher`` for Neo4j, ``<name>.sql`` for SQLite.
The same question has the same name in both languages.

Each file starts with a header of comment lines (``//`` in Cypher, ``--`` in SQL)::

    // keys_lookup: the person each identity key points at.
    // params: $keys (list of key strings)
    // columns: key, n

then the statement. Values only ever travel as parameters (``$name`` in Cypher, ``:name`` in SQL,
where a list travels as a JSON array read with ``json_each``); :func:`load` checks that the
parameters a statement uses are the ones its header declares. A file may hold several statements
each ending with ``;`` at the end of its last line (``schema.cypher``: constraints and indexes, each
idempotent).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

#: per language: how a header line starts, and how a parameter is written
_LANGUAGES = {"cypher": ("//", re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")),
              "sql": ("--", re.compile(r"(?<![:\w]):([A-Za-z_][A-Za-z0-9_]*)"))}


@dataclass(frozen=True)
class Query:
    name: str
    summary: str
    params: tuple[str, ...]
    columns: tuple[str, ...]
    text: str

    def statements(self) -> list[str]:
        """The statements of the file: each ends with ``;`` at the end of a line."""
        return [s.strip() for s in re.split(r";[ \t]*(?:\n|$)", self.text) if s.strip()]


class QueryFileError(ValueError):
    """A statement file whose header is missing or disagrees with its statement."""


def _header_list(value: str) -> tuple[str, ...]:
    value = re.sub(r"\([^)]*\)", "", value)  # "(list of ...)" explanations
    return tuple(v.strip().lstrip("$:") for v in value.split(",") if v.strip() and v.strip() != "none")


def parse(name: str, source: str, language: str = "cypher") -> Query:
    comment, param = _LANGUAGES[language]
    header: dict[str, str] = {}
    body: list[str] = []
    for line in source.splitlines():
        if line.startswith(comment) and not body:
            key, _, value = line[len(comment):].strip().partition(":")
            header[key.strip()] = value.strip()
        elif line.strip():
            body.append(line)
    if name not in header or "params" not in header or "columns" not in header:
        raise QueryFileError(f"{name}.{language}: the header must have '{comment} {name}: what it does', "
                             f"'{comment} params: ...' and '{comment} columns: ...' lines")
    text = "\n".join(body)
    params = _header_list(header["params"])
    used = tuple(sorted(set(param.findall(text))))
    if tuple(sorted(params)) != used:
        raise QueryFileError(f"{name}.{language}: header declares params {sorted(params)}, statement uses {list(used)}")
    return Query(name, header[name], params, _header_list(header["columns"]), text)


HERE = Path(__file__).parent  # the statements are files beside this one (read directly: quicker to start)


@cache
def load(name: str, language: str = "cypher") -> Query:
    """The statement in ``<name>.cypher`` (or, with ``language="sql"``, ``<name>.sql``)."""
    source = (HERE / f"{name}.{language}").read_text(encoding="utf-8")
    return parse(name, source, language)


def names(language: str = "cypher") -> list[str]:
    suffix = "." + language
    return sorted(p.name[:-len(suffix)] for p in HERE.iterdir() if p.name.endswith(suffix))
