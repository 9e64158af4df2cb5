"""Rules for durations ("49 days", "the past two weeks"), distances from a date ("two years ago",
"a day later"), sets ("every Friday", "daily") and clock times ("3:30 p.m.").

They register into `timex_grammar.RULES` on import. A group named `x` in a pattern marks the
extent when the pattern needs context that is not part of the expression ("$5 *a year*").
"""

from __future__ import annotations

import math
import re

from storyline.nlp.timex_grammar import (
    RX_MONTH_NAME,
    Reading,
    month_number,
    rule,
    signed,
    word,
)
from storyline.nlp.timex_lexicon import (
    DAY_PARTS,
    GRANULARITY,
    RX_DAY_PART,
    RX_NUMBER,
    RX_SEASON,
    RX_UNITS,
    RX_VAGUE,
    RX_WEEKDAY_FULL,
    SEASONS,
    UNIT_PLURALS,
    UNITS,
    WEEKDAYS,
    alternation,
    number_value,
)

TIME_UNITS = frozenset({"second", "minute", "hour"})
#: What a fraction of a unit is written in ("2 1/2 years" = P2Y6M).
LOWER = {"year": ("month", 12), "month": ("day", 30), "week": ("day", 7), "day": ("hour", 24),
         "hour": ("minute", 60), "minute": ("second", 60)}  # fmt: skip
SCALE = {"decade": ("year", 10), "century": ("year", 100), "millennium": ("year", 1000),
         "fortnight": ("week", 2), "weekend": ("day", 2)}  # fmt: skip
PRE_DURATION = (
    r"the\s+(?:past|last|next|first|previous|coming|following|final|latest|same|remaining|"
    r"initial|other)|the|past|last|next|another|an\s+additional|additional|first"
)
ADJ_DURATION = (
    r"more|additional|straight|consecutive|full|long|trading|business|calendar|working|solid|"
    r"further|extra"
)
FROM_NOW = ("ago", "or so ago", "back", "from now", "hence")  # counted from the document date


def unit_of(text: str) -> str:
    text = text.lower()
    return UNIT_PLURALS.get(text, text)


def duration_value(amount: float | None, unit: str) -> str:
    """ISO 8601 duration: (2, 'week') -> 'P2W', (1.5, 'hour') -> 'PT1H30M', None -> 'PXW'."""
    if unit in SCALE:
        base, factor = SCALE[unit]
        if amount is None:
            return (
                "PXDE" if unit == "decade" else "PXCE" if unit == "century" else f"PX{UNITS[base]}"
            )
        amount, unit = amount * factor, base
    prefix = "PT" if unit in TIME_UNITS else "P"
    if amount is None:
        return f"{prefix}X{UNITS[unit]}"
    whole = math.floor(amount)
    rest = amount - whole
    text = f"{prefix}{whole}{UNITS[unit]}" if whole else prefix
    if rest and unit in LOWER:
        lower, factor = LOWER[unit]
        low_prefix = "T" if lower in TIME_UNITS and "T" not in text else ""
        text += f"{low_prefix}{round(rest * factor)}{UNITS[lower]}"
    return text if text not in ("P", "PT") else f"{prefix}X{UNITS[unit]}"


def _amount(m: re.Match[str]) -> float | None:
    """The number of units, None when vague ("several"); 'a year and a half' adds 0.5."""
    text = word(m, "num")
    if not text or re.fullmatch(RX_VAGUE, text):
        return None
    value = number_value(text)
    if value is not None and m.groupdict().get("half"):
        value += 0.5
    return value


# --- durations and distances ---------------------------------------------------------------


@rule(
    r"(?:(?P<pre>" + PRE_DURATION + r")\s+)?(?P<num>" + RX_NUMBER + r"|" + RX_VAGUE + r")"
    r"(?:\s+(?:or\s+(?:so|more)|to\s+" + RX_NUMBER + r"))?\s+(?:(?:" + ADJ_DURATION + r")\s+)?"
    r"(?P<unit>" + RX_UNITS + r")(?P<half>\s+and\s+a\s+half)?"
    r"(?P<post>\s+(?:ago|earlier|later|from\s+now|hence|old|or\s+so\s+ago|ahead|back))?"
)  # fmt: skip
def duration(m: re.Match[str]) -> Reading | None:
    unit = unit_of(m.group("unit"))
    amount = _amount(m)
    post = word(m, "post")
    if post == "old" or unit == "night" and not post and not word(m, "pre"):
        return None  # ages are not timexes; "two nights" (rare) is left to spaCy
    if post in ("", "ahead") or (unit not in ("year", "quarter") and post in ("earlier", "later")):
        # "three days later" measures the gap (TimeBank: a DURATION, "later" outside); but
        # "a year earlier" in an earnings report is the year-ago period, a DATE.
        return Reading("DURATION", duration_value(amount, unit), granularity="none")
    return _distance(amount, unit, post)


def _distance(amount: float | None, unit: str, post: str) -> Reading | None:
    """ "two years ago" (from the document date), "a day later" (from the date last mentioned)."""
    if amount is None:  # "several years ago": some time before now
        return Reading("DATE", "PAST_REF", granularity="none") if post in ("ago", "back") else None
    if amount != int(amount):
        return None
    sign = -1 if post in ("ago", "earlier", "or so ago", "back") else 1
    if unit in SCALE and unit != "weekend":
        base, factor = SCALE[unit]
        amount, unit = amount * factor, base
    relative = f"offset:{unit}:{signed(sign * int(amount))}"
    mod = "APPROX" if "or so" in post else None
    # "a year ago/earlier" in an earnings report is the year-ago quarter (when a quarter was
    # named); other distances count from the document date ("ago") or the date named last.
    anaphoric = "" if post in FROM_NOW else "always"
    if unit in ("year", "quarter"):
        anaphoric = "quarter"
    gran = GRANULARITY.get(unit, "day")
    return Reading("DATE", relative=relative, granularity=gran, mod=mod, anaphoric=anaphoric)


@rule(
    r"(?P<num>\d+(?:\.\d+)?|" + RX_NUMBER + r"|several|multi|half)-(?P<unit>"
    + alternation(UNITS) + r")(?:-(?P<post>long|old|ago|earlier))?"
)  # fmt: skip
def hyphen_duration(m: re.Match[str]) -> Reading | None:
    post = word(m, "post")
    if post == "old":
        return None
    unit = unit_of(m.group("unit"))
    text = word(m, "num")
    amount = None if text in ("several", "multi") else number_value(text)
    if post in ("ago", "earlier"):
        return _distance(amount, unit, post)
    return Reading("DURATION", duration_value(amount, unit), granularity="none")


@rule(
    r"(?:the\s+(?:comparable\s+)?)?(?P<unit>year|month)-(?:ago|earlier)(?:\s+(?P<what>quarter|"
    r"period|nine\s+months|(?P<ord>first|second|third|fourth)\s+quarter))?"
)  # fmt: skip
def year_ago(m: re.Match[str]) -> Reading | None:
    if word(m, "what") == "nine months":
        return Reading("DURATION", "P9M", granularity="none")
    if m.group("ord"):
        n = ("first", "second", "third", "fourth").index(word(m, "ord")) + 1
        return Reading("DATE", relative=f"year:-1@-Q{n}", granularity="quarter")
    relative = f"offset:{word(m, 'unit')}:-1"
    return Reading("DATE", relative=relative, granularity=word(m, "unit"), anaphoric="quarter")


@rule(
    r"the\s+(?:fiscal\s+)?year(?=\s+(?:ended|ending|that\s+ended|to\s+(?:" + RX_MONTH_NAME + r")))"
)
def fiscal_year(m: re.Match[str]) -> Reading | None:
    """ "the year ended Sept. 30" is a twelve-month period, not a calendar year."""
    return Reading("DURATION", "P1Y", granularity="none")


@rule(
    r"(?P<pre>for|within|over|in|from)\s+(?P<the>the\s+)?(?P<x>(?P<unit>decades|years|months|"
    r"weeks|days|hours|minutes|centuries)(?:\s+to\s+come)?)"
)  # fmt: skip
def bare_plural(m: re.Match[str]) -> Reading | None:
    unit = unit_of(m.group("unit"))
    if word(m, "pre") == "in" and not m.group("the"):
        return None  # "in years" is rare; "in the weeks before" is a period
    return Reading("DURATION", duration_value(None, unit), granularity="none")


@rule(
    r"(?:the\s+)?(?P<w>recent|coming|past|next\s+few|last\s+few)\s+(?P<unit>decades|years|"
    r"months|weeks|days|hours|quarters)|the\s+(?P<unit2>weeks|months|years|days)\s+ahead"
)  # fmt: skip
def vague_period(m: re.Match[str]) -> Reading | None:
    unit = unit_of(m.group("unit") or m.group("unit2"))
    return Reading("DURATION", duration_value(None, unit), granularity="none")


# --- sets ----------------------------------------------------------------------------------

SET_ADVERBS = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
    "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W",
    "semiannually": "P6M", "every day": "P1D", "every night": "P1D",
}  # fmt: skip


@rule(alternation(SET_ADVERBS))
def set_adverb(m: re.Match[str]) -> Reading | None:
    return Reading("SET", SET_ADVERBS[" ".join(m.group(0).lower().split())], granularity="none")


@rule(
    r"(?:every|each)\s+(?:(?P<other>other|single)\s+)?(?:(?P<num>" + RX_NUMBER + r")\s+)?"
    r"(?P<unit>" + RX_UNITS + r")"
)  # fmt: skip
def every_unit(m: re.Match[str]) -> Reading | None:
    unit = unit_of(m.group("unit"))
    amount = _amount(m) or 1
    if word(m, "other") == "other":
        amount *= 2
    if unit == "weekend":
        return Reading("SET", "XXXX-WXX-WE", granularity="none")
    return Reading("SET", duration_value(amount, unit), granularity="none")


@rule(
    r"(?:every|each)\s+(?:(?P<wd>" + RX_WEEKDAY_FULL + r")|(?P<month>" + RX_MONTH_NAME + r")|(?P<s>"
    + RX_SEASON + r")|(?P<part>" + RX_DAY_PART + r"))"
    r"|(?P<wd2>" + alternation(f"{d}s" for d in WEEKDAYS if len(d) > 4) + r")(?:\s+(?P<part2>"
    + RX_DAY_PART + r"))?"
    r"|(?P<wd3>" + alternation(d for d in WEEKDAYS if len(d) > 4) + r")\s+(?P<part3>nights|"
    r"mornings|afternoons|evenings)"
)  # fmt: skip
def every_named(m: re.Match[str]) -> Reading | None:
    wd = m.group("wd") or m.group("wd2") or m.group("wd3")
    part = DAY_PARTS.get(word(m, "part") or word(m, "part2") or word(m, "part3"), "")
    if wd:
        name = wd.lower().rstrip(".")
        code = WEEKDAYS[name] if name in WEEKDAYS else WEEKDAYS[name.removesuffix("s")]
        value = f"XXXX-WXX-{code}" + (f"T{part}" if part else "")
        return Reading("SET", value, granularity="none")
    if m.group("month"):
        return Reading("SET", f"XXXX-{month_number(m.group('month')):02d}", granularity="none")
    if m.group("s"):
        return Reading("SET", f"XXXX-{SEASONS[word(m, 's')]}", granularity="none")
    return Reading("SET", f"XXXX-XX-XXT{part}", granularity="none")


@rule(
    r"(?:\d|%|percent|cents?|dollars?|pounds?|euros?|illion|times|twice|once|shares?|units?)"
    r"\s+(?P<x>(?:a|an|per|each)\s+(?P<unit>" + alternation(UNITS) + r"))"
)  # fmt: skip
def per_unit(m: re.Match[str]) -> Reading | None:
    return Reading("SET", duration_value(1, unit_of(m.group("unit"))), granularity="none")


# --- clock times -----------------------------------------------------------------------------

RX_ZONE = r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|BST|CET|local\s+time))"


@rule(
    r"(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>a\.m\.?|p\.m\.?|am|pm)" + RX_ZONE + "?"
    r"|(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)" + RX_ZONE + "?"
    r"|(?P<w>noon|midnight|midday)"
    r"|(?P<h3>[01]?\d)\s+(?:o'clock\s+)?in\s+the\s+(?P<part>morning|afternoon|evening)"
    r"|(?P<h4>[01]?\d)\s+o'clock"
)  # fmt: skip
def clock(m: re.Match[str]) -> Reading | None:
    if m.group("w"):
        hour, minute = (12, 0) if word(m, "w") in ("noon", "midday") else (24, 0)
    else:
        hour = int(m.group("h") or m.group("h2") or m.group("h3") or m.group("h4"))
        minute = int(m.group("mi") or m.group("mi2") or 0)
        if m.group("ap") and not 1 <= hour <= 12:
            return None  # "14 p.m." is not a time
        afternoon = word(m, "ap").startswith("p") or word(m, "part") in ("afternoon", "evening")
        if afternoon and hour < 12:
            hour += 12
        elif word(m, "ap").startswith("a") and hour == 12:
            hour = 0
    # TIMEX3 writes midnight as T24:00 of the day that ends.
    relative = f"offset:day:0@T{hour:02d}:{minute:02d}"
    return Reading("TIME", relative=relative, granularity="time", anaphoric="always")
