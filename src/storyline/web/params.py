"""Query parameters shared by the API and the pages (declared once, so both validate alike).
The dependencies are coroutines: cheap checks that need no trip through the thread pool."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import Query

from storyline.service_queries import BadQuery, DocFilter, ItemFilter
from storyline.web.stories import TimelineFilter

DATE = r"^\d{4}-\d{2}-\d{2}$"


@dataclass(frozen=True)
class Paging:
    cursor: str | None
    limit: int


async def paging(
    cursor: str | None = Query(None, max_length=512, description="`next` of the previous page."),
    limit: int = Query(50, ge=1, le=200, description="Items per page."),
) -> Paging:
    return Paging(cursor, limit)


async def page_paging(
    cursor: str | None = Query(None, max_length=512),
    limit: int = Query(25, ge=1, le=200),
) -> Paging:
    """Pages show 25 at a time (the API's default is 50)."""
    return Paging(cursor, limit)


def _date(alias: str, description: str) -> Any:
    """A YYYY-MM-DD parameter. Checked here rather than as a `date`: pydantic would also take
    numbers (timestamps) for dates, which the schema does not allow."""
    return Query(None, alias=alias, pattern=DATE, description=description + " (YYYY-MM-DD)")


def _iso(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadQuery(f"query parameter {name!r}: {value!r} is not a date") from None


async def doc_filter(
    outlet: str | None = Query(None, max_length=200, description='Outlet name; "(none)" for none.'),
    date_from: str | None = _date("from", "Published on or after"),
    date_to: str | None = _date("to", "Published on or before"),
    language: str | None = Query(None, max_length=200, description="ISO 639-1 code, e.g. en."),
    q: str | None = Query(None, max_length=500, description='Full-text search: words, "phrases".'),
    originals: bool = Query(False, description="Leave out exact and near copies."),
) -> DocFilter:
    dates = _iso(date_from, "from"), _iso(date_to, "to")
    return DocFilter(outlet, *dates, language, q, originals)


async def event_filter(
    type: str | None = Query(
        None, max_length=200, description="Domain type, subtype or PLOVER type."
    ),
    actor: str | None = Query(None, max_length=200, description="Actor key, or part of a name."),
    outlet: str | None = Query(None, max_length=200),
    doc: str | None = Query(None, max_length=200, description="Only this document's events."),
    date_from: str | None = _date("from", "Event date on or after"),
    date_to: str | None = _date("to", "Event date on or before"),
) -> ItemFilter:
    return ItemFilter(doc=doc, outlet=outlet, type=type, actor=actor,
                      date_from=_iso(date_from, "from"), date_to=_iso(date_to, "to"))  # fmt: skip


async def figure_filter(
    category: str | None = Query(None, max_length=200, description="killed, hostages_held, ..."),
    outlet: str | None = Query(None, max_length=200),
    doc: str | None = Query(None, max_length=200),
) -> ItemFilter:
    return ItemFilter(doc=doc, outlet=outlet, category=category)


async def quote_filter(
    speaker: str | None = Query(None, max_length=200, description="Actor key, or part of a name."),
    q: str | None = Query(None, max_length=200, description="Part of the quote or the speaker."),
    outlet: str | None = Query(None, max_length=200),
    doc: str | None = Query(None, max_length=200),
) -> ItemFilter:
    return ItemFilter(doc=doc, outlet=outlet, actor=speaker, q=q)


async def timeline_filter(
    type: str | None = Query(None, max_length=200, description="Event type or subtype."),
    actor: str | None = Query(None, max_length=200, description="Part of an actor's name or key."),
    outlet: str | None = Query(None, max_length=200, description="An outlet that reported it."),
    date_from: str | None = _date("from", "Event date on or after"),
    date_to: str | None = _date("to", "Event date on or before"),
) -> TimelineFilter:
    return TimelineFilter(actor, type, outlet, _iso(date_from, "from"), _iso(date_to, "to"))
