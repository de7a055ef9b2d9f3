"""``serve``: run the web app with uvicorn, on the loopback interface unless a token guards it."""

from __future__ import annotations

import logging
import socket
import sys
from collections.abc import Callable

from pathfinder.errors import PathfinderError
from pathfinder.faces.web.security import is_loopback


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def bind(host: str, port: int | None) -> socket.socket:
    """A listening socket on ``host``:``port`` (a free port when ``port`` is 0 or None)."""
    infos = socket.getaddrinfo(host, port or 0, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise PathfinderError(f"Cannot listen on {url_host(host)}:{port or 0}: {exc.strerror or exc}") from exc
    return sock


def serve(store: str | None = None, host: str = "127.0.0.1", port: int | None = None, token: str | None = None,
          *, echo: Callable[[str], None] | None = None) -> None:
    """Serve the app on ``store`` until interrupted. Prints
    ``pathfinder is serving on http://HOST:PORT/`` once it accepts connections.

    Raises:
        PathfinderError: ``host`` is reachable from other machines and no ``token`` guards it, or
            the port cannot be had; StoreCorrupt and friends when the store cannot be opened.
    """
    import uvicorn

    import pathfinder
    from pathfinder.faces.web.app import create_app

    token = token or None
    if not is_loopback(host) and token is None:
        raise PathfinderError(
            f"Refusing to serve on {host}: other machines could read your team's contacts. "
            "Set PATHFINDER_TOKEN to a long random secret to allow it (every request must then carry it), "
            "or leave --host at 127.0.0.1.")
    with pathfinder.open(store):  # a store that cannot be opened fails here, with its own message
        pass
    app = create_app(store, token)
    sock = bind("127.0.0.1" if host == "localhost" else host, port)
    shown = "127.0.0.1" if host == "localhost" else url_host(host)
    say = echo or (lambda line: print(line, flush=True))
    say(f"pathfinder is serving on http://{shown}:{sock.getsockname()[1]}/")
    if token:
        say(f"Open http://{shown}:{sock.getsockname()[1]}/login and give the PATHFINDER_TOKEN, "
            "or send 'Authorization: Bearer <token>'. Stop with Ctrl-C.")
    else:
        say("Only this machine can reach it. Stop with Ctrl-C.")
    access = logging.getLogger("pathfinder.faces.web.access")
    if not access.handlers:  # method, path without the query string, status: never a contact's name
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
        access.addHandler(handler)
        access.setLevel(logging.INFO)
        access.propagate = False
    config = uvicorn.Config(app, access_log=False, log_level="warning", server_header=False, proxy_headers=False,
                            lifespan="off", timeout_graceful_shutdown=3)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
