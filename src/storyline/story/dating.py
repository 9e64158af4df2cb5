"""Dating an undated article from its content (issue 6, part 5): pure logic over plain dicts.

`infer_date(timexes, events, known_events)` scores every candidate day D for the article's
date by how likely the article's time expressions are if it was written on D:

* each expression means a span of days: fixed for an absolute date ("October 7, 2023") or a
  relative one already anchored on a named date, or resolved at D from its recipe
  (`Timex.relative`, e.g. "on Friday" in a past clause = "weekday:-1:FRI");
* news mentions mostly what happened in the last days, sometimes older background, seldom
  the future: each span is scored by the probability of its offsets from D under the
  mixtures in `dating_model` (one per kind of mention: a date, a month, a weekday, an event
  named). A full date mentioned is thus nearly a lower bound, and D is drawn close after the
  latest thing mentioned; a dateline month-day ("DOHA, Jan 15") is nearly always the day
  itself; the past weekdays named are scored together (the latest is mostly the day itself);
  a month-day or weekday keeps MISREAD_TENSE of its mass on the other side of D (the parser
  misreads tense); a weekday written with a month-day ("Tuesday, March 12") selects the years
  where they agree, and a weekday that lands on a full date named is likely that date;
* the running counts quoted ("more than 40,000 killed") are read on the curve of the dated
  articles' readings (`dating_counts`): D is where the count had the value quoted;
* an undated mention of an event that dated articles know (same type, shared actors) is a
  mention of one of the days they give it, with the match's weight;
* an event of the article whose relative date ("the truce began on Friday") dates an event
  that dated articles place on a day (truce_start on 2023-11-24) adds log((1-m)/m) when the
  recipe resolved at D lands on that day (m = KNOWN_MISS, the chance of a wrong match).

The days scored are the story's span (the dated articles' dates, with a prior that drops
outside it) and those near any fixed span or known event date. The best day is the date;
p(D) ~ exp(-cost(D)/TEMPERATURE) over the days gives the confidence (the mass within a day of
it) and the window (the shortest run of days around it holding WINDOW_MASS of the mass).
An undated near-duplicate of a dated article takes its date (`copy_date`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from storyline.nlp.timex_resolve import RelativeError, resolve
from storyline.story import dating_capture as capture
from storyline.story.dating_clues import (
    Clue,
    KnownEvent,
    clues,
    dates_known,
    distinct,
    event_clues,
    event_mentions,
    known_events,
)
from storyline.story.dating_counts import (
    KnownCount,
    count_costs,
    count_windows,
    known_counts,
)
from storyline.story.dating_evidence import explain, role_lines
from storyline.story.dating_model import (
    DATED,
    dated_mass,
    event_mass,
    past_weekdays_cost,
    span_cost,
    weekday_mass,
)
from storyline.story.dating_roles import RoleSpans, role_cost

__all__ = [
    "DateGuess", "KnownCount", "KnownEvent", "copy_date", "infer_date", "known_counts",
    "known_events", "resolve_timexes",
]  # fmt: skip

KNOWN_MISS = 0.05
MISREAD_TENSE = 0.15
#: The clues of one article are not independent, but the mixtures above are already wide: at
#: 0.7 the mass within a day of the guess matches the share of guesses right within a day
#: (0.22 against 0.22 on the demo corpus and the MEANTIME topics tuned on; 1.5 gave 0.12).
TEMPERATURE = 0.7
WINDOW_MASS = 0.9
MAX_CONFIDENCE = 0.99  # the content never makes a date certain (a misread, a stale copy)
#: Candidate days: this far before and after each fixed span, and after a known event's day,
#: and the story's span (the dated articles' dates) widened by SPAN_MARGIN on each side.
BEFORE, AFTER, AFTER_EVENT, SPAN_MARGIN = 7, 45, 14, 30
MAX_DAYS = 6000
FINE_DAYS = 31
OUTSIDE_COST = 3.0
FULL_SPAN_DOCS = 10
BACKGROUND_AFTER = 30
#: A relative expression that lands on the story's origin ("last Saturday" read back to the
#: day of the attack) is a usual reference, neither free nor unlikely: about 1 in 7.
ORIGIN_COST = 2.0
#: A weekday that lands, read from a candidate day, on a full date the article names ("on
#: Sunday" and "7/8/07") most likely names the same day: by chance about 1 in 7.
SAME_DAY_BONUS = math.log(4.0)
#: "Tuesday, March 15" read in a year where March 15 is no Tuesday: a typo at most.
WEEKDAY_MISMATCH = math.log(20.0)


@dataclass(frozen=True)
class DateGuess:
    """An inferred publication date with the window it lies in and how sure we are."""

    date: str | None
    window_start: str | None
    window_end: str | None
    confidence: float  # posterior mass within a day of `date`
    evidence: list[str] = field(default_factory=list)
    published_source: str = "content"

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "window": [self.window_start, self.window_end],
            "window_start": self.window_start,
            "window_end": self.window_end,
            "confidence": self.confidence,
            "clues": list(self.evidence),
            "evidence": list(self.evidence),  # the same lines, under the older name
            "published_source": self.published_source,
        }


NO_GUESS_REASON = "no dated expression, relative expression or known event to go by"


# Each keyword is its own kind of evidence, optional and independent of the others: grouping
# them in an object would only move the list.
def infer_date(timexes: list[dict[str, Any]], events: list[dict[str, Any]],  # noqa: PLR0913
               known_events: list[KnownEvent], *, figures: list[dict[str, Any]] | None = None,
               known_counts: list[KnownCount] | None = None, not_before: str | None = None,
               not_after: str | None = None, captured: str | None = None,
               roles: list[RoleSpans] | None = None) -> DateGuess:  # fmt: skip
    """The most likely date of a document from its timexes and events (dicts as the store
    returns them, analysed without a date) and events known from dated documents; with its
    figures and the running counts of dated documents (`dating_counts.known_counts`), also
    from where its death toll or hostage count fits among theirs. `not_before` and `not_after`
    (YYYY-MM-DD) bound the days considered; `captured`, the day a crawl or fetch took the page,
    bounds them too and draws the date weakly towards it (`dating_capture`); `roles`, the
    offices the document gives actors whose terms the pack knows (`dating_roles`)."""
    not_after = capture.earlier(not_after, captured)
    background = background_days(known_events)
    found = distinct(event_clues(clues(timexes), events, known_events))
    found += event_mentions(events, known_events)
    found = [c for c in found if not (c.event_days and set(c.event_days) <= background)]
    found = [c for c in found if not _names_origin(c, background)]
    windows = count_windows(figures or [], known_counts or [])
    span = story_span(known_events)
    roles = roles or []
    days = bounded(candidate_days(found, span, roles), not_before, not_after)
    if not days or not (found or windows or any(r.short_spans() for r in roles)):
        return DateGuess(None, None, None, 0.0, [NO_GUESS_REASON])
    length = len(days)
    counted = count_costs(windows, days)
    dated = _dated_docs(known_events)
    costs = {
        day: cost(found, day, length, background)
        + outside_cost(span, day, dated)
        + counted[day]
        + (capture.lag_cost(day, captured) if captured else 0.0)
        + role_cost(roles, day)
        for day in days
    }
    best = min(days, key=lambda d: (costs[d], d))
    probs = posterior(costs)
    start, end = window(days, probs, best)
    near = sum(p for d, p in probs.items() if abs((d - best).days) <= 1)
    evidence = explain(found, windows, best) + role_lines(roles, best)
    evidence += _bound_lines(not_before, not_after, captured)
    return DateGuess(best.isoformat(), start.isoformat(), end.isoformat(), round(min(near, MAX_CONFIDENCE), 3),
                     evidence)  # fmt: skip


COPY_CONFIDENCE = 0.9


def _bound_lines(not_before: str | None, not_after: str | None, captured: str | None) -> list[str]:
    lines = [f"captured on {captured[:10]}: written by {not_after}"] if captured else []
    if not_after and not captured:
        lines.append(f"not after {not_after}, a bound given")
    return lines + ([f"not before {not_before}, a bound given"] if not_before else [])


def copy_date(stated: str) -> DateGuess:
    """The date of an undated document whose near-duplicate states one: copies run the same
    day or the next, so the window takes in the next day."""
    day = date.fromisoformat(stated[:10])
    return DateGuess(day.isoformat(), day.isoformat(), (day + timedelta(1)).isoformat(),
                     COPY_CONFIDENCE, [f"a copy of the same text states {day}"])  # fmt: skip


def resolve_timexes(timexes: list[dict[str, Any]], doc_date: str) -> list[dict[str, Any]]:
    """Copies of timex dicts with each unresolved relative value resolved against the
    (inferred) document date. Re-running the time component with the date is more faithful
    (anaphoric expressions lean on the date named last); this is the cheap equivalent."""
    out = []
    for timex in timexes:
        if timex.get("value") is None and timex.get("relative"):
            try:
                value = resolve(str(timex["relative"]), doc_date)
            except RelativeError:
                out.append(dict(timex))
                continue
            timex = {**timex, "value": value, "anchor": doc_date}
        out.append(dict(timex))
    return out


# --- candidates and scores -------------------------------------------------------------------


def background_days(known: list[KnownEvent]) -> set[date]:
    """Days that dated articles still name BACKGROUND_AFTER days or more later: the story's
    origin ("October 7"), named in every article, dates none of them."""
    out = set()
    for event in known:
        if (
            event.published
            and (date.fromisoformat(event.published[:10]) - date.fromisoformat(event.date)).days
            >= BACKGROUND_AFTER
        ):
            out.add(date.fromisoformat(event.date))
    return out


def _names_origin(clue: Clue, background: set[date]) -> bool:
    """A month-day without a year that is the month-day of the story's origin ("October 7"):
    the origin or its anniversary, either way no news of the article's own days."""
    fields = (clue.relative or "").split(":")
    if fields[0] != "inyear" or len(fields) < 3 or "-" not in fields[2]:
        return False
    return any(f"{day.month:02d}-{day.day:02d}" == fields[2] for day in background)


def story_span(known: list[KnownEvent]) -> tuple[date, date] | None:
    """First and last publication date of the dated articles the known events come from
    (their event dates when none is given: those reach back to 2011 and 2006, the dates of the
    articles do not)."""
    dates = sorted({k.published or k.date for k in known})
    if not dates:
        return None
    return date.fromisoformat(dates[0][:10]), date.fromisoformat(dates[-1][:10])


def candidate_days(found: list[Clue], span: tuple[date, date] | None = None,
                   roles: list[RoleSpans] | None = None) -> list[date]:  # fmt: skip
    """Days in the story's span, near every fixed span, after every known event day a clue
    may date, and in the short terms of offices named ("the president-elect")."""
    days: set[date] = set()
    for first, last in (s for r in roles or [] for s in r.short_spans()):
        _add_range(days, first, last)
    if span is not None:
        _add_range(days, span[0] - timedelta(SPAN_MARGIN), span[1] + timedelta(SPAN_MARGIN))
    fixed = [c.span for c in found if c.span is not None]
    # A month or a year named ("in 2003") is background far more often than news: only when
    # nothing finer is named do such spans bring candidates of their own.
    fine = [s for s in fixed if (s[1] - s[0]).days <= FINE_DAYS] or fixed
    for first, last in fine:
        _add_range(days, first - timedelta(BEFORE), last + timedelta(AFTER))
    for clue in found:
        for known in clue.known:
            day = date.fromisoformat(known.date)
            _add_range(days, day - timedelta(1), day + timedelta(AFTER_EVENT))
    ordered = sorted(days)
    # Keep the latest days when there are too many: a document is dated after what it names.
    return ordered[-MAX_DAYS:]


def bounded(days: list[date], not_before: str | None, not_after: str | None) -> list[date]:
    """The candidate days within the caller's bounds. The month before an upper bound is
    always among them, so that weekdays and month-days have days to be read from even when
    every date the text names is older."""
    if not_after is not None:
        last = date.fromisoformat(not_after[:10])
        extra: set[date] = set(days)
        _add_range(extra, last - timedelta(SPAN_MARGIN), last)
        days = sorted(d for d in extra if d <= last)
    if not_before is not None:
        first = date.fromisoformat(not_before[:10])
        days = [d for d in days if d >= first]
    return days


def _add_range(days: set[date], first: date, last: date) -> None:
    days.update(first + timedelta(n) for n in range((last - first).days + 1))


KNOWN_BONUS = math.log((1 - KNOWN_MISS) / KNOWN_MISS)


def outside_cost(span: tuple[date, date] | None, day: date, dated: int = FULL_SPAN_DOCS) -> float:
    """-log prior: an undated article of a story most likely falls within the span of its
    `dated` articles; outside, the prior drops by OUTSIDE_COST and then with every month. A
    span drawn from a few articles says little of where the story's days lie: with fewer than
    FULL_SPAN_DOCS, the drop is what the rule of succession gives (2 in n + 1 articles fall
    outside the others' span), no more than OUTSIDE_COST, and the monthly slope is as much
    gentler."""
    if span is None:
        return 0.0
    first, last = span[0] - timedelta(SPAN_MARGIN), span[1] + timedelta(SPAN_MARGIN)
    if first <= day <= last:
        return 0.0
    gap = (first - day).days if day < first else (day - last).days
    if dated >= FULL_SPAN_DOCS:
        return OUTSIDE_COST + gap / 30
    step = min(OUTSIDE_COST, math.log((max(dated, 1) + 1) / 2))
    return step + gap / 30 * dated / FULL_SPAN_DOCS


def _dated_docs(known: list[KnownEvent]) -> int:
    return len({k.doc or k.published for k in known})


def event_cost(clue: Clue, day: date, length: int) -> float:
    """-log p of an undated mention of a known event: with the clue's weight it is one of the
    days dated articles give (read as a date mentioned), otherwise anywhere in `length` days."""
    near = sum(event_mass(known, day) for known in clue.event_days)
    return -math.log((1 - clue.weight) / length + clue.weight * near / len(clue.event_days))


def cost(found: list[Clue], day: date, length: int = 365,
         background: frozenset[date] | set[date] = frozenset()) -> float:  # fmt: skip
    """-log likelihood of the clues if the document was written on `day`; a mention of a
    `background` day (the story's origin) counts only through a known event it dates."""
    total = 0.0
    named = {c.span[0] for c in found if c.span and c.span[0] == c.span[1] and not c.relative}
    past: list[int] = []  # days back to each past weekday named: scored together
    for clue in found:
        if clue.event_days:
            total += event_cost(clue, day, length)
            continue
        span = clue.at(day)
        if span is None:
            continue
        if clue.weekday_named is not None and span[0].isoweekday() != clue.weekday_named:
            total += WEEKDAY_MISMATCH
        if clue.relative and span[0] == span[1] and span[0] in background:
            total += ORIGIN_COST
        elif clue.weekday:
            if clue.direction < 0:
                past.append((day - span[1]).days)
            else:
                total += _read_cost(clue, span, day, weekday_mass)
            total -= SAME_DAY_BONUS if span[0] == span[1] and span[0] in named else 0.0
        elif not clue.fixed_offset and not (span[0] == span[1] and span[0] in background):
            total += _dated_cost(clue, span, day)
        if dates_known(clue, span):
            total -= KNOWN_BONUS
    return total + past_weekdays_cost(past)


def _dated_cost(clue: Clue, span: tuple[date, date], day: date) -> float:
    """-log p of a date mentioned (a dateline: the filing day)."""
    if clue.dateline:
        return span_cost(span, day, True, DATED)
    direction = clue.direction

    def mass(s: tuple[date, date], d: date, sign: int = 1) -> float:
        return dated_mass(s, d, direction * sign)

    return _read_cost(clue, span, day, mass)


def _read_cost(clue: Clue, span: tuple[date, date], day: date,
               mass: Callable[..., float]) -> float:  # fmt: skip
    """-log p of a weekday or month-day. It is read in the direction the tense gives, but tense
    is misread often enough ("before his inauguration on Jan. 20" read as past) that the
    other reading keeps MISREAD_TENSE of the mass."""
    other = clue.other_reading(day)
    if other is None:
        return -math.log(mass(span, day))
    return -math.log((1 - MISREAD_TENSE) * mass(span, day) + MISREAD_TENSE * mass(other, day, -1))


def posterior(costs: dict[date, float]) -> dict[date, float]:
    low = min(costs.values())
    weights = {d: math.exp(-(c - low) / TEMPERATURE) for d, c in costs.items()}
    total = sum(weights.values())
    return {d: w / total for d, w in weights.items()}


def window(days: list[date], probs: dict[date, float], best: date) -> tuple[date, date]:
    """The run of candidate days around `best`, grown towards the likelier side, that holds
    WINDOW_MASS of the probability."""
    i = j = days.index(best)
    mass = probs[best]
    while mass < WINDOW_MASS and (i > 0 or j < len(days) - 1):
        left = probs[days[i - 1]] if i > 0 else -1.0
        right = probs[days[j + 1]] if j < len(days) - 1 else -1.0
        if left >= right:
            i -= 1
            mass += left
        else:
            j += 1
            mass += right
    return days[i], days[j]
