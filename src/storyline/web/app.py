"""The app factory: one ASGI app over one `Storyline`, pages and API side by side.

from storyline import Storyline
from storyline.web import WebSettings, create_app
app = create_app(Storyline("news.db", readonly=True), WebSettings())
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import asdict, replace
from importlib import resources
from pathlib import Path
from typing import Any

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware

from storyline import __version__
from storyline.service import Storyline
from storyline.web import data, errors, stories
from storyline.web.api import router as api_router
from storyline.web.api_files import files, writes
from storyline.web.api_stories import router as story_api
from storyline.web.cache import DataCache
from storyline.web.context import WebContext
from storyline.web.middleware import DropEmptyParams, ETags, KeepAliveLimit, Limits, SecurityHeaders
from storyline.web.pages import pages
from storyline.web.pages_stories import story_pages
from storyline.web.readers import Readers
from storyline.web.render import Renderer
from storyline.web.response_cache import ResponseCache
from storyline.web.settings import WebSettings

log = logging.getLogger("storyline.web")
WARM = 5  # stories and actors whose views are computed at start
TITLES = {400: "Bad request", 404: "Not found", 413: "Too large", 500: "Internal error",
          503: "Database unavailable"}  # fmt: skip


def create_app(storyline: Storyline, settings: WebSettings | None = None) -> FastAPI:
    settings = settings or WebSettings()
    db = Path(storyline.db)
    ctx = WebContext(storyline, settings, Readers(db, settings.connections), DataCache(db),
                     Renderer())  # fmt: skip

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        to_thread.current_default_thread_limiter().total_tokens = settings.threads
        stop = threading.Event()
        warmer = threading.Thread(target=_warm, args=(ctx, stop), name="storyline-warm",
                                  daemon=True)  # fmt: skip
        warmer.start()
        yield
        # The warmer reads through the readers being closed: closing a connection under a
        # running query crashes the process, so it stops at its next step and is waited for.
        stop.set()
        warmer.join()
        ctx.readers.close()

    app = FastAPI(
        title="Storyline", version=__version__, lifespan=lifespan,
        description="A sourced, structured record of a developing news story.",
        openapi_url="/api/v1/openapi.json", docs_url=None, redoc_url=None,
    )  # fmt: skip
    app.state.ctx = ctx
    app.include_router(api_router)
    app.include_router(story_api)
    app.include_router(files)
    if settings.ingest_enabled:  # otherwise read-only: the route does not exist at all
        app.include_router(writes)
    app.include_router(pages)
    app.include_router(story_pages)
    static = resources.files("storyline.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    def render_error(request: Request, status: int, message: str) -> Response:
        return ctx.renderer.page(request, "error.html", status=status, title=TITLES.get(status, "Error"),
                                 message=message)  # fmt: skip

    errors.install(app, render_error)
    _without_422(app)
    app.add_middleware(ETags)
    app.add_middleware(GZipMiddleware, minimum_size=600, compresslevel=settings.gzip_level)
    app.add_middleware(DropEmptyParams)
    if settings.response_cache:
        app.add_middleware(ResponseCache, cache=ctx.cache)
    app.add_middleware(Limits, max_body=settings.max_body_bytes,
                       max_ingest=settings.max_ingest_bytes, max_url=settings.max_url_chars)  # fmt: skip
    app.add_middleware(SecurityHeaders)
    if settings.keepalive_requests:
        app.add_middleware(KeepAliveLimit, every=settings.keepalive_requests)
    return app


def _warm(ctx: WebContext, stop: threading.Event) -> None:
    """Compute the whole-corpus aggregates once at start (a second on a large corpus), then
    what the home and actor pages link to first (the largest stories' timelines and series,
    the most mentioned actors' profiles), so the first visitors do not wait for them. Stops
    between two steps when the app shuts down."""
    try:
        with ctx.reader() as sl:
            for _ in _warm_steps(ctx, sl):
                if stop.is_set():
                    return
    except Exception as exc:  # the server works without it; say why it did not happen
        log.warning("warming the caches failed: %s", exc)


def _warm_steps(ctx: WebContext, sl: Storyline) -> Iterator[None]:
    data.home(sl, ctx.cache)
    yield
    data.outlets(sl, ctx.cache)
    yield
    top = data.actors(sl, ctx.cache, None, None, None, 25)
    ctx.cache.get("categories", sl.figure_categories)
    yield
    for actor in top["items"][:WARM]:
        data.actor(sl, ctx.cache, str(actor["id"]))
        yield
    for story in stories.story_list(sl, ctx.cache, None, WARM)["items"]:
        stories.timeline(sl, ctx.cache, str(story["id"]))
        stories.series(sl, ctx.cache, str(story["id"]))
        yield


def _without_422(app: FastAPI) -> None:
    """Bad parameters get 400 with our error body: drop FastAPI's default 422 from the schema."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            for operations in schema.get("paths", {}).values():
                for operation in operations.values():
                    operation.get("responses", {}).pop("422", None)
            for name in ("HTTPValidationError", "ValidationError"):
                schema.get("components", {}).get("schemas", {}).pop(name, None)
        return app.openapi_schema or build()

    app.openapi = openapi  # type: ignore[method-assign]


ENV_DB, ENV_SETTINGS = "STORYLINE_WEB_DB", "STORYLINE_WEB_SETTINGS"


def environment_for(db: Path, settings: WebSettings) -> dict[str, str]:
    """What `from_environment` reads: how `storyline serve --workers N` configures each
    worker process (uvicorn starts them from an import string). Their connections are
    closed every 10 answers: several processes accept on one socket, and a keep-alive
    connection would otherwise stay with whichever took it (40 of 50 clients on one process,
    measured), while reconnecting spreads them evenly within seconds."""
    shared = replace(settings, keepalive_requests=settings.keepalive_requests or 10)
    return {ENV_DB: str(db), ENV_SETTINGS: json.dumps(asdict(shared))}


def from_environment() -> FastAPI:
    """App factory for uvicorn worker processes (read-only: several processes never write)."""
    settings = WebSettings(**json.loads(os.environ.get(ENV_SETTINGS, "{}")))
    return create_app(Storyline(os.environ[ENV_DB], readonly=True), settings)
