"""Figure series (issue 6, part 4): the same count reported again and again, linked and judged.

`build_series(figures)` takes figure dicts as the store returns them (value, low, high,
qualifier, counted, category, as_of, attributed_to, evidence, sentence, doc, _outlet,
_published, _duplicate_of) and links those with the same category, counted thing and scope
into series ordered by report date:

* scope = place ("killed in Gaza"), read from the figure's clause or its source, and, for a
  count of a fixed past moment ("killed on October 7"), that moment; a running total
  ("killed since the war began") has none (`series_scope`);
* a near copy of an article (`_duplicate_of` set) is never counted, nor the same value twice
  from one article;
* each point is classified against the earlier ones:
  - first: the first report;
  - contradiction: another source gave an incompatible value for the same moment (report
    dates within a day of each other);
  - same: the value of the previous report again;
  - rounding: a different value compatible with the previous one once rounding and the
    qualifiers are read as intervals ("about 1,200" = 1,100..1,300, "more than 14,000" =
    14,000..15,000) - for a running total only when the reports are a week or less apart;
  - revision: a later, different value for a fixed past moment (700, then 1,400 killed on
    October 7);
  - update: a later, different value of a running count.

`series_svg(series)` draws one series as a small SVG line chart.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storyline.story.series_scope import (
    Scope,
    counted_key,
    local_text,
    moment_of,
    place_of,
    places,
    source_key,
)
from storyline.story.series_svg import series_svg

__all__ = ["Point", "Series", "build_series", "series_svg", "interval", "KINDS"]

KINDS = ("first", "same", "update", "revision", "contradiction", "rounding")
#: Categories that are counts worth following; "other", money and truce lengths are not.
SERIES_CATEGORIES = frozenset(
    {"killed", "wounded", "hostages_taken", "hostages_held", "hostages_released",
     "hostages_dead", "prisoners_released", "aid"}
)  # fmt: skip
SAME_MOMENT_DAYS = 1  # reports this close are of the same moment of a running count
ROUNDING_DAYS = 7  # a running count re-reported within a week in round numbers is rounding
OUTLIER_FACTOR = 10.0
ROUNDING_SHARE = 0.1
CONTRADICTION_RATIO = 3.0
NEIGHBOURS = 2  # on each side, for the outlier test


@dataclass(frozen=True)
class Point:
    figure: str  # the figure's id
    doc: str
    outlet: str | None
    published: str | None
    report_date: str  # as_of of a running count, else the publication date
    value: float
    low: float
    high: float  # the interval the value and its qualifier allow
    qualifier: str
    source: str | None
    text: str  # the number phrase
    kind: str = "first"  # one of KINDS
    against: str | None = None  # the figure id it was judged against


@dataclass
class Series:
    scope: Scope
    label: str
    points: list[Point] = field(default_factory=list)
    duplicates_skipped: int = 0
    #: points set aside: a value OUTLIER_FACTOR times off its neighbours is another quantity
    #: the extraction put in this series (1.8 million displaced among death tolls)
    outliers: list[Point] = field(default_factory=list)

    @property
    def category(self) -> str:
        return self.scope.category

    def counts(self) -> dict[str, int]:
        return {kind: sum(1 for p in self.points if p.kind == kind) for kind in KINDS}

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "category": self.scope.category,
            "counted": self.scope.counted,
            "place": self.scope.place,
            "moment": self.scope.moment,
            "duplicates_skipped": self.duplicates_skipped,
            "points": [p.__dict__.copy() for p in self.points],
            "outliers": [p.__dict__.copy() for p in self.outliers],
        }


def build_series(figures: list[dict[str, Any]], min_points: int = 2,
                 categories: Iterable[str] = SERIES_CATEGORIES) -> list[Series]:  # fmt: skip
    """Series of at least `min_points` points, the longest first."""
    wanted = frozenset(categories)
    usable = [
        f
        for f in figures
        if f.get("category") in wanted
        and _value(f) is not None
        and f.get("status", "reported") == "reported"  # a proposal or demand is not a count
    ]
    by_sentence = _by_sentence(usable)
    known = _known_places(usable, by_sentence)
    groups: dict[Scope, list[tuple[dict[str, Any], str | None]]] = {}
    skipped: dict[Scope, int] = {}
    for figure in usable:
        scope, source = _scope(figure, by_sentence, known)
        if figure.get("_duplicate_of"):
            skipped[scope] = skipped.get(scope, 0) + 1
            continue
        groups.setdefault(scope, []).append((figure, source))
    groups = _merge_placeless(groups)
    out = []
    for scope, members in groups.items():
        kept, outliers = split_outliers(_points(members))
        points = classify(kept, fixed=scope.moment is not None)
        if len(points) >= min_points:
            series = Series(scope, label(scope, points), points, skipped.get(scope, 0))
            series.outliers = [_with(p, "outlier", None) for p in outliers]
            out.append(series)
    return sorted(out, key=lambda s: (-len(s.points), s.label))


# --- scope -----------------------------------------------------------------------------------


def _sentence_key(figure: dict[str, Any]) -> tuple[Any, Any]:
    sentence = figure.get("sentence") or figure.get("evidence") or {}
    return figure.get("doc"), sentence.get("start")


def _by_sentence(figures: list[dict[str, Any]]) -> dict[tuple[Any, Any], list[dict[str, Any]]]:
    out: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for figure in figures:
        out.setdefault(_sentence_key(figure), []).append(figure)
    return out


def _context(figure: dict[str, Any], by_sentence: dict[tuple[Any, Any], list[dict[str, Any]]]) -> tuple[str, str]:  # fmt: skip
    others = [f for f in by_sentence.get(_sentence_key(figure), []) if f is not figure]
    return local_text(figure, others)


def _known_places(figures: list[dict[str, Any]], by_sentence: dict[tuple[Any, Any], list[dict[str, Any]]]) -> set[str]:  # fmt: skip
    """Every place some figure's clause names: a source that names one ("the Gaza health
    ministry") places its figures there."""
    known: set[str] = set()
    for figure in figures:
        before, after = _context(figure, by_sentence)
        known.update(places(before + " " + after))
    return known


def _scope(figure: dict[str, Any], by_sentence: dict[tuple[Any, Any], list[dict[str, Any]]],
           known: set[str]) -> tuple[Scope, str | None]:  # fmt: skip
    before, after = _context(figure, by_sentence)
    place = place_of(figure, before, after, known)
    category = str(figure.get("category"))
    scope = Scope(category, counted_key(figure.get("counted"), category), place,
                  moment_of(figure, before, after))  # fmt: skip
    return scope, figure.get("attributed_to")


def _merge_placeless(groups: dict[Scope, list[Any]]) -> dict[Scope, list[Any]]:
    """A series with no place joins the series of the same thing and moment that has one, when
    one such series is at least twice the size of any other (else which is meant is unclear)."""
    out = {s: list(m) for s, m in groups.items() if s.place is not None}
    for scope, members in groups.items():
        if scope.place is not None:
            continue
        same = sorted(
            (s for s in out if (s.category, s.counted, s.moment) == (scope.category, scope.counted, scope.moment)),
            key=lambda s: -len(out[s]),
        )  # fmt: skip
        clear = same and (len(same) == 1 or len(out[same[0]]) >= 2 * len(out[same[1]]))
        out.setdefault(same[0] if clear else scope, []).extend(members)
    return out


def label(scope: Scope, points: list[Point]) -> str:
    """'killed (people) in Gaza, per health ministry' - the most frequent source named."""
    text = f"{scope.category.replace('_', ' ')} ({scope.counted})"
    if scope.place:
        text += f" in {scope.place}"
    if scope.moment:
        text += f" on {scope.moment}"
    sources = [p.source for p in points if p.source]
    if sources:
        text += ", per " + max(sorted(set(sources)), key=sources.count)
    return text


# --- points and their classes ------------------------------------------------------------------


def _value(figure: dict[str, Any]) -> float | None:
    for key in ("value", "low", "high"):
        if figure.get(key) is not None:
            return float(figure[key])
    return None


def rounding_unit(value: float) -> float:
    """The power of ten a round number is rounded to: 1,200 -> 100, 15,000 -> 1,000, 137 -> 1."""
    number = int(round(abs(value)))
    if number == 0 or number != abs(value):
        return 1.0
    unit = 1
    while number % (unit * 10) == 0:
        unit *= 10
    return float(unit)


def interval(value: float, qualifier: str, low: float | None = None,
             high: float | None = None) -> tuple[float, float]:  # fmt: skip
    """The values a reported number allows, reading its qualifier and its roundness: "about
    1,200" is 1,100..1,300 (one rounding unit either side, at most ROUNDING_SHARE of the
    value: "about 100" hostages is 90..110), "more than 14,000" 14,000..15,000."""
    if qualifier == "range" and low is not None and high is not None:
        return low, high
    slack = min(rounding_unit(value), max(ROUNDING_SHARE * abs(value), 0.5))
    if qualifier == "approx":
        return value - slack, value + slack
    if qualifier in ("more_than", "at_least"):
        return value, value + slack
    if qualifier in ("fewer_than", "up_to"):
        return value - slack, value
    return value, value


def _points(members: list[tuple[dict[str, Any], str | None]]) -> list[Point]:
    """One point per article: its first figure of the series. An article that gives the count
    again, or a part of it ("130 hostages remain, more than 30 of them dead"), is one report."""
    seen: set[Any] = set()
    points = []
    for figure, source in members:
        value = _value(figure)
        report = _report_date(figure)
        if value is None or report is None or figure.get("doc") in seen:
            continue
        seen.add(figure.get("doc"))
        qualifier = str(figure.get("qualifier") or "exact")
        low, high = interval(value, qualifier, figure.get("low"), figure.get("high"))
        points.append(Point(str(figure.get("id") or ""), str(figure.get("doc") or ""),
                            figure.get("_outlet"), figure.get("_published"), report, value,
                            low, high, qualifier, source,
                            str((figure.get("evidence") or {}).get("text") or "")))  # fmt: skip
    return sorted(points, key=lambda p: (p.report_date, p.published or "", p.doc, p.figure))


def split_outliers(points: list[Point]) -> tuple[list[Point], list[Point]]:
    """(kept, outliers): a point OUTLIER_FACTOR times below or above the median of its
    NEIGHBOURS nearest reports on each side is set aside."""
    kept, outliers = [], []
    for i, point in enumerate(points):
        near = [
            p.value for p in points[max(0, i - NEIGHBOURS) : i] + points[i + 1 : i + 1 + NEIGHBOURS]
        ]
        if len(near) >= 2:
            middle = statistics.median(near)
            if middle > 0 and not (
                middle / OUTLIER_FACTOR <= point.value <= middle * OUTLIER_FACTOR
            ):
                outliers.append(point)
                continue
        kept.append(point)
    return kept, outliers


def _report_date(figure: dict[str, Any]) -> str | None:
    """When the count was reported: a running count's as_of (to the day), else the
    publication date. A moment series' as_of is the moment itself, so the report is dated by
    publication; moment_of only makes a moment of an as_of older than the publication."""
    published = str(figure.get("_published") or "")[:10] or None
    as_of = str(figure.get("as_of") or "")[:10]
    if len(as_of) == 10 and (published is None or as_of >= published):
        return as_of
    return published or (as_of if len(as_of) == 10 else None)


def classify(points: list[Point], fixed: bool) -> list[Point]:
    """Each point's kind, judged against the earlier points (see the module docstring)."""
    out: list[Point] = []
    for point in points:
        kind, against = _judge(point, out, fixed)
        out.append(_with(point, kind, against))
    return out


def _judge(point: Point, earlier: list[Point], fixed: bool) -> tuple[str, str | None]:
    if not earlier:
        return "first", None
    for other in reversed(earlier):
        if _contradicts(other, point):
            return "contradiction", other.figure
    previous = earlier[-1]
    if previous.value == point.value:
        return "same", previous.figure
    if _overlap(previous, point) and (fixed or _days(previous, point) <= ROUNDING_DAYS):
        return "rounding", previous.figure
    return ("revision" if fixed else "update"), previous.figure


def _contradicts(a: Point, b: Point) -> bool:
    """Incompatible values for the same moment from two sources. Values more than
    CONTRADICTION_RATIO apart are more likely two different counts than a dispute."""
    if _days(a, b) > SAME_MOMENT_DAYS or _overlap(a, b) or not _other_source(a, b):
        return False
    small, large = sorted((abs(a.value), abs(b.value)))
    return small > 0 and large / small <= CONTRADICTION_RATIO


def _with(point: Point, kind: str, against: str | None) -> Point:
    data = dict(point.__dict__)
    data.update(kind=kind, against=against)
    return Point(**data)


def _days(a: Point, b: Point) -> int:
    return abs((date.fromisoformat(a.report_date) - date.fromisoformat(b.report_date)).days)


def _overlap(a: Point, b: Point) -> bool:
    return a.low <= b.high and b.low <= a.high


def _other_source(a: Point, b: Point) -> bool:
    """Different sources: their names differ when both are named, else their outlets."""
    key_a, key_b = source_key(a.source, None), source_key(b.source, None)
    if key_a and key_b:  # "the ministry" and "the Gaza health ministry" are one source
        words_a, words_b = set(key_a.split()), set(key_b.split())
        return not (words_a <= words_b or words_b <= words_a)
    return (a.outlet or a.doc).casefold() != (b.outlet or b.doc).casefold()
