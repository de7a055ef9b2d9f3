"""Finding the person a user means, from what they type: an id, an email, a profile URL or a name.

Names are matched as people type them: case, accents and "Last, First" do not matter, and when
nobody has exactly that name, a nickname or the initial of the given name finds them ("ken lay"
is Kenneth Lay). Where a name stands for a team member (``--from``, ``--via``, ``--owner``,
``vouch``), the team comes first: a name that one member and other people share means the member,
and a teammate (or a connector) goes by their first or last name alone ("--from rita") when nobody
else on the team has it. A name that fits several people is never guessed: the error lists them
with their ids.
"""

from __future__ import annotations

import re
from typing import Any

from pathfinder.errors import AmbiguousPerson, NotOnTeam, PersonNotFound
from pathfinder.identity.keys import (
    clean_name,
    crm_label_key,
    is_unnamed_label,
    name_key,
    name_parts,
    normalize_email,
    normalize_profile_url,
)
from pathfinder.identity.nicknames import same_given_name
from pathfinder.model import PersonSummary

#: how alike (0-100) a typed name and a team member's must be to suggest the member
CLOSE_NAME = 80


def exact_keys(query: str) -> list[str]:
    """The identity keys a search text is, if it is a profile URL, an email address or a CRM
    record's label."""
    crm = crm_label_key(query)
    keys = [crm] if crm else []
    if normalize_profile_url(query):
        keys.append("li:" + normalize_profile_url(query))
    if normalize_email(query):
        keys.append("email:" + normalize_email(query))
    return keys


def describe(person: Any) -> str:
    """A person as an error lists them: name, title, company and the id that names them."""
    return f"{person.name} ({person.title or '?'} at {person.company or '?'}; id {person.id})"


def pick_one(query: str, matches: list[Any], names: list[str]) -> Any:
    """The one match of ``query``; else say who it could be (``names``: display names to suggest from)."""
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise AmbiguousPerson(query, [describe(p) for p in matches])
    import difflib  # only for a name nobody has

    raise PersonNotFound(query, difflib.get_close_matches(clean_name(full=query), names, n=3))


def same_name(a: str, b: str) -> bool:
    """Are two folded full names one name as people write it: equal, or the same last name with
    a nickname or the initial of the given name ("ken lay", "kenneth l lay", "k lay")?"""
    if a == b:
        return True
    (pa, gen_a), (pb, gen_b) = name_parts(a), name_parts(b)
    if len(pa) < 2 or len(pb) < 2 or pa[-1] != pb[-1] or gen_a != gen_b:
        return False
    x, y = pa[0], pb[0]
    return same_given_name(x, y) or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))


def match_people(store: Any, query: str) -> list[Any]:
    """The person an exact key (profile URL, email, CRM record) or a public id names, else the
    people with exactly that (folded) name, by id."""
    query = query.strip()
    keys = exact_keys(query)
    for key in keys:
        holder = dict(store.fetch_keys([key])).get(key)
        if holder:  # 0: a name key several people share
            return list(store.people([holder]).values())
    if keys:
        return []
    by_id = store.numbers_of([query])
    if by_id:
        return list(store.people(by_id.values()).values())
    folded = name_key(clean_name(full=query))
    if not folded:
        return []
    people = store.people(n for _, n in store.fetch_named([folded]))
    return sorted(people.values(), key=lambda p: p.id)


def matches(store: Any, query: str) -> list[Any]:
    """Everyone ``query`` may mean: the holder of an exact key, the person with that id, the
    people with exactly that name, else those whose name is the same as people write it."""
    found = match_people(store, query)
    folded = name_key(clean_name(full=query))
    if found or exact_keys(query) or not folded:
        return found
    last = name_parts(folded)[0][-1:] if len(name_parts(folded)[0]) >= 2 else []
    return [p for p, theirs in store.people_with_last_name(last[0]) if same_name(folded, theirs)] if last else []


def one_word(query: str) -> str:
    """The folded word, when ``query`` is one word of a name ("rita", "Closer"); else ''."""
    typed = name_parts(name_key(clean_name(full=query)))[0]
    return typed[0] if len(typed) == 1 and not exact_keys(query) else ""


def by_one_name(people: list[Any], query: str) -> list[Any]:
    """Those of ``people`` whose given name (or a nickname of it) or last name is ``query``, when
    ``query`` is one word."""
    word = one_word(query)
    if not word:
        return []
    found = []
    for person in people:
        theirs = name_parts(name_key(person.name))[0]
        if len(theirs) >= 2 and (same_given_name(theirs[0], word) or theirs[-1] == word):
            found.append(person)
    return found


def find_person(store: Any, query: str, *, team_first: bool = False) -> Any:
    """One person by id, email, profile URL or name (see the module's rules); with ``team_first``,
    a name shared by one team member and others means the member, and one word that is the
    first or last name of just one person on the team means them.

    Raises:
        PersonNotFound: nobody matches (with close names).
        AmbiguousPerson: several people match (listed with their ids).
    """
    found = matches(store, query)
    if team_first:
        team = store.team()
        on_team = [p for p in found if p.n in team]
        members = [p for p in on_team if team[p.n] == "member"]
        if len(found) > 1 and (len(on_team) == 1 or len(members) == 1):
            return members[0] if len(members) == 1 else on_team[0]
        if not on_team:
            named = by_one_name(list(store.people(list(team)).values()), query)
            if len(named) == 1:
                return named[0]
    word = one_word(query)
    if not found and word:  # one word is never enough to pick someone outside the team: say who has it
        named = sorted({*store.names_like(word + " "), *(p.name for p, _ in store.people_with_last_name(word))})
        raise PersonNotFound(query, named[:5])
    return pick_one(query, found, [] if found else store.names_like(name_key(query)[:1]))


def find_member(store: Any, query: str) -> Any:
    """The team member ``query`` names (members only: not a connector, not an outsider).

    Raises:
        NotOnTeam: nobody on the team is called that (with the members the name is close to), or
            the name is a connector's or someone else's.
        AmbiguousPerson: two members are called that.
    """
    team = store.team()
    found = matches(store, query)
    on_team = store.people(list(team)).values()
    members = [p for p in found if team.get(p.n) == "member"]
    if not members:  # a teammate goes by their first or last name alone
        members = by_one_name([p for p in on_team if team[p.n] == "member"], query)
    if len(members) == 1:
        return members[0]
    if members:
        raise AmbiguousPerson(query, [describe(p) for p in members])
    roster = sorted(p.name for p in on_team if team[p.n] == "member")
    listed = ", ".join(roster) or "nobody yet (import an export with its owner first)"
    connectors = [p for p in found if team.get(p.n) == "connector"] or \
        by_one_name([p for p in on_team if team[p.n] == "connector"], query)
    if connectors:
        raise NotOnTeam(query, [], f"{connectors[0].name} shared their export as a connector (outside the team): "
                                   f"their network is reachable through them, but a search starts from a team "
                                   f"member: {listed}.")
    if found:
        raise NotOnTeam(query, [], f"{query!r} is not on the team (only a contact: {'; '.join(map(describe, found[:3]))}); "
                                   f"the team members are: {listed}.")
    close = close_names(query, roster)
    raise NotOnTeam(query, close, f"{query!r} is not on the team" + (
        f"; did you mean {' or '.join(close)}?" if close else f"; the team members are: {listed}."))


def close_names(query: str, names: list[str]) -> list[str]:
    """The names in ``names`` close enough to ``query`` to be what was meant (a typo), closest first."""
    from rapidfuzz import fuzz, process

    folded = name_key(clean_name(full=query))
    if not folded or is_unnamed_label(query):
        return []
    digits = re.findall(r"\d+", folded)  # "Member 1" is not a typo of "Member 2"
    by_key = {name_key(n): n for n in names if re.findall(r"\d+", name_key(n)) == digits}
    hits = process.extract(folded, list(by_key), scorer=fuzz.ratio, score_cutoff=CLOSE_NAME, limit=3)
    return [by_key[key] for key, _, _ in hits]


def summary(person: Any) -> PersonSummary:
    return PersonSummary(person.id, person.name, person.title, person.company)
