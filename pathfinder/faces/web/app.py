"""The web app: the CLI's questions as pages, and its JSON as an API.

Every page is rendered on the server (the answer is in the HTML before any script runs) and its
URL holds the question (``/paths?account=Acme``), so it can be shared. ``/api/…`` returns what
the matching command prints with ``--format json``, byte for byte. A store is opened per request
and closed after it, in the worker thread that answers it (SQLite connections stay in one thread).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.exceptions import HTTPException

import pathfinder
from pathfinder import api
from pathfinder.api import AccountNotFound, PathFinder
from pathfinder.errors import AmbiguousPerson, NotOnTeam, PathfinderError, PersonNotFound, StoreLocked
from pathfinder.faces.render import PROSPECT_HEADER, prospect_rows, prospects_xlsx, render_paths, to_csv, to_json
from pathfinder.faces.web import schema
from pathfinder.faces.web.output import accounts_from_text, ask_text, eml_name, followups_json, people_json, stats_json
from pathfinder.faces.web.security import CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER, TOKEN_COOKIE, Csrf, Guard

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


def heat(score: float | None) -> str:
    """The heatmap class of a path score: ten steps of green up to 0.5 and beyond."""
    if score is None:
        return "heat-none"
    return f"heat-{min(9, int(score / 0.5 * 10))}"


def team_names(pf: PathFinder) -> list[str]:
    return sorted(t.name for t in pf.team() if t.role == "member")


def create_app(store: str | None = None, token: str | None = None) -> FastAPI:
    """The app on ``store`` (default: ``$PATHFINDER_STORE``, as the CLI). With ``token`` every
    request must carry it; without, only requests to a loopback host name are answered."""
    token = token or None
    csrf = Csrf()
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(url=url, role=role, heat=heat, has_xlsx=HAS_XLSX, seniority_levels=api.SENIORITY_LEVELS,
                       functions=sorted(api.FUNCTIONS), exclusions=api.EXCLUSIONS, statuses=api.STATUSES,
                       csrf_field=CSRF_FIELD, version=pathfinder.__version__)

    app = FastAPI(
        title="pathfinder", version=pathfinder.__version__,
        description="Warm-introduction paths through a sales team's contact exports. Each endpoint returns "
                    "exactly what the matching `pathfinder` command prints with `--format json` (same options, "
                    "`--max-hops` is `max_hops`, `--from` is `from`). Errors are `{\"error\": message}` with 400, "
                    "404 (unknown person or account, or not on the team), 409 (ambiguous name) or 503 (store busy).",
        openapi_url="/api/openapi.json", docs_url=None, redoc_url=None, swagger_ui_oauth2_redirect_url=None)
    app.add_middleware(Guard, token=token, csrf=csrf)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    index_lock = threading.Lock()

    @contextmanager
    def finder() -> Iterator[PathFinder]:
        """A store for this request, in this thread. The search index is loaded (or, after a
        write, rebuilt) under a lock: concurrent rebuilds in one process would share a temporary
        file name."""
        pf = pathfinder.open(store)
        try:
            with index_lock:
                pf.index  # noqa: B018 - load or rebuild now
            yield pf
        finally:
            pf.close()

    def page(request: Request, template: str, code: int = 200, **context: Any) -> HTMLResponse:
        state = request.scope.get("state", {})
        elapsed = (time.perf_counter() - state["t0"]) * 1000 if "t0" in state else 0.0
        context.setdefault("q", "")
        context.setdefault("error", None)
        html = env.get_template(template).render(csrf=state.get("csrf", ""), path=request.url.path,
                                                 elapsed=f"{elapsed:.0f}", **context)
        return HTMLResponse(html, status_code=code, headers={"vary": "X-Fragment"})

    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith("/api/")

    # --- errors ------------------------------------------------------------------------------

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        if wants_html(request):
            return page(request, "error.html", 400, error=f"Invalid request: {problems}")
        return JSONResponse({"error": f"Invalid request: {problems}"}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if wants_html(request):
            return page(request, "error.html", exc.status_code, error=str(exc.detail))
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)

    @app.exception_handler(PathfinderError)
    async def pathfinder_error(request: Request, exc: PathfinderError) -> Response:
        if wants_html(request):
            return page(request, "error.html", status_of(exc), error=str(exc))
        return JSONResponse({"error": str(exc)}, status_code=status_of(exc))

    async def check_csrf(request: Request) -> None:
        """Double submit: the token in the form (or X-CSRF-Token) must equal the cookie's."""
        if request.scope.get("state", {}).get("bearer"):
            return  # authorised by its own Authorization header: no ambient credential to abuse
        sent: object = request.headers.get(CSRF_HEADER)
        if not sent and request.headers.get("content-type", "").startswith(
                ("application/x-www-form-urlencoded", "multipart/form-data")):
            sent = (await request.form()).get(CSRF_FIELD)
        if not csrf.check(sent if isinstance(sent, str) else None, request.cookies.get(CSRF_COOKIE)):
            raise HTTPException(403, "This form has expired or did not come from pathfinder (CSRF check). "
                                     "Reload the page and try again.")

    # --- login ---------------------------------------------------------------------------------

    @app.get("/login", include_in_schema=False)
    def login(request: Request, token_: str | None = Query(None, alias="token")) -> Response:
        import hmac
        if token is None:
            return RedirectResponse("/", status_code=303)
        if token_ and hmac.compare_digest(token_.encode(), token.encode()):
            response = RedirectResponse("/", status_code=303)
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/")
            return response
        from pathfinder.faces.web.security import LOGIN_FORM
        return HTMLResponse(LOGIN_FORM, status_code=401)

    # --- pages ---------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        with finder() as pf:
            stats = pf.stats()
            team = pf.team()
            members = sorted(t.name for t in team if t.role == "member")
            connectors = sorted(t.name for t in team if t.role != "member")
            intros = len(pf.intros())
        return page(request, "home.html", stats=stats, members=members, connectors=connectors, intros=intros)

    @app.get("/suggest", response_class=HTMLResponse, include_in_schema=False)
    def suggestions(request: Request, q: str = "") -> HTMLResponse:
        with finder() as pf:
            found = pf.suggest(q)
        return page(request, "_suggest.html", found=found)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(request: Request, q: str = "") -> Response:
        if not q.strip():
            return RedirectResponse("/", status_code=303)
        with finder() as pf:
            found = pf.suggest(q, people=25, accounts=10, titles=10)
        return page(request, "search.html", q=q, found=found)

    def paths_form(to: str | None, account: str | None, title: str | None, from_: str | None, top: int,
                   max_hops: int, per_target: int | None) -> dict[str, Any]:
        return {"to": to or "", "account": account or "", "title": title or "", "from": from_ or "", "top": top,
                "max_hops": max_hops, "per_target": per_target or ""}

    @app.get("/paths", response_class=HTMLResponse, include_in_schema=False)
    def paths_page(request: Request, to: str | None = None, account: str | None = None, title: str | None = None,
                   from_: str | None = From(), top: int = Query(5, ge=1, le=100), max_hops: int = MaxHops(),
                   per_target: int | None = Query(None, ge=1)) -> HTMLResponse:
        form = paths_form(to, account, title, from_, top, max_hops, per_target)
        found, error, status = None, None, 200
        with finder() as pf:
            team = team_names(pf)
            if to or account or title:
                try:
                    found = pf.paths(to=to, account=account, title=title, from_=from_, top=top, max_hops=max_hops,
                                     per_target=per_target)
                except PathfinderError as exc:
                    error, status = str(exc), status_of(exc)
        return page(request, "paths.html", status, form=form, paths=found, error=error, team=team,
                    query={k: v for k, v in form.items()})

    @app.get("/paths.csv", include_in_schema=False)
    def paths_csv(to: str | None = None, account: str | None = None, title: str | None = None,
                  from_: str | None = From(), top: int = Query(5, ge=1), max_hops: int = MaxHops(),
                  per_target: int | None = Query(None, ge=1)) -> Response:
        with finder() as pf:
            found = pf.paths(to=to, account=account, title=title, from_=from_, top=top, max_hops=max_hops,
                             per_target=per_target)
        return text_response(render_paths(found, "csv"), "csv", "paths.csv")

    # the ask

    def ask_form(to: list[str], account: str | None, title: str | None, via: str | None, from_: str | None,
                 max_hops: int, problem: str | None) -> dict[str, Any]:
        return {"to": [t for t in to if t.strip()], "account": account or "", "title": title or "", "via": via or "",
                "from": from_ or "", "max_hops": max_hops, "problem": problem or ""}

    def make_plan(pf: PathFinder, form: dict[str, Any], record: bool = False) -> api.AskPlan:
        return pf.ask(to=form["to"] or None, account=form["account"] or None, title=form["title"] or None,
                      via=form["via"] or None, from_=form["from"] or None, max_hops=form["max_hops"],
                      problem=form["problem"] or None, record=record)

    def ask_view(request: Request, form: dict[str, Any], status: int = 200, error: str | None = None) -> HTMLResponse:
        plan = None
        if not error and (form["to"] or form["account"]):
            with finder() as pf:
                try:
                    plan = make_plan(pf, form)
                except PathfinderError as exc:
                    error, status = str(exc), status_of(exc)
        warnings = [api.playbook_warnings(d.subject + "\n" + d.body) for d in plan.drafts] if plan else []
        fragment = request.headers.get("x-fragment") == "1"
        return page(request, "_ask.html" if fragment else "ask.html", status, form=form, plan=plan, fragment=fragment,
                    warnings=warnings, error=error, text=ask_text(plan, "text") if plan else "")

    @app.get("/ask", response_class=HTMLResponse, include_in_schema=False)
    def ask_page(request: Request, to: list[str] = Query([]), account: str | None = None, title: str | None = None,
                 via: str | None = None, from_: str | None = From(), max_hops: int = MaxHops(),
                 problem: str | None = None) -> HTMLResponse:
        return ask_view(request, ask_form(to, account, title, via, from_, max_hops, problem))

    @app.post("/ask/record", include_in_schema=False, dependencies=[Depends(check_csrf)])
    def ask_record(request: Request, to: list[str] = Form([]), account: str = Form(""), title: str = Form(""),
                   via: str = Form(""), from_: str = Form("", alias="from"), max_hops: int = Form(3, ge=1, le=4),
                   problem: str = Form("")) -> Response:
        form = ask_form(to, account, title, via, from_, max_hops, problem)
        with finder() as pf:
            try:
                plan = make_plan(pf, form, record=True)
            except PathfinderError as exc:
                return ask_view(request, form, status_of(exc), str(exc))
        asked = sum(len(d.named) for d in plan.drafts)
        return RedirectResponse(url("/intros", recorded=asked), status_code=303)

    def eml_download(form: dict[str, Any], n: int, subject: str | None, body: str | None) -> Response:
        with finder() as pf:
            plan = make_plan(pf, form)
        if not 1 <= n <= len(plan.drafts):
            raise HTTPException(404, f"There are {len(plan.drafts)} drafts; no draft {n}.")
        draft = plan.drafts[n - 1]
        if subject is not None:
            draft = dataclasses.replace(draft, subject=subject)
        if body is not None:  # a browser sends a textarea's lines with CRLF
            body = body.replace("\r\n", "\n")
            draft = dataclasses.replace(draft, body=body if body.endswith("\n") else body + "\n")
        return Response(draft.as_eml(), media_type="message/rfc822",
                        headers={"content-disposition": attachment(eml_name(n, draft.introducer))})

    @app.get("/ask.eml", include_in_schema=False)
    def ask_eml(to: list[str] = Query([]), account: str | None = None, title: str | None = None,
                via: str | None = None, from_: str | None = From(), max_hops: int = MaxHops(),
                problem: str | None = None, n: int = Query(1, ge=1)) -> Response:
        return eml_download(ask_form(to, account, title, via, from_, max_hops, problem), n, None, None)

    @app.post("/ask/eml", include_in_schema=False, dependencies=[Depends(check_csrf)])
    def ask_eml_edited(to: list[str] = Form([]), account: str = Form(""), title: str = Form(""), via: str = Form(""),
                       from_: str = Form("", alias="from"), max_hops: int = Form(3, ge=1, le=4),
                       problem: str = Form(""), n: int = Form(1, ge=1), subject: str | None = Form(None),
                       body: str | None = Form(None)) -> Response:
        return eml_download(ask_form(to, account, title, via, from_, max_hops, problem), n, subject, body)

    # prospects

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


    @app.get("/prospects", response_class=HTMLResponse, include_in_schema=False)
    def prospects_page(request: Request, title: list[str] = Many("title"),
                       seniority: list[str] = Many("seniority"), function: list[str] = Many("function"),
                       account: list[str] = Many("account"), location: list[str] = Many("location"),
                       exclude: list[str] = Many("exclude"), from_: str | None = From(),
                       limit: int = Query(50, ge=1, le=1000), max_hops: int = MaxHops()) -> HTMLResponse:
        form = prospects_form(title, seniority, function, account, location, exclude, from_, limit, max_hops)
        found, error, status = None, None, 200
        asked = any(form[k] for k in ("title", "seniority", "function", "account", "location"))
        with finder() as pf:
            team = team_names(pf)
            if asked:
                try:
                    found = find_prospects(pf, form)
                except PathfinderError as exc:
                    error, status = str(exc), status_of(exc)
        return page(request, "prospects.html", status, form=form, prospects=found, error=error, team=team)

    @app.get("/prospects.csv", include_in_schema=False)
    def prospects_csv(title: list[str] = Many("title"), seniority: list[str] = Many("seniority"),
                      function: list[str] = Many("function"), account: list[str] = Many("account"),
                      location: list[str] = Many("location"), exclude: list[str] = Many("exclude"),
                      from_: str | None = From(), limit: int = Query(50, ge=1), max_hops: int = MaxHops()) -> Response:
        form = prospects_form(title, seniority, function, account, location, exclude, from_, limit, max_hops)
        with finder() as pf:
            found = find_prospects(pf, form)
        return text_response(to_csv(PROSPECT_HEADER, prospect_rows(found)), "csv", "prospects.csv")

    @app.get("/prospects.xlsx", include_in_schema=False)
    def prospects_xlsx_download(title: list[str] = Many("title"), seniority: list[str] = Many("seniority"),
                                function: list[str] = Many("function"), account: list[str] = Many("account"),
                                location: list[str] = Many("location"), exclude: list[str] = Many("exclude"),
                                from_: str | None = From(), limit: int = Query(50, ge=1),
                                max_hops: int = MaxHops()) -> Response:
        if not HAS_XLSX:
            raise HTTPException(404, "XLSX needs openpyxl: pip install openpyxl")
        form = prospects_form(title, seniority, function, account, location, exclude, from_, limit, max_hops)
        with finder() as pf:
            found = find_prospects(pf, form)
        out = io.BytesIO()
        prospects_xlsx(found, out)  # type: ignore[arg-type]  # pandas writes to a file object too
        return Response(out.getvalue(), headers={"content-disposition": attachment("prospects.xlsx")},
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    # coverage

    def coverage_names(accounts: str, account: list[str]) -> list[str]:
        return [a.strip() for a in account if a.strip()] + accounts_from_text(accounts)

    @app.get("/coverage", response_class=HTMLResponse, include_in_schema=False)
    def coverage_page(request: Request, accounts: str = "", account: list[str] = Query([]), title: str | None = None,
                      candidate: list[str] = Query([]), max_hops: int = MaxHops()) -> HTMLResponse:
        names = coverage_names(accounts, account)
        report, error, status = None, None, 200
        if names:
            with finder() as pf:
                try:
                    report = pf.coverage(names, title=title, max_hops=max_hops,
                                         candidates=[c for c in candidate if c.strip()] or None)
                except PathfinderError as exc:
                    error, status = str(exc), status_of(exc)
        form = {"accounts": "\n".join(names), "title": title or "", "candidate": candidate, "max_hops": max_hops}
        return page(request, "coverage.html", status, form=form, report=report, error=error)

    @app.post("/coverage", include_in_schema=False, dependencies=[Depends(check_csrf)])
    async def coverage_upload(accounts_file: UploadFile | None = File(None), accounts: str = Form(""),
                              title: str = Form(""), max_hops: int = Form(3, ge=1, le=4)) -> Response:
        """An uploaded accounts file (or pasted list) becomes a shareable /coverage?accounts=… URL."""
        text = accounts
        if accounts_file is not None and accounts_file.filename:
            raw = await accounts_file.read(MAX_UPLOAD + 1)
            if len(raw) > MAX_UPLOAD:
                raise HTTPException(413, "That accounts file is larger than 1 MiB.")
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("cp1252", errors="replace")
        names = accounts_from_text(text)
        return RedirectResponse(url("/coverage", accounts="\n".join(names), title=title,
                                    max_hops=max_hops if max_hops != 3 else None), status_code=303)

    @app.get("/coverage.html", include_in_schema=False)
    def coverage_report(accounts: str = "", account: list[str] = Query([]), title: str | None = None,
                        candidate: list[str] = Query([]), max_hops: int = MaxHops()) -> Response:
        from pathfinder.faces.report import coverage_html
        with finder() as pf:
            report = pf.coverage(coverage_names(accounts, account), title=title, max_hops=max_hops,
                                 candidates=[c for c in candidate if c.strip()] or None, member_paths=3)
        return text_response(coverage_html(report), "html", "coverage.html")

    # people

    @app.get("/person", response_class=HTMLResponse, include_in_schema=False)
    def person_page(request: Request, q: str = "") -> HTMLResponse:
        if not q.strip():
            return page(request, "person.html", info=None, person=None, ties=[], candidates=[], query=q)
        with finder() as pf:
            try:
                person = pf.person(q)
            except (PersonNotFound, AmbiguousPerson) as exc:
                return page(request, "person.html", status_of(exc), info=None, person=None, ties=[], query=q,
                            candidates=pf.people(q, limit=25), error=str(exc))
            info = pf.explain_person(person.id)
            ties = pf.ties(person.id)
            role_in_team = next((t.role for t in pf.team() if t.id == person.id), None)
        return page(request, "person.html", info=info, person=person, ties=ties, candidates=[], query=q,
                    team_role=role_in_team)

    @app.get("/explain", response_class=HTMLResponse, include_in_schema=False)
    def explain_page(request: Request, from_: str = Query("", alias="from"), to: str = "") -> HTMLResponse:
        info = None
        if from_ and to:
            with finder() as pf:
                info = pf.explain(from_=from_, to=to)
        return page(request, "explain.html", info=info, form={"from": from_, "to": to})

    @app.get("/intros", response_class=HTMLResponse, include_in_schema=False)
    def intros_page(request: Request, status: str | None = None, recorded: int | None = None) -> HTMLResponse:
        with finder() as pf:
            found = pf.intros(status=status if status in api.STATUSES else None)
            due = pf.followups(all=True)
        return page(request, "intros.html", intros=found, due=due, recorded=recorded, status=status or "")

    # --- the JSON API: what the CLI prints ------------------------------------------------------

    def documented(model: Any, formats: tuple[str, ...] = ("json",)) -> dict[str, Any]:
        content: dict[str, Any] = {"application/json": {}}
        types = {"csv": "text/csv", "table": "text/plain", "text": "text/plain", "markdown": "text/plain",
                 "html": "text/html"}
        for f in formats[1:]:
            if f == "xlsx":
                content["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = {}
            else:
                content[types[f]] = {}
        errors: dict[int | str, dict[str, Any]] = {code: {"model": schema.Error} for code in (400, 404, 409, 503)}
        return {"response_model": model, "responses": {200: {"content": content}, **errors}}

    @app.get("/api/paths", summary="pathfinder paths", **documented(list[schema.Path], ("json", "csv", "table")))
    def api_paths(to: str | None = Query(None, description="A person: name, email, profile URL or id."),
                  account: str | None = Query(None, description="Anyone at this account (company)."),
                  title: str | None = Query(None, description="Only targets with this title."),
                  from_: str | None = From(), top: int = Query(5, ge=1, description="How many paths."),
                  max_hops: int = MaxHops(), per_target: int | None = Query(None, ge=1),
                  fmt: Literal["json", "csv", "table"] = Query("json", alias="format")) -> Response:
        """The most trusted paths to a person or into an account, one per introducer, best first."""
        with finder() as pf:
            found = pf.paths(to=to, account=account, title=title, from_=from_, top=top, max_hops=max_hops,
                             per_target=per_target)
        return text_response(render_paths(found, fmt), fmt)

    @app.get("/api/prospects", summary="pathfinder prospects",
                **documented(list[schema.Path], ("json", "csv", "table", "xlsx")))
    def api_prospects(title: list[str] = Many("title"), seniority: list[str] = Many("seniority"),
                      function: list[str] = Many("function"), account: list[str] = Many("account"),
                      accounts: str = Query("", description="The text of an accounts file (CSV with an 'account' "
                                                            "column, or one name per line): `--accounts FILE`."),
                      location: list[str] = Many("location"), exclude: list[str] = Many("exclude"),
                      from_: str | None = From(), limit: int = Query(50, ge=1), max_hops: int = MaxHops(),
                      fmt: Literal["json", "csv", "table", "xlsx"] = Query("json", alias="format")) -> Response:
        """Everyone reachable who fits a buyer profile, ranked by the trust of the best path."""
        form = prospects_form(title, seniority, function, list(account) + accounts_from_text(accounts), location,
                              exclude, from_, limit, max_hops)
        with finder() as pf:
            found = find_prospects(pf, form)
        if fmt == "xlsx":
            out = io.BytesIO()
            prospects_xlsx(found, out)  # type: ignore[arg-type]
            return Response(out.getvalue(), headers={"content-disposition": attachment("prospects.xlsx")},
                            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        if fmt == "csv":
            return text_response(to_csv(PROSPECT_HEADER, prospect_rows(found)), "csv")
        return text_response(render_paths([p.path for p in found], fmt), fmt)

    @app.get("/api/coverage", summary="pathfinder coverage", **documented(schema.Coverage, ("json", "html")))
    def api_coverage(accounts: str = Query("", description="The text of an accounts file (CSV with an 'account' "
                                                           "column, or one name per line): `--accounts FILE`."),
                     account: list[str] = Query([], description="An account (repeatable), before those of `accounts`."),
                     title: str | None = Query(None, description="Only count paths to people with this title."),
                     candidate: list[str] = Query([], description="Evaluate adding this person's network (repeatable)."),
                     max_hops: int = MaxHops(), fmt: Literal["json", "html"] = Query("json", alias="format")) -> Response:
        """How the team's network covers target accounts: routes, single-introducer risk, gaps, reach."""
        names = coverage_names(accounts, account)
        if not names:
            raise PathfinderError("Name the accounts: accounts=<the text of an accounts file> or account=NAME.")
        with finder() as pf:
            report = pf.coverage(names, title=title, max_hops=max_hops,
                                 candidates=[c for c in candidate if c.strip()] or None,
                                 member_paths=3 if fmt == "html" else 0)
        if fmt == "html":
            from pathfinder.faces.report import coverage_html
            return text_response(coverage_html(report), "html")
        return text_response(to_json(report.as_json()), "json")

    @app.get("/api/ask", summary="pathfinder ask", **documented(schema.AskPlan, ("json", "text", "markdown", "csv")))
    def api_ask(to: list[str] = Query([], description="Who you want to meet (repeatable)."),
                account: str | None = Query(None, description="Everyone worth meeting at this account."),
                title: str | None = None, via: str | None = Query(None, description="Ask this introducer."),
                from_: str | None = From(), max_hops: int = MaxHops(),
                problem: str | None = Query(None, description="The problem you solved for the introducer."),
                fmt: Literal["json", "text", "markdown", "csv"] = Query("json", alias="format")) -> Response:
        """The introduction requests, one per introducer. Records nothing (POST does, like `--record`)."""
        with finder() as pf:
            plan = make_plan(pf, ask_form(to, account, title, via, from_, max_hops, problem))
        return text_response(ask_text(plan, fmt), "json" if fmt == "json" else "csv" if fmt == "csv" else "text")

    @app.post("/api/ask", summary="pathfinder ask --record", dependencies=[Depends(check_csrf)],
                 **documented(schema.AskPlan))
    def api_ask_record(to: list[str] = Query([]), account: str | None = None, title: str | None = None,
                       via: str | None = None, from_: str | None = From(), max_hops: int = MaxHops(),
                       problem: str | None = None) -> Response:
        """The same requests as GET, and each ask put in the introductions ledger. Needs the
        `X-CSRF-Token` header (equal to the `pathfinder_csrf` cookie) unless authorised by
        `Authorization: Bearer`."""
        with finder() as pf:
            plan = make_plan(pf, ask_form(to, account, title, via, from_, max_hops, problem), record=True)
        return text_response(ask_text(plan, "json"), "json")

    @app.get("/api/people", summary="pathfinder people", **documented(list[schema.Person]))
    def api_people(query: str = Query(..., description="Part of a name or company."),
                   limit: int = Query(10, ge=1)) -> Response:
        """People whose name or company contains the query."""
        with finder() as pf:
            return text_response(people_json(pf.people(query, limit=limit)), "json")

    @app.get("/api/explain-person", summary="pathfinder explain-person", **documented(schema.PersonInfo))
    def api_explain_person(person: str = Query(..., description="Name, email, profile URL or id.")) -> Response:
        """Who a person is across exports: keys, sightings with how each row matched, merges."""
        with finder() as pf:
            return text_response(to_json(pf.explain_person(person)), "json")

    @app.get("/api/explain", summary="pathfinder explain", **documented(schema.Explanation))
    def api_explain(from_: str = Query(..., alias="from", description="One end of the tie (or path)."),
                    to: str = Query(..., description="The other end.")) -> Response:
        """Why a tie is trusted: every piece of evidence, where it came from, what it contributes."""
        with finder() as pf:
            return text_response(to_json(pf.explain(from_=from_, to=to)), "json")

    @app.get("/api/intros", summary="pathfinder intros", **documented(list[schema.Intro]))
    def api_intros(status: Literal[api.STATUSES] | None = Query(None)) -> Response:  # type: ignore[valid-type]
        """The introductions ledger."""
        with finder() as pf:
            return text_response(to_json([i.as_json() for i in pf.intros(status=status)]), "json")

    @app.get("/api/followups", summary="pathfinder followups", **documented(schema.FollowUps))
    def api_followups(on: date | None = Query(None, alias="date", description="As of this day (default: today)."),
                      all_: bool = Query(False, alias="all", description="Upcoming follow-ups too.")) -> Response:
        """The follow-ups due, and the reciprocity owed."""
        with finder() as pf:
            return text_response(followups_json(pf.followups(today=on, all=all_), pf.reciprocity()), "json")

    @app.get("/api/stats", summary="pathfinder stats", **documented(schema.Stats))
    def api_stats() -> Response:
        """Counts, and what asking yields."""
        with finder() as pf:
            return text_response(stats_json(pf), "json")

    return app
