"""The team knows itself: each team member and connector is one person, whatever the import order.

A teammate is named when their export is imported (the owner: a name, an email, a profile URL or
"Name <email>"), and a LinkedIn archive says itself whose it is. The other teammates' exports hold
them too, as contacts. The rules that make these one person:

- :func:`resolve_owner`: an export's owner is whoever holds one of the owner's keys; else the team
  member with that name (members first; nicknames and "Last, First" allowed); else a new teammate,
  refused when the name is close to a member's (a misspelling) unless ``new_member`` says so.
- :func:`reconcile`, after every import: a name-only reference is the one person it can be.
  A team member is the person with the same full name in other owners' exports, unless that
  person's profile URL is not the member's own or the user kept them apart, and provided all such
  people agree (one profile URL, one company): when they disagree the member stays apart from all
  of them, and any taken in by name earlier are split off again, so the import order never decides
  (the user answers with :func:`add_key`). A bare name (a "Referred By" field) is the one other
  person with that name; when a second one comes, the bare name is split off again likewise.
- :func:`attach_key`: the user's word that a key (an email, a profile URL, a person's id) is a
  member's; it merges the person who has it (the job: :mod:`pathfinder.jobs.merging`).
- :func:`roster`: members and connectors, their keys, how many contacts each brought, and who a
  member could still be.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from pathfinder.errors import AmbiguousPerson, NotOnTeam, PathfinderError
from pathfinder.identity.companies import company_from_email, company_key, name_company_key
from pathfinder.identity.keys import (
    clean_name,
    is_unnamed_label,
    name_key,
    normalize_email,
    normalize_profile_url,
    unnamed_label,
)
from pathfinder.identity.lookup import close_names, describe, exact_keys, match_people, same_name
from pathfinder.identity.merges import key_groups, split_off
from pathfinder.identity.resolve import Resolver
from pathfinder.identity.rules import AMBIGUOUS, final, title_columns
from pathfinder.records import OwnerIdentity, PersonRef

Pair = tuple[int, int]
_NAME_AND_ADDRESS = re.compile(r"^\s*(.*?)\s*<\s*([^<>]+?)\s*>\s*$")


# --- who an export's owner is -----------------------------------------------------------------

def parse_owner(text: str) -> OwnerIdentity:
    """The owner as the user gave them: a profile URL, an email, "Name <email>" or a name.

    >>> parse_owner("Rita Rep <Rita@Northwind.example>")
    OwnerIdentity(name='Rita Rep', emails=('rita@northwind.example',), profile_url='', company='', title='')
    """
    text = text.strip()
    pair = _NAME_AND_ADDRESS.match(text)
    name, address = (pair.group(1).strip('" '), pair.group(2)) if pair else ("", text)
    if normalize_profile_url(address):
        return OwnerIdentity(name=clean_name(full=name), profile_url=address.strip())
    if normalize_email(address):
        return OwnerIdentity(name=clean_name(full=name), emails=(normalize_email(address),))
    return OwnerIdentity(name=clean_name(full=text))


def owner_keys(owner: OwnerIdentity) -> list[str]:
    """The exact keys of an owner: their profile URL and email addresses."""
    url = normalize_profile_url(owner.profile_url)
    return (["li:" + url] if url else []) + [f"email:{e}" for e in dict.fromkeys(map(normalize_email, owner.emails)) if e]


def combine(said: OwnerIdentity, found: OwnerIdentity | None, path: str) -> OwnerIdentity:
    """What the user said of an export's owner, with what the export says itself.

    Raises:
        PathfinderError: the export names another person than the user did.
    """
    if not found:
        return said
    if said and not set(owner_keys(said)) & set(owner_keys(found)):
        other = (said.name and found.name and not same_name(name_key(said.name), name_key(found.name))) or (
            said.profile_url and found.profile_url and owner_keys(said)[0] != owner_keys(found)[0])
        if other:
            raise PathfinderError(f"{path} is {found.name or found.profile_url}'s export (it says so itself), not "
                                  f"{said.name or said.profile_url}'s: check the `owner`, or leave it out.")
    return OwnerIdentity(name=said.name or found.name, emails=tuple(dict.fromkeys(said.emails + found.emails)),
                         profile_url=said.profile_url or found.profile_url, company=found.company, title=found.title)


def resolve_owner(store: Any, resolver: Resolver, given: str, found: OwnerIdentity | None, *, path: str,
                  new_member: bool = False) -> int:
    """The person an export belongs to (see the module's rules); their keys become their own.

    Raises:
        PathfinderError: no owner given, or the export says it is someone else's.
        NotOnTeam: a name close to a member's, without ``new_member``.
        AmbiguousPerson: two team members have that name.
    """
    owner = combine(parse_owner(given), found, path)
    if not owner:
        raise PathfinderError(f"{path}: say whose export this is (`owner`: their name, email or profile URL).")
    ref = PersonRef(name=owner.name, email=owner.emails[0] if owner.emails else "", profile_url=owner.profile_url,
                    company=owner.company, title=owner.title)
    _, _, nkey, folded = resolver._info(ref)
    # their exact keys, and their name at their employer (given, or read off their work email)
    keys = owner_keys(owner) + ([nkey] if nkey and not nkey.endswith("|") else [])
    team = store.team()
    holders = sorted(dict.fromkeys(final(resolver.remap, h) for h in map(resolver._lookup, keys) if h))
    n = next((h for h in holders if h in team), holders[0] if holders else None)
    for other in holders:
        if other != n and n is not None and not (resolver._has_url(n) and resolver._has_url(other)) \
                and not resolver._apart(keys, other):
            resolver._merge(keep=min(n, other), gone=max(n, other), reason=f"the owner of {path} has both keys")
            n = min(n, other)
    if n is None and folded:
        n = _member_named(store, owner.name, team, new_member)
    if n is None:
        n = resolver.create(ref, how="team member, as the owner of an export")
    own = set(keys) | ({name_company_key(folded, "")} if folded else set())  # and their name alone
    for key in sorted(own):
        if resolver._lookup(key) is None:
            resolver._set_key(key, n)
    resolver.flush()
    held = store.member_keys()
    store.add_member_keys({k: n for k in sorted(own) if k not in held.get(n, set())
                           and not any(k in keys_ for keys_ in held.values())})
    resolver.seen.discard(n)  # a row of the export that names its owner is them
    return n


def _member_named(store: Any, name: str, team: dict[int, str], new_member: bool) -> int | None:
    """The team member or connector called ``name``; None for a new teammate.

    Raises:
        NotOnTeam: no one on the team has that name but one has a name close to it (a typo?).
        AmbiguousPerson: several people on the team have it.
    """
    from pathfinder.identity.lookup import matches

    on_team = [p for p in matches(store, name) if p.n in team]
    if len(on_team) > 1:
        raise AmbiguousPerson(name, [describe(p) for p in on_team])
    if on_team:
        return int(on_team[0].n)
    if not new_member:
        close = close_names(name, [p.name for p in store.people(team).values()])
        if close:
            raise NotOnTeam(name, close, f"{name!r} is not on the team; did you mean {' or '.join(close)}? "
                                         "Import with `new_member` to add a new teammate.")
    return None


# --- one person per name-only reference, after every import --------------------------------------

def _urls(keys: set[str]) -> set[str]:
    return {k for k in keys if k.startswith("li:")}


def _companies(keys: set[str]) -> set[str]:
    return {k.partition("|")[2] for k in keys if k.startswith("name:") and k.partition("|")[2]}


def _companies_agree(a: str, b: str) -> bool:
    """One company as people write it: the same key, or one the start of the other ("northwind"
    and "northwind analytics")."""
    wa, wb = a.split(), b.split()
    return wa[:len(wb)] == wb or wb[:len(wa)] == wa


def compatible(a: set[str], b: set[str]) -> bool:
    """Can two sets of keys be one person's: no two profile URLs, and some company in common
    when both name one?"""
    ua, ub, ca, cb = _urls(a), _urls(b), _companies(a), _companies(b)
    return not (ua and ub and not ua & ub) and not (
        ca and cb and not any(_companies_agree(x, y) for x in ca for y in cb))


@dataclass
class Reconciled:
    """What :func:`reconcile` did: the pairs whose trust must be recomputed, and what to tell the user."""

    pairs: set[Pair] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)


def reconcile(store: Any, resolver: Resolver, names: set[str] | None = None) -> Reconciled:
    """Inside the import's write, after its rows are stored: apply the module's name rules to the
    team and to the bare names among the folded ``names`` this import touched (all when None)."""
    resolver.flush()
    done = Reconciled()
    own = store.member_keys()
    members = store.people(store.team())
    folded = {n: name_key(p.name) for n, p in members.items() if p.name and not is_unnamed_label(p.name)}
    resolver._read_named(set(folded.values()) - resolver.by_name.keys())
    for m, name in sorted(folded.items()):
        if len(resolver._people_named(name)) > 1:
            _reconcile_member(store, resolver, final(resolver.remap, m), members[m].name, own, done)
    bare = store.bare_names(sorted(names) if names is not None else None)
    for name, holder in sorted(bare.items()):
        _reconcile_bare(store, resolver, name, holder, done)
    resolver.flush()
    return done


def _candidates(store: Any, resolver: Resolver, m: int, own_keys: set[str], folded: str) -> list[int]:
    """The people a member given by name may be: not on the team, the same full name, seen in
    another owner's export, no profile URL other than the member's own, not kept apart from them."""
    team = store.team()
    people = [p for p in resolver._people_named(folded) if p != m and p not in team]
    seen_by = store.sighting_owners(people) if people else {}
    own_urls = _urls(own_keys)
    out = []
    for p in people:
        keys = resolver._keys_of(p)
        if seen_by.get(p, set()) - {m} and not (own_urls and _urls(keys) - own_urls) and not resolver._apart(keys, m):
            out.append(p)
    return out


def _reconcile_member(store: Any, resolver: Resolver, m: int, name: str, own: dict[int, set[str]],
                      done: Reconciled) -> None:
    folded = name_key(name)
    own_keys = own.get(m, set())
    candidates = _candidates(store, resolver, m, own_keys, folded)
    if not candidates:
        return
    groups = key_groups(store.sighting_rows(m))
    mine = set(own_keys).union(*(keys for keys, _ in groups if keys & own_keys))
    taken_in = [(keys, ids) for keys, ids in groups if not keys & mine]
    identities = [mine] + [keys for keys, _ in taken_in] + [resolver._keys_of(c) for c in candidates]
    if all(compatible(a, b) for a, b in combinations(identities, 2)):
        for c in candidates:
            m = _absorb(store, resolver, m, c, f"team member {name} is the {name} of other exports "
                                                "(the same name; nothing there says otherwise)")
        return
    for keys, ids in taken_in:
        _, pairs = split_off(store, m, set(ids), keys - mine, number=resolver.new_number(),
                             reason=f"not team member {name} after all: other exports hold people of that name "
                                    "who differ")
        done.pairs |= pairs
    resolver.forget_cache()
    others = store.people(_candidates(store, resolver, m, own_keys, folded))
    done.notes.append(
        f"Team member {name} may be any of {len(others)} people of that name in other exports, who differ: "
        f"{'; '.join(describe(p) for p in others.values())}. They stay apart until you say which: "
        f"pathfinder team add-key {json.dumps(name)} ID")


def _reconcile_bare(store: Any, resolver: Resolver, folded: str, holder: int, done: Reconciled) -> None:
    """A bare name (only ``name:<folded>|``, held by ``holder``) belongs to the one person with
    that name (the one on the team, if only one is), or to no one when several could be."""
    bare_key = f"name:{folded}|"
    holder = final(resolver.remap, holder)
    named = resolver._people_named(folded)
    team = store.team()
    real = [p for p in named if team.get(p) or resolver._keys_of(p) - {bare_key}]
    on_team = [p for p in real if p in team]
    target = on_team[0] if len(on_team) == 1 else real[0] if len(real) == 1 else None
    if target == holder or (target is None and holder not in real):
        return
    if target is not None:  # the bare name's own person, now that the one real person exists
        _absorb(store, resolver, target, holder, f"the bare name {folded!r} is the one person of that name")
        return
    # the bare name was taken to be the only person of that name; now there are several
    bare = [ids for keys, ids in key_groups(store.sighting_rows(holder)) if keys == {bare_key}]
    if bare:
        _, pairs = split_off(store, holder, {i for ids in bare for i in ids}, {bare_key}, number=resolver.new_number(),
                             reason=f"the bare name {folded!r} may be any of several people")
        done.pairs |= pairs
        resolver.forget_cache()


def _absorb(store: Any, resolver: Resolver, a: int, b: int, reason: str) -> int:
    """Merge ``a`` and ``b`` into the older of the two; its empty columns are filled from the
    other's, and the name is the one the exports write. Returns the person kept."""
    rows = store.people([a, b])
    keep, gone = min(a, b), max(a, b)
    values = {c: getattr(rows[gone], c) for c in ("email", "profile_url", "company", "title", "location")
              if getattr(rows[gone], c) and not getattr(rows[keep], c)}
    guessed = rows[keep].company and rows[keep].company == company_from_email(rows[keep].email).title()
    if guessed and rows[gone].company and rows[gone].company != company_from_email(rows[gone].email).title():
        values["company"] = rows[gone].company  # a company given beats one read off an email address
    names = [p.name for p in (rows[b], rows[a]) if p.name and not is_unnamed_label(p.name)]
    if names and names[0] != rows[keep].name and (not rows[keep].name or is_unnamed_label(rows[keep].name)
                                                  or name_key(names[0]) == name_key(rows[keep].name)):
        values["name"] = names[0]
    if values.get("company"):
        values["company_key"] = company_key(values["company"])
    if values.get("title"):
        values["seniority"], values["functions"] = title_columns(values["title"])
    resolver._merge(keep=keep, gone=gone, reason=reason)
    if values:
        resolver._write_update(keep, values)
    return keep


# --- the user's word, and the roster -----------------------------------------------------------------

def attach_key(store: Any, resolver: Resolver, member: Any, key: str) -> str:
    """Inside a write: ``key`` (an email, a profile URL, a CRM record or a person's id) is
    ``member``'s own; the person who has it is merged into the member. Returns what was done, in
    words (the pairs whose trust must be recomputed are in the resolver's ``moved_pairs``).

    Raises:
        PathfinderError: not a key, or a second profile URL for the member.
    """
    keys = exact_keys(key)
    other = None
    if not keys:
        other = store.numbers_of([key.strip()]).get(key.strip())
        if other is None:
            raise PathfinderError(f"{key!r} is not an email, a profile URL, a CRM record or a person's id.")
    mine = set(store.keys_of(member.n))
    if keys and keys[0].startswith("li:") and _urls(mine) - {keys[0]}:
        raise PathfinderError(f"{member.name} already has the profile URL {sorted(_urls(mine))[0][3:]}; "
                              "a person has one.")
    holder = other if other is not None else resolver._lookup(keys[0])
    n, said = member.n, f"{key.strip()} is {member.name}'s"
    if holder and holder not in (AMBIGUOUS, member.n):
        theirs = store.keys_of(holder)
        if _urls(mine) and _urls(set(theirs)) - _urls(mine):
            raise PathfinderError(f"{key} is {store.people([holder])[holder].name}'s, who has another profile "
                                  f"URL than {member.name}: they are two people.")
        store.drop_keep_apart(sorted(mine), theirs)
        n = _absorb(store, resolver, member.n, holder, f"the user said {key} is team member {member.name}'s")
        resolver.flush()
        said += f"; merged {describe(store.people([n])[n])}"
    elif keys and holder is None:
        resolver._set_key(keys[0], n)
    resolver.flush()
    store.add_member_keys({k: n for k in keys})
    return said


@dataclass
class Teammate:
    """A team member or connector as :func:`roster` lists them."""

    id: str
    name: str
    role: str
    title: str
    company: str
    keys: list[str]
    own_keys: list[str]
    known_by: list[str]  # their emails, profile URL and CRM records, as people read them
    exports: int
    contacts: int
    could_be: list[str]

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def roster(store: Any) -> list[Teammate]:
    """The team: members first, then connectors, each by name."""
    team = store.team()
    people = store.people(team)
    own = store.member_keys()
    brought, exports = store.contacts_brought(), store.exports_of()
    out = []
    for n, p in people.items():
        could_be = []
        if p.name and not is_unnamed_label(p.name):
            others = [x for x in match_people(store, p.name) if x.n != n and x.n not in team]
            could_be = [describe(x) for x in others]
        keys = sorted(store.keys_of(n))
        out.append(Teammate(p.id, p.name, team[n], p.title, p.company, keys, sorted(own.get(n, set())),
                            [unnamed_label([k]) for k in keys if not k.startswith("name:")], exports.get(n, 0),
                            brought.get(n, 0), could_be))
    return sorted(out, key=lambda t: (t.role != "member", name_key(t.name), t.id))


def remapped(pairs: set[Pair], remap: dict[int, int]) -> set[Pair]:
    """``pairs`` with merged people replaced by who they were merged into (pairs of one person dropped)."""
    out = set()
    for a, b in pairs:
        a, b = final(remap, a), final(remap, b)
        if a != b:
            out.add((min(a, b), max(a, b)))
    return out


__all__ = ["parse_owner", "resolve_owner", "reconcile", "attach_key", "roster", "remapped", "Teammate"]
