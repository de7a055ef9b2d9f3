"""The small rules identity resolution is made of: the columns a person has, a company read off a
work email, how two folded names compare, the role of two people found to be one, and following an
import's renumbering."""

from __future__ import annotations

import difflib
import json
from dataclasses import fields
from typing import Any

from pathfinder.identity.companies import company_from_email
from pathfinder.identity.details import Details
from pathfinder.identity.keys import name_parts
from pathfinder.identity.nicknames import same_given_name
from pathfinder.identity.titles import parse_title
from pathfinder.records import PersonRef

AMBIGUOUS = 0  # person_keys.n for a name key that more than one person has
#: the columns of a person that resolution writes, and their value when not given
PERSON_COLUMNS = ("name", "name_key", "last_key", "email", "profile_url", "company", "company_key", "title",
                  "seniority", "functions", "location", "phone", "birthday", "street", "postcode")
# one encoder for every sighting (json.dumps with options builds a new one per call)
SIGHTING_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode
DETAIL_COLUMNS = ("phone", "birthday", "street", "postcode")
NO_DETAILS = Details()
REF_FIELDS = [f.name for f in fields(PersonRef)]
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

