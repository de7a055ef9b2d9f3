"""What stands between the app and everyone else on the machine or the network.

* **Host check.** Without a token the app serves only requests addressed to a loopback name
  (``127.0.0.1``, ``localhost``, ``[::1]``): a web page that rebinds its own DNS name to 127.0.0.1
  cannot read the answers.
* **Token.** With ``PATHFINDER_TOKEN`` set (at least 16 characters), every request needs it:
  ``Authorization: Bearer …``, or the ``pathfinder_token`` cookie that logging in sets. The login
  form is a POST (the token is never in a URL), and an address that fails it ``LOGIN_FAILURES``
  times waits ``LOGIN_WAIT_SECONDS``.
* **Origin.** A POST that a browser marks with an ``Origin`` (or a ``Referer``) from another site
  is refused, whatever else it carries.
* **CSRF.** State-changing requests are POSTs carrying a double-submit token: the same value in a
  form field (or the ``X-CSRF-Token`` header) and in the ``pathfinder_csrf`` cookie, signed with a
  secret drawn when the process starts, so another program on localhost (cookies do not keep ports
  apart) cannot plant one that passes. A request authorised by its own ``Authorization`` header
  carries no ambient credential and needs no CSRF token.
* **Headers.** A strict Content-Security-Policy (no inline script or style, nothing from elsewhere),
  no referrer to other sites (query strings hold names), no caching of answers.
* **Logs.** One line per request: method, path without the query string, status. Never a name.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import time
from http.cookies import SimpleCookie
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "pathfinder_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
TOKEN_COOKIE = "pathfinder_token"
LOOPBACK_NAMES = {"localhost", "::1"}
MIN_TOKEN_LENGTH = 16
LOGIN_FAILURES = 5  # failed logins from one address within LOGIN_WAIT_SECONDS before it must wait
LOGIN_WAIT_SECONDS = 600

access_log = logging.getLogger("pathfinder.faces.web.access")

SECURITY_HEADERS = [
    ("content-security-policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    ("x-content-type-options", "nosniff"),
    # no referrer to other sites (query strings hold names); on this site the browser then sends
    # its true Origin with a POST ("no-referrer" would make it "null", like a forged one)
    ("referrer-policy", "same-origin"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
]


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address, IPv6 with or without brackets) is this machine only."""
    import ipaddress

    host = host.strip().strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_of(header: str) -> str:
    """The host name of a ``Host`` header, without the port."""
    header = header.strip()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class Csrf:
    """Signed double-submit tokens: ``nonce.signature``, the signature an HMAC of the nonce with a
    per-process secret."""

    def __init__(self, secret: bytes | None = None) -> None:
        self.secret = secret or secrets.token_bytes(32)

    def _sign(self, nonce: str) -> str:
        mac = hmac.new(self.secret, nonce.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")

    def new(self) -> str:
        nonce = secrets.token_urlsafe(24)
        return f"{nonce}.{self._sign(nonce)}"

    def valid(self, token: str | None) -> bool:
        if not token or token.count(".") != 1:
            return False
        nonce, sig = token.split(".")
        return hmac.compare_digest(sig, self._sign(nonce))

    def check(self, sent: str | None, cookie: str | None) -> bool:
        """The form (or header) value equals the cookie, and the cookie is one of ours."""
        return bool(sent and cookie) and hmac.compare_digest(str(sent), str(cookie)) and self.valid(cookie)


def _cookies(scope: Scope) -> dict[str, str]:
    jar: dict[str, str] = {}
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            parsed: SimpleCookie = SimpleCookie()
            try:
                parsed.load(value.decode("latin-1"))
            except Exception:  # noqa: BLE001 - a malformed cookie header is no cookie
                continue
            jar.update({k: m.value for k, m in parsed.items()})
    return jar


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return ""


class Guard:
    """ASGI middleware: host check, token, the CSRF cookie, security headers, a clean access log."""

    def __init__(self, app: ASGIApp, token: str | None, csrf: Csrf) -> None:
        self.app = app
        self.token = token
        self.csrf = csrf

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        path = scope.get("path", "")
        status = [0]
        cookies = _cookies(scope)
        state: dict[str, Any] = scope.setdefault("state", {})
        state["t0"] = start
        new_csrf = None

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                headers = MutableHeaders(scope=message)
                for key, value in SECURITY_HEADERS:
                    headers.setdefault(key, value)
                headers.setdefault("cache-control", "no-store")
                headers["server-timing"] = f"app;dur={(time.perf_counter() - start) * 1000:.1f}"
                if new_csrf:
                    headers.append("set-cookie", f"{CSRF_COOKIE}={new_csrf}; Path=/; HttpOnly; SameSite=Strict")
            await send(message)

        try:
            if scope.get("method") == "POST" and not _same_origin(scope):
                await _plain(send_with_headers, 403, "This request came from another site: refused.\n")
                return
            if self.token is None and not is_loopback(host_of(_header(scope, b"host"))):
                await _plain(send_with_headers, 421, "This pathfinder serves requests to 127.0.0.1 or localhost only.\n")
                return
            state["bearer"] = False
            if self.token is not None:
                auth = _header(scope, b"authorization")
                if auth[:7].lower() == "bearer " and hmac.compare_digest(auth[7:].strip().encode(), self.token.encode()):
                    state["bearer"] = True
                elif not (hmac.compare_digest(cookies.get(TOKEN_COOKIE, "").encode(), self.token.encode())
                          or path == "/login"):
                    await _unauthorized(send_with_headers, path)
                    return
            csrf = cookies.get(CSRF_COOKIE)
            if not self.csrf.valid(csrf):
                csrf = new_csrf = self.csrf.new()
            state["csrf"] = csrf
            await self.app(scope, receive, send_with_headers)
        finally:
            access_log.info("%s %s %d %.0fms", scope.get("method", ""), path, status[0],
                            (time.perf_counter() - start) * 1000)


def _same_origin(scope: Scope) -> bool:
    """A POST whose Origin (or, without one, Referer) names this very host, or that names none
    (not a browser, or a browser that does not say)."""
    from urllib.parse import urlsplit

    origin = _header(scope, b"origin")
    said = origin if origin and origin != "null" else _header(scope, b"referer")
    if not said:
        return origin != "null"  # a sandboxed or file:// page says "null": not this site
    parts = urlsplit(said)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == _header(scope, b"host").lower()


class LoginLimit:
    """Failed logins per client address: after ``LOGIN_FAILURES`` within the window it must wait."""

    def __init__(self) -> None:
        self.failures: dict[str, list[float]] = {}

    def blocked(self, address: str) -> bool:
        now = time.monotonic()
        recent = [t for t in self.failures.get(address, []) if now - t < LOGIN_WAIT_SECONDS]
        self.failures[address] = recent
        return len(recent) >= LOGIN_FAILURES

    def failed(self, address: str) -> None:
        self.failures.setdefault(address, []).append(time.monotonic())


async def _plain(send: Send, status: int, text: str, extra: list[tuple[bytes, bytes]] | None = None,
                 content_type: bytes = b"text/plain; charset=utf-8") -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode()),
                            *(extra or [])]})
    await send({"type": "http.response.body", "body": body})


LOGIN_FORM = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>pathfinder: log in</title>
</head><body><main><h1>pathfinder</h1>
<p>This pathfinder needs its token (the <code>PATHFINDER_TOKEN</code> it was started with).</p>
<form method="post" action="/login"><label>Token <input type="password" name="token" autocomplete="current-password"
required autofocus></label> <button type="submit">Log in</button></form></main></body></html>
"""


async def _unauthorized(send: Send, path: str) -> None:
    extra = [(b"www-authenticate", b'Bearer realm="pathfinder"')]
    if path.startswith("/api/"):
        await _plain(send, 401, '{"error": "a token is required: Authorization: Bearer <PATHFINDER_TOKEN>"}\n',
                     extra, b"application/json")
    else:
        await _plain(send, 401, LOGIN_FORM, extra, b"text/html; charset=utf-8")
