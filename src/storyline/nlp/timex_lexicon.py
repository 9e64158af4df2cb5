"""Words of time for `storyline_time`: names, numbers and units, and the regex pieces made of them.

Every table maps a lower-case word to what it stands for; the `RX_*` strings are alternations
(longest first, so "sept." wins over "sep") used to build the grammar in `timex_grammar.py`.
English only: a second language would bring its own lexicon module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sept", "sep"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

#: Month names that are also ordinary words; they count as months only when capitalised.
AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar", "jan", "jun", "aug", "sep"})

WEEKDAYS: dict[str, int] = {}  # ISO weekday, Monday = 1
for _number, _names in enumerate(
    (
        ("monday", "mon"),
        ("tuesday", "tue", "tues"),
        ("wednesday", "wed"),
        ("thursday", "thu", "thur", "thurs"),
        ("friday", "fri"),
        ("saturday", "sat"),
        ("sunday", "sun"),
    ),
    start=1,
):
    for _name in _names:
        WEEKDAYS[_name] = _number

WEEKDAY_CODES = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")

SEASONS = {
    "spring": "SP",
    "summer": "SU",
    "fall": "FA",
    "autumn": "FA",
    "winter": "WI",
    "summertime": "SU",
    "wintertime": "WI",
}

#: Parts of the day and their TIMEX3 codes.
DAY_PARTS = {
    "morning": "MO",
    "mornings": "MO",
    "afternoon": "AF",
    "afternoons": "AF",
    "evening": "EV",
    "evenings": "EV",
    "night": "NI",
    "nights": "NI",
    "overnight": "NI",
    "midday": "MI",
    "daytime": "DT",
}

#: Units -> their ISO 8601 duration letter. Weekend, fortnight, decade, century and millennium
#: are first rescaled to days, weeks or years (`timex_rules_amounts.SCALE`).
UNITS = {
    "second": "S",
    "minute": "M",
    "hour": "H",
    "day": "D",
    "night": "D",
    "week": "W",
    "weekend": "WE",
    "fortnight": "W2",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "decade": "DE",
    "century": "CE",
    "millennium": "ML",
}

#: Plurals of the units (irregular ones spelled out).
UNIT_PLURALS = {f"{u}s": u for u in UNITS if not u.endswith("y")} | {
    "centuries": "century",
    "millennia": "millennium",
    "days": "day",
    "years": "year",
}

#: Unit -> the granularity of a date counted in it ("three days ago" is a day, "six weeks ago"
#: a week).
GRANULARITY = {
    "second": "time",
    "minute": "time",
    "hour": "time",
    "day": "day",
    "night": "day",
    "weekend": "week",
    "week": "week",
    "fortnight": "week",
    "month": "month",
    "quarter": "quarter",
    "year": "year",
    "decade": "decade",
    "century": "century",
    "millennium": "millennium",
}

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip

#: Modifiers in front of an expression -> TIMEX3 mod.
MODS = {
    "early": "START", "earlier": "START", "the beginning of": "START", "the start of": "START",
    "beginning of": "START", "start of": "START", "the dawn of": "START",
    "late": "END", "later": "END", "the end of": "END", "end of": "END", "the close of": "END",
    "mid": "MID", "the middle of": "MID", "middle of": "MID", "the mid": "MID",
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN",
    "more than": "MORE_THAN", "over": "MORE_THAN", "less than": "LESS_THAN",
    "under": "LESS_THAN", "at least": "EQUAL_OR_MORE", "at most": "EQUAL_OR_LESS",
    "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS", "no less than": "EQUAL_OR_MORE",
    "fewer than": "LESS_THAN",
}  # fmt: skip

#: Vague references that need no anchor.
REFERENCES = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "at present": "PRESENT_REF",
    "presently": "PRESENT_REF", "the present": "PRESENT_REF",
    "recently": "PAST_REF", "more recently": "PAST_REF", "most recently": "PAST_REF",
    "the past": "PAST_REF", "lately": "PAST_REF",
    "the future": "FUTURE_REF", "the near future": "FUTURE_REF", "the near term": "FUTURE_REF",
    "the foreseeable future": "FUTURE_REF", "the short term": "FUTURE_REF",
    "the long term": "FUTURE_REF", "the coming years": "FUTURE_REF",
    "the days ahead": "FUTURE_REF", "a later date": "FUTURE_REF",
}  # fmt: skip

#: Fixed-date holidays (month, day) and the movable ones we compute (see timex_resolve).
HOLIDAYS_FIXED = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "new year's": (1, 1),
    "valentine's day": (2, 14), "st. patrick's day": (3, 17), "independence day": (7, 4),
    "the fourth of july": (7, 4), "halloween": (10, 31), "veterans day": (11, 11),
    "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25),
    "boxing day": (12, 26), "may day": (5, 1), "bastille day": (7, 14),
}  # fmt: skip
HOLIDAYS_MOVABLE = frozenset(
    {
        "easter", "easter sunday", "good friday", "thanksgiving", "thanksgiving day",
        "memorial day", "labor day", "mother's day", "father's day", "election day",
    }
)  # fmt: skip


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first, with '.' and spaces escaped."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def number_value(text: str) -> float | None:
    """'two' -> 2, 'twenty-five' -> 25, '49' -> 49, '1 1/2' -> 1.5, 'a' -> 1; else None."""
    words = text.lower().replace(",", "").replace("-", " ").split()
    if words[-1:] == ["of"]:  # "a couple of"
        words = words[:-1]
    if len(words) > 1 and words[0] in ("a", "an"):  # "a hundred", "a dozen"
        words = words[1:]
    if words in (["half", "a"], ["half", "an"]):
        return 0.5
    if not words:
        return None
    if len(words) == 2 and "/" in words[1] and words[0].isdigit():
        num, _, den = words[1].partition("/")
        return int(words[0]) + int(num) / int(den) if num.isdigit() and den.isdigit() else None
    total = 0.0
    for word in words:
        part = _word_number(word)
        if part is None:
            return None
        total = total * part if part in (100, 1000) and total else total + part
    return total


def _word_number(word: str) -> float | None:
    if word in ("a", "an", "one", "single"):
        return 1
    if word in ("hundred", "thousand"):
        return 100 if word == "hundred" else 1000
    if word in ("half",):
        return 0.5
    if word in ("couple", "pair"):
        return 2
    if word in ("dozen",):
        return 12
    if re.fullmatch(r"\d+(\.\d+)?", word):
        return float(word)
    return UNITS_WORDS.get(word, TENS_WORDS.get(word))


#: A number written in digits or words ("49", "1.5", "twenty-five", "one hundred").
RX_NUMBER = (
    r"(?:\d{1,3}(?:\.\d+)?(?:\s+\d/\d)?|(?:"
    + alternation(list(TENS_WORDS))
    + r")(?:[-\s](?:"
    + alternation([w for w in UNITS_WORDS if UNITS_WORDS[w] < 10])
    + r"))?|(?:"
    + alternation(list(UNITS_WORDS))
    + r")(?:\s+hundred)?|a\s+hundred|a\s+dozen|a\s+couple\s+of|a\s+couple|couple\s+of|a\s+half|half\s+a|an?)"
)
RX_VAGUE = r"(?:several|a\s+few|few|many|some|a\s+number\s+of|numerous)"
RX_MONTH = alternation(MONTHS)
RX_WEEKDAY = alternation(WEEKDAYS) + r"|" + alternation(f"{d}." for d in WEEKDAYS if len(d) <= 4)
#: Standalone weekdays: full names, or abbreviations with their dot ("Sun" is a newspaper).
RX_WEEKDAY_FULL = (
    alternation(d for d in WEEKDAYS if len(d) > 5)
    + "|"
    + alternation(f"{d}." for d in WEEKDAYS if len(d) <= 5)
)
RX_SEASON = alternation(SEASONS)
RX_DAY_PART = alternation(DAY_PARTS)
RX_UNITS = alternation(list(UNITS) + list(UNIT_PLURALS))
RX_ORDINAL = alternation(ORDINALS)
RX_DAY_NUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
RX_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
