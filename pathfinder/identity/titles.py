"""Titles: the seniority and functions a free-text job title says."""

from __future__ import annotations

import functools
import re

from pathfinder.identity.keys import fold

SENIORITY_LEVELS = ["ic", "senior", "manager", "director", "vp", "c-level"]

_SENIORITY_PATTERNS = [
    ("c-level", r"\b(ceo|cfo|cto|coo|cmo|cro|cio|ciso|cpo|chief|(?<!vice )president|founder|co founder|cofounder|owner|managing partner|managing director)\b"),
    ("vp", r"\b(vp|svp|evp|avp|vice president|head of|head)\b"),
    ("director", r"\b(director|dir|directeur|directora?)\b"),
    ("manager", r"\b(manager|mgr|lead|team lead|supervisor|principal)\b"),
    ("senior", r"\b(senior|sr|staff)\b"),
]

FUNCTIONS = {
    "sales": r"\b(sales|account executive|ae|sdr|bdr|business development|bizdev|revenue|account manager|cro|commercial|selling)\b",
    "marketing": r"\b(marketing|cmo|brand|growth|demand gen|demand generation|communications|pr)\b",
    "engineering": r"\b(engineering|engineer|developer|software|cto|devops|architect|r and d|technology)\b",
    "finance": r"\b(finance|financial|cfo|accounting|accountant|controller|treasury|fp and a)\b",
    "operations": r"\b(operations|ops|coo|supply chain|logistics)\b",
    "product": r"\b(product|cpo|pm)\b",
    "people": r"\b(hr|human resources|people|talent|recruiting|recruiter|chro)\b",
    "it": r"\b(it|cio|information technology|infrastructure|ciso|security)\b",
    "legal": r"\b(legal|counsel|attorney|lawyer|compliance|general counsel)\b",
    "customer success": r"\b(customer success|customer experience|support|cs)\b",
    "procurement": r"\b(procurement|purchasing|buyer|sourcing)\b",
    "executive": r"\b(ceo|president|founder|co founder|cofounder|owner|managing director|general manager|gm)\b",
}



@functools.cache
def _patterns() -> tuple[list[tuple[str, re.Pattern[str]]], list[tuple[str, re.Pattern[str]]]]:
    """The seniority and function patterns, compiled on first use (a search by account never reads a title)."""
    return [(level, re.compile(p)) for level, p in _SENIORITY_PATTERNS], [(f, re.compile(p)) for f, p in FUNCTIONS.items()]


@functools.lru_cache(maxsize=65536)
def parse_title(title: str) -> tuple[str, frozenset[str]]:
    """Seniority and functions of a free-text title.

    >>> parse_title("SVP, Global Sales")
    ('vp', frozenset({'sales'}))
    >>> parse_title("Sr. Dir. Marketing")[0], parse_title("Mgr, Engineering")[0], parse_title("Account Executive")
    ('director', 'manager', ('ic', frozenset({'sales'})))
    """
    t = fold(title.replace("&", " and "))
    seniority_res, function_res = _patterns()
    seniority = "ic"
    for level, pattern in seniority_res:
        if pattern.search(t):
            seniority = level
            break
    functions = frozenset(f for f, pattern in function_res if pattern.search(t))
    return seniority, functions


def title_matches(query: str, title: str) -> bool:
    """Does ``title`` fit the ``query`` ("VP Sales", "director marketing", "CFO")?

    Seniority and function parsed from the query must both hold; a query with neither falls back
    to all its words appearing in the title.

    >>> title_matches("VP Sales", "SVP, Global Sales"), title_matches("VP Sales", "Sales Manager")
    (True, False)
    """
    q_level, q_funcs = parse_title(query)
    q_has_level = q_level != "ic" or bool(re.search(r"\b(ic|individual contributor)\b", fold(query)))
    if not q_has_level and not q_funcs:
        words = fold(query).split()
        folded = fold(title)
        return bool(words) and all(w in folded.split() for w in words)
    level, funcs = parse_title(title)
    if q_has_level and level != q_level:
        return False
    return not q_funcs or bool(q_funcs & funcs)
