"""The in-memory store's records kept for people (forgetting, the ledger, the do-not-ask flag)
and whole-store copies (dump and load)."""

from __future__ import annotations

from typing import Any

from pathfinder.store.memory_data import PERSON
from pathfinder.store.memory_identity import MemoryIdentity
from pathfinder.store.protocol import COPIED_META, MENTION_FIELDS, Mention, Tables


class MemoryRecords(MemoryIdentity):
    """Writes that change what is known of one person, the ledger, and whole-store copies."""

    def set_no_intro(self, n: int, value: bool) -> None:
        with self.write():
            self.d.people[n]["no_intro"] = int(value)
            self.bump_generation()

    # --- the introductions ledger ----------------------------------------------------------------

    def intro_rows(self) -> list[tuple[Any, ...]]:
        return [(i, r["rep_n"], r["introducer_n"], r["target_n"], bool(r["earned"]), r["status"], r["created_at"],
                 r["updated_at"], r["tier"]) for i, r in sorted(self.d.intros.items())]

    def intro_event_rows(self) -> list[tuple[Any, ...]]:
        return [(e["id"], e["intro_id"], e["status"], e["at"], e["note"]) for e in self.d.intro_events]

    def add_intro(self, rep_n: int, introducer_n: int, target_n: int, *, earned: bool, status: str, at: str,
                  tier: str, note: str) -> int:
        with self.write():
            i = self.d.next_id()
            self.d.intros[i] = {"rep_n": rep_n, "introducer_n": introducer_n, "target_n": target_n,
                                "earned": int(earned), "status": status, "created_at": at, "updated_at": at, "tier": tier}
            self.d.intro_events.append({"id": self.d.next_id(), "intro_id": i, "status": status, "at": at,
                                        "note": note})
        return i

    def add_intro_event(self, intro_id: int, status: str, at: str, note: str, *, set_status: bool) -> None:
        with self.write():
            if set_status:
                self.d.intros[intro_id].update(status=status, updated_at=at)
            self.d.intro_events.append({"id": self.d.next_id(), "intro_id": intro_id, "status": status, "at": at,
                                        "note": note})

    # --- forgetting a person, and copying a whole store ------------------------------------------

    def _rows_of(self, table: str) -> dict[Any, dict[str, Any]]:
        rows = getattr(self.d, table)
        return rows if isinstance(rows, dict) else dict(enumerate(rows))

    def drop_keys(self, keys: list[str]) -> None:
        for k in keys:
            self.d.keys.pop(k, None)

    def mentions(self, words: list[str]) -> list[Mention]:
        found: list[Mention] = []
        for field in MENTION_FIELDS:
            table, column = field.split(".")
            found += [(field, where, row[column]) for where, row in self._rows_of(table).items()
                      if any(w in str(row.get(column, "")).lower() for w in words)]
        return found

    def rewrite_mentions(self, rows: list[Mention]) -> None:
        for field, where, text in rows:
            table, column = field.split(".")
            self._rows_of(table)[where][column] = text

    def erase_person(self, n: int, keys: list[str], suppress: list[tuple[str, str, str]]) -> dict[str, int]:
        d = self.d
        for h, grp, at in suppress:
            d.suppressed.setdefault(h, (grp, at))
        gone_intros = {i for i, r in d.intros.items() if n in (r["rep_n"], r["introducer_n"], r["target_n"])}
        person_id = d.people[n]["id"]
        counts = {
            "intro_events": sum(1 for e in d.intro_events if e["intro_id"] in gone_intros),
            "intros": len(gone_intros),
            "evidence": sum(1 for e in d.evidence.values() if n in (e["a"], e["b"])),
            "ties": sum(1 for p in d.ties if n in p),
            "sightings": sum(1 for g in d.sightings.values() if g["n"] == n),
            "person_keys": sum(1 for holder in d.keys.values() if holder == n),
            "merges": sum(1 for m in d.merges if m["kept_n"] == n or m["merged_id"] == person_id),
            "team": int(n in d.team), "member_keys": sum(1 for holder in d.member_keys.values() if holder == n),
            "people": 1,
        }
        d.intro_events = [e for e in d.intro_events if e["intro_id"] not in gone_intros]
        d.intros = {i: r for i, r in d.intros.items() if i not in gone_intros}
        d.evidence = {i: e for i, e in d.evidence.items() if n not in (e["a"], e["b"])}
        d.sightings = {i: g for i, g in d.sightings.items() if g["n"] != n}
        d.keys = {k: h for k, h in d.keys.items() if h != n}
        d.member_keys = {k: h for k, h in d.member_keys.items() if h != n}
        d.merges = [m for m in d.merges if m["kept_n"] != n and m["merged_id"] != person_id]
        self.delete_person(n)
        if keys:
            before = len(d.keep_apart)
            d.keep_apart = {(a, b) for a, b in d.keep_apart if a not in keys and b not in keys}
            counts["keep_apart"] = before - len(d.keep_apart)
        for s in d.sources.values():
            if s["owner_n"] == n:
                s["path"] = "(forgotten)"
        counts["ties_with_others"], counts["introductions"] = counts["ties"], counts["intros"]
        self.bump_generation()
        return counts

    def suppression_group(self, key_hash: str) -> str | None:
        found = self.d.suppressed.get(key_hash)
        return None if found is None else found[0]

    def lift_suppression(self, group: str) -> int:
        gone = [h for h, (grp, _) in self.d.suppressed.items() if grp == group]
        for h in gone:
            del self.d.suppressed[h]
        return len(gone)

    def dump(self) -> Tables:
        d = self.d
        return {
            "people": [{"n": n, **p} for n, p in sorted(d.people.items())],
            "person_keys": [{"key": k, "n": n} for k, n in sorted(d.keys.items())],
            "member_keys": [{"key": k, "n": n} for k, n in sorted(d.member_keys.items())],
            "sources": [dict(s) for _, s in sorted(d.sources.items())],
            "team": [{"n": n, "role": r} for n, r in sorted(d.team.items())],
            "evidence": [dict(e) for _, e in sorted(d.evidence.items())],
            "ties": [{"a": a, "b": b, "trust": t, "usable": int(u), "band": band}
                     for (a, b), (t, u, band) in sorted(d.ties.items())],
            "merges": [dict(m) for m in d.merges],
            "sightings": [{"id": i, **g} for i, g in sorted(d.sightings.items())],
            "keep_apart": [{"key_a": a, "key_b": b} for a, b in sorted(d.keep_apart)],
            "intros": [{"id": i, **r} for i, r in sorted(d.intros.items())],
            "intro_events": [dict(e) for e in d.intro_events],
            "suppressed": [{"hash": h, "grp": g, "at": at} for h, (g, at) in sorted(d.suppressed.items())],
            "meta": [{"key": k, "value": v} for k, v in sorted(d.meta.items()) if k in COPIED_META],
        }

    def load(self, tables: Tables) -> None:
        # a copy from Neo4j has no property for a null column: give every row its table's columns
        tables = {t: [{**dict.fromkeys(c for r in rows for c in r), **r} for r in rows] for t, rows in tables.items()}
        with self.write():
            d = self.d
            d.people.update({r["n"]: {**PERSON, **{k: v for k, v in r.items() if k != "n"}}
                             for r in tables.get("people", [])})
            d.keys.update({r["key"]: r["n"] for r in tables.get("person_keys", [])})
            d.member_keys.update({r["key"]: r["n"] for r in tables.get("member_keys", [])})
            d.sources.update({r["id"]: dict(r) for r in tables.get("sources", [])})
            d.team.update({r["n"]: r["role"] for r in tables.get("team", [])})
            d.evidence.update({r["id"]: dict(r) for r in tables.get("evidence", [])})
            d.ties.update({(r["a"], r["b"]): (r["trust"], bool(r["usable"]), int(r.get("band") or 0))
                           for r in tables.get("ties", [])})
            d.merges += [dict(r) for r in tables.get("merges", [])]
            d.sightings.update({r["id"]: {k: v for k, v in r.items() if k != "id"} for r in tables.get("sightings", [])})
            d.keep_apart.update((r["key_a"], r["key_b"]) for r in tables.get("keep_apart", []))
            d.intros.update({r["id"]: {k: v for k, v in r.items() if k != "id"} for r in tables.get("intros", [])})
            d.intro_events += [dict(r) for r in tables.get("intro_events", [])]
            d.suppressed.update({r["hash"]: (r["grp"], r["at"]) for r in tables.get("suppressed", [])})
            d.meta.update({r["key"]: str(r["value"]) for r in tables.get("meta", []) if r["key"] in COPIED_META})
            d.last_id = max([d.last_id] + [int(r.get("id") or 0) for t in tables.values() for r in t
                                           if isinstance(r.get("id"), int)])
            self.bump_generation()
