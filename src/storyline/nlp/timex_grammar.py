"""The rules that find temporal expressions in text and say what they mean (`Reading`).

Each rule is a regex (built from the lexicon's pieces) and a handler that turns its match into a
Reading: an anchor-free TIMEX3 value ("P2W", "1998-10-23", "PRESENT_REF"), or a relative value
in the grammar of `timex_resolve` that needs an anchor. A "?" in a relative value stands for the
direction the clause's tense gives (-1 past, +1 future, 0 present); the component fills it in.
Extents follow the TempEval-3 TIMEX3 conventions seen in TimeBank/AQUAINT: determiners and
"last/next/past" belong to the expression, prepositions do not.
This module holds the machinery and the rules for written dates; `timex_rules_relative`
(this week, last Friday, the third quarter) and `timex_rules_amounts` (durations, sets, clock
times) register theirs into the same `RULES`, in that order (earlier rules win ties).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from storyline.nlp.timex_feasts import FEAST_WORDS
from storyline.nlp.timex_lexicon import (
    DAY_PARTS,
    HOLIDAYS_FIXED,
    HOLIDAYS_MOVABLE,
    MONTHS,
    ORDINALS,
    RX_DAY_NUM,
    RX_DAY_PART,
    RX_MONTH,
    RX_ORDINAL,
    RX_WEEKDAY,
    RX_YEAR,
    WEEKDAY_CODES,
    WEEKDAYS,
    alternation,
)
from storyline.nlp.timex_resolve import holiday_date
from storyline.nlp.timex_scan import Scan, prepare


@dataclass(frozen=True)
class Reading:
    """What one expression means, before the anchor and the tense are known."""

    type: str  # DATE | TIME | DURATION | SET
    value: str | None = None  # anchor-free TIMEX3 value
    relative: str | None = None  # needs an anchor (timex_resolve grammar, "?" = tense)
    granularity: str = "day"
    mod: str | None = None
    # "" = anchor on the document date; "always" = on the last date mentioned before it
    # ("the next day"); "quarter" = on that date only when it is a quarter ("a year ago" in
    # an earnings report means the year-ago quarter).
    anaphoric: str = ""


Handler = Callable[[re.Match[str]], Reading | None]


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern[str]
    handler: Handler
    scan: Scan = Scan()  # how to find its matches fast (timex_scan)


RULES: list[Rule] = []
_LEFT, _RIGHT = r"(?<![\w$])", r"(?![\w])"


def rule(pattern: str) -> Callable[[Handler], Handler]:
    """Register a handler for a pattern (matched case-insensitively, on word boundaries)."""

    def register(handler: Handler) -> Handler:
        regex = re.compile(_LEFT + "(?:" + pattern + ")" + _RIGHT, re.IGNORECASE)
        RULES.append(Rule(handler.__name__, regex, handler, prepare(regex)))
        return handler

    return register


def signed(n: int) -> str:
    """A step in a relative value: "0", "+1", "-2"."""
    return f"{n:+d}" if n else "0"


def word(m: re.Match[str], group: str) -> str:
    """The group's text, lower-cased with inner whitespace collapsed ('' when absent)."""
    text = m.group(group) or ""
    return " ".join(text.lower().split())


def month_number(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def weekday_code(text: str) -> str:
    return WEEKDAY_CODES[WEEKDAYS[text.lower().rstrip(".")] - 1]


def day_number(text: str) -> int:
    digits = re.match(r"\d+", text)
    return int(digits.group()) if digits else ORDINALS[text.lower()]


def year_number(text: str) -> int:
    text = text.strip("'’")
    year = int(text)
    if len(text) == 2:  # '89 -> 1989, '05 -> 2005
        year += 1900 if year > 30 else 2000
    return year


#: Deictic words: "this" = the unit containing the anchor, "last" = the one before, and so on.
DEICTIC = {
    "this": 0, "current": 0, "the current": 0, "this coming": 1, "this past": -1,
    "last": -1, "past": -1, "the past": -1, "previous": -1, "the previous": -1, "the last": -1,
    "next": 1, "coming": 1, "the coming": 1, "the next": 1, "upcoming": 1,
    "the latest": -1, "the most recent": -1, "the full": 0, "the same": 0,
}  # fmt: skip
RX_DEICTIC = alternation(DEICTIC)
RX_MONTH_NAME = r"(?:" + RX_MONTH + r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.)"
RX_MONTH_FULL = (
    r"(?:"
    + alternation(n for n in MONTHS if len(n) > 4 or n in ("may", "june", "july"))
    + r"|(?:jan|feb|mar|apr|aug|sept?|oct|nov|dec)\.)"
)
RX_YEAR_TAIL = r"(?:,?\s+(?:of\s+)?(?P<year>" + RX_YEAR + r"|'\d\d))"
RX_DAY_PART_TAIL = r"(?:\s+(?P<part>" + RX_DAY_PART + r"))"


# --- absolute and month-day dates ------------------------------------------------------------


@rule(
    # "the Oct. 23 bombing", "last Oct. 23": TimeBank leaves the determiner out of the extent
    r"(?:(?P<deictic>the|last|this|next|this\s+coming|this\s+past)\s+)?(?P<x>(?:(?P<wd>"
    + RX_WEEKDAY + r"),?\s+)?(?P<month>" + RX_MONTH_NAME + r")\s+(?P<day>" + RX_DAY_NUM + r")"
    + RX_YEAR_TAIL + r"?" + RX_DAY_PART_TAIL + r"?)"
)  # fmt: skip
def month_day(m: re.Match[str]) -> Reading | None:
    reading = _day_of_month(m, month_number(m.group("month")), day_number(m.group("day")))
    deictic = word(m, "deictic")
    if reading is None or not reading.relative or deictic not in ("last", "next", "this past"):
        return reading
    # "last Oct. 23": the latest Oct. 23 strictly before the anchor
    body, at, suffix = reading.relative.partition("@")
    direction = "+1" if deictic == "next" else "-1"
    relative = body.replace("inyear:?:", f"inyear:{direction}:") + ":strict" + at + suffix
    return replace(reading, relative=relative)


@rule(
    r"(?:(?P<wd>" + RX_WEEKDAY + r"),?\s+)?(?:the\s+)?(?P<day>" + RX_DAY_NUM + r"|" + RX_ORDINAL
    + r")(?:\s+of)?\s+(?P<month>" + RX_MONTH_NAME + r")" + RX_YEAR_TAIL + r"?"
)  # fmt: skip
def day_month(m: re.Match[str]) -> Reading | None:
    return _day_of_month(m, month_number(m.group("month")), day_number(m.group("day")))


def _day_of_month(m: re.Match[str], month: int, day: int) -> Reading | None:
    if not 1 <= day <= 31:
        return None
    part = DAY_PARTS.get(word(m, "part")) if "part" in m.groupdict() else None
    suffix = f"T{part}" if part else ""
    kind = "TIME" if part else "DATE"
    if m.group("year"):
        return Reading(kind, f"{year_number(m.group('year')):04d}-{month:02d}-{day:02d}{suffix}")
    relative = f"inyear:?:{month:02d}-{day:02d}" + (f"@{suffix}" if suffix else "")
    return Reading(kind, relative=relative)


@rule(r"(?P<y>" + RX_YEAR + r")-(?P<mo>[01]\d)-(?P<d>[0-3]\d)")
def iso_date(m: re.Match[str]) -> Reading | None:
    return Reading("DATE", f"{m.group('y')}-{m.group('mo')}-{m.group('d')}")


@rule(r"(?P<mo>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>(?:19|20)?\d\d)")
def us_numeric_date(m: re.Match[str]) -> Reading | None:
    year = year_number(m.group("y")) if len(m.group("y")) == 2 else int(m.group("y"))
    return Reading("DATE", f"{year:04d}-{int(m.group('mo')):02d}-{int(m.group('d')):02d}")


@rule(
    r"(?:(?P<deictic>" + RX_DEICTIC + r")\s+)?(?P<month>" + RX_MONTH_FULL + r")"
    + r"(?:" + RX_YEAR_TAIL + r"|\s+(?P<rel>this|last|next)\s+year)?"
)  # fmt: skip
def month_alone(m: re.Match[str]) -> Reading | None:
    month = month_number(m.group("month"))
    if m.group("year"):
        return Reading(
            "DATE", f"{year_number(m.group('year')):04d}-{month:02d}", granularity="month"
        )
    if m.group("rel"):
        shift = {"this": 0, "last": -1, "next": 1}[word(m, "rel")]
        return Reading("DATE", relative=f"year:{signed(shift)}@-{month:02d}", granularity="month")
    return Reading(
        "DATE", relative=in_year(word(m, "deictic"), f"{month:02d}"), granularity="month"
    )


def in_year(deictic: str, part: str) -> str:
    """'last October' = the latest October over; 'next' the next one; 'this' or none: tense."""
    shift = DEICTIC.get(deictic)
    if shift is None or deictic in ("this", "current", "the current"):
        return f"inyear:?:{part}"
    return f"inyear:{signed(shift)}:{part}:strict"


@rule(r"(?:(?P<fiscal>fiscal(?:\s+year)?|fy|the\s+year|calendar)\s*)?(?P<year>" + RX_YEAR + r")")
def year_alone(m: re.Match[str]) -> Reading | None:
    return Reading("DATE", f"{int(m.group('year')):04d}", granularity="year")


@rule(
    r"(?:the\s+)?(?:(?P<mod>early|mid|late)[-\s]?)?(?:(?P<c>1[5-9]|20)(?P<d>\d)0|'(?P<d2>\d)0)'?s"
)
def decade(m: re.Match[str]) -> Reading | None:
    value = f"{m.group('c')}{m.group('d')}" if m.group("c") else f"19{m.group('d2')}"
    mod = {"early": "START", "mid": "MID", "late": "END"}.get(word(m, "mod"))
    return Reading("DATE", value, granularity="decade", mod=mod)


DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                "seventies": 7, "eighties": 8, "nineties": 9}  # fmt: skip


@rule(r"the\s+(?:(?P<mod>early|mid|late)[-\s]?)?(?P<w>" + alternation(DECADE_WORDS) + r")")
def decade_words(m: re.Match[str]) -> Reading | None:
    mod = {"early": "START", "mid": "MID", "late": "END"}.get(word(m, "mod"))
    return Reading("DATE", f"19{DECADE_WORDS[word(m, 'w')]}", granularity="decade", mod=mod)


@rule(
    r"(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)\s+century|(?:the\s+)?(?P<w>"
    + RX_ORDINAL
    + r")\s+century"
)
def century(m: re.Match[str]) -> Reading | None:
    number = int(m.group("n")) if m.group("n") else ORDINALS[word(m, "w")]
    return Reading("DATE", f"{number - 1:02d}", granularity="century")


_HOLIDAY_NAMES = alternation(list(HOLIDAYS_FIXED) + list(HOLIDAYS_MOVABLE) + list(FEAST_WORDS))


# the names grouped, so that a year may follow any of them ("Easter 2024", "Hanukkah 2024")
@rule("(?:" + _HOLIDAY_NAMES + ")" + RX_YEAR_TAIL + "?")
def holiday(m: re.Match[str]) -> Reading | None:
    name = " ".join(m.group(0).lower().split())
    year = m.group("year")
    name = name[: name.rfind(" ")].rstrip(",").removesuffix(" of") if year else name
    if name in HOLIDAYS_FIXED:
        month, day = HOLIDAYS_FIXED[name]
        if year:
            return Reading("DATE", f"{year_number(year):04d}-{month:02d}-{day:02d}")
        return Reading("DATE", relative=f"inyear:?:{month:02d}-{day:02d}")
    key = name.replace("'s", "s").replace(" sunday", "").replace(" day", "_day").upper()
    key = {"THANKSGIVING_DAY": "THANKSGIVING"}.get(key, key.replace(" ", "_"))
    key = FEAST_WORDS.get(name, key)
    if year:
        try:
            return Reading("DATE", holiday_date(key, year_number(year)).isoformat())
        except ValueError:
            return None  # a feast outside its calendar's tables
    return Reading("DATE", relative=f"holiday:?:{key}")


SPELLED_TENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
                "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                "seventy": 70, "eighty": 80, "ninety": 90}  # fmt: skip
SPELLED_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9}  # fmt: skip


@rule(
    r"(?:the\s+year\s+)?(?:(?P<c>nineteen|eighteen|twenty)[\s-]+(?P<t>"
    + alternation(SPELLED_TENS) + r")(?:[\s-]+(?P<u>" + alternation(SPELLED_UNITS) + r"))?"
    r"|two\s+thousand(?:\s+(?:and\s+)?(?P<u2>" + alternation(SPELLED_UNITS) + r"))?)"
)  # fmt: skip
def spelled_year(m: re.Match[str]) -> Reading | None:
    """Transcripts write years out: "nineteen ninety-six", "the year two thousand"."""
    if m.group("c"):
        century = {"eighteen": 18, "nineteen": 19, "twenty": 20}[word(m, "c")]
        year = century * 100 + SPELLED_TENS[word(m, "t")] + SPELLED_UNITS.get(word(m, "u"), 0)
    else:
        year = 2000 + SPELLED_UNITS.get(word(m, "u2"), 0)
    return Reading("DATE", f"{year:04d}", granularity="year")
