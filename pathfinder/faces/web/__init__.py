"""The local web app: ``pathfinder serve`` answers the same questions as the CLI in a browser.

``create_app(store, token)`` builds the ASGI app (pages rendered on the server, a JSON API under
``/api/`` that prints what the CLI prints); ``serve(store, host, port, token)`` runs it with
uvicorn on the loopback interface.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app", "serve"]


def __getattr__(name: str) -> Any:  # the web stack is imported only when the app is used
    if name == "create_app":
        from pathfinder.faces.web.app import create_app
        return create_app
    if name == "serve":
        from pathfinder.faces.web.server import serve
        return serve
    raise AttributeError(name)
