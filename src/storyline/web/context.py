"""What every handler needs, hung off `app.state` by `create_app` (no module globals)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from fastapi import Request

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
