"""What the CRM importers (HubSpot, Salesforce) share: choosing a column among its aliases,
reading an owner column, one salesperson per file however their name is written, amounts, and a
deal's outcome from its stage."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pathfinder.importers._csv import header_key

from pathfinder.records import ContactRecord, PersonRef

_OWNER_WITH_EMAIL = re.compile(r"^(.*?)\s*[(<\[]\s*([^()<>\[\]\s]+@[^()<>\[\]\s]+)\s*[)>\]]\s*$")


def header_keys(*labels: str) -> tuple[str, ...]:
    """The header keys of column labels (how a header row is matched)."""
    return tuple(header_key(label) for label in labels)


def column(keys: Iterable[str], aliases: tuple[str, ...]) -> str | None:
    """The first of ``aliases`` the header has."""
    present = set(keys)
    for alias in aliases:
        if alias in present:
            return alias
    return None


def owner_ref(value: str) -> PersonRef | None:
    """The salesperson an owner column names: ``Name``, ``name@example.com`` or ``Name (email)``.
    None when empty or a bare HubSpot user id (which names nobody outside the portal)."""
    v = value.strip()
    if not v or v.isdigit():
        return None
    m = _OWNER_WITH_EMAIL.match(v)
    if m:
        return PersonRef(name=m[1].strip(), email=m[2])
    if "@" in v and " " not in v:
        return PersonRef(email=v)
    return PersonRef(name=v)


def unify_owners(records: list[ContactRecord]) -> list[ContactRecord]:
    """Within one file, a salesperson written ``Rita Rep`` in one row and ``Rita Rep
    <rita@example.com>`` in another is one person: name-only and email-only owner references are
    completed from the one fuller reference that shares their name or email."""
    full = {r.a for r in records if r.a is not None and r.a.name and r.a.email}
    by_name: dict[str, set[PersonRef]] = {}
    by_email: dict[str, set[PersonRef]] = {}
    for ref in full:
        by_name.setdefault(ref.name.casefold(), set()).add(ref)
        by_email.setdefault(ref.email.casefold(), set()).add(ref)

    def completed(ref: PersonRef | None) -> PersonRef | None:
        if ref is None or (ref.name and ref.email):
            return ref
        found = by_name.get(ref.name.casefold()) if ref.name else by_email.get(ref.email.casefold())
        return next(iter(found)) if found and len(found) == 1 else ref

    out = []
    for r in records:
        a = completed(r.a)
        out.append(r if a is r.a else ContactRecord(r.line, r.b, r.evidence, a=a, a_role=r.a_role, file=r.file))
    return out


#: a deal amount above this is a broken cell, not a deal
MAX_AMOUNT = 1e15


def parse_amount(text: str) -> float | None:
    """``12500``, ``12,500.00``, ``12.500,00``, ``$ 12,500``, ``EUR 9 800``, and the scientific
    notation a spreadsheet writes for large numbers (``1.2E+06``) -> a number.

    >>> parse_amount("1.2E+06"), parse_amount("12.500,00"), parse_amount("$ 12,500")
    (1200000.0, 12500.0, 12500.0)

    Raises:
        ValueError: not a number, or too large to be an amount.
    """
    if re.fullmatch(r"\s*[-+]?\d+(\.\d+)?[eE][-+]?\d+\s*", text):
        return _amount(float(text), text)
    s = re.sub(r"[^\d,.\-]", "", text.strip())
    if not re.search(r"\d", s):
        raise ValueError(text)
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")  # 12.500,00
        else:
            s = s.replace(",", "")  # 12,500.00
    elif "," in s:
        parts = s.split(",")
        s = s.replace(",", "") if len(parts) > 2 or len(parts[-1]) == 3 else s.replace(",", ".")
    elif s.count(".") > 1:
        s = s.replace(".", "")  # 1.250.000
    return _amount(float(s), text)


def _amount(value: float, text: str) -> float:
    if not abs(value) <= MAX_AMOUNT:  # also catches inf and nan
        raise ValueError(f"{text[:40]!r} is too large to be an amount")
    return value


def deal_outcome(stage: str, is_won: str = "", is_closed: str = "") -> str:
    """``won``, ``lost`` or ``open`` from a deal stage (``Closed Won``, ``closedwon``, ``Closed
    Lost``…) and, when the export has them, the ``Is Closed Won`` / ``Is Closed`` flags."""
    truthy = {"true", "yes", "1", "oui", "ja", "vrai"}
    if is_won.strip():
        if is_won.strip().lower() in truthy:
            return "won"
        if is_closed.strip().lower() in truthy:
            return "lost"
    s = stage.lower()
    if re.search(r"closed[\s_\-]*won|\bwon\b|gagn|gewonnen", s):
        return "won"
    if re.search(r"closed[\s_\-]*lost|\blost\b|perdu|verloren", s):
        return "lost"
    if is_closed.strip().lower() in truthy:
        return "lost"
    return "open"


