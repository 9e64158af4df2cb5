"""Running counts as clocks: a death toll only grows, the number of hostages still held only
falls, so "more than 46,900 killed in Gaza" dates an article between the last dated report
below that figure and the first one above it.

`known_counts(figures)` builds the running series of dated articles' figures (with
`series.build_series`); `count_windows(figures, counts)` gives, for each figure of an undated
article that continues one of them, the window of days its value fits in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from storyline.story.series import build_series, interval
from storyline.story.series_scope import counted_key, local_text, moment_of, place_of

#: Categories whose running count moves one way: +1 only grows, -1 only falls.
MONOTONE = {"killed": 1, "wounded": 1, "hostages_dead": 1, "hostages_held": -1}
MIN_POINTS = 3  # a clock needs a few readings to be trusted
OPEN_FACTOR = 1.5


@dataclass(frozen=True)
class KnownCount:
    """A running count from dated articles: (report day, low, high) readings, in order."""

    category: str
    counted: str
    place: str | None
    direction: int
    readings: tuple[tuple[date, float, float], ...]


@dataclass(frozen=True)
class CountWindow:
    """The days an undated figure fits between the readings of a known running count."""

    text: str
    after: date | None  # the last reading that was still short of the figure
    before: date | None  # the first reading already past it


def known_counts(figures: list[dict[str, Any]]) -> list[KnownCount]:
    """Running (not fixed-moment) series of monotone categories from dated figures."""
    out = []
    dated = [f for f in figures if f.get("_published")]
    for series in build_series(dated, min_points=MIN_POINTS, categories=MONOTONE):
        scope = series.scope
        if scope.moment is not None:
            continue
        readings = tuple((date.fromisoformat(p.report_date), p.low, p.high) for p in series.points)
        out.append(KnownCount(scope.category, scope.counted, scope.place,
                              MONOTONE[scope.category], readings))  # fmt: skip
    return out


def count_windows(figures: list[dict[str, Any]], counts: list[KnownCount]) -> list[CountWindow]:
    """A window per figure of the article that continues a known running count."""
    out = []
    for figure in figures:
        if moment_of(figure, *local_text(figure, [])):
            continue  # the count of one past moment is no reading of the running count
        count = _series_of(figure, figures, counts)
        value = _value(figure)
        if count is None or value is None or figure.get("status", "reported") != "reported":
            continue
        low, high = interval(value, str(figure.get("qualifier") or "exact"),
                             figure.get("low"), figure.get("high"))  # fmt: skip
        window = _fit(count, low, high)
        if window is not None:
            text = str((figure.get("evidence") or {}).get("text") or value)
            out.append(CountWindow(text, *window))
    return out


def _value(figure: dict[str, Any]) -> float | None:
    for key in ("value", "low", "high"):
        if figure.get(key) is not None:
            return float(figure[key])
    return None


def _series_of(figure: dict[str, Any], figures: list[dict[str, Any]],
               counts: list[KnownCount]) -> KnownCount | None:  # fmt: skip
    """The known count with the figure's category, counted thing and place (the one of its
    category and thing when the figure names no place and only one has readings enough)."""
    category = str(figure.get("category"))
    if category not in MONOTONE:
        return None
    same_doc = [f for f in figures if f is not figure and f.get("doc") == figure.get("doc")]
    before, after = local_text(figure, same_doc)
    known = {c.place for c in counts if c.place}
    place = place_of(figure, before, after, known)
    thing = counted_key(figure.get("counted"), category)
    same = [c for c in counts if (c.category, c.counted) == (category, thing)]
    exact = [c for c in same if c.place == place]
    if exact:
        return exact[0]
    return same[0] if place is None and len(same) == 1 else None


def _fit(count: KnownCount, low: float, high: float) -> tuple[date | None, date | None] | None:
    """(after, before): the days between which the count passed the figure's interval."""
    after = before = None
    for day, r_low, r_high in count.readings:
        short = r_high < low if count.direction > 0 else r_low > high
        past = r_low > high if count.direction > 0 else r_high < low
        if short:
            after = day
        elif past and before is None:
            before = day
    if after is not None and before is not None and before <= after:
        return None  # the readings disagree with each other about this value
    if after is None:
        return None  # below every reading: another, smaller count more likely than an older one
    if before is None and not _near_last(count, low, high):
        return None  # far past every reading: another, larger count ("1.8 million displaced")
    return after, before


def _near_last(count: KnownCount, low: float, high: float) -> bool:
    """A value past every reading continues the count only if it is close to the last one."""
    _, r_low, r_high = count.readings[-1]
    if count.direction > 0:
        return low <= r_high * OPEN_FACTOR
    return high >= r_low / OPEN_FACTOR
