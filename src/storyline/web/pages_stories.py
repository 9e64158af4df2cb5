"""The story pages: the story list, a story with its timeline and figure series, one story
event with its supporting sentences, figure series, and a story's outlet comparison."""

from __future__ import annotations

import calendar
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from storyline.web import chart, stories
from storyline.web.context import OffloadedRoute, WebContext, context
from storyline.web.errors import found_or_404, not_found
from storyline.web.params import Paging, timeline_filter
from storyline.web.params import page_paging as paging
from storyline.web.stories import TimelineFilter

story_pages = APIRouter(
    include_in_schema=False, default_response_class=HTMLResponse, route_class=OffloadedRoute
)
Ctx = Depends(context)
NO_STORIES = "Stories are built by `storyline run` (or `storyline stories`) after analysis."
TIMELINE_PAGE = 50
#: series a page draws (each a chart of up to 300 points and a table of up to 100 values)
SERIES_PAGE = 5


def _page(ctx: WebContext, request: Request, name: str, **values: Any) -> HTMLResponse:
    return ctx.renderer.page(request, name, **values)


@story_pages.get("/stories")
def story_list(request: Request, paged: Paging = Depends(paging),
               ctx: WebContext = Ctx) -> HTMLResponse:  # fmt: skip
    with ctx.reader() as sl:
        page = stories.story_list(sl, ctx.cache, paged.cursor, paged.limit)
    return _page(ctx, request, "stories.html", page=page, hint=NO_STORIES)


def _charts(ctx: WebContext, story: str | None, found: list[dict[str, Any]]) -> list[Markup]:
    """Each series' chart, drawn once per database version: a series of thousands of reports
    takes milliseconds to sample and draw, and the story page shows the same first three."""
    drawn: dict[str, Markup] = ctx.cache.get(("charts", story), dict)
    for s in found:
        if s["id"] not in drawn:
            label = str(s.get("label") or s.get("counted") or s.get("category"))
            drawn[s["id"]] = chart.series_svg(s, label)
    return [drawn[s["id"]] for s in found]


def zoom(events: list[dict[str, Any]]) -> list[tuple[str, dict[str, str | None]]]:
    """Links that narrow the timeline to one month (and back to the whole story)."""
    months = sorted({str(e.get("date"))[:7] for e in events if str(e.get("date") or "")[:7]})
    if len(months) < 2:
        return []
    out: list[tuple[str, dict[str, str | None]]] = [("whole story", {"from": None, "to": None})]
    for month in months:
        try:
            year, number = int(month[:4]), int(month[5:7])
            last = calendar.monthrange(year, number)[1]
        except (ValueError, calendar.IllegalMonthError):
            continue
        out.append((month, {"from": f"{month}-01", "to": f"{month}-{last:02d}"}))
    return out


@story_pages.get("/stories/{story_id}")
def story(request: Request, story_id: str, flt: TimelineFilter = Depends(timeline_filter),
          cursor: str | None = Query(None, max_length=512),
          ctx: WebContext = Ctx) -> HTMLResponse:  # fmt: skip
    with ctx.reader() as sl:
        found = stories.story(sl, ctx.cache, story_id[:200])
        events = stories.timeline(sl, ctx.cache, story_id[:200])
        series = stories.series(sl, ctx.cache, story_id[:200]) or []
    if found is None or events is None:
        raise not_found(f"no story {story_id[:80]!r}")
    shown = stories.filtered(events, flt)
    page = stories.page_of(shown, cursor, TIMELINE_PAGE)
    return _page(ctx, request, "story.html", story=found, timeline=page, all_events=len(events),
                 shown_all=len(shown) == len(events), facets=stories.facets(events),
                 zoom=zoom(events), series=series, charts=_charts(ctx, story_id[:200], series[:3]))  # fmt: skip


@story_pages.get("/stories/{story_id}/outlets")
def story_outlets(request: Request, story_id: str, ctx: WebContext = Ctx) -> HTMLResponse:
    with ctx.reader() as sl:
        found = stories.story(sl, ctx.cache, story_id[:200])
        compared = stories.outlets(sl, ctx.cache, story_id[:200])
    if found is None or compared is None:
        raise not_found(f"no story {story_id[:80]!r}")
    tables = {**stories.coverage_tables(compared), "framing": stories.as_table(compared["framing"]),
              "terms": compared["terms"]}  # fmt: skip
    return _page(ctx, request, "story_outlets.html", story=found, outlets=tables)


@story_pages.get("/story-events/{event_id}")
def story_event(request: Request, event_id: str, ctx: WebContext = Ctx) -> HTMLResponse:
    with ctx.reader() as sl:
        found = stories.story_event(sl, ctx.cache, event_id[:200])
    event = found_or_404(found, f"no story event {event_id[:80]!r}")
    return _page(ctx, request, "story_event.html", event=event)


@story_pages.get("/series")
def series(request: Request, story: str | None = Query(None, max_length=200),
           paged: Paging = Depends(paging), ctx: WebContext = Ctx) -> HTMLResponse:  # fmt: skip
    with ctx.reader() as sl:
        found = stories.series(sl, ctx.cache, story)
        owner = stories.story(sl, ctx.cache, story) if story else None
    if found is None:
        raise not_found(f"no story {story!r}")
    page = stories.page_of(found, paged.cursor, min(paged.limit, SERIES_PAGE))
    return _page(ctx, request, "series.html", page=page, story=owner, hint=NO_STORIES,
                 charts=_charts(ctx, story, page["items"]))  # fmt: skip
