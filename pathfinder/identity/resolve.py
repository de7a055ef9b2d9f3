"""Identity resolution: which stored person each export row is about.

Exact keys first: a normalised LinkedIn profile URL, an email, a CRM id. A record with none that
matches is then matched on name and company: the same name key, or a similar name at the same
company (nicknames, initials, "Last, First", credentials and accents do not matter) when exactly
one person fits. Two people whose profile URLs differ are never merged, and neither are keys the
user has kept apart (``pathfinder unmerge``). Every resolution is recorded as a *sighting*
(file, line, how it matched), so each merge can be explained and undone.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import fields
from typing import Any

from pathfinder.identity.companies import company_from_email, company_key, name_company_key
from pathfinder.identity.details import (
    Details,
    agreement,
    conflicts,
    details,
    match_score,
    normalize_birthday,
    normalize_phone,
    postcode_key,
)
from pathfinder.identity.keys import (
    clean_name,
    identity_keys,
    key_hash,
    last_name_key,
    name_key,
    name_parts,
    normalize_email,
    person_id_for,
    unnamed_label,
)
from pathfinder.identity.nicknames import same_given_name
from pathfinder.identity.titles import parse_title
from pathfinder.model import ImportSummary, PersonRef
from pathfinder.store.protocol import IdentityStorage

AMBIGUOUS = 0  # person_keys.n for a name key that more than one person has
#: the columns of a person that resolution writes, and their value when not given
PERSON_COLUMNS = ("name", "name_key", "last_key", "email", "profile_url", "company", "company_key", "title",
                  "seniority", "functions", "location", "phone", "birthday", "street", "postcode")
# one encoder for every sighting (json.dumps with options builds a new one per call)
_SIGHTING_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode
DETAIL_COLUMNS = ("phone", "birthday", "street", "postcode")
NO_DETAILS = Details()
_REF_FIELDS = [f.name for f in fields(PersonRef)]
FUZZY_THRESHOLD = 0.85
BLOCK_LIMIT = 50  # a blocking key more people share than this tells nobody apart


def title_columns(title: str) -> tuple[str, str]:
    level, functions = parse_title(title)
    return (level if title else ""), ",".join(sorted(functions))


#: the columns of a company guessed from a work email (see :meth:`Resolver._values`)
GUESSED = ("guess_company", "guess_company_key")


def fill_guess(row: dict[str, Any]) -> None:
    """Use the guessed company of a person not written yet only if they have no company."""
    guess = [row.pop(c, "") for c in GUESSED]
    if guess[0] and not row.get("company"):
        row["company"], row["company_key"] = guess


def effective_company(ref: PersonRef) -> str:
    """Where a reference works: the company given, else the organisation of a work email address
    (``dana@acme.com`` works at Acme; a free-mail address says nothing)."""
    return ref.company.strip() or company_from_email(ref.email)


def merged_role(a: str, b: str | None) -> str:
    """The team role of two people found to be one: a member, if either is."""
    return "member" if "member" in (a, b) else a


def final(remap: dict[int, int], n: int) -> int:
    while n in remap:
        n = remap[n]
    return n


def name_similarity(a: str, b: str) -> float:
    """How likely two folded full names (same last name assumed) are one person's, in [0, 1].

    >>> name_similarity("bob smith", "robert smith"), name_similarity("j smith", "john smith")
    (0.95, 0.86)
    >>> name_similarity("anna smith", "hannah smith") < 0.85 < name_similarity("jonathon smith", "jonathan smith")
    True
    """
    (pa, generation_a), (pb, generation_b) = name_parts(a), name_parts(b)
    if not pa or not pb or generation_a != generation_b:
        return 0.0  # no name, or a father and son (Jr. and Sr.)
    fa, fb = pa[:1], pb[:1]
    x, y = fa[0], fb[0]
    if x == y:
        return 1.0
    if same_given_name(x, y):
        return 0.95
    if (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y)):
        return 0.86
    ratio = difflib.SequenceMatcher(None, x, y).ratio()
    return 0.87 if ratio >= 0.85 and x[0] == y[0] else ratio * 0.8


class Resolver:
    """Resolves one import's records inside its transaction, on any store (through
    :class:`~pathfinder.store.protocol.IdentityStorage`).

    Keys are read in bulk before the rows are resolved and kept in memory as they change, and
    new people, keys and changes are held back and written in batches (:meth:`flush`; every read
    that could see them flushes first), so a 30k-row export costs a few statements, not one per row."""

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

    # --- keys ---------------------------------------------------------------------------------

    def flush(self) -> None:
        """Write the held-back new people, keys and changes."""
        if self.creates:
            self._unique_ids()
            blank = dict.fromkeys(PERSON_COLUMNS, "")
            self.storage.insert_people([{**blank, **{k: v for k, v in row.items() if k != "_key"}}
                                        for row in self.creates.values()])
            self.creates.clear()
        if self.pending_keys:
            self.storage.set_keys(self.pending_keys)
            self.pending_keys.clear()
        if self.updates:
            guesses = [(n, v.pop(GUESSED[0]), v.pop(GUESSED[1])) for n, v in self.updates.items() if GUESSED[0] in v]
            self.storage.update_people([(n, v) for n, v in self.updates.items() if v])
            self.storage.fill_company(guesses)
            self.updates.clear()

    def _taken_ids(self, ids: list[str]) -> set[str]:
        """Which of ``ids`` stored people already have."""
        return set(self.storage.numbers_of(ids))

    def _unique_ids(self) -> None:
        """Public ids derive from a person's first key; on the rare clash with a stored id (or an
        earlier new one), derive another from it, stably."""
        while True:
            taken = self._taken_ids([row["id"] for row in self.creates.values()])
            seen: set[str] = set()
            clashed = False
            for row in self.creates.values():
                if row["id"] in taken or row["id"] in seen:
                    row["id"] = person_id_for(row["id"] + row["_key"])
                    clashed = True
                seen.add(row["id"])
            if not clashed:
                return

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

    def _set_key(self, key: str, n: int) -> None:
        self.pending_keys[key] = n  # new keys, and keys that change hands, are written by flush()
        self.keys[key] = n
        if key.startswith("li:") and n != AMBIGUOUS:
            self.with_url[n] = True

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

    # --- resolution ---------------------------------------------------------------------------

    def resolve(self, ref: PersonRef, line: int = 0, file: str = "") -> int:
        """The person ``ref`` is. Within one export, rows with the same values are one person,
        and a name never matches someone an earlier row of the same export already was: two
        rows of one export are two people (real exports hold same-named strangers)."""
        if ref in self.resolved:
            return final(self.remap, self.resolved[ref])
        n = self._resolve(ref, line, file)
        self.resolved[ref] = n
        return n

    def _resolve(self, ref: PersonRef, line: int, file: str) -> int:
        keys, name, nkey, folded = self._info(ref)
        if folded:
            self.touched_names.add(folded)
        found = [n for n in (self._lookup(k) for k in keys) if n]
        n: int | None = None
        how = "new person"
        if found:
            n = found[0]
            how = {"li": "profile URL", "email": "email", "crm": "CRM id"}[keys[[self._lookup(k) for k in keys].index(n)].split(":")[0]]
            for other in dict.fromkeys(found[1:]):
                if other != n and not (self._has_url(n) and self._has_url(other)) and not self._apart(keys, other):
                    self._merge(keep=n, gone=other, reason=f"one record carried both keys: {', '.join(keys)}")
            # the one person with this name at this company, seen before without this record's key,
            # is the same person (as they would be had this record come first)
            holder = self._lookup(nkey) if nkey else None
            if holder and holder not in (n, AMBIGUOUS) and holder not in self.seen and \
                    not (self._has_url(n) and self._has_url(holder)) and not self._apart(keys + [nkey], holder) \
                    and not self._differ(folded, self._details(ref), holder, name_only=not effective_company(ref)):
                self._merge(keep=n, gone=holder, reason=f"the same name and company as the record with {keys[0]}")
        elif nkey:
            has_url = any(k.startswith("li:") for k in keys)
            mine = self._details(ref)
            candidate = self._lookup(nkey)
            if candidate in self.seen:
                candidate = AMBIGUOUS
            if candidate and candidate != AMBIGUOUS:
                if not (has_url and self._has_url(candidate)) and not self._apart(keys + [nkey], candidate) \
                        and not self._differ(folded, mine, candidate, name_only=not effective_company(ref)):
                    n, how = candidate, "same name and company"
            elif candidate is None and effective_company(ref):
                n, score = self._similar(folded, ref, has_url, keys + [nkey])
                if n is not None and self._differ(folded, mine, n):
                    n = None
                if n is not None:
                    how = f"similar name at the same company ({score:.2f})"
            elif candidate is None and not keys:
                # a bare name (a "referred by" field, a deal owner): the one stored person with that
                # name, if only one; of several, the one on the team, if only one is
                same = self._people_named(name_key(name))
                if len(same) > 1:
                    same = [m for m in same if m in self.team_people()]
                if len(same) == 1 and same[0] not in self.seen and not self._apart([nkey], same[0]) \
                        and not self._differ(folded, mine, same[0], name_only=True):
                    n, how = same[0], "the only person with that name"
            if n is None and mine.any():
                n, score = self._by_details(folded, mine, has_url, keys + [nkey])
                if n is not None:
                    how = f"name and contact details ({score:.2f})"
        values = self._values(ref, name or unnamed_label(keys), folded)
        if n is None:
            n = self._create(keys[0] if keys else nkey or f"anon:{self.source_id}:{line}:{file}", values)
            self.summary.people_added += 1
        else:
            if n not in self.seen:
                self.summary.people_matched += 1
            self._update(n, values)
        self.seen.add(n)
        for k in keys:
            if self._lookup(k) is None:
                self._set_key(k, n)
        if nkey:
            holder = self._lookup(nkey)
            if holder is None:
                self._set_key(nkey, n)
            elif holder not in (n, AMBIGUOUS):
                self._set_key(nkey, AMBIGUOUS)
        self._sight(ref, n, how, line, file, keys, nkey)
        return n

    def _sight(self, ref: PersonRef, n: int, how: str, line: int, file: str, keys: list[str], nkey: str) -> None:
        """Remember that ``ref`` (a row, or line 0: an export's owner) was person ``n``, and how."""
        seen_as = {f: getattr(ref, f) for f in _REF_FIELDS if getattr(ref, f)}
        seen_as["keys"] = keys + ([nkey] if nkey else [])
        self.sightings.append((line, file, n, how, _SIGHTING_JSON(seen_as)))

    def create(self, ref: PersonRef, *, how: str) -> int:
        """A new person for ``ref`` without matching anyone (a teammate the user names: the team
        rules decide who else they are); the keys nobody holds yet become theirs."""
        keys, name, nkey, folded = self._info(ref)
        n = self._create(keys[0] if keys else nkey, self._values(ref, name or unnamed_label(keys), folded))
        self.summary.people_added += 1
        self.touched_names.add(folded)
        for k in keys + ([nkey] if nkey else []):
            if self._lookup(k) is None:
                self._set_key(k, n)
        self._sight(ref, n, how, 0, "", keys, nkey)
        return n

    def forget_cache(self) -> None:
        """Drop what was read of the store (after a change made around the resolver: a split)."""
        self.flush()
        for cache in (self.keys, self.with_url, self.by_name, self.detailed, self.with_detail, self.resolved):
            cache.clear()
        self.named.clear()
        self.details_read.clear()
        self.company_checked.clear()
        self.name_at_company.clear()
        self._team = None
        self.next_n = None

    def _similar(self, folded: str, ref: PersonRef, has_url: bool, keys: list[str]) -> tuple[int | None, float]:
        """The one person at the same company whose folded name is close enough, if exactly one is."""
        parts = name_parts(folded)[0]
        if len(parts) < 2:
            return None, 0.0
        ckey = company_key(effective_company(ref))
        if ckey in self.company_checked and (ckey, parts[-1]) not in self.name_at_company:
            return None, 0.0  # nobody with this last name works there (as of the import's start)
        level = parse_title(ref.title)[0] if ref.title else ""
        best: list[tuple[float, int]] = []
        for n, other, seniority in self._at_company(ckey, parts[-1]):
            score = name_similarity(folded, other)
            if level and seniority and level != seniority:
                score -= 0.1  # the same name with another seniority is less likely the same person
            if score >= FUZZY_THRESHOLD and n not in self.seen and not (has_url and self._has_url(n)) and not self._apart(keys, n):
                best.append((score, n))
        if len(best) != 1:
            return None, 0.0  # nobody, or several: never guess between people
        return best[0][1], best[0][0]

    def _differ(self, folded: str, mine: Details, n: int, *, name_only: bool = False) -> bool:
        """Do this record's name and details rule out person ``n``: a different birthday, or,
        for a match on a name alone (no company), details that disagree and none that agree
        (another phone at another address)?"""
        if not mine.any():
            return False
        name_key_n, theirs = self._held(n)
        return conflicts(folded, name_key_n, mine, theirs) or (name_only and agreement(mine, theirs) < 0)

    def _by_details(self, folded: str, mine: Details, has_url: bool, keys: list[str]) -> tuple[int | None, float]:
        """The stored person whose name and contact details agree with this record's well
        enough (:func:`~pathfinder.identity.details.match_score`), if one clearly does."""
        blocks = (self.with_detail.get(key, ()) for key in self._detail_keys(mine, folded))
        found = {final(self.remap, n) for block in blocks if len(block) <= BLOCK_LIMIT for n in block}
        scored = []
        for n in found:
            if n in self.seen or n not in self.detailed or (has_url and self._has_url(n)) or self._apart(keys, n):
                continue
            name_key_n, theirs = self.detailed[n]
            score = match_score(folded, name_key_n, mine, theirs)
            if score:
                scored.append((score, n))
        scored.sort(reverse=True)
        if not scored or (len(scored) > 1 and scored[0][0] - scored[1][0] < 1):
            return None, 0.0  # nobody, or two about as likely: never guess between people
        return scored[0][1], scored[0][0]

    @staticmethod
    def _values(ref: PersonRef, name: str, folded: str) -> dict[str, str]:
        """A row's columns. A company read off a work email is a guess (``GUESSED``): it only
        fills in a person who has no company, never replaces one."""
        company = ref.company.strip()
        guess = "" if company else company_from_email(ref.email).title()
        values = {
            "name": name, "name_key": folded, "last_key": last_name_key(folded),
            "email": normalize_email(ref.email), "profile_url": ref.profile_url.strip(),
            "company": company, "company_key": company_key(company) if company else "",
            GUESSED[0]: guess, GUESSED[1]: company_key(guess) if guess else "",
            "title": ref.title.strip(), "location": ref.location.strip(),
            "phone": normalize_phone(ref.phone), "birthday": normalize_birthday(ref.birthday),
            "street": ref.street.strip(), "postcode": postcode_key(ref.postcode),
        }
        if values["title"]:
            values["seniority"], values["functions"] = title_columns(values["title"])
        return {k: v for k, v in values.items() if v}

    def new_number(self) -> int:
        """The number of the next new person. A number a merge freed in this import is never
        given again: the import's own renumbering (:attr:`remap`) still points it at another person."""
        if self.next_n is None:
            self.next_n = max(self.storage.max_n(), max(self.remap, default=0)) + 1
        n, self.next_n = self.next_n, self.next_n + 1
        return n

    def _create(self, first_key: str, values: dict[str, str]) -> int:
        """A new person, held back until :meth:`flush`: their number, the next free one."""
        n = self.new_number()
        self.creates[n] = {**values, "n": n, "id": person_id_for(first_key), "_key": first_key}
        fill_guess(self.creates[n])
        if values.get("name_key"):
            self.named.add(n)
            self._name_known(n, values["name_key"])
        return n

    def _update(self, n: int, values: dict[str, str]) -> None:
        """Later rows win for what changes (company, title); a name and the contact details are
        only filled in where missing (the first ones seen stay the evidence to match on)."""
        if any(values.get(c) for c in DETAIL_COLUMNS):
            if n in self.creates:
                held = {c for c in DETAIL_COLUMNS if self.creates[n].get(c)}
            else:
                name_key_n, have = self._held(n)
                held = {c for c in DETAIL_COLUMNS if getattr(have, c)}
                filled = {c: values[c] for c in DETAIL_COLUMNS if values.get(c) and c not in held}
                self.detailed[n] = (name_key_n, details(**{**have._asdict(), **filled}))
            values = {k: v for k, v in values.items() if k not in held}
        if not values.get("name_key"):
            values.pop("name", None)  # a label (no name given) never replaces what a person is called
        elif n in self.named or self._has_name(n):
            self.named.add(n)
            values = {k: v for k, v in values.items() if k not in ("name", "name_key", "last_key")}
        else:  # the first name this person is given
            self.named.add(n)
            self._name_known(n, values["name_key"])
            if n in self.detailed:
                self.detailed[n] = (values["name_key"], self.detailed[n][1])
        if values:
            self._write_update(n, values)

    def _name_known(self, n: int, nkey: str) -> None:
        if nkey in self.by_name:
            self.by_name[nkey].add(n)

    def _write_update(self, n: int, values: dict[str, str]) -> None:
        if n in self.creates:
            self.creates[n].update(values)
            fill_guess(self.creates[n])
        else:
            self.updates.setdefault(n, {}).update(values)

    def _merge(self, *, keep: int, gone: int, reason: str) -> None:
        """Fold person ``gone`` into ``keep``: keys, own keys, sightings, exports, evidence, ties
        and team role move over; the merge is recorded with the keys that came with it."""
        storage = self.storage
        self.flush()
        gone_id = storage.people([gone])[gone].id
        moved_keys = sorted(self._keys_of(gone))
        roles = storage.team()
        storage.person_rows_to(gone, keep)
        for key, holder in self.keys.items():
            if holder == gone:
                self.keys[key] = keep
        self.with_url[keep] = self._has_url(keep) or self._has_url(gone)
        repaired, dropped = [], []
        for eid, a, b in storage.evidence_ids_of(gone):
            a2, b2 = (keep if a == gone else a), (keep if b == gone else b)
            if a2 == b2:
                dropped.append(eid)
            else:
                repaired.append((eid, min(a2, b2), max(a2, b2)))
        storage.delete_evidence_ids(dropped)
        storage.repair_evidence(repaired)
        ties = storage.ties_of_person(gone)
        storage.delete_person(gone)
        moved = []
        for other, trust, usable in ties:
            if other != keep:  # trust is recomputed for the moved pair at the end of the import
                pair = (min(keep, other), max(keep, other))
                moved.append((*pair, trust, usable))
                self.moved_pairs.add(pair)
        storage.set_ties(moved)
        if gone in roles:
            storage.set_team(keep, merged_role(roles[gone], roles.get(keep)))
            self._team = None
        storage.add_merge(kept_n=keep, merged_id=gone_id, reason=reason, keys=json.dumps(moved_keys),
                          source_id=self.source_id)
        self.remap[gone] = keep
        self.summary.people_merged += 1

    def write_sightings(self) -> None:
        """Store how each record was matched (after merges, so every sighting names a live person)."""
        self.storage.add_sightings(self.source_id, [(line, file, final(self.remap, n), how, ref)
                                                    for line, file, n, how, ref in self.sightings])
