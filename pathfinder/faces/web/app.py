"""The web app: the CLI's questions as pages, and its JSON as an API.

Every page is rendered on the server (the answer is in the HTML before any script runs) and its
URL holds the question (``/paths?account=Acme``), so it can be shared. ``/api/…`` returns what
the matching command prints with ``--format json``, byte for byte. A store is opened per request
and closed after it, in the worker thread that answers it (SQLite connections stay in one thread).
The pages are in :mod:`.pages`, the API in :mod:`.api_routes`, what they share in :mod:`.site`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import pathfinder
from pathfinder.errors import PathfinderError
from pathfinder.faces.web.api_routes import api_routes
from pathfinder.faces.web.pages import pages
from pathfinder.faces.web.security import Guard
from pathfinder.faces.web.site import HERE, Site, status_of

#: pages whose question is a form: a value they cannot use is shown beside its field
FORM_PAGES = ("/paths", "/prospects", "/ask", "/coverage")


class Rerun(Response):
    """The same page asked again without the query values it could not use, their problems
    beside their fields (``field_errors``), answered 400."""

    def __init__(self, app: ASGIApp, scope: Scope, query: str, field_errors: dict[str, str]) -> None:
        super().__init__(status_code=400)
        state = {**scope.get("state", {}), "field_errors": field_errors}
        self.app, self.again = app, {**scope, "query_string": query.encode(), "state": state}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def as_invalid(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                message = {**message, "status": 400}
            await send(message)
        await self.app(self.again, receive, as_invalid)


def create_app(store: str | None = None, token: str | None = None) -> FastAPI:
    """The app on ``store`` (default: ``$PATHFINDER_STORE``, as the CLI). With ``token`` every
    request must carry it; without, only requests to a loopback host name are answered."""
    site = Site(store, token)
    app = FastAPI(
        title="pathfinder", version=pathfinder.__version__,
        description="Warm-introduction paths through a sales team's contact exports. Each endpoint returns "
                    "exactly what the matching `pathfinder` command prints with `--format json` (same options, "
                    "`--max-hops` is `max_hops`, `--from` is `from`). Errors are `{\"error\": message}` with 400, "
                    "404 (unknown person or account, or not on the team), 409 (ambiguous name) or 503 (store busy).",
        openapi_url="/api/openapi.json", docs_url=None, redoc_url=None, swagger_ui_oauth2_redirect_url=None)
    app.add_middleware(Guard, token=site.token, csrf=site.csrf)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        if site.wants_html(request):
            # say it in words beside the field, and answer the rest of the question
            fields = {str(e["loc"][-1]): str(e.get("input")) for e in exc.errors() if e["loc"] and e["loc"][0] == "query"}
            kept = [(k, v) for k, v in request.query_params.multi_items() if k not in fields]
            if request.method == "GET" and request.url.path in FORM_PAGES and len(fields) == len(exc.errors()) \
                    and "field_errors" not in request.scope.get("state", {}):
                return Rerun(app, request.scope, urlencode(kept), fields)
            said = problems
            retry = request.url.path + ("?" + urlencode(kept) if kept else "") if request.method == "GET" else ""
            return site.page(request, "error.html", 400, error=f"pathfinder could not use this: {said}.",
                             retry=retry)
        return JSONResponse({"error": f"Invalid request: {problems}"}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if site.wants_html(request):
            return site.page(request, "error.html", exc.status_code, error=str(exc.detail))
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)

    @app.exception_handler(PathfinderError)
    async def pathfinder_error(request: Request, exc: PathfinderError) -> Response:
        if site.wants_html(request):
            return site.page(request, "error.html", status_of(exc), error=str(exc))
        return JSONResponse({"error": str(exc)}, status_code=status_of(exc))

    app.include_router(pages(site))
    app.include_router(api_routes(site))
    return app
