"""Running counts as clocks: a death toll only grows, the number of hostages still held only
falls, so "more than 46,900 killed in Gaza" dates an article between the last dated report
below that figure and the first one above it, and, as counts move steadily between reports,
nearer the report it is closer to in value.

`known_counts(figures)` builds the running series of dated articles' figures (with
`series.build_series`); `count_windows(figures, counts)` gives, for each figure of an undated
article that continues one of them, the window of days its value fits in and the count's
curve (its readings made monotone, read between them by straight lines);
`count_costs(windows, days)` scores candidate days by how well the curve there matches.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from storyline.story.series import build_series, interval
from storyline.story.series_scope import counted_key, local_text, moment_of, place_of

#: Categories whose running count moves one way: +1 only grows, -1 only falls.
MONOTONE = {"killed": 1, "wounded": 1, "hostages_dead": 1, "hostages_held": -1}
MIN_POINTS = 3  # a clock needs a few readings to be trusted
OPEN_FACTOR = 1.5
#: Spread (in log value) of a report around the curve, a floor on an exact figure's width (its
#: own rounding), and how many days old the figure an article quotes may be. The uncertainty
#: is mostly in time: a toll that grows slowly is quoted unchanged for longer.
COUNT_SPREAD, EXACT_WIDTH, REPORT_LAG = 0.02, 0.01, 2
#: Trust in a figure's fit to the curve (else any candidate day); how far past the last
#: reading the last slope is followed (then the count is taken as flat).
COUNT_WEIGHT, EXTRAPOLATE = 0.6, 60


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
    low: float = 0.0  # the values the figure allows ("more than 4,000": 4,000..4,400)
    high: float = 0.0
    curve: tuple[tuple[date, float], ...] = ()  # (day, value), monotone, one per day


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
    """A window per figure of the article that continues a known running count. Of two
    figures of one count in an article, the larger is the running total: the smaller counts a
    part of it ("more than 270 killed in the raid" beside "more than 37,000 in the war")."""
    totals: dict[KnownCount, tuple[float, dict[str, Any]]] = {}
    for figure in figures:
        if moment_of(figure, *local_text(figure, [])):
            continue  # the count of one past moment is no reading of the running count
        count = _series_of(figure, figures, counts)
        value = _value(figure)
        if count is None or value is None or figure.get("status", "reported") != "reported":
            continue
        if count not in totals or value > totals[count][0]:
            totals[count] = (value, figure)
    out = []
    for count, (value, figure) in totals.items():
        low, high = interval(value, str(figure.get("qualifier") or "exact"),
                             figure.get("low"), figure.get("high"))  # fmt: skip
        window = _fit(count, low, high)
        if window is not None:
            text = str((figure.get("evidence") or {}).get("text") or value)
            out.append(CountWindow(text, *window, low, high, curve(count)))
    return out


def curve(count: KnownCount) -> tuple[tuple[date, float], ...]:
    """The count's readings as a monotone curve: the middle of each reading, one value per day,
    pooled with its neighbours where it goes the wrong way (outlets disagree by a little)."""
    by_day: dict[date, list[float]] = {}
    for day, low, high in count.readings:
        by_day.setdefault(day, []).append((low + high) / 2)
    # pool adjacent violators: blocks of (value sum, weight, days)
    blocks: list[tuple[float, float, list[date]]] = []
    for day in sorted(by_day):
        values = by_day[day]
        blocks.append((sum(values), float(len(values)), [day]))
        while len(blocks) > 1 and _violates(blocks[-2], blocks[-1], count.direction):
            (s1, w1, d1), (s2, w2, d2) = blocks[-2], blocks[-1]
            blocks[-2:] = [(s1 + s2, w1 + w2, d1 + d2)]
    return tuple((day, total / weight) for total, weight, days in blocks for day in days)


def _violates(a: tuple[float, float, list[date]], b: tuple[float, float, list[date]],
              direction: int) -> bool:  # fmt: skip
    return (b[0] / b[1] - a[0] / a[1]) * direction < 0


def value_at(points: tuple[tuple[date, float], ...], day: date) -> float:
    """The curve read on `day`: straight lines between readings, the last slope (over a month
    at least) followed EXTRAPOLATE days past the last reading and the first slope before the
    first, flat beyond."""
    if day <= points[0][0]:
        return _line(points[0], _span_back(points, 0), day)
    if day >= points[-1][0]:
        last = points[-1]
        reach = min(day, last[0] + timedelta(EXTRAPOLATE))
        return _line(_span_back(points, len(points) - 1), last, reach)
    for (d1, v1), (d2, v2) in zip(points, points[1:], strict=False):
        if d1 <= day <= d2:
            return _line((d1, v1), (d2, v2), day)
    return points[-1][1]


def _span_back(points: tuple[tuple[date, float], ...], i: int) -> tuple[date, float]:
    """The reading at least a month from the i-th (before it, or the first one after it when
    i is 0): the slope over a month is steadier than the one between two close reports."""
    if i == 0:
        later = [p for p in points if (p[0] - points[0][0]).days >= 30]
        return later[0] if later else points[-1]
    earlier = [p for p in points[:i] if (points[i][0] - p[0]).days >= 30]
    return earlier[-1] if earlier else points[0]


def _line(a: tuple[date, float], b: tuple[date, float], day: date) -> float:
    if a[0] == b[0]:
        return a[1]
    if b[0] < a[0]:
        a, b = b, a
    share = (day - a[0]).days / (b[0] - a[0]).days
    return max(a[1] + share * (b[1] - a[1]), 0.0)


def count_costs(windows: list[CountWindow], days: list[date]) -> dict[date, float]:
    """-log p of the running counts quoted, per candidate day: with COUNT_WEIGHT a day as
    likely as the curve's value there fits the figure, otherwise any day."""
    total = dict.fromkeys(days, 0.0)
    if not days:
        return total
    for window in windows:
        fits = {day: _fit_mass(window, day) for day in days}
        norm = sum(fits.values())
        if norm <= 0:
            continue
        for day in days:
            total[day] -= math.log((1 - COUNT_WEIGHT) / len(days) + COUNT_WEIGHT * fits[day] / norm)
    return total


def _fit_mass(window: CountWindow, day: date) -> float:
    """Probability that a report made on `day` falls in the figure's values: the report quotes
    the curve as it stood 0 to REPORT_LAG days before (authorities publish with a delay,
    outlets repeat a figure for days), give or take COUNT_SPREAD (in log value)."""
    if window.low <= 0:
        return 0.0
    low = math.log(window.low / (1 + EXACT_WIDTH))
    high = math.log(window.high * (1 + EXACT_WIDTH))
    total = 0.0
    for lag in range(REPORT_LAG + 1):
        value = value_at(window.curve, day - timedelta(lag))
        if value > 0:
            centre = math.log(value)
            total += _phi((high - centre) / COUNT_SPREAD) - _phi((low - centre) / COUNT_SPREAD)
    return total / (REPORT_LAG + 1)


def _phi(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def crossing(window: CountWindow) -> date | None:
    """The day the curve passes the middle of the figure's values (for the evidence line)."""
    middle = (window.low + window.high) / 2
    for (d1, v1), (d2, v2) in zip(window.curve, window.curve[1:], strict=False):
        if min(v1, v2) <= middle <= max(v1, v2) and v1 != v2:
            return d1 + timedelta(round((middle - v1) / (v2 - v1) * (d2 - d1).days))
    return None


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
    if after is None and not _near_first(count, low, high):
        return None  # far below every reading: another, smaller count ("12 killed in a strike")
    if before is None and not _near_last(count, low, high):
        return None  # far past every reading: another, larger count ("1.8 million displaced")
    return after, before


def _near_first(count: KnownCount, low: float, high: float) -> bool:
    """A value short of every reading continues the count (an article older than every dated
    one) only if it is close to the first reading: as close as `_near_last` asks above."""
    _, r_low, r_high = count.readings[0]
    # the figure's own bound on the near side: "more than 270" allows far more than 270
    if count.direction > 0:
        return low * OPEN_FACTOR >= r_low
    return high <= r_high * OPEN_FACTOR


def _near_last(count: KnownCount, low: float, high: float) -> bool:
    """A value past every reading continues the count only if it is close to the last one."""
    _, r_low, r_high = count.readings[-1]
    if count.direction > 0:
        return low <= r_high * OPEN_FACTOR
    return high >= r_low / OPEN_FACTOR
