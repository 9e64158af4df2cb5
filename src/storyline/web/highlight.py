"""The article text cut into segments, each knowing which extractions cover it, so the page
can mark actors, dates, figures, quotes and event sentences without nesting tags."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

#: kind -> (css class of the record's own span, css class of its `sentence`, if it has one)
CLASSES = {
    "mentions": ("hl-actor", None),
    "timexes": ("hl-time", None),
    "figures": ("hl-figure", "hl-sentence"),
    "quotes": ("hl-quote", "hl-sentence"),
    "events": ("hl-event", None),
}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    css: str
    id: str


@dataclass(frozen=True)
class Segment:
    text: str
    classes: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()  # ids whose first span starts here: the page's #anchors


def _span(record: dict[str, Any], part: str | None) -> tuple[int, int] | None:
    source = record.get(part) if part else record
    if part is None and "start" not in record:
        source = record.get("evidence")
    if not isinstance(source, dict):
        return None
    start, end = source.get("start"), source.get("end")
    return (start, end) if isinstance(start, int) and isinstance(end, int) else None


def spans(extractions: dict[str, list[dict[str, Any]]], length: int) -> list[Span]:
    found = []
    for kind, (own, sentence) in CLASSES.items():
        for record in extractions.get(kind, []):
            for part, css in ((None, own), ("sentence", sentence)):
                where = _span(record, part) if css else None
                if where and 0 <= where[0] < where[1] <= length:
                    found.append(Span(where[0], where[1], css or own, str(record.get("id", ""))))
    return found


def segments(text: str, extractions: dict[str, list[dict[str, Any]]]) -> list[Segment]:
    """Cut at every span boundary (a sweep, so long articles stay cheap)."""
    marks = spans(extractions, len(text))
    if not marks:
        return [Segment(text)] if text else []
    cuts = sorted({0, len(text), *(s.start for s in marks), *(s.end for s in marks)})
    by_start: dict[int, list[Span]] = {}
    for span in marks:
        by_start.setdefault(span.start, []).append(span)
    active: list[Span] = []
    anchored: set[str] = set()
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = [s for s in active if s.end > a] + by_start.get(a, [])
        new = [s.id for s in by_start.get(a, []) if s.id and s.id not in anchored]
        anchored.update(new)
        classes = tuple(sorted({s.css for s in active}))
        ids = tuple(dict.fromkeys(s.id for s in active if s.id))
        out.append(Segment(text[a:b], classes, ids, tuple(dict.fromkeys(new))))
    return out


def to_html(parts: list[Segment]) -> Markup:
    """The segments as HTML: every text and attribute value escaped (built here rather than
    in a template loop: long articles have thousands of segments)."""
    out = []
    for seg in parts:
        out += [f'<span class="anchor" id="{escape(a)}"></span>' for a in seg.anchors]
        if seg.classes:
            classes, ids = escape(" ".join(seg.classes)), escape(" ".join(seg.ids))
            out.append(f'<span class="hl {classes}" data-ids="{ids}">{escape(seg.text)}</span>')
        else:
            out.append(str(escape(seg.text)))
    return Markup("".join(out))
