"""Output the CLI builds inline in ``pathfinder/faces/cli.py``, replicated here so the web app and the
JSON API print exactly what the CLI prints. Each function names the command it mirrors; they
belong in ``pathfinder/faces/render.py``, shared by both."""

from __future__ import annotations

import csv
from typing import Any

from pathfinder.api import AskPlan, PathFinder
from pathfinder.faces.render import to_csv, to_json


def people_json(found: list[Any]) -> str:
    """``pathfinder people QUERY --format json``."""
    return to_json([{"id": p.id, "name": p.name, "title": p.title, "company": p.company} for p in found])


def stats_json(pf: PathFinder) -> str:
    """``pathfinder stats --format json``."""
    s: dict[str, Any] = dict(pf.stats())
    s["introductions"] = pf.intro_stats()
    return to_json(s)


def followups_json(due: list[Any], owed: list[dict[str, Any]]) -> str:
    """``pathfinder followups --format json``."""
    return to_json({"due": [f.as_json() for f in due], "reciprocity_owed": owed})


def ask_text(plan: AskPlan, fmt: str) -> str:
    """``pathfinder ask --format text|markdown|csv|json``."""
    if fmt == "json":
        return to_json(plan.as_json())
    if fmt == "csv":
        return to_csv(["introducer", "introducer_email", "subject", "body", "named", "sender"],
                      ([d.introducer, d.introducer_email, d.subject, d.body, "; ".join(d.named), d.sender]
                       for d in plan.drafts))
    heading = "## To: {to}\n\n**Subject:** {subject}\n\n" if fmt == "markdown" else "To: {to}\nSubject: {subject}\n\n"
    parts = [heading.format(to=d.introducer, subject=d.subject) + d.body for d in plan.drafts]
    return ("\n---\n\n" if fmt == "markdown" else "\n" + "=" * 72 + "\n\n").join(parts)


def eml_name(i: int, introducer: str) -> str:
    """The file name ``pathfinder ask --format eml`` gives the ``i``-th draft (1-based)."""
    name = "".join(c if c.isalnum() else "-" for c in introducer).strip("-") or "introducer"
    return f"{i:02d}-{name}.eml"


def accounts_from_text(text: str) -> list[str]:
    """The accounts in an accounts file's text (``read_accounts`` in the CLI reads a path): a CSV
    with an ``account`` (or ``company``) column, or one name per line."""
    text = text.removeprefix("\ufeff")
    rows = list(csv.reader(text.splitlines()))
    names = ("account", "company", "account name", "name")
    if rows and any(c.strip().lower() in names for c in rows[0]):
        col = next(i for i, c in enumerate(rows[0]) if c.strip().lower() in names)
        return [r[col] for r in rows[1:] if len(r) > col and r[col].strip()]
    return [line.strip() for line in text.splitlines() if line.strip()]
