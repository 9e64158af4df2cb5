"""Whole GET responses kept until the database changes, served from the event loop.

A read-only server's answer to a URL is a function of the URL, the database and the
`Accept-Encoding` header: so the finished response (compressed, with its ETag) is kept under
(path, query, gzip or not, database version), and the next request for it is answered without
a trip through the thread pool, a query, a template or gzip. `If-None-Match` still gives 304.
Only 200 answers without `Content-Disposition` (downloads stream) and under `max_entry`
bytes are kept; the least recently used go first beyond `max_bytes` in all. The database
version is `DataCache.version()` (size and mtime of the file and its WAL), which every
commit changes, so an ingest through the API is visible on the next request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyline.web.cache import DataCache

HIT = (b"x-storyline-cache", b"hit")
MISS = (b"x-storyline-cache", b"miss")


@dataclass(frozen=True)
class Entry:
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


class ResponseCache:
    def __init__(self, app: ASGIApp, cache: DataCache, max_bytes: int = 64 << 20,
                 max_entry: int = 1 << 20) -> None:  # fmt: skip
        self.app, self.data, self.max_bytes, self.max_entry = app, cache, max_bytes, max_entry
        self._items: OrderedDict[tuple[Any, ...], Entry] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()  # the app may be driven from several loops (tests)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or scope["path"].startswith(("/static/", "/api/v1/exports/"))
        ):
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        gzip = b"gzip" in headers.get(b"accept-encoding", b"")
        key = (scope["path"], scope.get("query_string", b""), gzip, self.data.version())
        with self._lock:
            entry = self._items.get(key)
            if entry is not None:
                self._items.move_to_end(key)
        if entry is not None:
            return await _replay(entry, headers.get(b"if-none-match", b""), send)
        await self.app(scope, receive, self._recorder(key, send))

    def _recorder(self, key: tuple[Any, ...], send: Send) -> Any:
        state: dict[str, Any] = {"start": None, "chunks": [], "keep": False}

        async def record(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                state["keep"] = message["status"] == 200 and b"content-disposition" not in names
                state["start"] = message
                message = {**message, "headers": [*message.get("headers", []), MISS]}
            elif state["keep"]:
                state["chunks"].append(message.get("body", b""))
                if sum(map(len, state["chunks"])) > self.max_entry:
                    state["keep"], state["chunks"] = False, []
                elif not message.get("more_body", False):
                    self._store(key, state["start"], b"".join(state["chunks"]))
            await send(message)

        return record

    def _store(self, key: tuple[Any, ...], start: Message, body: bytes) -> None:
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        etag = next((v for k, v in headers if k.lower() == b"etag"), b"")
        entry = Entry(headers, body, etag)
        with self._lock:
            old = self._items.pop(key, None)
            self._size += len(body) - (len(old.body) if old else 0)
            self._items[key] = entry
            while self._size > self.max_bytes and self._items:
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped.body)


async def _replay(entry: Entry, wanted: bytes, send: Send) -> None:
    if entry.etag and (entry.etag in [t.strip() for t in wanted.split(b",")] or wanted == b"*"):
        kept = [(k, v) for k, v in entry.headers if k.lower() != b"content-type"]
        await send({"type": "http.response.start", "status": 304, "headers": [*kept, HIT]})
        await send({"type": "http.response.body", "body": b""})
        return
    length = (b"content-length", str(len(entry.body)).encode())
    await send({"type": "http.response.start", "status": 200,
                "headers": [*entry.headers, length, HIT]})  # fmt: skip
    await send({"type": "http.response.body", "body": entry.body})
