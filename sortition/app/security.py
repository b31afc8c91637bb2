"""Who may drive the application: only the browser tab opened with the per-launch token, on this machine.

The server listens on 127.0.0.1 only. Every request must name the server by ``127.0.0.1:PORT`` or
``localhost:PORT`` in its Host header (a page on another site that rebinds its DNS name to 127.0.0.1 sends its
own name, and is refused). The address printed at launch carries a random token; the first request with it
sets an HttpOnly, ``SameSite=Strict`` cookie and every later request must carry that cookie (another local
user, or a page of another site in the same browser, does not have it). State-changing requests are POST and
must also carry the CSRF token written in each form (or the ``X-CSRF-Token`` header of a script's request).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "sortition_token"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"


@dataclass(frozen=True)
class Secrets:
    """The per-launch token (in the address and the cookie) and the CSRF token (in every form)."""

    port: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))

    def allowed_hosts(self) -> tuple[str, ...]:
        return (f"127.0.0.1:{self.port}", f"localhost:{self.port}")

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}?token={self.token}"

    def token_ok(self, value: str | None) -> bool:
        return value is not None and hmac.compare_digest(value.encode(), self.token.encode())

    def csrf_ok(self, value: str | None) -> bool:
        return value is not None and hmac.compare_digest(value.encode(), self.csrf.encode())


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _cookie(scope: Scope, name: str) -> str | None:
    for part in (_header(scope, b"cookie") or "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


async def _plain(send: Send, status: int, text: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = text.encode("utf-8")
    base = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": base + (headers or [])})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """ASGI middleware: Host check, then token (from the query once, then from the cookie)."""

    def __init__(self, app: ASGIApp, keys: Secrets) -> None:
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _header(scope, b"host") not in self.keys.allowed_hosts():
            await _plain(send, 421, "Misdirected request: this application answers only on 127.0.0.1.")
            return
        query = parse_qs(bytes(scope.get("query_string", b"")).decode("latin-1"))
        offered = query.get("token", [None])[0]
        if self.keys.token_ok(offered):
            cookie = f"{COOKIE}={self.keys.token}; Path=/; HttpOnly; SameSite=Strict"
            headers = [(b"location", str(scope.get("path", "/")).encode()), (b"set-cookie", cookie.encode())]
            await _plain(send, 303, "", headers)
            return
        if not self.keys.token_ok(_cookie(scope, COOKIE)):
            await _plain(send, 403, "Forbidden: open the address printed by `sortition app` (it carries the token).")
            return
        await self.app(scope, receive, send)
