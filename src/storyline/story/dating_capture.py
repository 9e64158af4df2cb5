"""What the day a page was captured (a crawl's WARC-Date, a fetch, news-please's
date_download) tells `dating.infer_date` about an undated article: an upper bound, and a weak
pull towards it.

The bound is the capture day plus one: captures are stamped in UTC, and a date written east of
it may be a day ahead. The pull is a prior on the lag between publication and capture: news
crawls mostly take a page within days, archives years later, so the prior is heavy-tailed,
p(lag) ~ 1 / (1 + lag / LAG_SCALE_DAYS), and a few clues in the text outweigh it. It is an
assumption, not a measured distribution (no data here pairs publication with capture dates);
`benchmarks/dating.py --capture-lags` shows what it gains and costs at each lag.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

LAG_SCALE_DAYS = 7.0
#: The day after the capture is allowed for dates written east of UTC, late in the UTC day:
#: a few hours of the day in a few time zones, so far less likely than the capture day.
AHEAD_COST = math.log(8.0)


def capture_bound(captured: str) -> date:
    """The last day an article captured on `captured` can carry as its date."""
    return date.fromisoformat(captured[:10]) + timedelta(1)


def lag_cost(day: date, captured: str) -> float:
    """-log of the lag prior, up to a constant: 0 on the capture day, log 2 a week before."""
    lag = (date.fromisoformat(captured[:10]) - day).days
    return AHEAD_COST if lag < 0 else math.log1p(lag / LAG_SCALE_DAYS)


def earlier(bound: str | None, captured: str | None) -> str | None:
    """The tighter of a caller's upper bound and the capture bound."""
    days = [d for d in (bound, captured and capture_bound(captured).isoformat()) if d]
    return min(days) if days else None
