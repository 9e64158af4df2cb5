"""Pure ASGI middleware: security headers, request size limits, ETags, empty form fields.

Order (outermost first): SecurityHeaders -> Limits -> GZip -> ETags -> the app, so every
response (a 413 too) carries the headers and ETags are computed on the uncompressed body.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


class KeepAliveLimit:
    """Every `every`-th answer closes its connection (nginx's `keepalive_requests`), so that
    clients reconnect now and then and several server processes on one socket share them."""

    def __init__(self, app: ASGIApp, every: int) -> None:
        self.app, self.every, self._count = app, every, itertools.count(1)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or next(self._count) % self.every:
            return await self.app(scope, receive, send)

        async def closing(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"connection", b"close")]
            await send(message)

        await self.app(scope, receive, closing)


async def send_error(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": {"status": status, "message": message}}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class TooLarge(Exception):
    pass


class Limits:
    """413 for bodies over the limit (ingest has its own), 414 for over-long URLs."""

    def __init__(self, app: ASGIApp, max_body: int, max_ingest: int, max_url: int) -> None:
        self.app, self.max_body, self.max_ingest, self.max_url = app, max_body, max_ingest, max_url

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if len(scope["path"]) + len(scope.get("query_string", b"")) > self.max_url:
            return await send_error(send, 414, f"URL longer than {self.max_url} characters")
        limit = self.max_ingest if scope["path"].rstrip("/") == "/api/v1/ingest" else self.max_body
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            return await send_error(send, 413, f"request body larger than {limit} bytes")
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise TooLarge
            return message

        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracking)
        except TooLarge:
            if not started:
                await send_error(send, 413, f"request body larger than {limit} bytes")


class ETags:
    """Weak ETags from the body of GET responses, and 304 when If-None-Match matches.
    Downloads (Content-Disposition) and static files (they have their own) pass through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            return await self.app(scope, receive, send)
        if scope["path"].startswith("/static/"):
            return await self.app(scope, receive, send)
        state: dict[str, Any] = {"start": None, "chunks": [], "pass": False}

        async def buffered(message: Message) -> None:
            if state["pass"]:
                return await send(message)
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                if message["status"] != 200 or b"content-disposition" in names:
                    state["pass"] = True
                    return await send(message)
                state["start"] = message
                return None
            state["chunks"].append(message.get("body", b""))
            if not message.get("more_body", False):
                await self._finish(scope, send, state["start"], b"".join(state["chunks"]))
            return None

        await self.app(scope, receive, buffered)

    @staticmethod
    async def _finish(scope: Scope, send: Send, start: Message, body: bytes) -> None:
        tag = b'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
        wanted = dict(scope["headers"]).get(b"if-none-match", b"")
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"etag"]
        headers += [(b"etag", tag), (b"cache-control", b"no-cache")]
        if tag in [t.strip() for t in wanted.split(b",")] or wanted.strip() == b"*":
            kept = [
                (k, v) for k, v in headers if k.lower() not in (b"content-length", b"content-type")
            ]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class DropEmptyParams:
    """HTML forms send empty fields (`?from=&outlet=`); pages treat them as absent. The API
    does not: there an empty date is a 400."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        query = scope.get("query_string", b"") if scope["type"] == "http" else b""
        if query and not scope["path"].startswith("/api/"):
            pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
            kept = [(k, v) for k, v in pairs if v != ""]
            if len(kept) != len(pairs):
                scope = {**scope, "query_string": urlencode(kept).encode("latin-1")}
        await self.app(scope, receive, send)
