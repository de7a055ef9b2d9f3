"""The Neo4j store's side of identity resolution (:class:`~pathfinder.store.protocol.IdentityStorage`):
each question a ``.cypher`` file named as the ``.sql`` file that answers it on the embedded store;
writes go in batches (``UNWIND $rows``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pathfinder.model import PersonRow, now
from pathfinder.store.protocol import TieRow

BATCH = 5000
#: a new person's properties, and their value when not given
PERSON_DEFAULTS = {"name": "", "name_key": "", "last_key": "", "email": "", "profile_url": "", "company": "",
                   "company_key": "", "title": "", "seniority": "", "functions": "", "location": "",
                   "phone": "", "birthday": "", "street": "", "postcode": "", "no_intro": False}
PERSON_FIELDS = ("n", "id", "name", "email", "profile_url", "company", "title", "seniority", "functions", "location")


def person(record: Any) -> PersonRow:
    """A person row from a record with the columns of ``people_by_n``."""
    return PersonRow(int(record["n"]), *(record[k] if record[k] is not None else "" for k in PERSON_FIELDS[1:]))


class Neo4jIdentity:
    """Identity storage over the Neo4j store's statements; mixed into the Neo4j store."""

    def run(self, name: str, **params: Any) -> list[Any]:  # the store's
        raise NotImplementedError

    def allocate(self, sequence: str, count: int) -> int:  # the store's
        raise NotImplementedError

    def run_batched(self, name: str, rows: list[Any], key: str = "rows", **params: Any) -> None:
        for i in range(0, len(rows), BATCH):
            self.run(name, **{key: rows[i:i + BATCH]}, **params)

    def _in_batches(self, name: str, key: str, values: list[Any]) -> list[Any]:
        return [r for i in range(0, len(values), BATCH) for r in self.run(name, **{key: values[i:i + BATCH]})]

    # --- reads ------------------------------------------------------------------------------

    def fetch_keys(self, keys: list[str]) -> Iterable[tuple[str, int]]:
        return [(r["key"], r["n"]) for r in self._in_batches("keys_lookup", "keys", keys)]

    def fetch_named(self, name_keys: list[str]) -> Iterable[tuple[str, int]]:
        return [(r["name_key"], r["n"]) for r in self._in_batches("people_named", "name_keys", name_keys)]

    def fetch_company_last(self, company_keys: list[str]) -> Iterable[tuple[str, str]]:
        return [(r["company_key"], last) for r in self._in_batches("company_last_names", "companies", company_keys)
                for last in r["last_keys"]]

    def fetch_detailed(self, by_kind: dict[str, list[str]]) -> Iterable[tuple[Any, ...]]:
        return [tuple(r.values()) for r in self.run("people_with_details", phones=by_kind["phone"],
                                                    birthdays=by_kind["birthday"], postcodes=by_kind["postcode"])]

    def fetch_held(self, n: int) -> tuple[Any, ...] | None:
        found = self.run("person_details", n=n)
        return tuple(found[0].values()) if found else None

    def at_company(self, company_key: str, last_key: str) -> list[tuple[int, str, str]]:
        return [(r["n"], r["name_key"], r["seniority"])
                for r in self.run("people_at_company_last", company_key=company_key, last_key=last_key)]

    def with_url(self, ns: list[int]) -> set[int]:
        return {r["n"] for r in self._in_batches("people_with_url", "ns", ns)}

    def with_name(self, ns: list[int]) -> set[int]:
        return {r["n"] for r in self._in_batches("people_with_names", "ns", ns)}

    def keys_of(self, n: int) -> list[str]:
        return [r["key"] for r in self.run("keys_of_person", n=n)]

    def team(self) -> dict[int, str]:
        return {r["n"]: r["role"] for r in self.run("team")}

    def max_n(self) -> int:
        return int(self.run("max_n")[0]["max_n"])

    def numbers_of(self, ids: list[str]) -> dict[str, int]:
        return {r["id"]: r["n"] for r in self._in_batches("people_by_ids", "ids", ids)}

    def kept_apart(self) -> list[tuple[str, str]]:
        return [(r["key_a"], r["key_b"]) for r in self.run("keep_apart")]

    def suppressed(self) -> set[str]:
        return {r["hash"] for r in self.run("suppressed")}

    def get_meta(self, key: str) -> str | None:
        rows = self.run("meta_get", key=key)
        return None if not rows or rows[0]["value"] is None else str(rows[0]["value"])

    def people(self, ns: Iterable[int]) -> dict[int, PersonRow]:
        return {r["n"]: person(r) for r in self._in_batches("people_by_n", "ns", list(dict.fromkeys(ns)))}

    # --- writes, inside the import's transaction ------------------------------------------------

    def insert_people(self, rows: list[dict[str, Any]]) -> None:
        self.run_batched("create_people", [{**PERSON_DEFAULTS, **row} for row in rows])

    def update_people(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        self.run_batched("update_people", [{"n": n, "values": values} for n, values in rows])

    def fill_company(self, rows: list[tuple[int, str, str]]) -> None:
        self.run_batched("fill_company", [{"n": n, "company": c, "company_key": k} for n, c, k in rows])

    def set_keys(self, keys: dict[str, int]) -> None:
        self.run_batched("set_keys", [{"key": k, "n": n} for k, n in keys.items()])

    def add_sightings(self, source_id: int | None, rows: list[tuple[int, str, int, str, str]]) -> None:
        if not rows:
            return
        first = self.allocate("sightings", len(rows))
        self.run_batched("add_sightings", [
            {"id": first + i, "source_id": source_id, "file": file, "line": line, "n": n, "how": how, "ref": ref}
            for i, (line, file, n, how, ref) in enumerate(rows)])

    def person_rows_to(self, gone: int, keep: int) -> None:
        self.run("move_person_rows", gone=gone, keep=keep)

    def evidence_ids_of(self, n: int) -> list[tuple[int, int, int]]:
        return [(r["id"], r["a"], r["b"]) for r in self.run("evidence_of_person", n=n)]

    def delete_evidence_ids(self, ids: list[int]) -> None:
        if ids:
            self.run("delete_evidence_ids", ids=ids)

    def repair_evidence(self, rows: list[tuple[int, int, int]]) -> None:
        self.run_batched("repair_evidence", [{"id": i, "a": a, "b": b} for i, a, b in rows])

    def ties_of_person(self, n: int) -> list[tuple[int, float, bool, int]]:
        return [(r["other"], r["trust"], bool(r["usable"]), int(r["band"])) for r in self.run("ties_of_person", n=n)]

    def delete_person(self, n: int) -> None:
        self.run("person_delete", n=n)

    def set_ties(self, rows: list[TieRow]) -> None:
        self.run_batched("set_ties", [{"a": a, "b": b, "trust": t, "usable": bool(u), "band": int(band)}
                                      for a, b, t, u, band in rows])

    def set_team(self, n: int, role: str) -> None:
        self.run("set_team_role", n=n, role=role)

    def add_merge(self, *, kept_n: int, merged_id: str, reason: str, keys: str, source_id: int | None) -> None:
        self.run("add_merge", row={"id": self.allocate("merges", 1), "kept_n": kept_n, "merged_id": merged_id,
                                   "reason": reason, "keys": keys, "source_id": source_id, "at": now()})


__all__ = ["Neo4jIdentity", "PERSON_DEFAULTS", "person"]
