"""What an import's identity resolution reads of the store and keeps in memory: keys, names,
people at a company, contact details, the team, the user's standing rules. Read in bulk before the
rows are resolved (:meth:`HeldState.prefetch`) and kept up to date as they change."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pathfinder.identity.companies import company_key, name_company_key
from pathfinder.identity.details import Details, details
from pathfinder.identity.keys import clean_name, identity_keys, key_hash, name_key, name_parts
from pathfinder.identity.rules import DETAIL_COLUMNS, NO_DETAILS, effective_company, final
from pathfinder.records import ImportSummary, PersonRef
from pathfinder.store.protocol import IdentityStorage


class HeldState:
    """The reads of one import's resolution, and what they found."""

    def flush(self) -> None:
        """Send what is held back, before a read that could see it (the writes: :mod:`.writes`)."""

    def __init__(self, storage: IdentityStorage, summary: ImportSummary) -> None:
        self.storage = storage
        self.summary = summary
        self.source_id: int | None = None
        self.remap: dict[int, int] = {}
        self.seen: set[int] = set()
        self.moved_pairs: set[tuple[int, int]] = set()  # ties a merge moved: their trust is recomputed
        self.keys: dict[str, int | None] = {}  # key -> n, None when known to be absent
        self.with_url: dict[int, bool] = {}
        self.named: set[int] = set()  # people whose display name is already set
        self.pending_keys: dict[str, int] = {}
        self.updates: dict[int, dict[str, Any]] = {}  # changes to stored people not written yet
        self.name_checked: set[int] = set()  # stored people whose having a name was read
        self.ref_info: dict[PersonRef, tuple[list[str], str, str, str]] = {}
        self.company_checked: set[str] = set()
        self.name_at_company: set[tuple[str, str]] = set()  # (company key, last name) already stored
        self.sightings: list[tuple[int, str, int, str, str]] = []  # line, file, n, how, ref json
        self.resolved: dict[PersonRef, int] = {}
        self.next_n: int | None = None  # the number the next new person gets
        self.creates: dict[int, dict[str, Any]] = {}  # new people not written yet
        # stored people who share a phone, birthday or postcode with a record of this import
        self.detailed: dict[int, tuple[str, Details]] = {}  # n -> (name key, details)
        self.with_detail: dict[str, set[int]] = {}  # blocking key (see _detail_keys) -> people
        self.details_read: set[tuple[str, str]] = set()  # (column, value) pairs read into the above
        self.by_name: dict[str, set[int]] = {}  # folded name -> the people with it, once read
        self._team: set[int] | None = None
        self.touched_names: set[str] = set()  # folded names of the people this import resolved
        self.kept_apart, self.salt, self.suppressed = self._load_rules()

    def _load_rules(self) -> tuple[set[tuple[str, str]], str, set[str]]:
        """The user's standing rules: keys kept apart, and the salted hashes of forgotten people."""
        salt = self.storage.get_meta("salt") or ""
        return set(self.storage.kept_apart()), salt, self.storage.suppressed() if salt else set()

    def is_suppressed(self, ref: PersonRef) -> bool:
        """Was this person forgotten (``pathfinder forget``)? Then their rows are not imported."""
        if not self.suppressed:
            return False
        keys, _, nkey, _ = self._info(ref)
        return any(key_hash(self.salt, k) in self.suppressed for k in keys + ([nkey] if nkey else []))

    def _info(self, ref: PersonRef) -> tuple[list[str], str, str, str]:
        """A reference's exact keys, display name, name key and folded name, computed once per
        reference."""
        info = self.ref_info.get(ref)
        if info is None:
            name = clean_name(ref.first_name, ref.last_name, ref.name)
            folded = name_key(name)
            nkey = name_company_key(folded, effective_company(ref)) if name else ""
            info = self.ref_info[ref] = (identity_keys(ref), name, nkey, folded)
        return info

    def prefetch(self, refs: Iterable[PersonRef]) -> None:
        """Read, in a few queries, what resolving ``refs`` will look up: their keys, and which
        (company, last name) pairs exist at all (most rows need no similar-name search)."""
        wanted = set()
        refs_list = list(refs)
        for ref in refs_list:
            keys, _, nkey, _ = self._info(ref)
            wanted.update(keys)
            if nkey:
                wanted.add(nkey)
        # rows with neither a key nor a company are matched on their name alone: read those names at once
        bare = (self._info(r) for r in refs_list if not effective_company(r))
        self._read_named({folded for keys, _, _, folded in bare if not keys and folded} - self.by_name.keys())
        companies = {company_key(c) for c in map(effective_company, refs_list) if c} - self.company_checked
        self.company_checked |= companies
        self.name_at_company.update(self._fetch_company_last(list(companies)))
        wanted -= self.keys.keys()
        found: dict[str, int | None] = dict.fromkeys(wanted)
        found.update(self._fetch_keys(list(wanted)))
        self.keys.update(found)
        # which of the people found have a name and a profile URL: read at once, not per row
        known = sorted({n for n in found.values() if n} - self.name_checked)
        if known:
            self.named.update(self.storage.with_name(known))
            self.name_checked.update(known)
            with_url = self.storage.with_url(known)
            self.with_url.update((n, n in with_url) for n in known)
        values = {kv for ref in refs_list for kv in self._detail_values(self._details(ref))} - self.details_read
        self.details_read |= values
        by_kind: dict[str, list[str]] = {"phone": [], "birthday": [], "postcode": []}
        for kind, value in sorted(values):
            by_kind[kind].append(value)
        for row in self._fetch_detailed(by_kind):
            n, nkey, theirs = row[0], row[1], details(*row[2:])
            self.detailed[n] = (nkey, theirs)
            for key in self._detail_keys(theirs, nkey):
                self.with_detail.setdefault(key, set()).add(n)

    @staticmethod
    def _details(ref: PersonRef) -> Details:
        if not (ref.phone or ref.birthday or ref.street or ref.postcode):
            return NO_DETAILS
        return details(ref.phone, ref.birthday, ref.street, ref.postcode, ref.location)

    @staticmethod
    def _detail_values(d: Details) -> list[tuple[str, str]]:
        """The (column, value) pairs that find stored people whose details may match a record's."""
        return [(kind, value) for kind, value in (("phone", d.phone), ("birthday", d.birthday),
                                                  ("postcode", d.postcode)) if value]

    @classmethod
    def _detail_keys(cls, d: Details, folded: str) -> list[str]:
        """Blocking keys: a detail with a part of the name, so a postcode or shared office number
        held by thousands does not compare each record with them all."""
        parts = name_parts(folded)[0]
        tokens = {parts[0][:3], parts[-1][:3]} if parts else set()
        out = []
        for kind, value in cls._detail_values(d):
            if kind == "birthday" and not value.startswith("--"):
                out.append(f"{kind}:{value}")
            else:
                out += [f"{kind}:{value}:{t}" for t in tokens]
        return out

    def _fetch_detailed(self, by_kind: dict[str, list[str]]) -> Iterable[tuple[Any, ...]]:
        """(n, name key, phone, birthday, street, postcode, location) of the people with any of
        the given phones, birthdays or postcodes (``by_kind``: column name -> values)."""
        self.flush()
        return self.storage.fetch_detailed(by_kind) if any(by_kind.values()) else []

    def _held(self, n: int) -> tuple[str, Details]:
        """The folded name and the contact details stored (or about to be) for person ``n``."""
        if n in self.creates:
            row = self.creates[n]
            return row.get("name_key", ""), details(*(row.get(c, "") for c in (*DETAIL_COLUMNS, "location")))
        if n not in self.detailed:
            self.detailed[n] = self._fetch_held(n)
        return self.detailed[n]

    def _fetch_held(self, n: int) -> tuple[str, Details]:
        """What :meth:`_held` says of a stored person, with the changes not written yet."""
        found = self.storage.fetch_held(n)
        if found is None:
            return "", NO_DETAILS
        row = {**dict(zip(("name_key", *DETAIL_COLUMNS, "location"), found)), **self.updates.get(n, {})}
        return row["name_key"], details(*(row[c] for c in (*DETAIL_COLUMNS, "location")))

    def _fetch_company_last(self, companies: list[str]) -> Iterable[tuple[str, str]]:
        """(company key, last name) of everyone at ``companies``."""
        return self.storage.fetch_company_last(companies) if companies else []

    def _fetch_keys(self, keys: list[str]) -> Iterable[tuple[str, int]]:
        """(key, person) of the stored ones among ``keys`` (a key held back is in :attr:`keys`)."""
        return self.storage.fetch_keys(keys) if keys else []

    def _lookup(self, key: str) -> int | None:
        if key not in self.keys:
            self.keys[key] = dict(self._fetch_keys([key])).get(key)
        return self.keys[key]

    def _keys_of(self, n: int) -> set[str]:
        self.flush()
        return set(self.storage.keys_of(n))

    def _has_url(self, n: int) -> bool:
        if n not in self.with_url:
            self.flush()
            self.with_url[n] = bool(self.storage.with_url([n]))
        return self.with_url[n]

    def _apart(self, keys: Iterable[str], n: int) -> bool:
        """Has the user said these keys are not person ``n``?"""
        if not self.kept_apart:
            return False
        theirs = self._keys_of(n)
        return any((a, b) in self.kept_apart or (b, a) in self.kept_apart for a in keys for b in theirs)

    def _people_named(self, nkey: str, limit: int | None = None) -> list[int]:
        """People whose folded name is ``nkey``, lowest number first (at most ``limit``)."""
        if nkey not in self.by_name:
            self._read_named({nkey})
        ns = sorted({final(self.remap, n) for n in self.by_name[nkey]})
        return ns[:limit] if limit else ns

    def _read_named(self, nkeys: set[str]) -> None:
        """Read who is called each of ``nkeys``; people created later join :attr:`by_name` as they come."""
        if not nkeys:
            return
        self.flush()
        for nkey in nkeys:
            self.by_name[nkey] = set()
        for nkey, n in self._fetch_named(sorted(nkeys)):
            self.by_name[nkey].add(int(n))

    def _fetch_named(self, nkeys: list[str]) -> Iterable[tuple[str, int]]:
        """(folded name, person) of everyone called one of ``nkeys``."""
        return self.storage.fetch_named(nkeys)

    def _at_company(self, ckey: str, last: str) -> list[tuple[int, str, str]]:
        """(n, name key, seniority) of the people at company ``ckey`` with last name ``last``."""
        self.flush()
        return self.storage.at_company(ckey, last)

    def team_people(self) -> set[int]:
        """Team members and connectors (read once per import; a merge re-reads them)."""
        if self._team is None:
            self._team = set(self.storage.team())
        return self._team

    def _has_name(self, n: int) -> bool:
        """Is person ``n`` known by a name (not only by the label of an email, URL or CRM record)?"""
        if n in self.creates:
            return bool(self.creates[n].get("name_key"))
        if self.updates.get(n, {}).get("name_key"):
            return True
        if n not in self.name_checked:
            self.flush()
            self.name_checked.add(n)
            if self.storage.with_name([n]):
                self.named.add(n)
        return n in self.named
