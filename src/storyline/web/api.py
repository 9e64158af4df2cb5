"""HTTP API, read side: /api/v1/... Every handler asks the service, through `data`, for the
same dict a page renders, and returns it as JSON."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query

from storyline import __version__
from storyline.service_queries import DocFilter, ItemFilter
from storyline.web import data, schemas, stories
from storyline.web.context import OffloadedRoute, WebContext, context
from storyline.web.errors import found_or_404
from storyline.web.params import (
    Paging,
    doc_filter,
    event_filter,
    figure_filter,
    paging,
    quote_filter,
)

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "model": schemas.ErrorOut,
        "description": "A parameter is invalid; the message says which.",
    },
    404: {"model": schemas.ErrorOut, "description": "No such item."},
    413: {"model": schemas.ErrorOut, "description": "Request body too large."},
    414: {"model": schemas.ErrorOut, "description": "URL too long."},
    503: {"model": schemas.ErrorOut, "description": "The database cannot be read."},
}
router = APIRouter(prefix="/api/v1", responses=ERRORS, route_class=OffloadedRoute)
Ctx = Depends(context)
DocId = Path(..., max_length=300, description="Document id (or a unique prefix of 6+ characters).")
Period = Query("month", description="Bucket size of the coverage series.")


@router.get("/", summary="API index", tags=["meta"])
def index() -> dict[str, Any]:
    links = ["documents", "stories", "series", "events", "actors", "figures", "figures/series", "quotes",
             "outlets", "coverage", "stats", "exports/documents.jsonl", "openapi.json", "docs"]  # fmt: skip
    return {"name": "storyline", "version": __version__,
            "links": {name: f"/api/v1/{name}" for name in links}}  # fmt: skip


@router.get("/stats", summary="Corpus counts", tags=["corpus"])
def stats(ctx: WebContext = Ctx) -> dict[str, Any]:
    with ctx.reader() as sl:
        return data.stats(sl, ctx.cache)


@router.get("/documents", response_model=schemas.DocumentList, tags=["corpus"],
            summary="Documents: filter by outlet, dates, story, language; full-text search")  # fmt: skip
def documents(
    flt: DocFilter = Depends(doc_filter),
    story: str | None = Query(None, max_length=200, description="Only documents of this story."),
    paged: Paging = Depends(paging),
    ctx: WebContext = Ctx,
) -> dict[str, Any]:
    with ctx.reader() as sl:
        if story is None:
            return data.documents(sl, ctx.cache, flt, paged.cursor, paged.limit)
        found = stories.story_documents(sl, ctx.cache, story, flt, paged.cursor, paged.limit)
    return found_or_404(found, f"no story {story!r}")


@router.get("/documents/{doc_id}", response_model=schemas.DocumentDetail, tags=["corpus"],
            summary="One document with its removed lines, copies, extractions and spans")  # fmt: skip
def document(doc_id: str = DocId, ctx: WebContext = Ctx) -> dict[str, Any]:
    with ctx.reader() as sl:
        found = data.document(sl, doc_id)
    return found_or_404(found, f"no document matches {doc_id!r}")


@router.get("/events", response_model=schemas.EventList, tags=["extractions"],
            summary="Events with type, status, actors, date and evidence sentence")  # fmt: skip
def events(flt: ItemFilter = Depends(event_filter), paged: Paging = Depends(paging),
           ctx: WebContext = Ctx) -> dict[str, Any]:  # fmt: skip
    with ctx.reader() as sl:
        return data.items(sl, ctx.cache, "events", flt, paged.cursor, paged.limit)


@router.get("/actors", response_model=schemas.ActorList, tags=["extractions"],
            summary="Canonical actors with aliases, roles and mention counts")  # fmt: skip
def actors(
    type: str | None = Query(None, max_length=100, description="person, government, ..."),
    q: str | None = Query(None, max_length=200, description="Part of the name or an alias."),
    paged: Paging = Depends(paging),
    ctx: WebContext = Ctx,
) -> dict[str, Any]:
    with ctx.reader() as sl:
        return data.actors(sl, ctx.cache, type, q, paged.cursor, paged.limit)


@router.get("/actors/{key}", response_model=schemas.ActorProfile, tags=["extractions"],
            summary="One actor: aliases, roles over time, documents, events, quotes")  # fmt: skip
def actor(key: str = Path(..., max_length=200), ctx: WebContext = Ctx) -> dict[str, Any]:
    with ctx.reader() as sl:
        found = data.actor(sl, ctx.cache, key)
    return found_or_404(found, f"no actor {key!r}")


@router.get("/figures", response_model=schemas.FigureList, tags=["extractions"],
            summary="Numeric claims, each with its evidence and sentence")  # fmt: skip
def figures(flt: ItemFilter = Depends(figure_filter), paged: Paging = Depends(paging),
            ctx: WebContext = Ctx) -> dict[str, Any]:  # fmt: skip
    with ctx.reader() as sl:
        return data.items(sl, ctx.cache, "figures", flt, paged.cursor, paged.limit)


@router.get("/figures/series", response_model=list[schemas.FigureSeries], tags=["extractions"],
            summary="Figures as dated series per category")  # fmt: skip
def figure_series(
    category: str | None = Query(None, max_length=200), ctx: WebContext = Ctx
) -> list[dict[str, Any]]:
    with ctx.reader() as sl:
        return data.figure_series(sl, ctx.cache, category)


@router.get("/quotes", response_model=schemas.QuoteList, tags=["extractions"],
            summary="Direct and indirect quotes, by speaker, searchable")  # fmt: skip
def quotes(flt: ItemFilter = Depends(quote_filter), paged: Paging = Depends(paging),
           ctx: WebContext = Ctx) -> dict[str, Any]:  # fmt: skip
    with ctx.reader() as sl:
        return data.items(sl, ctx.cache, "quotes", flt, paged.cursor, paged.limit)


@router.get("/outlets", response_model=schemas.OutletComparison, tags=["corpus"],
            summary="Outlet comparison: counts, copies, extractions, coverage over time")  # fmt: skip
def outlets(period: Literal["day", "month", "year"] = Period,
            ctx: WebContext = Ctx) -> dict[str, Any]:  # fmt: skip
    with ctx.reader() as sl:
        return data.outlets(sl, ctx.cache, period)


@router.get("/coverage", response_model=schemas.Coverage, tags=["corpus"],
            summary="Documents per outlet per day, month or year")  # fmt: skip
def coverage(
    period: Literal["day", "month", "year"] = Period,
    originals: bool = Query(False, description="Count originals only, not copies."),
    ctx: WebContext = Ctx,
) -> dict[str, Any]:
    with ctx.reader() as sl:
        return data.coverage(sl, ctx.cache, period, originals)
