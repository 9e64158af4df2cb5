"""How far from its publication date an article's time expressions fall: the likelihood that
`dating.infer_date` scores candidate days with.

The offset o of a mentioned day t from the document date D is D - t (positive: the past). News
mostly tells what happened in the last days, sometimes older background, seldom the future:

    o >= 0:  recent   e^(-o/tau) / tau  +  background  1 / ((o + SHIFT) ln((HORIZON + SHIFT) / SHIFT))
    o < 0:   future  (NEAR e^(o/tau_f) / tau_f + (1 - NEAR) 1 / ((|o| + SHIFT) ln(...)))

(exponentials for the recent past and the near future, log-uniform tails up to HORIZON days
for background and plans; background = 1 - future - recent). The shares and scales differ by
kind of mention (a `Shape`): a date written out, an event named without a date. A mention that
names a span of days (a week, a month, a year) has the probability mass of the offsets it
covers, so "in 2008" says less than "on March 1, 2008". A dateline ("DOHA, Jan 15 (MPA) -")
is the filing day, or the day before, or else any mention. Weekdays have their own table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

SHIFT, HORIZON, NEAR = 7.0, 3650.0, 0.6  # background log-uniform to 10 years; plans mostly near
DATELINE_SAME, DATELINE_NEXT = 0.85, 0.08
FLOOR = 1e-9


@dataclass(frozen=True)
class Shape:
    """Shares and scales (days) of the recent past and of the future in one kind of mention."""

    recent: float = 0.55
    tau: float = 2.0
    future: float = 0.08
    tau_future: float = 4.0


#: Any mention: mostly the last few days.
MENTION = Shape()
#: An event named without a date is less often news of the last days.
EVENT = Shape(recent=0.15)
#: News style names the days of the past week by weekday ("on Monday") and older ones by date
#: ("on December 1"): a date written out is spread over the past weeks, and one in five is
#: ahead ("before his inauguration on Jan. 20"), weeks ahead as often as days (measured on the
#: demo corpus and the MEANTIME topics tuned on).
DATED = Shape(recent=0.3, tau=15.0, future=0.2, tau_future=20.0)
#: A month named without its year ("in April") is seldom the month in progress and spread over
#: the three months after it ended (4, 4, 4 mentions 0-30, 30-60, 60-90 days after, 0 in the
#: month itself, same sets).
MONTHS = Shape(recent=0.45, tau=45.0, future=0.15, tau_future=30.0)
#: A weekday named ("said on Saturday") is the day itself or the day before far more often
#: than older days of the week (46, 44, 10, 8, 3, 1, 5 of 117 mentions 0..6 days back, same
#: sets). Offsets 0..6 back, then ahead.
WEEKDAY_PAST = (0.36, 0.36, 0.1, 0.07, 0.04, 0.035, 0.035)
#: Several past weekdays named: the latest is nearly always the day itself (21 and 4 of 25
#: articles 0 and 1 days back), the others spread over the week (17, 7, 3, 3, 1, 4 of 35
#: 1..6 days back); a single one is the day or the day before (10, 9, 1, 1, 0, 0, 1 of 22).
WEEKDAY_LATEST = (0.6, 0.25, 0.05, 0.04, 0.03, 0.02, 0.01)  # smoothed: few articles
WEEKDAY_OTHERS = (0.05, 0.4, 0.2, 0.12, 0.1, 0.06, 0.07)
WEEKDAY_SINGLE = (0.42, 0.4, 0.05, 0.04, 0.03, 0.03, 0.03)
WEEKDAY_AHEAD = (0.3, 0.3, 0.15, 0.1, 0.06, 0.05, 0.04)
WEEKDAY_FAR = 0.01  # a weekday a week or more away: a misread tense or a wrong anchor

_LOG_RANGE = math.log((HORIZON + SHIFT) / SHIFT)


def _tail(u: float) -> float:
    """Share of a log-uniform tail below u days."""
    return min(math.log((u + SHIFT) / SHIFT), _LOG_RANGE) / _LOG_RANGE


def cdf(x: float, shape: Shape = MENTION) -> float:
    """Probability that a mention's offset is at most x days (over the whole real line)."""
    future = shape.future
    if x >= 0:
        background = 1 - future - shape.recent
        return future + shape.recent * (1 - math.exp(-x / shape.tau)) + background * _tail(x)
    u = -x
    return future - future * (NEAR * (1 - math.exp(-u / shape.tau_future)) + (1 - NEAR) * _tail(u))


def span_mass(span: tuple[date, date], day: date, shape: Shape = MENTION) -> float:
    """Probability that a mention naming the days of `span` is made on `day`: the mass of the
    offsets from `day` back to each day of the span (a day at offset o covers [o, o + 1))."""
    high = (day - span[0]).days + 1.0
    low = float((day - span[1]).days)
    return max(cdf(high, shape) - cdf(low, shape), FLOOR)


def span_cost(span: tuple[date, date], day: date, dateline: bool = False,
              shape: Shape = MENTION) -> float:  # fmt: skip
    """-log p of a mention; a dateline is the filing day, or the day before, or a mistake."""
    mass = span_mass(span, day, shape)
    if dateline and span[0] == span[1]:
        offset = (day - span[0]).days
        exact = DATELINE_SAME if offset == 0 else DATELINE_NEXT if offset == 1 else 0.0
        return -math.log(exact + (1 - DATELINE_SAME - DATELINE_NEXT) * mass)
    return -math.log(mass)


def event_mass(known: date, day: date) -> float:
    """Probability that an article of `day` names, without a date, an event of day `known`:
    after it, at any distance (background), seldom before it (a plan)."""
    return span_mass((known, known), day, EVENT)


def dated_mass(span: tuple[date, date], day: date, direction: int = 0) -> float:
    """Probability of a date written out ("on December 1", "in April") naming `span` on `day`;
    read as a past one (direction -1) or a coming one (+1), only that side of the day counts."""
    shape = DATED if span[0] == span[1] else MONTHS
    if direction == 0:
        return span_mass(span, day, shape)
    high = (day - span[0]).days + 1.0
    low = float((day - span[1]).days)
    if direction < 0:
        past = cdf(high, shape) - cdf(max(low, 0.0), shape) if high > 0 else 0.0
        return max(past / (1 - shape.future), FLOOR)
    ahead = cdf(min(high, 0.0), shape) - cdf(low, shape) if low < 0 else 0.0
    return max(ahead / shape.future, FLOOR)


def weekday_mass(span: tuple[date, date], day: date, _sign: int = 1) -> float:
    """Probability of a weekday mention ("on Tuesday", "at the weekend") naming `span` on
    `day`: the nearest day of the span counts, as the article tells of it at its closest."""
    if span[1] <= day:
        table, offset = WEEKDAY_PAST, (day - span[1]).days
    elif span[0] <= day:
        table, offset = WEEKDAY_PAST, 0
    else:
        table, offset = WEEKDAY_AHEAD, (span[0] - day).days
    return table[offset] if offset < len(table) else WEEKDAY_FAR


def past_weekdays_cost(offsets: list[int]) -> float:
    """-log p of the distinct days (offsets back from the candidate day, 0..6) that the
    article's past weekdays name, taken together: the latest one, then the others."""
    if not offsets:
        return 0.0
    ordered = sorted(set(offsets))
    if len(ordered) == 1:
        return -math.log(_at(WEEKDAY_SINGLE, ordered[0]))
    return -math.log(_at(WEEKDAY_LATEST, ordered[0])) - sum(
        math.log(_at(WEEKDAY_OTHERS, o)) for o in ordered[1:]
    )


def _at(table: tuple[float, ...], offset: int) -> float:
    return table[offset] if 0 <= offset < len(table) else WEEKDAY_FAR
