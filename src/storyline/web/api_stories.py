"""HTTP API of the story stage: /api/v1/stories, a story, its timeline, its outlet
comparison, one story event, and figure series. Lists page like the rest of the API
(`limit`, `cursor` -> `next`, `total`); every evidence item carries an `href` to its sentence."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Query

from storyline.web import schemas, stories
from storyline.web.api import ERRORS
from storyline.web.context import OffloadedRoute, WebContext, context
from storyline.web.errors import found_or_404
from storyline.web.params import Paging, paging, timeline_filter
from storyline.web.stories import TimelineFilter

router = APIRouter(prefix="/api/v1", responses=ERRORS, tags=["stories"], route_class=OffloadedRoute)
Ctx = Depends(context)
StoryId = Path(..., max_length=200, description="Story id.")


@router.get("/stories", response_model=schemas.StoryPage,
            summary="Stories: title, dates, documents, outlets, event count")  # fmt: skip
def story_list(paged: Paging = Depends(paging), ctx: WebContext = Ctx) -> dict[str, Any]:
    with ctx.reader() as sl:
        return stories.story_list(sl, ctx.cache, paged.cursor, paged.limit)


@router.get("/stories/{story_id}", response_model=schemas.StorySummary, summary="One story")
def story(story_id: str = StoryId, ctx: WebContext = Ctx) -> dict[str, Any]:
    with ctx.reader() as sl:
        found = stories.story(sl, ctx.cache, story_id)
    return found_or_404(found, f"no story {story_id!r}")


@router.get("/stories/{story_id}/timeline", response_model=schemas.Timeline,
            summary="A story's events in date order, with support, first report, disagreements")  # fmt: skip
def timeline(story_id: str = StoryId, flt: TimelineFilter = Depends(timeline_filter),
             paged: Paging = Depends(paging), ctx: WebContext = Ctx) -> dict[str, Any]:  # fmt: skip
    with ctx.reader() as sl:
        events = stories.timeline(sl, ctx.cache, story_id)
    found = found_or_404(events, f"no story {story_id!r}")
    return stories.page_of(stories.filtered(found, flt), paged.cursor, paged.limit)


@router.get("/stories/{story_id}/outlets", response_model=schemas.StoryOutlets,
            summary="A story's outlet comparison: coverage, framing, distinctive terms")  # fmt: skip
def story_outlets(story_id: str = StoryId, ctx: WebContext = Ctx) -> dict[str, Any]:
    with ctx.reader() as sl:
        found = stories.outlets(sl, ctx.cache, story_id)
    return found_or_404(found, f"no story {story_id!r}")


@router.get("/story-events/{event_id}", response_model=schemas.StoryEventDetail,
            summary="One story event with its supporting sentences")  # fmt: skip
def story_event(event_id: str = Path(..., max_length=200), ctx: WebContext = Ctx) -> dict[str, Any]:
    with ctx.reader() as sl:
        found = stories.story_event(sl, ctx.cache, event_id)
    return found_or_404(found, f"no story event {event_id!r}")


@router.get("/series", response_model=schemas.SeriesPage,
            summary="Figure series (of one story, or all) with revisions and contradictions")  # fmt: skip
def series(story: str | None = Query(None, max_length=200, description="Only this story's."),
           paged: Paging = Depends(paging), ctx: WebContext = Ctx) -> dict[str, Any]:  # fmt: skip
    with ctx.reader() as sl:
        found = stories.series(sl, ctx.cache, story)
    return stories.page_of(
        found_or_404(found, f"no story {str(story)!r}"), paged.cursor, paged.limit
    )
