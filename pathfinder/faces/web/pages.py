"""The web app's pages: each answers one question on the server, and its URL holds the question."""

from __future__ import annotations

import dataclasses
import hmac
import io
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from pathfinder import api
from pathfinder.errors import AmbiguousPerson, PathfinderError, PersonNotFound
from pathfinder.faces.render import (
    PROSPECT_HEADER,
    accounts_from_text,
    ask_text,
    eml_name,
    prospect_rows,
    prospects_xlsx,
    render_paths,
    to_csv,
)
from pathfinder.faces.web.security import TOKEN_COOKIE
from pathfinder.faces.web.site import (
    HAS_XLSX,
    MAX_UPLOAD,
    From,
    Many,
    MaxHops,
    Site,
    ask_form,
    attachment,
    coverage_names,
    find_prospects,
    make_plan,
    paths_form,
    prospects_form,
    report_response,
    status_of,
    team_names,
    text_response,
    url,
)

#: who the rep using this browser is (their day opens the home page)
ME_COOKIE = "pathfinder_me"


def next_steps(exc: PathfinderError, link: Callable[[str, str], str]) -> dict[str, Any]:
    """What to do when a name or an account finds nobody, or several: the message, and links to
    each close match or candidate (``link("to" or "account", value)``: the same question about it)."""
    if isinstance(exc, AmbiguousPerson):
        picks = []
        for label in exc.candidates[:10]:
            m = re.search(r"id ([0-9a-f]+)\)?$", label)
            picks.append((label, link("to", m.group(1) if m else label)))
        return {"message": f"{exc.query!r} could be any of {len(exc.candidates)} people: pick one.", "choices": picks}
    if isinstance(exc, api.AccountNotFound):
        picks = [(name, link("account", name)) for name in exc.close_matches]
        return {"message": f"Nobody in your team's exports works at {exc.account!r}" +
                           (": did you mean one of these?" if picks else "."), "choices": picks,
                "gap": exc.account}
    assert isinstance(exc, PersonNotFound)
    picks = [(name, link("to", name)) for name in exc.close_matches]
    return {"message": f"Nobody in your team's exports is called {exc.query!r}" +
                       (": did you mean one of these?" if picks else "."), "choices": picks}


def local_page(back: str) -> str | None:
    """``back`` when it is one of this app's own result pages (never another site): where a
    form sends the rep back to."""
    return back if re.fullmatch(r"/(paths|intros|prospects)(\?[^\\\s#]*)?(#[\w-]*)?", back) and "//" not in back else None


def with_param(address: str, **params: Any) -> str:
    """``address`` (a local page, maybe with a query and a #fragment) with ``params`` added to its query."""
    base, _, fragment = address.partition("#")
    extra = urlencode(params)
    return base + ("&" if "?" in base else "?") + extra + ("#" + fragment if fragment else "")


def pages(site: Site) -> APIRouter:
    """The HTML pages (left out of the API's schema)."""
    router = APIRouter(include_in_schema=False)

    # --- login ---------------------------------------------------------------------------------

    @router.get("/login", include_in_schema=False)
    def login_form() -> Response:
        """The login form; the token goes in its body (a POST), never in a URL."""
        if site.token is None:
            return RedirectResponse("/", status_code=303)
        from pathfinder.faces.web.security import LOGIN_FORM
        return HTMLResponse(LOGIN_FORM, status_code=401)

    @router.post("/login", include_in_schema=False)
    def login(request: Request, token_: str = Form("", alias="token")) -> Response:
        if site.token is None:
            return RedirectResponse("/", status_code=303)
        from pathfinder.faces.web.security import LOGIN_FORM
        address = request.client.host if request.client else ""
        if site.logins.blocked(address):
            return HTMLResponse("Too many failed logins from this address: wait ten minutes.", status_code=429)
        if token_ and hmac.compare_digest(token_.encode(), site.token.encode()):
            response = RedirectResponse("/", status_code=303)
            response.set_cookie(TOKEN_COOKIE, site.token, httponly=True, samesite="strict", path="/")
            return response
        site.logins.failed(address)
        return HTMLResponse(LOGIN_FORM, status_code=401)

    # --- pages ---------------------------------------------------------------------------------

    @router.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, me: str | None = Query(None)) -> HTMLResponse:
        """The signed-in rep's day (who they are is picked once and kept in a cookie), then the store."""
        chosen = me if me is not None else request.cookies.get(ME_COOKIE, "")
        with site.finder() as pf:
            stats = pf.stats()
            team = pf.team()
            members = sorted(t.name for t in team if t.role == "member")
            connectors = sorted(t.name for t in team if t.role != "member")
            intros = len(pf.intros())
            day = pf.today(from_=chosen) if chosen in members else None
        response = site.page(request, "home.html", stats=stats, members=members, connectors=connectors,
                             intros=intros, me=chosen if chosen in members else "", day=day)
        if me is not None and me in members:
            response.set_cookie(ME_COOKIE, me, httponly=True, samesite="strict", path="/", max_age=400 * 86400)
        return response

    @router.post("/today/{kind}", include_in_schema=False, dependencies=[Depends(site.check_csrf)])
    def today_record(kind: str, client: str = Form(...), rep: str = Form(...), what: str = Form("results seen")) -> Response:
        """Record an agreement or a milestone from the day's list, and come back to it."""
        with site.finder() as pf:
            if kind == "agreed":
                pf.agreed(client, from_=rep)
            elif kind == "milestone":
                pf.milestone(client, what, from_=rep)
            else:
                raise HTTPException(404, f"Nothing to record as {kind!r}: agreed or milestone.")
        return RedirectResponse("/", status_code=303)

    @router.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return RedirectResponse("/static/favicon.svg", status_code=301)

    @router.get("/suggest", response_class=HTMLResponse, include_in_schema=False)
    def suggestions(request: Request, q: str = "") -> HTMLResponse:
        with site.finder() as pf:
            found = pf.suggest(q)
        return site.page(request, "_suggest.html", found=found)

    @router.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(request: Request, q: str = "") -> Response:
        if not q.strip():
            return RedirectResponse("/", status_code=303)
        with site.finder() as pf:
            found = pf.suggest(q, people=25, accounts=10, titles=10)
        return site.page(request, "search.html", q=q, found=found)

    @router.get("/paths", response_class=HTMLResponse, include_in_schema=False)
    def paths_page(request: Request, to: str | None = None, account: str | None = None, title: str | None = None,
                   from_: str | None = From(), top: int = Query(5, ge=1, le=100), max_hops: int = MaxHops(),
                   per_target: int | None = Query(None, ge=1), recorded: int | None = None,
                   updated: int | None = None) -> HTMLResponse:
        form = paths_form(to, account, title, from_, top, max_hops, per_target)
        found, error, status = None, None, 200
        lookup: dict[str, Any] | None = None
        keep = {k: form[k] for k in ("title", "top", "max_hops") if form.get(k)}
        with site.finder() as pf:
            team = team_names(pf)
            if to or account or title:
                try:
                    found = pf.paths(to=to, account=account, title=title, from_=from_, top=top, max_hops=max_hops,
                                     per_target=per_target)
                except (PersonNotFound, api.AccountNotFound, AmbiguousPerson) as exc:
                    # an answer with next steps, not a dead end
                    lookup = next_steps(exc, lambda key, value: url("/paths", **{key: value}, **keep, from_=from_))
                except PathfinderError as exc:
                    error, status = str(exc), status_of(exc)
        # people the team knows directly come first: no introduction needed, reach out yourself
        shown = sorted(found, key=lambda p: p.introducer is not None) if found else found
        return site.page(request, "paths.html", status, form=form, paths=shown, error=error, team=team,
                         lookup=lookup, here=url("/paths", **{k: v for k, v in request.query_params.items()
                                                              if k not in ("recorded", "updated")}),
                         recorded=recorded, updated=updated)

    @router.get("/paths.csv", include_in_schema=False)
    def paths_csv(to: str | None = None, account: str | None = None, title: str | None = None,
                  from_: str | None = From(), top: int = Query(5, ge=1), max_hops: int = MaxHops(),
                  per_target: int | None = Query(None, ge=1)) -> Response:
        with site.finder() as pf:
            found = pf.paths(to=to, account=account, title=title, from_=from_, top=top, max_hops=max_hops,
                             per_target=per_target)
        return text_response(render_paths(found, "csv"), "csv", "paths.csv")

    # the ask

    def ask_view(request: Request, form: dict[str, Any], status: int = 200, error: str | None = None,
                 back: str = "") -> HTMLResponse:
        plan = None
        if not error and (form["to"] or form["account"]):
            with site.finder() as pf:
                try:
                    plan = make_plan(pf, form)
                except PathfinderError as exc:
                    error, status = str(exc), status_of(exc)
        warnings = [api.playbook_warnings(d.subject + "\n" + d.body) for d in plan.drafts] if plan else []
        fragment = request.headers.get("x-fragment") == "1"
        return site.page(request, "_ask.html" if fragment else "ask.html", status, form=form, plan=plan, fragment=fragment,
                         warnings=warnings, error=error, text=ask_text(plan, "text") if plan else "",
                         back=local_page(back) or "")

    @router.get("/ask", response_class=HTMLResponse, include_in_schema=False)
    def ask_page(request: Request, to: list[str] = Query([]), account: str | None = None, title: str | None = None,
                 via: str | None = None, from_: str | None = From(), max_hops: int = MaxHops(),
                 problem: str | None = None, back: str = "") -> HTMLResponse:
        return ask_view(request, ask_form(to, account, title, via, from_, max_hops, problem), back=back)

    @router.post("/ask/record", include_in_schema=False, dependencies=[Depends(site.check_csrf)])
    def ask_record(request: Request, to: list[str] = Form([]), account: str = Form(""), title: str = Form(""),
                   via: str = Form(""), from_: str = Form("", alias="from"), max_hops: int = Form(3, ge=1, le=api.MAX_HOPS_LIMIT),
                   problem: str = Form(""), draft_ids: str = Form(""), back: str = Form("")) -> Response:
        """Record the drafts as asked: all of them, or with ``draft_ids`` (sender, introducer and
        person named, as the draft's own button sends them) that one alone. Recording the same ask
        again on the same day changes nothing. With ``back`` (the paths page the draft was opened
        on) the rep returns there, where the route now shows its place in the ledger."""
        form = ask_form(to, account, title, via, from_, max_hops, problem)
        with site.finder() as pf:
            try:
                if draft_ids:
                    sender, introducer, named = (draft_ids.split(",") + ["", "", ""])[:3]
                    pf.record_intro(to=named, via=introducer, from_=sender)
                    asked = 1
                else:
                    plan = make_plan(pf, form, record=True)
                    asked = sum(len(d.named) for d in plan.drafts)
            except PathfinderError as exc:
                return ask_view(request, form, status_of(exc), str(exc), back)
        page = local_page(back)
        return RedirectResponse(with_param(page, recorded=asked) if page else url("/intros", recorded=asked),
                                status_code=303)

    def eml_download(form: dict[str, Any], n: int, subject: str | None, body: str | None) -> Response:
        with site.finder() as pf:
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

    @router.get("/ask.eml", include_in_schema=False)
    def ask_eml(to: list[str] = Query([]), account: str | None = None, title: str | None = None,
                via: str | None = None, from_: str | None = From(), max_hops: int = MaxHops(),
                problem: str | None = None, n: int = Query(1, ge=1)) -> Response:
        return eml_download(ask_form(to, account, title, via, from_, max_hops, problem), n, None, None)

    @router.post("/ask/eml", include_in_schema=False, dependencies=[Depends(site.check_csrf)])
    def ask_eml_edited(to: list[str] = Form([]), account: str = Form(""), title: str = Form(""), via: str = Form(""),
                       from_: str = Form("", alias="from"), max_hops: int = Form(3, ge=1, le=api.MAX_HOPS_LIMIT),
                       problem: str = Form(""), n: int = Form(1, ge=1), subject: str | None = Form(None),
                       body: str | None = Form(None)) -> Response:
        return eml_download(ask_form(to, account, title, via, from_, max_hops, problem), n, subject, body)

    # prospects

    @router.get("/prospects", response_class=HTMLResponse, include_in_schema=False)
    def prospects_page(request: Request, title: list[str] = Many("title"),
                       seniority: list[str] = Many("seniority"), function: list[str] = Many("function"),
                       account: list[str] = Many("account"), location: list[str] = Many("location"),
                       exclude: list[str] = Many("exclude"), from_: str | None = From(),
                       limit: int = Query(50, ge=1, le=1000), max_hops: int = MaxHops()) -> HTMLResponse:
        form = prospects_form(title, seniority, function, account, location, exclude, from_, limit, max_hops)
        found, error, status = None, None, 200
        lookup: dict[str, Any] | None = None
        asked = any(form[k] for k in ("title", "seniority", "function", "account", "location"))

        def instead(misspelt: str) -> Callable[[str, str], str]:  # the same profile with the account named right
            return lambda _key, name: url("/prospects", **{**form, "from_": form["from"], "from": None,
                                                          "account": [name if a == misspelt else a for a in form["account"]]})
        with site.finder() as pf:
            team = team_names(pf)
            if asked:
                try:
                    found = find_prospects(pf, form)
                except api.AccountNotFound as exc:
                    lookup = next_steps(exc, instead(exc.account))
                except PathfinderError as exc:
                    error, status = str(exc), status_of(exc)
        return site.page(request, "prospects.html", status, form=form, prospects=found, error=error, team=team,
                         lookup=lookup)

    @router.get("/prospects.csv", include_in_schema=False)
    def prospects_csv(title: list[str] = Many("title"), seniority: list[str] = Many("seniority"),
                      function: list[str] = Many("function"), account: list[str] = Many("account"),
                      location: list[str] = Many("location"), exclude: list[str] = Many("exclude"),
                      from_: str | None = From(), limit: int = Query(50, ge=1), max_hops: int = MaxHops()) -> Response:
        form = prospects_form(title, seniority, function, account, location, exclude, from_, limit, max_hops)
        with site.finder() as pf:
            found = find_prospects(pf, form)
        return text_response(to_csv(PROSPECT_HEADER, prospect_rows(found)), "csv", "prospects.csv")

    @router.get("/prospects.xlsx", include_in_schema=False)
    def prospects_xlsx_download(title: list[str] = Many("title"), seniority: list[str] = Many("seniority"),
                                function: list[str] = Many("function"), account: list[str] = Many("account"),
                                location: list[str] = Many("location"), exclude: list[str] = Many("exclude"),
                                from_: str | None = From(), limit: int = Query(50, ge=1),
                                max_hops: int = MaxHops()) -> Response:
        if not HAS_XLSX:
            raise HTTPException(404, "XLSX needs openpyxl: pip install openpyxl")
        form = prospects_form(title, seniority, function, account, location, exclude, from_, limit, max_hops)
        with site.finder() as pf:
            found = find_prospects(pf, form)
        out = io.BytesIO()
        prospects_xlsx(found, out)
        return Response(out.getvalue(), headers={"content-disposition": attachment("prospects.xlsx")},
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    # coverage

    @router.get("/coverage", response_class=HTMLResponse, include_in_schema=False)
    def coverage_page(request: Request, accounts: str = "", account: list[str] = Query([]), title: str | None = None,
                      candidate: list[str] = Query([]), max_hops: int = MaxHops()) -> HTMLResponse:
        names = coverage_names(accounts, account)
        report, error, status = None, None, 200
        if names:
            with site.finder() as pf:
                try:
                    report = pf.coverage(names, title=title, max_hops=max_hops,
                                         candidates=[c for c in candidate if c.strip()] or None)
                except PathfinderError as exc:
                    error, status = str(exc), status_of(exc)
        form = {"accounts": "\n".join(names), "title": title or "", "candidate": candidate, "max_hops": max_hops}
        return site.page(request, "coverage.html", status, form=form, report=report, error=error)

    @router.post("/coverage", include_in_schema=False, dependencies=[Depends(site.check_csrf)])
    async def coverage_upload(accounts_file: UploadFile | None = File(None), accounts: str = Form(""),
                              title: str = Form(""), max_hops: int = Form(3, ge=1, le=api.MAX_HOPS_LIMIT)) -> Response:
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

    @router.get("/coverage.html", include_in_schema=False)
    def coverage_report(accounts: str = "", account: list[str] = Query([]), title: str | None = None,
                        candidate: list[str] = Query([]), max_hops: int = MaxHops()) -> Response:
        from pathfinder.faces.report import coverage_html
        with site.finder() as pf:
            report = pf.coverage(coverage_names(accounts, account), title=title, max_hops=max_hops,
                                 candidates=[c for c in candidate if c.strip()] or None, member_paths=3)
        return report_response(coverage_html(report), "coverage.html")

    # people

    @router.get("/person", response_class=HTMLResponse, include_in_schema=False)
    def person_page(request: Request, q: str = "") -> HTMLResponse:
        if not q.strip():
            return site.page(request, "person.html", info=None, person=None, ties=[], query=q, lookup=None)
        with site.finder() as pf:
            try:
                person = pf.person(q)
            except (PersonNotFound, AmbiguousPerson) as exc:  # an answer with the people meant, not an error
                return site.page(request, "person.html", info=None, person=None, ties=[], query=q,
                                 lookup=next_steps(exc, lambda _key, name: url("/person", q=name)))
            info = pf.explain_person(person.id)
            ties = pf.ties(person.id)
            role_in_team = next((t.role for t in pf.team() if t.id == person.id), None)
        return site.page(request, "person.html", info=info, person=person, ties=ties, query=q,
                         team_role=role_in_team, lookup=None)

    @router.get("/explain", response_class=HTMLResponse, include_in_schema=False)
    def explain_page(request: Request, from_: str = Query("", alias="from"), to: str = "") -> HTMLResponse:
        info = None
        if from_ and to:
            with site.finder() as pf:
                info = pf.explain(from_=from_, to=to)
        return site.page(request, "explain.html", info=info, form={"from": from_, "to": to})

    @router.post("/intros/{intro_id}", include_in_schema=False, dependencies=[Depends(site.check_csrf)])
    def intros_update(request: Request, intro_id: int, status: str = Form(...), back: str = Form("")) -> Response:
        """Move an introduction along (introduced, met, won…) from the browser, and go back to the
        page the form was on (``back``, one of this app's pages) or the ledger."""
        with site.finder() as pf:
            try:
                pf.update_intro(intro_id, status)
            except PathfinderError as exc:
                found = pf.intros()
                return site.page(request, "intros.html", status_of(exc), intros=found, due=pf.followups(all=True),
                                 recorded=None, status="", error=str(exc))
        page = local_page(back)
        return RedirectResponse(with_param(page, updated=intro_id) if page else url("/intros", updated=intro_id),
                                status_code=303)

    @router.get("/intros", response_class=HTMLResponse, include_in_schema=False)
    def intros_page(request: Request, status: str | None = None, recorded: int | None = None,
                    updated: int | None = None) -> HTMLResponse:
        with site.finder() as pf:
            found = pf.intros(status=status if status in api.STATUSES else None)
            due = pf.followups(all=True)
        return site.page(request, "intros.html", intros=found, due=due, recorded=recorded, status=status or "",
                         updated=updated)


    return router
