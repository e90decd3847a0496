"""The review server's gate: every request must come to the loopback address by the name
and port the page was opened with (DNS rebinding), carry the run's token as the first part
of its path, and, when it changes something, come from the page itself (Origin)."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse

__all__ = ["Guard", "new_token", "SECURITY_HEADERS"]

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[..., Awaitable[Any]], Callable[..., Awaitable[Any]]],
                   Awaitable[None]]

TOKEN_BYTES = 24
"""Random bytes in the per-run token: far beyond guessing."""
SAFE_METHODS = ("GET", "HEAD")
"""Methods that change nothing and so need no Origin."""
CSP = "content-security-policy"
SECURITY_HEADERS = {
    # no script runs on the page; story documents are shown in a sandboxed frame
    CSP: "default-src 'self'; script-src 'none'; object-src 'none'; "
                               "frame-ancestors 'self'; form-action 'self'; base-uri 'none'",
    "x-frame-options": "SAMEORIGIN",
    "x-content-type-options": "nosniff",
    # the token is in the URL: never send it to another site (no-referrer would also make
    # browsers send "Origin: null" with the page's own forms)
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
}


def new_token() -> str:
    """A fresh token for one run of the server."""
    return secrets.token_urlsafe(TOKEN_BYTES)


class Guard:
    """ASGI middleware refusing requests with a foreign Host or Origin or without the token."""

    def __init__(self, app: ASGIApp, token: str, port: int) -> None:
        self.app = app
        self.token = token
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        self.origins = {f"http://{h}" for h in self.hosts}

    def _refusal(self, scope: Scope) -> PlainTextResponse | None:
        headers = Headers(scope=scope)
        if headers.get("host", "") not in self.hosts:
            return PlainTextResponse("Refused: not the local review page (Host).", 421)
        first, _, _ = scope["path"].lstrip("/").partition("/")
        if not secrets.compare_digest(first.encode(), self.token.encode()):
            return PlainTextResponse("Not found: open the address bookmaker review printed.",
                                     404)
        if scope["method"] not in SAFE_METHODS:
            origin = headers.get("origin")
            if origin not in self.origins:
                return PlainTextResponse("Refused: the request did not come from the review "
                                         "page (Origin).", 403)
        return None

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)

        async def send_secured(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":  # ours win, but a page may
                raw = list(message.get("headers", []))   # tighten its own CSP
                own = {k.decode().lower() for k, _ in raw}
                raw = [(k, v) for k, v in raw if k.decode().lower() not in SECURITY_HEADERS
                       or k.decode().lower() == CSP]
                raw += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()
                        if k != CSP or CSP not in own]
                message["headers"] = raw
            await send(message)

        if refusal is not None:
            await refusal(scope, receive, send_secured)
        else:
            await self.app(scope, receive, send_secured)
