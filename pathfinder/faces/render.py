"""Output shared by the commands: tables for people, JSON and CSV for tools.

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
tab or carriage return) are neutralised with a leading apostrophe (OWASP CSV injection).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO

from pathfinder.model import ScoredPath

if TYPE_CHECKING:
    from pathfinder.api import AskPlan, PathFinder

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in header])  # a header may carry names (the team's), as cells do
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


def to_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def path_names(path: ScoredPath) -> str:
    return " > ".join([path.source.name] + [h.target.name for h in path.hops])


def _role(title: str, company: str) -> str:
    return ", ".join(x for x in (title, company) if x)


def held_note(p: ScoredPath) -> str:
    """Why a route is held back, and until when, in words."""
    return f"held back: {p.held_back}" + (f" (free again on {p.free_on})" if p.free_on else "")


def paths_table(paths: list[ScoredPath]) -> str:
    if not paths:
        return "No path found.\n"
    lines = []
    rank = 0
    for p in paths:
        t = p.target
        via = f"via {p.introducer.name}" if p.introducer else "direct"
        if p.held_back:
            lines.append(f"-. {'held':6} {p.score:.3f}  {t.name} ({_role(t.title, t.company)})  {via}, "
                         f"from {p.source.name}")
            lines.append(f"     {held_note(p)}")
            continue
        rank += 1
        lines.append(f"{rank}. {p.band:6} {p.score:.3f}  {t.name} ({_role(t.title, t.company)})  {via}, "
                     f"from {p.source.name}")
        if p.fit < 1:
            lines.append(f"     fit {p.fit:.2f}: {p.fit_reason}")
        for h in p.hops:
            lines.append(f"     {h.source.name} -> {h.target.name}  trust {h.trust:.2f}: {'; '.join(h.reasons)}")
        lines.append(f"     => {p.action}")
    return "\n".join(lines) + "\n"


PATH_CSV_HEADER = ["rank", "band", "score", "fit", "fit_reason", "target", "target_title", "target_company",
                   "introducer", "from", "hops", "path", "first_tie_reasons", "action", "held_back", "free_on"]


def path_csv_row(rank: int | str, p: ScoredPath) -> list[Any]:
    return [rank, p.band, f"{p.score:.6f}", f"{p.fit:.4f}", p.fit_reason, p.target.name, p.target.title,
            p.target.company, p.introducer.name if p.introducer else "", p.source.name, len(p.hops), path_names(p),
            "; ".join(p.hops[0].reasons), p.action, p.held_back or "", p.free_on or ""]


def ranks(paths: list[ScoredPath]) -> list[int | str]:
    """Each path's rank among the routes that may be used ('' for a held-back one)."""
    out: list[int | str] = []
    n = 0
    for p in paths:
        if p.held_back:
            out.append("")
        else:
            n += 1
            out.append(n)
    return out


def paths_csv(paths: list[ScoredPath]) -> str:
    return to_csv(PATH_CSV_HEADER, (path_csv_row(r, p) for r, p in zip(ranks(paths), paths)))


def render_paths(paths: list[ScoredPath], fmt: str) -> str:
    if fmt == "json":
        return to_json([p.as_json() for p in paths])
    if fmt == "csv":
        return paths_csv(paths)
    return paths_table(paths)


PROSPECT_HEADER = ["rank", "name", "title", "company", "email", "profile_url", "location", "band", "path_strength",
                   "fit", "fit_reason", "introducer", "from", "hops", "path", "why_the_first_tie", "action"]


def prospect_rows(prospects: list[Any]) -> list[list[Any]]:
    """One row per prospect, ready for a CRM import."""
    rows = []
    for i, p in enumerate(prospects, 1):
        path = p.path
        rows.append([i, path.target.name, path.target.title, path.target.company, p.email, p.profile_url,
                     p.location, path.band, round(path.score, 6), round(path.fit, 4), path.fit_reason,
                     path.introducer.name if path.introducer else "", path.source.name, len(path.hops),
                     path_names(path), "; ".join(path.hops[0].reasons), path.action])
    return rows


def prospects_xlsx(prospects: list[Any], target: str | BinaryIO) -> None:
    """Write an Excel workbook (cells that would run as formulas are neutralised)."""
    import pandas as pd

    frame = pd.DataFrame([[safe_cell(v) for v in row] for row in prospect_rows(prospects)], columns=PROSPECT_HEADER)
    frame.to_excel(target, index=False, sheet_name="prospects")


# --- what the other commands print (the CLI and the JSON API print the same) ---------------------

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
        return to_csv(["introducer", "introducer_email", "subject", "body", "named", "also", "sender", "band", "kind",
                       "your_notes"],
                      ([d.introducer, d.introducer_email, d.subject, d.body, "; ".join(d.named), "; ".join(d.also),
                        d.sender, d.band, d.kind, "; ".join(d.notes)] for d in plan.drafts))
    heading = "## To: {to}\n\n**Subject:** {subject}\n\n" if fmt == "markdown" else "To: {to}\nSubject: {subject}\n\n"
    parts = [_notes(d, fmt) + heading.format(to=d.introducer, subject=d.subject) + d.body for d in plan.drafts]
    return ("\n---\n\n" if fmt == "markdown" else "\n" + "=" * 72 + "\n\n").join(parts)


def _notes(d: Any, fmt: str) -> str:
    """The team's own notes on the relationship, above the draft: for the rep to use, not part of it."""
    if not d.notes:
        return ""
    said = "; ".join(f'"{n}"' for n in d.notes)
    line = f"Your notes on {d.introducer} (not in the message): {said}"
    return f"> {line}\n\n" if fmt == "markdown" else f"[{line}]\n"


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
