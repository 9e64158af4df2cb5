"""The dated clues a document's content holds, for `dating.infer_date`: pure functions.

A clue is a time expression whose span of days is fixed (an absolute date, or a relative one
already resolved against a date the text names) or depends on the unknown document date (a
relative recipe such as "weekday:-1:FRI"), and, for events, the dates other (dated) articles
give the same event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from storyline.nlp.timex_resolve import RelativeError, parse_date, resolve

#: TIMEX3 date values we can turn into a span of days; decades and centuries are too coarse.
_VALUE = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<week>W\d\d)(?P<we>-WE)?|(?P<part>Q\d|H\d|SP|SU|FA|WI)"
    r"|(?P<month>\d\d)(?:-(?P<day>\d\d))?))?(?:T.*)?$"
)
_UNITS = frozenset({"day", "week", "month", "quarter", "half", "year", "decade", "century"})
_PART_DAYS = {"Q": 92, "H": 183, "S": 92, "F": 92, "W": 92}


@dataclass(frozen=True)
class KnownEvent:
    """An event whose date a dated article gives: the anchor an undated article can lean on."""

    type: str
    date: str  # YYYY-MM-DD
    actors: frozenset[str] = frozenset()
    doc: str | None = None
    published: str | None = None  # the dated article's date: the story's span


@dataclass(frozen=True)
class Clue:
    """One time expression: a fixed span of days, or a recipe resolved per candidate date."""

    text: str
    start: int
    span: tuple[date, date] | None = None
    relative: str | None = None
    known: tuple[KnownEvent, ...] = ()  # known events this expression dates (via its event)
    dateline: bool = False  # "DOHA, Jan 15 (MPA) -": the day the article was filed
    #: an undated mention of a known event: the days dated articles give it, and how much a
    #: match of its type and actors is to be trusted (0 for an expression)
    event_days: tuple[date, ...] = ()
    weight: float = 0.0
    #: the weekday (1 = Monday) written with a month-day ("Tuesday, March 15"): it picks
    #: the years in which that day falls on it
    weekday_named: int | None = None

    @property
    def fixed_offset(self) -> bool:
        """A recipe that lands at the same distance from any date ("yesterday", "last
        month"): it says nothing of the date by itself, only through a known event."""
        head = (self.relative or "").split(":")[0]
        return head == "offset" or head in _UNITS

    @property
    def weekday(self) -> bool:
        """Named by weekday ("on Monday", "at the weekend"): a day of the past or next week."""
        return (self.relative or "").startswith(("weekday:", "weekend:"))

    @property
    def direction(self) -> int:
        """-1 for a month-day, feast or weekday the tense reads as past, +1 as coming, else 0."""
        fields = (self.relative or "").split(":")
        readable = fields[0] in ("inyear", "weekday", "holiday") and len(fields) > 2
        if readable and fields[1] in ("-1", "+1"):
            return int(fields[1])
        return 0

    def other_reading(self, doc_date: date) -> tuple[date, date] | None:
        """A month-day, month or weekday read in the other direction ("Jan. 20" as the coming
        one when the tense made it the last one); None for anything else."""
        if not self.direction:
            return None
        fields = (self.relative or "").split(":")
        fields[1] = "+1" if fields[1] == "-1" else "-1"
        return replace(self, relative=":".join(fields)).at(doc_date)

    def at(self, doc_date: date) -> tuple[date, date] | None:
        """The span of days the expression means if the document was written on `doc_date`."""
        if self.event_days:
            return None
        if self.relative is None:
            return self.span
        try:
            return value_span(resolve(self.relative, doc_date.isoformat()))
        except (RelativeError, ValueError):
            return None


def value_span(value: str | None) -> tuple[date, date] | None:
    """First and last day of a TIMEX3 date value ('2023-11-24', '2023-W47-WE', '2024-03',
    '2024-Q1', '2023'); None for anything else (PRESENT_REF, durations, decades)."""
    match = _VALUE.match(value or "")
    if not match:
        return None
    try:
        first = parse_date(value or "")
    except ValueError:
        return None
    if match["we"]:  # "2023-W47-WE": the Saturday and Sunday of that week
        return first + timedelta(days=5), first + timedelta(days=6)
    return first, first + timedelta(days=_length(match) - 1)


def _length(match: re.Match[str]) -> int:
    """How many days the matched value covers (month lengths exact, parts approximate)."""
    if match["day"]:
        return 1
    if match["week"]:
        return 7
    if match["month"]:
        year, month = int(match["year"]), int(match["month"])
        following = date(year + month // 12, month % 12 + 1, 1)
        return (following - date(year, month, 1)).days
    if match["part"]:
        return _PART_DAYS[match["part"][0]]
    return 366 if int(match["year"]) % 4 == 0 else 365


def clues(timexes: list[dict[str, Any]]) -> list[Clue]:
    """The date and time expressions worth a clue; durations and sets are not dates."""
    found: list[Clue] = []
    for timex in timexes:
        if timex.get("type") not in ("DATE", "TIME"):
            continue
        text, start = str(timex.get("text") or ""), int(timex.get("start") or 0)
        value, relative = timex.get("value"), timex.get("relative")
        if value is None and relative:
            month_day = _is_month_day(str(relative))
            dateline = start <= DATELINE_CHARS and month_day and not found
            named = _weekday_in(text) if month_day else None
            found.append(Clue(text, start, relative=str(relative), dateline=dateline,
                              weekday_named=named))  # fmt: skip
            continue
        if relative and timex.get("anchor"):
            continue  # "that period", "the next day": read from a date the text names, no news
        span = value_span(value)
        if span is not None:
            found.append(Clue(text, start, span=span))
    return found


def distinct(found: list[Clue]) -> list[Clue]:
    """One clue per day named: "Monday" said three times, or "Tuesday" and "Tuesday evening",
    is one piece of evidence, not three. A mention that dates a known event is kept first."""
    out: dict[Any, Clue] = {}
    for clue in sorted(found, key=lambda c: not c.known):
        key: Any = (clue.relative or "").split("@")[0] or clue.span
        if clue.event_days:
            key = ("event", clue.text)
        out.setdefault(key, clue)
    return sorted(out.values(), key=lambda c: c.start)


_WEEKDAY_WORDS = {
    name: n + 1
    for n, names in enumerate(("monday mon", "tuesday tue tues", "wednesday wed",
                               "thursday thu thur thurs", "friday fri", "saturday sat",
                               "sunday sun"))
    for name in names.split()
}  # fmt: skip


def _weekday_in(text: str) -> int | None:
    """The weekday (1 = Monday) a date expression writes out ("Tuesday, March 15")."""
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in _WEEKDAY_WORDS:
            return _WEEKDAY_WORDS[word]
    return None


def _is_month_day(relative: str) -> bool:
    return relative.startswith("inyear:") and "-" in relative.split(":")[2]


# --- events: what dated articles already know ------------------------------------------------

_SLUG = re.compile(r"[^a-z0-9]+")
#: Planned events count: "the truce will begin on Sunday" in a dated article mostly came true;
#: and a claim ("Hamas said the truce began on Sunday") is doubtful as to who, seldom as to when.
_KNOWN_STATUS = ("occurred", "ongoing", "planned", "claimed")
#: Statuses of an undated article's event that may date a known one.
_ASSERTED = ("occurred", "ongoing", "planned", "claimed")
#: A month-day this close to the start of the text is the dateline ("DOHA, Jan 15 (MPA) -").
DATELINE_CHARS = 80


def actor_keys(*names: str | None) -> frozenset[str]:
    """Comparable actor keys: "Hamas, Islamic Jihad" -> {hamas, islamic-jihad}; a leading
    "the" and case and punctuation do not count."""
    keys = set()
    for name in names:
        for part in (name or "").split(","):
            slug = _SLUG.sub("-", part.lower().strip()).strip("-")
            slug = slug.removeprefix("the-")
            if slug:
                keys.add(slug)
    return frozenset(keys)


def known_events(events: list[dict[str, Any]], exclude_docs: frozenset[str] = frozenset()) -> list[KnownEvent]:  # fmt: skip
    """KnownEvents from event dicts (as the store returns them) of dated documents: asserted,
    not negated, dated to the day. Events from `exclude_docs` are left out."""
    known = []
    for event in events:
        if event.get("doc") in exclude_docs or event.get("negated"):
            continue
        if event.get("status", "occurred") not in _KNOWN_STATUS:
            continue
        span = value_span(event.get("date"))
        if span is None or span[0] != span[1]:
            continue
        actors = actor_keys(event.get("actor"), event.get("recipient"))
        published = str(event.get("_published") or "")[:10] or None
        known.append(KnownEvent(str(event["type"]), span[0].isoformat(), actors,
                                event.get("doc"), published))  # fmt: skip
    return known


#: How far a match of an undated event mention is trusted: a pack's own type (lower case:
#: truce_start) with a shared actor, without actors on one side, a PLOVER type with one.
MATCH_WEIGHT = {("pack", True): 0.1, ("pack", False): 0.05, ("plover", True): 0.02}


def match_weight(event: dict[str, Any], known: KnownEvent) -> float:
    """How much an event of an article and a known event look like the same event: 0 unless
    same type, and the same participants where both name any. A pack's own types are
    specific enough alone; a generic PLOVER type (ASSAULT) needs a shared actor."""
    if event.get("type") != known.type:
        return 0.0
    ours = actor_keys(event.get("actor"), event.get("recipient"))
    if ours and known.actors and not ours & known.actors:
        return 0.0
    kind = "pack" if known.type.islower() else "plover"
    return MATCH_WEIGHT.get((kind, bool(ours and known.actors)), 0.0)


def matches(event: dict[str, Any], known: KnownEvent) -> bool:
    return match_weight(event, known) > 0


def event_mentions(events: list[dict[str, Any]], known: list[KnownEvent]) -> list[Clue]:
    """One clue per distinct (type, actors) of the article's asserted events that dated
    articles know: "the latest event mentioned" draws the date to just after it."""
    hits: dict[str, dict[KnownEvent, float]] = {}
    starts: dict[str, int] = {}
    for event in events:
        if event.get("negated") or event.get("status", "occurred") not in _ASSERTED:
            continue
        if event.get("date_text"):
            continue  # dated in the text: `event_clues` reads its date against the known one
        kind = str(event.get("type"))
        for k in known:
            weight = match_weight(event, k)
            if weight > hits.setdefault(kind, {}).get(k, 0.0):
                hits[kind][k] = weight
        starts.setdefault(kind, int((event.get("evidence") or {}).get("start", 0)))
    # One clue per event type: an article retelling the talks in three sentences (with other
    # actors named each time) names one event, not three pieces of evidence.
    out = []
    for kind, found in hits.items():
        if found:
            days = tuple(sorted({date.fromisoformat(k.date) for k in found}))
            out.append(Clue(kind, starts[kind], event_days=days, weight=max(found.values())))
    return out


def event_clues(found: list[Clue], events: list[dict[str, Any]], known: list[KnownEvent]) -> list[Clue]:  # fmt: skip
    """`found` with each relative expression that dates a matching known event carrying it."""
    by_place = {(c.start, c.text): i for i, c in enumerate(found) if c.relative}
    attached: dict[int, set[KnownEvent]] = {}
    for event in events:
        if event.get("negated") or not event.get("date_text") or event.get("date"):
            continue
        if event.get("status", "occurred") not in _ASSERTED:
            continue
        place = _timex_place(event, found)
        index = by_place.get(place) if place else None
        if index is not None:
            attached.setdefault(index, set()).update(k for k in known if matches(event, k))
    out = list(found)
    for index, hits in attached.items():
        if hits:
            ordered = sorted(hits, key=lambda k: (k.date, k.type, k.doc or ""))
            out[index] = replace(found[index], known=tuple(ordered))
    return out


def _timex_place(event: dict[str, Any], found: list[Clue]) -> tuple[int, str] | None:
    """The expression an event's date_text came from: same text, inside the event's sentence."""
    evidence = event.get("evidence") or {}
    start, end = int(evidence.get("start", -1)), int(evidence.get("end", -1))
    for clue in found:
        if clue.text == event.get("date_text") and start <= clue.start < end:
            return clue.start, clue.text
    return None


def dates_known(clue: Clue, span: tuple[date, date]) -> bool:
    """The expression, read at a candidate day, names a day on which a known event happened
    (a week or a month would match a day too easily to count)."""
    if (span[1] - span[0]).days > 1:
        return False
    return any(span[0] <= date.fromisoformat(k.date) <= span[1] for k in clue.known)
