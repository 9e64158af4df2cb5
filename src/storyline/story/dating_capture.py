"""What the day a page was captured (a crawl's WARC-Date, a fetch, news-please's
date_download) tells `dating.infer_date` about an undated article: an upper bound, and a weak
pull towards it.

The bound is the capture day plus one: captures are stamped in UTC, and a date written east of
it may be a day ahead. The pull is a prior on the lag between publication and capture: news
crawls mostly take a page within days, archives years later, so the prior is heavy-tailed,
p(lag) ~ 1 / (1 + lag / LAG_SCALE_DAYS), and a few clues in the text outweigh it. It is an
assumption, not a measured distribution (no data here pairs publication with capture dates);
`benchmarks/dating.py --capture-lags` shows what it gains and costs at each lag: much within
a few days, a loss when pages were captured weeks later. So the collection decides: where its
dated pages were captured a median of more than FRESH_LAG_DAYS after their dates (an archive
crawl), the capture day is used as a bound only.
"""

from __future__ import annotations

import math
import statistics
from datetime import date, timedelta

LAG_SCALE_DAYS = 7.0
#: The day after the capture is allowed for dates written east of UTC, late in the UTC day:
#: a few hours of the day in a few time zones, so far less likely than the capture day.
AHEAD_COST = math.log(8.0)
FRESH_LAG_DAYS = 7
MIN_LAGS = 5  # dated captured pages needed before their lags overrule the default


def typical_lag(pairs: list[tuple[str, str]]) -> float | None:
    """The median days from stated date to capture over (published, captured) pairs of the
    collection's dated pages; None with fewer than MIN_LAGS of them."""
    lags = [(date.fromisoformat(c[:10]) - date.fromisoformat(p[:10])).days for p, c in pairs]
    return float(statistics.median(lags)) if len(lags) >= MIN_LAGS else None


def capture_args(captured: str | None, typical: float | None) -> dict[str, str]:
    """`infer_date` keywords for a page captured on `captured`: the bound and the pull, or the
    bound alone where the collection's pages are captured long after their dates."""
    if captured is None:
        return {}
    if typical is not None and typical > FRESH_LAG_DAYS:
        return {"not_after": capture_bound(captured).isoformat()}
    return {"captured": captured}


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
