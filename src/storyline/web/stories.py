"""Data of the story views (story list, story, timeline, story event, figure series, outlet
comparison), built from the story stage's service methods and cached until the database
changes. The API returns these dicts; the pages render them.

The story stage returns whole lists; paging them here (an offset cursor) keeps the API's
`items`/`next`/`total` convention. Every supporting document, first report and series point
gets an `href` to its sentence on the article page (`/articles/{doc}#{extraction id}`), so the
templates never build evidence links themselves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from storyline.service import Storyline
from storyline.service_queries import decode_cursor, encode_cursor
from storyline.web.cache import DataCache

#: supporting sentences of a story event whose words are read from their articles (the rest
#: are links only): an event reported by hundreds of articles stays one quick page
SENTENCES = 200
#: supporting reports (and values of each disagreement) an event carries in a timeline; the
#: story event has them all. A timeline page of events reported hundreds of times each would
#: otherwise weigh megabytes and take a tenth of a second of CPU to validate and compress.
LISTED = 10


@dataclass(frozen=True)
class TimelineFilter:
    """What the timeline page and endpoint filter on; `None` keeps everything."""

    actor: str | None = None
    type: str | None = None  # type or subtype
    outlet: str | None = None  # an outlet among the event's supporting documents
    date_from: str | None = None
    date_to: str | None = None


def _call(sl: Storyline, name: str, *args: Any, default: Any = None) -> Any:
    """The story stage's method if this build has it (older databases and builds: nothing)."""
    method = getattr(sl, name, None)
    return default if method is None else method(*args)


def page_of(items: list[Any], cursor: str | None, limit: int) -> dict[str, Any]:
    start = max((decode_cursor(cursor, int) or [0])[0], 0)
    end = start + limit
    nxt = encode_cursor([end]) if end < len(items) else None
    return {"items": items[start:end], "next": nxt, "total": len(items)}


def evidence_href(doc: Any, extraction: Any = None) -> str | None:
    """The article page with the extraction's sentence marked (its anchor is the id)."""
    if not isinstance(doc, str) or not doc:
        return None
    anchor = (
        f"#{quote(extraction, safe='-_.:')}" if isinstance(extraction, str) and extraction else ""
    )
    return f"/articles/{quote(doc, safe='-_.')}{anchor}"


def all_stories(sl: Storyline, cache: DataCache) -> list[dict[str, Any]]:
    def build() -> list[dict[str, Any]]:
        found = _call(sl, "stories", default=[]) or []
        return [{**s, "href": f"/stories/{quote(str(s['id']), safe='')}"} for s in found]

    return cache.get("stories", build)


def story_list(sl: Storyline, cache: DataCache, cursor: str | None, limit: int) -> dict[str, Any]:
    """A page of stories, without their document lists (a story's own answer has it)."""
    page = page_of(all_stories(sl, cache), cursor, limit)
    return {
        **page,
        "items": [{k: v for k, v in s.items() if k != "documents"} for s in page["items"]],
    }


def story(sl: Storyline, cache: DataCache, story_id: str) -> dict[str, Any] | None:
    def build() -> dict[str, Any] | None:
        found = _call(sl, "story", story_id)
        if found is None:
            return None
        return {**found, "href": f"/stories/{quote(str(found.get('id', story_id)), safe='')}"}

    return cache.get(("story", story_id), build)


def _support(item: dict[str, Any]) -> dict[str, Any]:
    """A supporting document with the link to its evidence sentence."""
    extraction = item.get("event") or item.get("id")
    return {**item, "href": evidence_href(item.get("doc"), extraction)}


def _event(event: dict[str, Any]) -> dict[str, Any]:
    support = [_support(s) for s in event.get("support") or [] if isinstance(s, dict)]
    hrefs: dict[Any, str | None] = {}  # each document's first report: a dict, not a scan per value
    for s in support:
        hrefs.setdefault(s.get("doc"), s.get("href"))
    first = event.get("first_report")
    if isinstance(first, dict):  # the first report is one of the supporting sentences
        first = {**first, "href": hrefs.get(first.get("doc")) or evidence_href(first.get("doc"))}
    disagreements = []
    for d in event.get("disagreements") or []:
        values = [{**v, "href": hrefs.get(v.get("doc")) or evidence_href(v.get("doc"), v.get("event"))}
                  for v in d.get("values") or []]  # fmt: skip
        disagreements.append({**d, "values": values})
    return {**event, "support": support, "first_report": first, "disagreements": disagreements,
            "href": f"/story-events/{quote(str(event.get('id')), safe='')}",
            "outlets": sorted({str(s.get("outlet")) for s in support if s.get("outlet")})}  # fmt: skip


def _brief(event: dict[str, Any]) -> dict[str, Any]:
    """An event as a timeline lists it: the first `LISTED` reports and disagreeing values,
    with their totals."""
    disagreements = [{**d, "values": d["values"][:LISTED], "values_total": len(d["values"])}
                     for d in event["disagreements"]]  # fmt: skip
    return {**event, "support": event["support"][:LISTED], "support_total": len(event["support"]),
            "disagreements": disagreements}  # fmt: skip


def timeline(sl: Storyline, cache: DataCache, story_id: str) -> list[dict[str, Any]] | None:
    """Every event of the story in date order, or None for an unknown story."""

    def build() -> list[dict[str, Any]] | None:
        if _call(sl, "story", story_id) is None:
            return None
        events = [_event(e) for e in _call(sl, "timeline", story_id, default=[]) or []]
        for event in events:  # the timeline shows each event's first sentence
            if event["support"] and not isinstance(event.get("text"), str):
                event["text"] = _sentence(sl, event["support"][0])
        return [_brief(e) for e in events]

    return cache.get(("timeline", story_id), build)


def filtered(events: list[dict[str, Any]], flt: TimelineFilter) -> list[dict[str, Any]]:
    def keep(e: dict[str, Any]) -> bool:
        date = str(e.get("date") or "")[:10]
        actors = " ".join(_names(e.get("actors"))).lower()
        return (
            (flt.type is None or flt.type in (e.get("type"), e.get("subtype")))
            and (flt.actor is None or flt.actor.lower() in actors)
            and (flt.outlet is None or flt.outlet in e["outlets"])
            and (flt.date_from is None or (bool(date) and date >= flt.date_from))
            and (flt.date_to is None or (bool(date) and date <= flt.date_to))
        )

    return [e for e in events if keep(e)]


def _names(actors: Any) -> list[str]:
    """Actor names and keys, whether the stage gives strings or dicts."""
    out = []
    for a in actors or []:
        if isinstance(a, dict):
            out += [str(v) for k, v in a.items() if k in ("key", "id", "name", "text") and v]
        else:
            out.append(str(a))
    return out


def facets(events: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The values the timeline filters offer."""
    types = {str(e.get("type")) for e in events if e.get("type")}
    actors = {n for e in events for n in _names(e.get("actors"))}
    outlets = {o for e in events for o in e["outlets"]}
    return {"types": sorted(types), "actors": sorted(actors), "outlets": sorted(outlets)}


def story_event(sl: Storyline, cache: DataCache, event_id: str) -> dict[str, Any] | None:
    def build() -> dict[str, Any] | None:
        found = _call(sl, "story_event", event_id)
        if found is None:
            return None
        event = _event(found)
        shown = event["support"][:SENTENCES]  # the stage gives offsets; show the words
        texts = sl.document_texts(sorted({str(item.get("doc")) for item in shown}))
        for item in shown:
            item["sentence_text"] = _sentence(sl, item, texts)
        story_id = event.get("story")
        title = (story(sl, cache, str(story_id)) or {}).get("title") if story_id else None
        return {**event, "story_title": title}

    return cache.get(("story_event", event_id), build)


def _sentence(
    sl: Storyline, item: dict[str, Any], texts: dict[str, str] | None = None
) -> str | None:
    """The text of a support's sentence (the stage stores offsets into the document), from
    `texts` when it has the document."""
    for key in ("sentence", "evidence"):
        span = item.get(key)
        if isinstance(span, str):
            return span
        if isinstance(span, dict) and isinstance(span.get("text"), str):
            return str(span["text"])
        if isinstance(span, dict) and _offsets(span):
            start, end = _offsets(span) or (0, 0)
            text = (texts or {}).get(str(item.get("doc")))
            if text is None:  # a reference other than the exact id
                doc = sl.document(str(item.get("doc")))
                text = doc.text if doc is not None else ""
            return text[start:end] if end <= len(text) else None
    return None


def _offsets(span: dict[str, Any]) -> tuple[int, int] | None:
    start, end = span.get("start"), span.get("end")
    ok = isinstance(start, int) and isinstance(end, int) and 0 <= start < end
    return (start, end) if ok else None  # type: ignore[return-value]


def series(sl: Storyline, cache: DataCache, story_id: str | None) -> list[dict[str, Any]] | None:
    """Figure series (of one story, or all), each point linked to its sentence; None for an
    unknown story."""

    def build() -> list[dict[str, Any]] | None:
        if story_id is not None and _call(sl, "story", story_id) is None:
            return None
        found = _call(sl, "figure_series", story_id, default=[]) or []
        out = []
        for n, s in enumerate(found):
            points = [{**p, "href": evidence_href(p.get("doc"), p.get("figure") or p.get("id"))}
                      for p in s.get("points") or []]  # fmt: skip
            out.append({**s, "id": str(s.get("id", n)), "points": points})
        return out

    return cache.get(("story_series", story_id), build)


def outlets(sl: Storyline, cache: DataCache, story_id: str) -> dict[str, Any] | None:
    def build() -> dict[str, Any] | None:
        events = timeline(sl, cache, story_id)
        found = _call(sl, "outlets", story_id, default={}) if events is not None else None
        if found is None:
            return None
        terms = sorted(found.get("terms") or [], key=lambda t: (str(t.get("outlet")), -_z(t)))
        return {"story": story_id, "coverage": found.get("coverage"),
                "framing": found.get("framing"), "terms": terms,
                "labels": {e["id"]: _label(e) for e in events or []}}  # fmt: skip

    return cache.get(("story_outlets", story_id), build)


def _label(event: dict[str, Any]) -> str:
    kind = str(event.get("subtype") or event.get("type") or "event").replace("_", " ")
    return f"{kind}, {event['date']}" if event.get("date") else kind


def coverage_tables(compared: dict[str, Any]) -> dict[str, Any]:
    """The coverage matrix (story and events by outlet), blind spots and exclusives, with
    event ids turned into their names."""
    cov = compared.get("coverage")
    labels = {compared["story"]: "whole story", **compared.get("labels", {})}
    if not isinstance(cov, dict):
        return {"matrix": as_table(cov), "blind": as_table(None), "only": as_table(None)}
    rows = [{"event": labels.get(str(r.get("group")), r.get("group")),
             **{k: v for k, v in r.items() if k != "group"}}
            for r in cov.get("rows") or [] if isinstance(r, dict)]  # fmt: skip

    def named(by_outlet: Any) -> dict[str, Any]:
        if not isinstance(by_outlet, dict):
            return {}
        return {o: {"events": [labels.get(str(g), g) for g in gs]} for o, gs in by_outlet.items()
                if gs}  # fmt: skip

    return {"matrix": as_table(rows), "blind": as_table(named(cov.get("blind_spots"))),
            "only": as_table(named(cov.get("exclusives")))}  # fmt: skip


def _z(term: dict[str, Any]) -> float:
    value = term.get("z")
    return float(value) if isinstance(value, int | float) else 0.0


def as_table(value: Any) -> dict[str, Any]:
    """Whatever shape the stage gives a comparison in (rows of dicts, a dict of dicts, a
    coverage matrix), as `columns` and `rows` of cells for one generic table."""
    if (
        isinstance(value, dict)
        and isinstance(value.get("columns"), list)
        and isinstance(value.get("rows"), list)
    ):
        return {"columns": [str(c) for c in value["columns"]],
                "rows": [[_cell(c) for c in r] if isinstance(r, list) else [_cell(r)]
                         for r in value["rows"]]}  # fmt: skip
    if isinstance(value, dict) and isinstance(value.get("periods"), list):
        rows = value.get("outlets") or []
        return {"columns": ["outlet", *map(str, value["periods"])],
                "rows": [[r.get("outlet"), *map(_cell, r.get("counts") or [])] for r in rows
                         if isinstance(r, dict)]}  # fmt: skip
    if isinstance(value, dict):
        keyed = [(k, v if isinstance(v, dict) else {"value": v}) for k, v in value.items()]
        columns = list(dict.fromkeys(c for _, v in keyed for c in v))
        return {"columns": ["", *columns],
                "rows": [[k, *(_cell(v.get(c)) for c in columns)] for k, v in keyed]}  # fmt: skip
    if isinstance(value, list):
        dicts = [v for v in value if isinstance(v, dict)]
        columns = list(dict.fromkeys(c for v in dicts for c in v))
        return {"columns": columns, "rows": [[_cell(v.get(c)) for c in columns] for v in dicts]}
    return {"columns": [], "rows": []}


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return "" if value is None else ("yes" if value else "no")
    if isinstance(value, int | float | str):
        return value
    if isinstance(value, list):
        return ", ".join(str(_cell(v)) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    return str(value)


def story_documents(sl: Storyline, cache: DataCache, story_id: str, flt: Any, cursor: str | None,
                    limit: int) -> dict[str, Any] | None:  # fmt: skip
    """A story's documents, newest first, filtered like the document list (not `q`)."""

    def build() -> list[dict[str, Any]] | None:
        found = story(sl, cache, story_id)
        if found is None:
            return None
        docs = [d for d in map(sl.document, found.get("documents") or []) if d is not None]
        rows = [{**{k: v for k, v in d.to_export().items() if k not in ("text", "removed")},
                 "kind": d.kind, "lead": d.text[:280]} for d in docs]  # fmt: skip
        return sorted(rows, key=lambda r: str(r["published"] or ""), reverse=True)

    rows = cache.get(("story_documents", story_id), build)
    if rows is None:
        return None
    keep = [r for r in rows if _matches(r, flt)]
    return page_of(keep, cursor, limit)


def _matches(row: dict[str, Any], flt: Any) -> bool:
    day = str(row.get("published") or "")[:10]
    return (
        (flt.outlet is None or row.get("outlet") == flt.outlet)
        and (flt.language is None or row.get("language") == flt.language)
        and (flt.date_from is None or (bool(day) and day >= flt.date_from))
        and (flt.date_to is None or (bool(day) and day <= flt.date_to))
        and not (flt.originals_only and row.get("duplicate_of"))
    )
