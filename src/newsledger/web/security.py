"""Security for the web app, as one ASGI middleware.

- Every response carries a strict Content-Security-Policy (scripts and styles
  only from our own static files, no inline code), nosniff, no framing and no
  referrer.
- Without a token the app answers only to loopback host names, so a web page
  elsewhere cannot reach the ledger through DNS rebinding.
- With a token every request must present it: an ``Authorization: Bearer``
  header, an ``X-Newsledger-Token`` header, or the ``newsledger_token`` cookie.
  ``?token=`` on a page URL sets that cookie once and redirects to the same URL
  without the token, so it does not linger in history or logs.
- Tokens may hold any Unicode: headers are compared as their raw UTF-8 bytes and
  the cookie carries the token percent-encoded (cookies are ASCII).
- Errors carry the headers too: the middleware's own refusals, and a 500 for an
  exception the app did not handle (the exception is then re-raised for the
  server's log). Under /api every error body is JSON.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qsl, quote, unquote, urlencode

Scope = MutableMapping[str, object]
Message = MutableMapping[str, object]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "newsledger_token"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")
CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


def _headers(scope: Scope) -> dict[str, str]:
    raw: list[tuple[bytes, bytes]] = scope.get("headers") or []  # type: ignore[assignment]
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in raw}


def _host_name(host: str) -> str:
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _utf8(header_value: str) -> str:
    """A header value (ASGI bytes read as Latin-1) as the UTF-8 text a client sent."""
    return header_value.encode("latin-1").decode("utf-8", errors="surrogateescape")


def token_matches(given: str, token: str) -> bool:
    """Constant-time comparison of the UTF-8 bytes (stray bytes compare as themselves)."""
    return hmac.compare_digest(
        given.encode("utf-8", errors="surrogateescape"), token.encode("utf-8")
    )


def presented_token(
    headers: dict[str, str], query: list[tuple[str, str]]
) -> tuple[str | None, bool]:
    """The token a request carries and whether it came in the query string."""
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return _utf8(auth[7:].strip()), False
    if "x-newsledger-token" in headers:
        return _utf8(headers["x-newsledger-token"]), False
    for key, value in query:
        if key == "token":
            return value, True
    cookie = SimpleCookie()
    try:
        cookie.load(headers.get("cookie", ""))
    except CookieError:  # a malformed Cookie header is simply no token
        return None, False
    morsel = cookie.get(COOKIE)
    return (unquote(morsel.value, errors="surrogateescape") if morsel else None), False


class SecurityMiddleware:
    def __init__(
        self, app: ASGIApp, token: str | None = None, allowed_hosts: Sequence[str] | None = None
    ) -> None:
        self.app = app
        self.token = token
        # A token guards the app; without one only loopback names are accepted.
        self.allowed_hosts = (
            tuple(allowed_hosts)
            if allowed_hosts is not None
            else (None if token else LOOPBACK_HOSTS)
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        if (
            self.allowed_hosts is not None
            and _host_name(headers.get("host", "")) not in self.allowed_hosts
        ):
            await _refuse(
                scope,
                send,
                400,
                "unknown host: without a token newsledger answers only to "
                "127.0.0.1 and localhost (serve with --token to allow other names)",
            )
            return
        if self.token is not None:
            raw_query: bytes = scope.get("query_string") or b""  # type: ignore[assignment]
            query = parse_qsl(raw_query.decode("latin-1"), keep_blank_values=True)
            given, in_query = presented_token(headers, query)
            if given is None or not token_matches(given, self.token):
                await _refuse(
                    scope,
                    send,
                    401,
                    "token required: add ?token=... to the URL or an Authorization: Bearer header",
                )
                return
            if in_query and scope.get("method") == "GET":
                await _redirect_with_cookie(scope, send, query, self.token)
                return
        await _run_guarded(self.app, scope, receive, send)


async def _run_guarded(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    """Run the app with the headers added; an unhandled exception still answers with them."""
    started = False
    with_headers = _with_headers(send)

    async def tracked(message: Message) -> None:
        nonlocal started
        started = started or message["type"] == "http.response.start"
        await with_headers(message)

    try:
        await app(scope, receive, tracked)
    except Exception:
        if not started:
            await _refuse(scope, send, 500, "internal error: the server's log has the details")
        raise


def _with_headers(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            existing = list(message.get("headers") or [])  # type: ignore[call-overload]
            message["headers"] = existing + list(HEADERS)
        await send(message)

    return wrapped


async def _refuse(scope: Scope, send: Send, status: int, message: str) -> None:
    """An error answered by the middleware itself: JSON under /api, plain text elsewhere."""
    if str(scope.get("path", "")).startswith("/api/"):
        await _plain(send, status, json.dumps({"detail": message}).encode(), b"application/json")
    else:
        await _plain(send, status, message.encode())


async def _plain(
    send: Send, status: int, body: bytes, kind: bytes = b"text/plain; charset=utf-8"
) -> None:
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode())]
    await send(
        {"type": "http.response.start", "status": status, "headers": headers + list(HEADERS)}
    )
    await send({"type": "http.response.body", "body": body})


async def _redirect_with_cookie(
    scope: Scope, send: Send, query: list[tuple[str, str]], token: str
) -> None:
    rest = urlencode([(k, v) for k, v in query if k != "token"])
    path = "/" + str(scope.get("path", "/")).lstrip("/")  # never "//host": no open redirect
    location = path + (f"?{rest}" if rest else "")
    cookie = f"{COOKIE}={quote(token, safe='')}; Path=/; HttpOnly; SameSite=Strict"
    headers = [
        (b"location", location.encode("utf-8")),
        (b"set-cookie", cookie.encode("latin-1")),
        (b"content-length", b"0"),
    ]
    await send({"type": "http.response.start", "status": 303, "headers": headers + list(HEADERS)})
    await send({"type": "http.response.body", "body": b""})
