"""Data for each view, built once from the service and rendered late: the API returns these
dicts as JSON, the pages hand the same dicts to templates. Nothing here knows about HTML.

Whole-corpus aggregates and list totals are cached until the database changes (`DataCache`);
pages of lists are cheap keyset reads and are not."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from storyline.service import Storyline
from storyline.service_queries import DocFilter, ItemFilter, Page
from storyline.web import chart, stories
from storyline.web.cache import DataCache

EMPTY_ANALYSIS = (
    "No extraction results yet: run `storyline analyze` to fill actors, events, figures and quotes."
)


def page_dict(page: Page, total: int | None = None) -> dict[str, Any]:
    return {"items": page.items, "next": page.next,
            "total": page.total if total is None else total}  # fmt: skip


def split_snippet(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """The store marks matches with \\x02...\\x03; return plain text and [start, end) spans."""
    text, spans, pos = "", [], 0
    for i, part in enumerate(re.split(r"[\x02\x03]", snippet)):
        if i % 2:
            spans.append((pos, pos + len(part)))
        text += part
        pos += len(part)
    return text, spans


def documents(sl: Storyline, cache: DataCache, flt: DocFilter, cursor: str | None,
              limit: int) -> dict[str, Any]:  # fmt: skip
    ranked = None  # ranking every match costs 5-20 ms on 20k articles: once for every page
    if flt.q is not None:
        ranked = cache.query(("ranked", flt), lambda: sl.search_ranking(flt))
    page = sl.document_page(flt, cursor, limit, count=False, ranked=ranked)
    page = Page([dict(item) for item in page.items], page.next)
    for item in page.items:
        if "snippet" in item:
            item["snippet"], item["snippet_matches"] = split_snippet(item["snippet"])
    return page_dict(page, cache.query(("count", flt), lambda: sl.document_count(flt)))


def document(sl: Storyline, ref: str) -> dict[str, Any] | None:
    found = sl.document(ref)
    if found is None:
        return None
    copies = sl.copies(found.id)
    labels = sl.document_labels([c for c, _ in copies] + [found.duplicate_of or ""])
    original = None
    if found.duplicate_of:
        original = {**labels.get(found.duplicate_of, {"id": found.duplicate_of}),
                    "similarity": found.similarity}  # fmt: skip
    return {
        **found.to_export(),
        "kind": found.kind,
        "original": original,
        "copies": [{**labels.get(c, {"id": c}), "similarity": s} for c, s in copies],
        "extractions": sl.document_extractions(found.id),
    }


def stats(sl: Storyline, cache: DataCache) -> dict[str, Any]:
    return cache.get("stats", sl.stats)


def coverage(sl: Storyline, cache: DataCache, period: str = "month",
             originals: bool = False) -> dict[str, Any]:  # fmt: skip
    return cache.get(("coverage", period, originals),
                     lambda: filled(sl.coverage(period, originals)))  # fmt: skip


def filled(cov: dict[str, Any]) -> dict[str, Any]:
    """Coverage with every period from the first to the last (zeros where nothing ran)."""
    every = period_range(cov["periods"], cov["period"])
    if every == cov["periods"]:
        return cov
    index = {p: i for i, p in enumerate(every)}
    outlets = []
    for row in cov["outlets"]:
        counts = [0] * len(every)
        for p, n in zip(cov["periods"], row["counts"], strict=True):
            counts[index[p]] = n
        outlets.append({**row, "counts": counts})
    return {**cov, "periods": every, "outlets": outlets}


def period_range(present: list[str], period: str) -> list[str]:
    try:
        if period == "year":
            return [str(y) for y in range(int(present[0]), int(present[-1]) + 1)]
        if period == "month":
            (y, m), (y2, m2) = (map(int, present[0].split("-")), map(int, present[-1].split("-")))
            return [f"{(y * 12 + m - 1 + k) // 12:04d}-{(m - 1 + k) % 12 + 1:02d}"
                    for k in range((y2 - y) * 12 + m2 - m + 1)]  # fmt: skip
        first, last = date.fromisoformat(present[0]), date.fromisoformat(present[-1])
        span = (last - first).days
        return (
            [(first + timedelta(n)).isoformat() for n in range(span + 1)]
            if span < 4000
            else present
        )
    except (IndexError, ValueError):  # nothing dated, or a date we cannot read: leave as is
        return present


def analysis(sl: Storyline, cache: DataCache) -> dict[str, Any]:
    return cache.get("analysis", sl.analysis_summary)


def outlets(sl: Storyline, cache: DataCache, period: str = "month") -> dict[str, Any]:
    return {
        "outlets": cache.get("outlets", sl.outlet_stats),
        "coverage": coverage(sl, cache, period),
    }


def home(sl: Storyline, cache: DataCache) -> dict[str, Any]:
    latest = cache.get("latest", lambda: sl.document_page(DocFilter(originals_only=True), None, 8,
                                                          count=False).items)  # fmt: skip
    return {
        "stats": stats(sl, cache),
        "coverage": coverage(sl, cache),
        "analysis": analysis(sl, cache),
        "stories": with_sparks(sl, cache, stories.story_list(sl, cache, None, 20)),
        "latest": latest,
    }


def with_sparks(sl: Storyline, cache: DataCache, page: dict[str, Any]) -> dict[str, Any]:
    """Each story with a small chart of its documents per day (the home page)."""
    out = []
    for story in page["items"]:
        full = stories.story(sl, cache, str(story["id"])) or {}
        labels = sl.document_labels(list(full.get("documents") or [])[:5000])
        dates = [str(d.get("published") or "") for d in labels.values()]
        out.append({**story, "spark": chart.sparkline(dates)})
    return {**page, "items": out}


def items(sl: Storyline, cache: DataCache, kind: str, flt: ItemFilter, cursor: str | None,
          limit: int) -> dict[str, Any]:  # fmt: skip
    page = sl.item_page(kind, flt, cursor, limit, count=False)
    return page_dict(page, cache.get(("items", kind, flt), lambda: sl.item_count(kind, flt)))


def actors(sl: Storyline, cache: DataCache, type_: str | None, q: str | None,
           cursor: str | None, limit: int) -> dict[str, Any]:  # fmt: skip
    key, keep = ("actors", type_, q, cursor, limit), cache.query if q else cache.get
    return keep(key, lambda: page_dict(sl.actor_page(type_, q, cursor, limit)))


def actor(sl: Storyline, cache: DataCache, key: str) -> dict[str, Any] | None:
    return cache.get(("actor", key), lambda: sl.actor_profile(key))


def figure_series(sl: Storyline, cache: DataCache, category: str | None) -> list[dict[str, Any]]:
    return cache.get(("series", category), lambda: _series(sl, category))


def _series(sl: Storyline, category: str | None) -> list[dict[str, Any]]:
    """Figures as dated points per category (as-of date, else the document's date)."""
    series: dict[str, list[dict[str, Any]]] = {}
    cursor: str | None = None
    for _ in range(1_000_000):  # pages of 500 until the last
        page = sl.item_page("figures", ItemFilter(category=category), cursor, 500, count=False)
        for f in page.items:
            date = str(f.get("as_of") or f.get("published") or "")[:10] or None
            point = {
                key: f.get(key)
                for key in ("value", "low", "high", "id", "doc", "outlet", "evidence")
            }
            series.setdefault(str(f.get("category") or "other"), []).append({"date": date, **point})
        if not (cursor := page.next):
            break
    by_date = lambda p: (p["date"] is None, p["date"] or "")  # noqa: E731
    return [{"category": c, "points": sorted(p, key=by_date)} for c, p in sorted(series.items())]
