"""What the web app's pages and its JSON API share: the store a request opens, pages rendered
from templates, the CSRF check, the way errors become HTTP statuses, and the forms of the questions."""

from __future__ import annotations

import importlib.util
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.exceptions import HTTPException

import pathfinder
from pathfinder import api
from pathfinder.api import AccountNotFound, PathFinder
from pathfinder.errors import AmbiguousPerson, NotOnTeam, PathfinderError, PersonNotFound, StoreLocked
from pathfinder.faces.render import accounts_from_text
from pathfinder.faces.web.security import CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER, MIN_TOKEN_LENGTH, Csrf, LoginLimit

HERE = Path(__file__).parent
HAS_XLSX = importlib.util.find_spec("openpyxl") is not None
MAX_UPLOAD = 1 << 20  # an accounts list larger than 1 MiB is not an accounts list
def MaxHops() -> Any:  # noqa: N802 - a fresh parameter declaration per use
    return Query(3, ge=1, le=api.MAX_HOPS_LIMIT, description="Longest path, in ties.")


def From() -> Any:  # noqa: N802
    return Query(None, alias="from", description="Start from this team member (default: the whole team).")


PROSPECT_OPTIONS = {
    "title": "A title that fits (repeatable).",
    "seniority": f"Seniority that fits (repeatable): {', '.join(api.SENIORITY_LEVELS)}.",
    "function": "Function that fits (repeatable).",
    "account": "Only people at this account (repeatable).",
    "location": "Only people whose location contains this (repeatable).",
    "exclude": "Leave out clients and/or open-opportunities (repeatable).",
}


def Many(name: str) -> Any:  # noqa: N802
    return Query([], description=PROSPECT_OPTIONS.get(name))


def status_of(exc: PathfinderError) -> int:
    if isinstance(exc, (PersonNotFound, NotOnTeam, AccountNotFound)):
        return 404
    if isinstance(exc, AmbiguousPerson):
        return 409
    if isinstance(exc, StoreLocked):
        return 503
    return 400


def text_response(text: str, fmt: str, filename: str | None = None) -> Response:
    media = {"json": "application/json", "csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8"}
    headers = {"content-disposition": attachment(filename)} if filename else None
    return Response(text.encode("utf-8"), media_type=media.get(fmt, "text/plain; charset=utf-8"), headers=headers)


def report_response(text: str, filename: str | None = None) -> Response:
    """A served HTML report: its one style block allowed by its hash, nothing else relaxed."""
    from pathfinder.faces.report import style_hash
    from pathfinder.faces.web.security import SECURITY_HEADERS

    response = text_response(text, "html", filename)
    policy = dict(SECURITY_HEADERS)["content-security-policy"]
    response.headers["content-security-policy"] = policy.replace("style-src 'self'", f"style-src 'self' {style_hash()}")
    return response


def attachment(filename: str) -> str:
    """A Content-Disposition for a download, with an ASCII fallback name and the UTF-8 one."""
    ascii_name = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def url(path: str, **params: Any) -> str:
    """``path`` with the non-empty ``params`` as its query string (``from_`` → ``from``)."""
    clean = {("from" if k == "from_" else k): v for k, v in params.items() if v not in (None, "", [], ())}
    return path + ("?" + urlencode(clean, doseq=True) if clean else "")


def role(title: str, company: str) -> str:
    return ", ".join(x for x in (title, company) if x)


def day(iso: str) -> str:
    """An ISO date (or date and time) as a rep reads it: 2 Dec 2026."""
    try:
        d = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{d.day} {d:%b %Y}"


def heat(score: float | None) -> str:
    """The heatmap class of a path score: ten steps of green up to 0.5 and beyond."""
    if score is None:
        return "heat-none"
    return f"heat-{min(9, int(score / 0.5 * 10))}"


def team_names(pf: PathFinder) -> list[str]:
    return sorted(t.name for t in pf.team() if t.role == "member")




class Site:
    """One running app: its store, its templates, its CSRF secret."""

    def __init__(self, store: str | None, token: str | None) -> None:
        self.store = store
        self.token = token or None
        if self.token is not None and len(self.token) < MIN_TOKEN_LENGTH:
            raise PathfinderError(f"PATHFINDER_TOKEN is {len(self.token)} characters long: use a random secret of at "
                                  f"least {MIN_TOKEN_LENGTH} (for example `python3 -c \"import secrets; "
                                  "print(secrets.token_urlsafe(24))\"`).")
        self.csrf = Csrf()
        self.logins = LoginLimit()
        self.env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(url=url, role=role, heat=heat, day=day, has_xlsx=HAS_XLSX, seniority_levels=api.SENIORITY_LEVELS,
                                functions=sorted(api.FUNCTIONS), exclusions=api.EXCLUSIONS, statuses=api.STATUSES,
                                csrf_field=CSRF_FIELD, version=pathfinder.__version__)
        self.index_lock = threading.Lock()

    @contextmanager
    def finder(self) -> Iterator[PathFinder]:
        """A store for this request, in this thread. The search index is loaded (or, after a
        write, rebuilt) under a lock: concurrent rebuilds in one process would share a temporary
        file name."""
        pf = pathfinder.open(self.store)
        try:
            with self.index_lock:
                pf.index  # noqa: B018 - load or rebuild now
            yield pf
        finally:
            pf.close()

    def page(self, request: Request, template: str, code: int = 200, **context: Any) -> HTMLResponse:
        state = request.scope.get("state", {})
        elapsed = (time.perf_counter() - state["t0"]) * 1000 if "t0" in state else 0.0
        context.setdefault("q", "")
        context.setdefault("error", None)
        context.setdefault("field_errors", state.get("field_errors", {}))
        if context["field_errors"] and not context["error"]:
            context["error"] = "Answered without what could not be used: " + ", ".join(
                f"{name.replace('_', ' ')} {value!r}" for name, value in context["field_errors"].items()) + "."
        html = self.env.get_template(template).render(csrf=state.get("csrf", ""), path=request.url.path,
                                                      elapsed=f"{elapsed:.0f}", **context)
        return HTMLResponse(html, status_code=code, headers={"vary": "X-Fragment"})

    @staticmethod
    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith("/api/")

    async def check_csrf(self, request: Request) -> None:
        """Double submit: the token in the form (or X-CSRF-Token) must equal the cookie's."""
        if request.scope.get("state", {}).get("bearer"):
            return  # authorised by its own Authorization header: no ambient credential to abuse
        sent: object = request.headers.get(CSRF_HEADER)
        if not sent and request.headers.get("content-type", "").startswith(
                ("application/x-www-form-urlencoded", "multipart/form-data")):
            sent = (await request.form()).get(CSRF_FIELD)
        if not self.csrf.check(sent if isinstance(sent, str) else None, request.cookies.get(CSRF_COOKIE)):
            raise HTTPException(403, "This form has expired or did not come from pathfinder (CSRF check). "
                                     "Reload the page and try again.")


# --- the forms of the questions, shared by the pages and the API -----------------------------------

def paths_form(to: str | None, account: str | None, title: str | None, from_: str | None, top: int,
               max_hops: int, per_target: int | None) -> dict[str, Any]:
    return {"to": to or "", "account": account or "", "title": title or "", "from": from_ or "", "top": top,
            "max_hops": max_hops, "per_target": per_target or ""}

def ask_form(to: list[str], account: str | None, title: str | None, via: str | None, from_: str | None,
             max_hops: int, problem: str | None) -> dict[str, Any]:
    return {"to": [t for t in to if t.strip()], "account": account or "", "title": title or "", "via": via or "",
            "from": from_ or "", "max_hops": max_hops, "problem": problem or ""}

def make_plan(pf: PathFinder, form: dict[str, Any], record: bool = False) -> api.AskPlan:
    return pf.ask(to=form["to"] or None, account=form["account"] or None, title=form["title"] or None,
                  via=form["via"] or None, from_=form["from"] or None, max_hops=form["max_hops"],
                  problem=form["problem"] or None, record=record)

def prospects_form(title: list[str], seniority: list[str], function: list[str], account: list[str],
                   location: list[str], exclude: list[str], from_: str | None, limit: int,
                   max_hops: int) -> dict[str, Any]:
    strip = lambda values: [v.strip() for v in values if v.strip()]  # noqa: E731
    return {"title": strip(title), "seniority": strip(seniority), "function": strip(function),
            "account": strip(account), "location": strip(location), "exclude": strip(exclude),
            "from": from_ or "", "limit": limit, "max_hops": max_hops}

def find_prospects(pf: PathFinder, form: dict[str, Any]) -> list[api.Prospect]:
    return pf.prospects(title=form["title"], seniority=form["seniority"], function=form["function"],
                        account=form["account"], location=form["location"], exclude=form["exclude"],
                        from_=form["from"] or None, limit=form["limit"], max_hops=form["max_hops"])


def coverage_names(accounts: str, account: list[str]) -> list[str]:
    return [a.strip() for a in account if a.strip()] + accounts_from_text(accounts)

