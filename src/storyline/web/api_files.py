"""HTTP API, files: export downloads (JSONL, CSV, Parquet) and ingest (only with a token)."""

from __future__ import annotations

import hashlib
import hmac
import re
import shutil
import tempfile
from pathlib import Path as FsPath
from typing import Any, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse
from starlette.background import BackgroundTask

from storyline.types import InputItem
from storyline.web import schemas
from storyline.web.api import ERRORS
from storyline.web.context import WebContext, context
from storyline.web.errors import WebError

EXPORTS: dict[str, tuple[str, str]] = {  # file name -> (export format, media type)
    "documents.jsonl": ("jsonl", "application/x-ndjson"),
    "documents.csv": ("csv", "text/csv"),
    "documents.parquet": ("parquet", "application/vnd.apache.parquet"),
    "actors.jsonl": ("jsonl", "application/x-ndjson"),
    "mentions.jsonl": ("jsonl", "application/x-ndjson"),
    "events.jsonl": ("jsonl", "application/x-ndjson"),
    "figures.jsonl": ("jsonl", "application/x-ndjson"),
    "quotes.jsonl": ("jsonl", "application/x-ndjson"),
    "events.plover.jsonl": ("plover", "application/x-ndjson"),
}
ExportName = Literal[
    "documents.jsonl", "documents.csv", "documents.parquet", "actors.jsonl", "mentions.jsonl",
    "events.jsonl", "figures.jsonl", "quotes.jsonl", "events.plover.jsonl",
]  # fmt: skip
SUFFIXES = {"text/plain": ".txt", "text/markdown": ".md", "text/html": ".html",
            "application/json": ".json", "application/x-ndjson": ".jsonl"}  # fmt: skip

files = APIRouter(prefix="/api/v1", responses=ERRORS)
writes = APIRouter(prefix="/api/v1", responses=ERRORS)  # included only when ingest is enabled
_DOWNLOAD: dict[int | str, dict[str, Any]] = {200: {"description": "The file, as an attachment.",
                   "content": {m: {} for _, m in EXPORTS.values()}}}  # fmt: skip


@files.get("/exports/{name}", tags=["exports"], response_class=FileResponse, responses=_DOWNLOAD,
           summary="Download an export: documents (JSONL, CSV, Parquet) or extraction records")  # fmt: skip
def export(name: ExportName = Path(...), ctx: WebContext = Depends(context)) -> FileResponse:
    fmt, media = EXPORTS[name]
    if not ctx.export_slots.acquire(timeout=60):
        raise WebError(503, "two exports are already running; try again shortly")
    tmp = FsPath(tempfile.mkdtemp(prefix="storyline-export-"))
    try:
        with ctx.reader() as sl:
            sl.export(tmp, fmt)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        ctx.export_slots.release()
    return FileResponse(tmp / name, media_type=media, filename=name,
                        background=BackgroundTask(shutil.rmtree, tmp, ignore_errors=True))  # fmt: skip


def _check_token(ctx: WebContext, authorization: str | None) -> None:
    token = ctx.settings.ingest_token or ""
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise WebError(401, "ingest needs `Authorization: Bearer <token>`",
                       {"WWW-Authenticate": "Bearer"})  # fmt: skip


def _suffix(content_type: str | None) -> str:
    media = (content_type or "").split(";")[0].strip().lower()
    if media not in SUFFIXES:
        raise WebError(415, f"send one of: {', '.join(SUFFIXES)} (got {media or 'nothing'!r})")
    return SUFFIXES[media]


_INGEST_DOC: dict[int | str, dict[str, Any]] = {
    200: {"model": schemas.IngestOut, "description": "What the run did."},
    401: {"model": schemas.ErrorOut, "description": "Missing or wrong token."},
    415: {"model": schemas.ErrorOut, "description": "Unsupported content type."},
}


@writes.post("/ingest", tags=["ingest"], response_model=schemas.IngestOut, responses=_INGEST_DOC,
            summary="Ingest one text, Markdown, HTML, JSON or JSONL body (enabled by a token)",
            openapi_extra={"requestBody": {"required": True, "content": {
                m: {"schema": {"type": "string"}} for m in SUFFIXES}}})  # fmt: skip
async def ingest(
    request: Request,
    name: str | None = Query(None, max_length=100, description="A label for the source."),
    authorization: str | None = Header(None),
    ctx: WebContext = Depends(context),
) -> JSONResponse:
    _check_token(ctx, authorization)
    suffix = _suffix(request.headers.get("content-type"))
    body = await request.body()
    if not body.strip():
        raise WebError(400, "empty body: send the article in the request body")
    label = re.sub(r"[^\w.-]+", "_", name or "")[:80] or hashlib.sha256(body).hexdigest()[:12]
    item = InputItem(f"api:{label}{suffix}", body, suffix)

    def write() -> dict[str, Any]:
        with ctx.write_lock:
            return ctx.storyline.ingest_items([item], command="api-ingest").as_dict()

    report = await run_in_threadpool(write)
    return JSONResponse(report, status_code=200)
