"""How far from its publication date an article's time expressions fall: the likelihood that
`dating.infer_date` scores candidate days with.

The offset o of a mentioned day t from the document date D is D - t (positive: the past). News
mostly tells what happened in the last days, sometimes older background, seldom the future:

    o >= 0:  RECENT   e^(-o/TAU) / TAU  +  BACKGROUND  1 / ((o + SHIFT) ln((HORIZON + SHIFT) / SHIFT))
    o < 0:   FUTURE  (NEAR e^(o/TAU_FUTURE) / TAU_FUTURE + (1 - NEAR) 1 / ((|o| + SHIFT) ln(...)))

(exponentials for the recent past and the near future, log-uniform tails up to HORIZON days
for background and plans). A mention that names a span of days (a week, a month, a year) has
the probability mass of the offsets it covers, so "in 2008" says less than "on March 1, 2008".
A dateline ("DOHA, Jan 15 (MPA) -") is the filing day, or the day before, or else any mention.
"""

from __future__ import annotations

import math
from datetime import date

RECENT, TAU = 0.55, 2.0  # share and scale (days) of mentions of the last few days
BACKGROUND, SHIFT, HORIZON = 0.37, 7.0, 3650.0  # older background, log-uniform to 10 years
FUTURE, NEAR, TAU_FUTURE = 0.08, 0.6, 4.0  # what is still to come: mostly days ahead
DATELINE_SAME, DATELINE_NEXT = 0.85, 0.08
EVENT_RECENT = 0.15  # an event named without a date is less often news of the last days
#: News style names the days of the past week by weekday ("on Monday") and older ones by
#: date ("on December 1"): a date written out is seldom of the last few days.
DATED_RECENT, TAU_DATED = 0.3, 15.0
FLOOR = 1e-9
#: A weekday named ("said on Saturday") is the day itself or the day before far more often
#: than older days of the week (measured on the demo corpus and the MEANTIME topics tuned on:
#: 46, 44, 10, 8, 3, 1, 5 of 117 mentions 0..6 days back). Offsets 0..6 back, then ahead.
WEEKDAY_PAST = (0.36, 0.36, 0.1, 0.07, 0.04, 0.035, 0.035)
WEEKDAY_AHEAD = (0.3, 0.3, 0.15, 0.1, 0.06, 0.05, 0.04)
WEEKDAY_FAR = 0.01  # a weekday a week or more away: a misread tense or a wrong anchor

_LOG_RANGE = math.log((HORIZON + SHIFT) / SHIFT)


def _tail(u: float) -> float:
    """Share of a log-uniform tail below u days."""
    return min(math.log((u + SHIFT) / SHIFT), _LOG_RANGE) / _LOG_RANGE


def cdf(x: float, recent: float = RECENT, tau: float = TAU) -> float:
    """Probability that a mention's offset is at most x days (over the whole real line).
    With recent=0 the past is all background: an event named without a date may be old."""
    if x >= 0:
        background = BACKGROUND + RECENT - recent
        return FUTURE + recent * (1 - math.exp(-x / tau)) + background * _tail(x)
    u = -x
    return FUTURE - FUTURE * (NEAR * (1 - math.exp(-u / TAU_FUTURE)) + (1 - NEAR) * _tail(u))


def span_mass(span: tuple[date, date], day: date, recent: float = RECENT,
              tau: float = TAU) -> float:  # fmt: skip
    """Probability that a mention naming the days of `span` is made on `day`: the mass of the
    offsets from `day` back to each day of the span (a day at offset o covers [o, o + 1))."""
    high = (day - span[0]).days + 1.0
    low = float((day - span[1]).days)
    return max(cdf(high, recent, tau) - cdf(low, recent, tau), FLOOR)


def span_cost(span: tuple[date, date], day: date, dateline: bool = False,
              recent: float = RECENT) -> float:  # fmt: skip
    """-log p of a mention; a dateline is the filing day, or the day before, or a mistake."""
    mass = span_mass(span, day, recent)
    if dateline and span[0] == span[1]:
        offset = (day - span[0]).days
        exact = DATELINE_SAME if offset == 0 else DATELINE_NEXT if offset == 1 else 0.0
        return -math.log(exact + (1 - DATELINE_SAME - DATELINE_NEXT) * mass)
    return -math.log(mass)


def event_mass(known: date, day: date) -> float:
    """Probability that an article of `day` names, without a date, an event of day `known`:
    after it, at any distance (background), seldom before it (a plan)."""
    return span_mass((known, known), day, recent=EVENT_RECENT)


def weekday_cost(span: tuple[date, date], day: date) -> float:
    """-log p of a weekday mention ("on Tuesday", "at the weekend") naming `span` on `day`:
    the nearest day of the span counts, as the article tells of it at its closest."""
    if span[1] <= day:
        table, offset = WEEKDAY_PAST, (day - span[1]).days
    elif span[0] <= day:
        table, offset = WEEKDAY_PAST, 0
    else:
        table, offset = WEEKDAY_AHEAD, (span[0] - day).days
    return -math.log(table[offset] if offset < len(table) else WEEKDAY_FAR)


def dated_mass(span: tuple[date, date], day: date) -> float:
    """Probability of a date written out ("on December 1") naming `span` on `day`."""
    return span_mass(span, day, DATED_RECENT, TAU_DATED)
