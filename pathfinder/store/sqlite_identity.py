"""The embedded store's side of identity resolution (:class:`~pathfinder.store.protocol.IdentityStorage`).

Every statement is a named ``.sql`` file in :mod:`pathfinder.queries`, beside the Cypher file of
the same name that answers the same question on Neo4j. A list parameter travels as one JSON array
(read with ``json_each``), so no statement is built from the values it is given.
"""

from __future__ import annotations

import functools
import json
import operator
import re
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from pathfinder.model import PersonRow, now
from pathfinder.queries import load
from pathfinder.store.protocol import TieRow

#: the columns of a person that resolution writes (create_people.sql and update_people.sql)
PERSON_COLUMNS = ("name", "name_key", "last_key", "email", "profile_url", "company", "company_key", "title",
                  "seniority", "functions", "location", "phone", "birthday", "street", "postcode")


def _bound(params: dict[str, Any]) -> dict[str, Any]:
    """Parameters as SQLite takes them: a list (or set, or tuple) as a JSON array."""
    return {k: json.dumps(list(v)) if isinstance(v, (list, tuple, set)) else v for k, v in params.items()}


@functools.cache
def _positional(name: str) -> tuple[str, Callable[[dict[str, Any]], tuple[Any, ...]]]:
    """A one-statement file with ``?`` for its ``:name`` parameters, and what picks a row's values
    in that order (executemany binds a tuple several times faster than a dict)."""
    (statement,) = load(name, "sql").statements()
    order = re.findall(r"(?<![:\w]):(\w+)", statement)
    pick = operator.itemgetter(*order)
    return re.sub(r"(?<![:\w]):\w+", "?", statement), (pick if len(order) > 1 else lambda row: (pick(row),))


class SQLiteIdentity:
    """Identity storage on an open connection (``self.db``); mixed into the SQLite store."""

    db: sqlite3.Connection

    def sql(self, name: str, **params: Any) -> list[Any]:
        """Run the statements of ``queries/<name>.sql``; the rows of the last."""
        rows: list[Any] = []
        for statement in load(name, "sql").statements():
            rows = self.db.execute(statement, _bound(params)).fetchall()
        return rows

    def sql_each(self, name: str, rows: Iterable[dict[str, Any]]) -> None:
        """Run ``queries/<name>.sql`` once for each parameter set in ``rows`` (plain values)."""
        statement, values = _positional(name)
        self.db.executemany(statement, map(values, rows))

    # --- reads ------------------------------------------------------------------------------

    def fetch_keys(self, keys: list[str]) -> Iterable[tuple[str, int]]:
        return self.sql("keys_lookup", keys=keys)

    def fetch_named(self, name_keys: list[str]) -> Iterable[tuple[str, int]]:
        return self.sql("people_named", name_keys=name_keys)

    def fetch_company_last(self, company_keys: list[str]) -> Iterable[tuple[str, str]]:
        return self.sql("company_last_names", companies=company_keys)

    def fetch_detailed(self, by_kind: dict[str, list[str]]) -> Iterable[tuple[Any, ...]]:
        return self.sql("people_with_details", phones=by_kind["phone"], birthdays=by_kind["birthday"],
                        postcodes=by_kind["postcode"])

    def fetch_held(self, n: int) -> tuple[Any, ...] | None:
        found = self.sql("person_details", n=n)
        return tuple(found[0]) if found else None

    def at_company(self, company_key: str, last_key: str) -> list[tuple[int, str, str]]:
        return [tuple(r) for r in self.sql("people_at_company_last", company_key=company_key, last_key=last_key)]

    def with_url(self, ns: list[int]) -> set[int]:
        return {n for (n,) in self.sql("people_with_url", ns=ns)}

    def with_name(self, ns: list[int]) -> set[int]:
        return {n for (n,) in self.sql("people_with_names", ns=ns)}

    def keys_of(self, n: int) -> list[str]:
        return [k for (k,) in self.sql("keys_of_person", n=n)]

    def team(self) -> dict[int, str]:
        """Team members and connectors: n → role."""
        return dict(self.sql("team"))

    def max_n(self) -> int:
        return int(self.sql("max_n")[0][0])

    def numbers_of(self, ids: list[str]) -> dict[str, int]:
        return {pid: n for n, pid in self.sql("people_by_ids", ids=ids)}

    def kept_apart(self) -> list[tuple[str, str]]:
        return [tuple(r) for r in self.sql("keep_apart")]

    def suppressed(self) -> set[str]:
        return {h for (h,) in self.sql("suppressed")}

    def get_meta(self, key: str) -> str | None:
        found = self.sql("meta_get", key=key)
        return None if not found else str(found[0][0])

    def people(self, ns: Iterable[int]) -> dict[int, PersonRow]:
        return {row[0]: PersonRow(*row) for row in self.sql("people_by_n", ns=list(dict.fromkeys(ns)))}

    # --- writes, inside the import's transaction ------------------------------------------------

    def insert_people(self, rows: list[dict[str, Any]]) -> None:
        """New people; every column of ``PERSON_COLUMNS`` is given (the resolver fills the blanks)."""
        self.sql_each("create_people", rows)

    def update_people(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        self.sql_each("update_people", ({**dict.fromkeys(PERSON_COLUMNS), **values, "n": n} for n, values in rows))

    def fill_company(self, rows: list[tuple[int, str, str]]) -> None:
        self.sql_each("fill_company", ({"n": n, "company": c, "company_key": k} for n, c, k in rows))

    def set_keys(self, keys: dict[str, int]) -> None:
        self.sql_each("set_keys", ({"key": k, "n": n} for k, n in keys.items()))

    def add_sightings(self, source_id: int | None, rows: list[tuple[int, str, int, str, str]]) -> None:
        self.sql_each("add_sightings", ({"source_id": source_id, "file": file, "line": line, "n": n, "how": how,
                                         "ref": ref} for line, file, n, how, ref in rows))

    def person_rows_to(self, gone: int, keep: int) -> None:
        self.sql("move_person_rows", gone=gone, keep=keep)

    def evidence_ids_of(self, n: int) -> list[tuple[int, int, int]]:
        return [tuple(r) for r in self.sql("evidence_of_person", n=n)]

    def delete_evidence_ids(self, ids: list[int]) -> None:
        if ids:
            self.sql("delete_evidence_ids", ids=ids)

    def repair_evidence(self, rows: list[tuple[int, int, int]]) -> None:
        """Re-point evidence rows (id, a, b) at new pairs."""
        self.sql_each("repair_evidence", ({"id": i, "a": a, "b": b} for i, a, b in rows))

    def ties_of_person(self, n: int) -> list[tuple[int, float, bool, int]]:
        return [(o, t, bool(u), band) for o, t, u, band in self.sql("ties_of_person", n=n)]

    def delete_person(self, n: int) -> None:
        self.sql("person_delete", n=n)

    def set_ties(self, rows: list[TieRow]) -> None:
        self.sql_each("set_ties", ({"a": a, "b": b, "trust": t, "usable": int(u), "band": band}
                                   for a, b, t, u, band in rows))

    def set_team(self, n: int, role: str) -> None:
        self.sql("set_team_role", n=n, role=role)

    def add_merge(self, *, kept_n: int, merged_id: str, reason: str, keys: str, source_id: int | None) -> None:
        self.sql("add_merge", kept_n=kept_n, merged_id=merged_id, reason=reason, keys=keys, source_id=source_id,
                 at=now())
