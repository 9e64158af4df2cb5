"""What every handler needs, hung off `app.state` by `create_app` (no module globals)."""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from storyline.service import Storyline
from storyline.web.cache import DataCache
from storyline.web.readers import Readers
from storyline.web.render import Renderer
from storyline.web.settings import WebSettings


@dataclass
class WebContext:
    storyline: Storyline  # the app's own service: the single writer when ingest is enabled
    settings: WebSettings
    readers: Readers
    cache: DataCache
    renderer: Renderer
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    export_slots: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(2)
    )

    @contextmanager
    def reader(self) -> Iterator[Storyline]:
        with self.readers.reader() as sl:
            yield sl


async def context(request: Request) -> WebContext:
    """FastAPI dependency (async, so it costs no thread hop)."""
    ctx: WebContext = request.app.state.ctx
    return ctx


def offload(endpoint: Callable[..., Any]) -> Callable[..., Coroutine[Any, Any, Any]]:
    """A blocking handler as a coroutine that runs it in the thread pool. FastAPI then treats
    the route as async: its response is validated on the event loop instead of in a second
    trip through the (busy) thread pool, so a request waits for the pool once, not twice."""

    @functools.wraps(endpoint)
    async def run(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(endpoint, *args, **kwargs)

    return run


class OffloadedRoute(APIRoute):
    """Routes whose plain (def) handlers are offloaded as a whole (see `offload`)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not _is_async(endpoint):
            endpoint = offload(endpoint)
        super().__init__(path, endpoint, **kwargs)


def _is_async(fn: Callable[..., Any]) -> bool:
    return inspect.iscoroutinefunction(fn)
