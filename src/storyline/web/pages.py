"""HTML pages: the same data dicts as the API, handed to templates."""

from __future__ import annotations

import re
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from storyline.service_queries import DocFilter, ItemFilter
from storyline.web import data, stories
from storyline.web.context import OffloadedRoute, WebContext, context
from storyline.web.errors import found_or_404, not_found
from storyline.web.highlight import segments, to_html
from storyline.web.params import Paging, doc_filter, event_filter, figure_filter, quote_filter
from storyline.web.params import page_paging as paging

pages = APIRouter(
    include_in_schema=False, default_response_class=HTMLResponse, route_class=OffloadedRoute
)
Ctx = Depends(context)
LEGEND = (("mentions", "hl-actor", "actors"), ("timexes", "hl-time", "dates"),
          ("events", "hl-event", "event sentences"), ("figures", "hl-figure", "figures"),
          ("quotes", "hl-quote", "quotes"))  # fmt: skip


def _page(ctx: WebContext, request: Request, name: str, **context: Any) -> HTMLResponse:
    return ctx.renderer.page(request, name, **context)


@pages.get("/favicon.ico")
def favicon() -> RedirectResponse:
    return RedirectResponse("/static/favicon.svg", status_code=308)


def _whole_corpus(ctx: WebContext, request: Request, name: str, build: Any) -> HTMLResponse:
    """Pages that depend on nothing but the database (and their query string) are rendered
    once per database version."""
    key = ("html", request.url.path, str(request.query_params))
    return HTMLResponse(ctx.cache.get(key, lambda: ctx.renderer.html(request, name, **build())))


@pages.get("/")
def home(request: Request, ctx: WebContext = Ctx) -> HTMLResponse:
    with ctx.reader() as sl:
        return _whole_corpus(ctx, request, "home.html", lambda: data.home(sl, ctx.cache))


def _doc_list(request: Request, ctx: WebContext, flt: DocFilter, paged: Paging,
              heading: str, searching: bool, story: str | None = None) -> HTMLResponse:  # fmt: skip
    with ctx.reader() as sl:
        stats = data.stats(sl, ctx.cache)
        if story is not None and not searching:
            found = stories.story_documents(sl, ctx.cache, story[:200], flt, paged.cursor,
                                            paged.limit)  # fmt: skip
            if found is None:
                raise not_found(f"no story {story[:80]!r}")
            page: dict[str, Any] = found
            heading = (
                f"Documents of the story {(stories.story(sl, ctx.cache, story) or {}).get('title')}"
            )
        elif searching and not flt.q:
            page = {"items": [], "next": None, "total": None}
        else:
            page = data.documents(sl, ctx.cache, flt, paged.cursor, paged.limit)
    outlets = sorted(stats["by_outlet"])
    return _page(ctx, request, "documents.html", page=page, heading=heading, searching=searching,
                 outlets=outlets, languages=sorted(stats["by_language"]))  # fmt: skip


@pages.get("/documents")
def documents(request: Request, flt: DocFilter = Depends(doc_filter),
              story: str | None = Query(None, max_length=200), paged: Paging = Depends(paging),
              ctx: WebContext = Ctx) -> HTMLResponse:  # fmt: skip
    return _doc_list(request, ctx, flt, paged, "Documents", searching=False, story=story)


@pages.get("/search")
def search(request: Request, flt: DocFilter = Depends(doc_filter),
           paged: Paging = Depends(paging), ctx: WebContext = Ctx) -> HTMLResponse:  # fmt: skip
    return _doc_list(request, ctx, flt, paged, "Search", searching=True)


@pages.get("/articles/{doc_id}")
def article(request: Request, doc_id: str, ctx: WebContext = Ctx) -> HTMLResponse:
    with ctx.reader() as sl:
        doc = data.document(sl, doc_id[:300])
    if doc is None:
        raise not_found(f"no document matches {doc_id[:80]!r}")
    found = doc["extractions"]
    counts = {kind: len(items) for kind, items in found.items() if items}
    actors = {m.get("actor"): m.get("text") for m in found.get("mentions", []) if m.get("actor")}
    return _page(ctx, request, "article.html", doc=doc, counts=counts, legend=LEGEND,
                 text_html=to_html(segments(doc["text"], found)), actors=sorted(actors.items()))  # fmt: skip


def _hint(ctx: WebContext, sl: Any) -> str:
    if data.analysis(sl, ctx.cache)["analysed"]:
        return "Analysis found none in the documents so far."
    return data.EMPTY_ANALYSIS


@pages.get("/actors")
def actors(
    request: Request,
    type: str | None = Query(None, max_length=100),
    q: str | None = Query(None, max_length=200),
    paged: Paging = Depends(paging),
    ctx: WebContext = Ctx,
) -> HTMLResponse:
    with ctx.reader() as sl:
        page = data.actors(sl, ctx.cache, type, q, paged.cursor, paged.limit)
        types = sorted(
            {a["type"] for a in data.actors(sl, ctx.cache, None, None, None, 200)["items"]}
        )
        hint = _hint(ctx, sl)
    return _page(ctx, request, "actors.html", page=page, types=types, hint=hint)


@pages.get("/actors/{key}")
def actor(request: Request, key: str, ctx: WebContext = Ctx) -> HTMLResponse:
    with ctx.reader() as sl:
        found = data.actor(sl, ctx.cache, key[:200])
    profile = found_or_404(found, f"no actor {key[:80]!r}")
    return _page(ctx, request, "actor.html", actor=profile)


def _items(request: Request, ctx: WebContext, kind: str, flt: ItemFilter, paged: Paging,
           **extra: Any) -> HTMLResponse:  # fmt: skip
    with ctx.reader() as sl:
        page = data.items(sl, ctx.cache, kind, flt, paged.cursor, paged.limit)
        hint = _hint(ctx, sl)
        if kind == "figures":
            extra["categories"] = ctx.cache.get("categories", sl.figure_categories)
    return _page(ctx, request, f"{kind}.html", page=page, hint=hint, **extra)


@pages.get("/events")
def events(request: Request, flt: ItemFilter = Depends(event_filter),
           paged: Paging = Depends(paging), ctx: WebContext = Ctx) -> HTMLResponse:  # fmt: skip
    return _items(request, ctx, "events", flt, paged)


@pages.get("/figures")
def figures(request: Request, flt: ItemFilter = Depends(figure_filter),
            paged: Paging = Depends(paging), ctx: WebContext = Ctx) -> HTMLResponse:  # fmt: skip
    return _items(request, ctx, "figures", flt, paged)


@pages.get("/quotes")
def quotes(request: Request, flt: ItemFilter = Depends(quote_filter),
           paged: Paging = Depends(paging), ctx: WebContext = Ctx) -> HTMLResponse:  # fmt: skip
    return _items(request, ctx, "quotes", flt, paged)


@pages.get("/outlets")
def outlets(request: Request, period: Literal["month", "year"] = Query("month"),
            ctx: WebContext = Ctx) -> HTMLResponse:  # fmt: skip
    with ctx.reader() as sl:
        build = lambda: data.outlets(sl, ctx.cache, period)  # noqa: E731
        return _whole_corpus(ctx, request, "outlets.html", build)


@pages.get("/api/v1/docs")
def api_docs(request: Request, ctx: WebContext = Ctx) -> HTMLResponse:
    schema = request.app.openapi()
    return _page(ctx, request, "api_docs.html", operations=operations(schema),
                 openapi_version=schema.get("openapi"))  # fmt: skip


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The OpenAPI paths flattened for the docs page."""
    found = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {**p, "type": _type(p.get("schema", {})), "description": p.get("description", "")}
                for p in op.get("parameters", [])
            ]
            anchor = re.sub(r"[^a-z0-9]+", "-", f"{method}-{path}".lower()).strip("-")
            example = path if method == "get" and "{" not in path else None
            found.append({"method": method.upper(), "path": path, "anchor": anchor,
                          "summary": op.get("summary", ""), "params": params,
                          "responses": sorted(op.get("responses", {})), "example": example})  # fmt: skip
    return found


def _type(schema: dict[str, Any]) -> str:
    options = schema.get("anyOf") or [schema]
    names = [o.get("format") or o.get("type") or ("enum" if "enum" in o else "") for o in options]
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    return " | ".join(n for n in names if n and n != "null") or "string"
