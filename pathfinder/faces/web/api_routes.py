"""The JSON API: ``/api/<command>`` returns what ``pathfinder <command> --format json`` prints."""

from __future__ import annotations

import io
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from pathfinder import api
from pathfinder.errors import PathfinderError
from pathfinder.faces.render import (
    PROSPECT_HEADER,
    accounts_from_text,
    ask_text,
    followups_json,
    people_json,
    prospect_rows,
    prospects_xlsx,
    render_paths,
    stats_json,
    to_csv,
    to_json,
)
from pathfinder.faces.web import schema
from pathfinder.faces.web.site import (
    From,
    Many,
    MaxHops,
    Site,
    ask_form,
    attachment,
    coverage_names,
    find_prospects,
    make_plan,
    prospects_form,
    report_response,
    text_response,
)


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



def api_routes(site: Site) -> APIRouter:
    """The endpoints of the JSON API (documented at /api/openapi.json)."""
    router = APIRouter()


    @router.get("/api/paths", summary="pathfinder paths", **documented(list[schema.Path], ("json", "csv", "table")))
    def api_paths(to: str | None = Query(None, description="A person: name, email, profile URL or id."),
                  account: str | None = Query(None, description="Anyone at this account (company)."),
                  title: str | None = Query(None, description="Only targets with this title."),
                  from_: str | None = From(), top: int = Query(5, ge=1, description="How many paths."),
                  max_hops: int = MaxHops(), per_target: int | None = Query(None, ge=1),
                  fmt: Literal["json", "csv", "table"] = Query("json", alias="format")) -> Response:
        """The most trusted paths to a person or into an account, one per introducer, best first."""
        with site.finder() as pf:
            found = pf.paths(to=to, account=account, title=title, from_=from_, top=top, max_hops=max_hops,
                             per_target=per_target)
        return text_response(render_paths(found, fmt), fmt)

    @router.get("/api/prospects", summary="pathfinder prospects",
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
        with site.finder() as pf:
            found = find_prospects(pf, form)
        if fmt == "xlsx":
            out = io.BytesIO()
            prospects_xlsx(found, out)
            return Response(out.getvalue(), headers={"content-disposition": attachment("prospects.xlsx")},
                            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        if fmt == "csv":
            return text_response(to_csv(PROSPECT_HEADER, prospect_rows(found)), "csv")
        return text_response(render_paths([p.path for p in found], fmt), fmt)

    @router.get("/api/coverage", summary="pathfinder coverage", **documented(schema.Coverage, ("json", "html")))
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
        with site.finder() as pf:
            report = pf.coverage(names, title=title, max_hops=max_hops,
                                 candidates=[c for c in candidate if c.strip()] or None,
                                 member_paths=3 if fmt == "html" else 0)
        if fmt == "html":
            from pathfinder.faces.report import coverage_html
            return report_response(coverage_html(report))
        return text_response(to_json(report.as_json()), "json")

    @router.get("/api/ask", summary="pathfinder ask", **documented(schema.AskPlan, ("json", "text", "markdown", "csv")))
    def api_ask(to: list[str] = Query([], description="Who you want to meet (repeatable)."),
                account: str | None = Query(None, description="Everyone worth meeting at this account."),
                title: str | None = None, via: str | None = Query(None, description="Ask this introducer."),
                from_: str | None = From(), max_hops: int = MaxHops(),
                problem: str | None = Query(None, description="What the meeting is about (the problem you solve)."),
                fmt: Literal["json", "text", "markdown", "csv"] = Query("json", alias="format")) -> Response:
        """The introduction requests, one per introducer. Records nothing (POST does, like `--record`)."""
        with site.finder() as pf:
            plan = make_plan(pf, ask_form(to, account, title, via, from_, max_hops, problem))
        return text_response(ask_text(plan, fmt), "json" if fmt == "json" else "csv" if fmt == "csv" else "text")

    @router.post("/api/ask", summary="pathfinder ask --record", dependencies=[Depends(site.check_csrf)],
                 **documented(schema.AskPlan))
    def api_ask_record(to: list[str] = Query([]), account: str | None = None, title: str | None = None,
                       via: str | None = None, from_: str | None = From(), max_hops: int = MaxHops(),
                       problem: str | None = None) -> Response:
        """The same requests as GET, and each ask put in the introductions ledger. Needs the
        `X-CSRF-Token` header (equal to the `pathfinder_csrf` cookie) unless authorised by
        `Authorization: Bearer`."""
        with site.finder() as pf:
            plan = make_plan(pf, ask_form(to, account, title, via, from_, max_hops, problem), record=True)
        return text_response(ask_text(plan, "json"), "json")

    @router.get("/api/people", summary="pathfinder people", **documented(list[schema.Person]))
    def api_people(query: str = Query(..., description="Part of a name or company."),
                   limit: int = Query(10, ge=1)) -> Response:
        """People whose name or company contains the query."""
        with site.finder() as pf:
            return text_response(people_json(pf.people(query, limit=limit)), "json")

    @router.get("/api/explain-person", summary="pathfinder explain-person", **documented(schema.PersonInfo))
    def api_explain_person(person: str = Query(..., description="Name, email, profile URL or id.")) -> Response:
        """Who a person is across exports: keys, sightings with how each row matched, merges."""
        with site.finder() as pf:
            return text_response(to_json(pf.explain_person(person)), "json")

    @router.get("/api/explain", summary="pathfinder explain", **documented(schema.Explanation))
    def api_explain(from_: str = Query(..., alias="from", description="One end of the tie (or path)."),
                    to: str = Query(..., description="The other end.")) -> Response:
        """Why a tie is trusted: every piece of evidence, where it came from, what it contributes."""
        with site.finder() as pf:
            return text_response(to_json(pf.explain(from_=from_, to=to)), "json")

    @router.get("/api/intros", summary="pathfinder intros", **documented(list[schema.Intro]))
    def api_intros(status: Literal[api.STATUSES] | None = Query(None)) -> Response:  # type: ignore[valid-type]
        """The introductions ledger."""
        with site.finder() as pf:
            return text_response(to_json([i.as_json() for i in pf.intros(status=status)]), "json")

    @router.get("/api/followups", summary="pathfinder followups", **documented(schema.FollowUps))
    def api_followups(on: date | None = Query(None, alias="date", description="As of this day (default: today)."),
                      all_: bool = Query(False, alias="all", description="Upcoming follow-ups too.")) -> Response:
        """The follow-ups due, and the reciprocity owed."""
        with site.finder() as pf:
            return text_response(followups_json(pf.followups(today=on, all=all_), pf.reciprocity()), "json")

    @router.get("/api/today", summary="pathfinder today", **documented(list[schema.DayLine]))
    def api_today(from_: str | None = From(),
                  on: date | None = Query(None, alias="date", description="As of this day (default: today).")) -> Response:
        """The day's list: a rep's with `from`, the team's without."""
        with site.finder() as pf:
            return text_response(to_json([line.as_json() for line in pf.today(from_=from_, on=on)]), "json")

    @router.get("/api/stats", summary="pathfinder stats", **documented(schema.Stats))
    def api_stats() -> Response:
        """Counts, and what asking yields."""
        with site.finder() as pf:
            return text_response(stats_json(pf), "json")


    return router
