"""Rules for dates said relative to another: parts of a year (seasons, quarters), deictic units
("this week", "last month"), weekdays, "yesterday", parts of the day, anaphoric days ("the next
day") and vague references ("now", "recently"). They register into `timex_grammar.RULES`.
"""

from __future__ import annotations

import re

from storyline.nlp.timex_grammar import (
    DEICTIC,
    RX_DAY_PART_TAIL,
    RX_DEICTIC,
    RX_YEAR_TAIL,
    Reading,
    in_year,
    rule,
    signed,
    weekday_code,
    word,
    year_number,
)
from storyline.nlp.timex_lexicon import (
    DAY_PARTS,
    REFERENCES,
    RX_DAY_PART,
    RX_SEASON,
    RX_WEEKDAY_FULL,
    RX_YEAR,
    SEASONS,
    alternation,
)

PART_MODS = {"end": "END", "close": "END", "beginning": "START", "start": "START",
             "middle": "MID", "earlier": "START", "early": "START", "later": "END",
             "late": "END", "rest": None, "balance": None}  # fmt: skip


@rule(
    r"(?:the\s+(?P<part>end|beginning|start|middle|close|rest|balance)\s+of|(?P<rel>earlier|"
    r"later|early|late)\s+in)\s+the\s+(?P<unit>year|month|week|quarter|decade|century)"
    r"|(?:the\s+)?(?P<ye>year[-\s]end|year's\s+end)"
)  # fmt: skip
def part_of_unit(m: re.Match[str]) -> Reading | None:
    """'the end of the year', 'earlier in the month', 'year-end': this unit, with a mod."""
    if m.group("ye"):
        return Reading("DATE", relative="year:0", granularity="year", mod="END")
    unit = word(m, "unit")
    mod = PART_MODS[word(m, "part") or word(m, "rel")]
    return Reading("DATE", relative=f"{unit}:0", granularity=unit, mod=mod)


@rule(r"(?:of|in|for)\s+(?P<x>the\s+(?:current\s+)?year)(?!\s+(?:ended|ending|to|before|after))")
def of_the_year(m: re.Match[str]) -> Reading | None:
    """ "the first nine months of the year": the year being reported on."""
    return Reading("DATE", relative="year:0", granularity="year")


# --- seasons, quarters, halves ---------------------------------------------------------------


@rule(
    r"(?:(?P<deictic>" + RX_DEICTIC + r"|the)\s+)?(?:(?P<mod>early|late|mid)[-\s]?)?(?P<s>"
    + RX_SEASON + r")(?:" + RX_YEAR_TAIL + r")?"
)  # fmt: skip
def season(m: re.Match[str]) -> Reading | None:
    code = SEASONS[word(m, "s")]
    mod = {"early": "START", "mid": "MID", "late": "END"}.get(word(m, "mod"))
    if m.group("year"):
        value = f"{year_number(m.group('year')):04d}-{code}"
        return Reading("DATE", value, granularity="season", mod=mod)
    deictic = word(m, "deictic")
    relative = in_year("" if deictic == "the" else deictic, code)
    return Reading("DATE", relative=relative, granularity="season", mod=mod)


QUARTER_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
                    "fourth": 4, "4th": 4, "final": 4, "last": 4}  # fmt: skip
RX_Q_ORD = alternation(QUARTER_ORDINALS)


@rule(
    # no determiner before the adjective: "the [third-quarter] profit"
    r"(?:(?P<det>the|this\s+year's|last\s+year's|next\s+year's|(?P<y1>" + RX_YEAR + r")'s)"
    r"\s+(?!(?:fiscal[-\s]+)?(?:" + RX_Q_ORD + r")-))?"
    r"(?:(?P<y2>" + RX_YEAR + r")\s+)?(?:fiscal[-\s]+)?(?P<ord>" + RX_Q_ORD + r")[-\s]+"
    r"(?:fiscal\s+)?(?P<unit>quarter|half|period)s?"
    r"(?:\s+of\s+(?:fiscal\s+)?(?P<y3>" + RX_YEAR + r"))?"
)  # fmt: skip
def quarter(m: re.Match[str]) -> Reading | None:
    unit = word(m, "unit")
    n = QUARTER_ORDINALS[word(m, "ord")]
    if unit == "half" and word(m, "ord") in ("last", "final"):
        n = 2
    if unit == "period" or (unit == "half" and n > 2):
        return None
    part = f"{'Q' if unit == 'quarter' else 'H'}{n}"
    gran = "quarter" if unit == "quarter" else "half"
    year = m.group("y1") or m.group("y2") or m.group("y3")
    if year:
        return Reading("DATE", f"{year}-{part}", granularity=gran)
    det = word(m, "det")
    if det.endswith("year's"):
        shift = {"this": 0, "last": -1, "next": 1}[det.split()[0]]
        return Reading("DATE", relative=f"year:{signed(shift)}@-{part}", granularity=gran)
    return Reading("DATE", relative=f"inyear:~:{part}", granularity=gran)


# --- deictic units: this week, last month, next year ----------------------------------------

DEICTIC_UNITS = ("week", "month", "year", "quarter", "decade", "century", "weekend", "period")


@rule(
    r"(?P<deictic>" + RX_DEICTIC + r"|the\s+following|that|the)\s+(?:(?:fiscal|calendar)\s+)?"
    r"(?P<unit>" + alternation(DEICTIC_UNITS) + r")"
)  # fmt: skip
def deictic_unit(m: re.Match[str]) -> Reading | None:
    deictic, unit = word(m, "deictic"), word(m, "unit")
    if unit == "period":  # in earnings reports "the latest period" is the quarter reported
        if deictic not in ("the latest", "the most recent", "the same", "that"):
            return None
        unit = "quarter"
    gran = "week" if unit == "weekend" else unit
    suffix = "@-WE" if unit == "weekend" else ""
    if deictic in ("the following", "the same", "that"):
        shift = 1 if deictic == "the following" else 0
        rel = f"{gran}:{signed(shift)}{suffix}"
        return Reading("DATE", relative=rel, granularity=gran, anaphoric="always")
    if deictic == "the":
        return _the_unit(unit)
    shift = DEICTIC[deictic]
    return Reading("DATE", relative=f"{gran}:{signed(shift)}{suffix}", granularity=gran)


def _the_unit(unit: str) -> Reading | None:
    """'the weekend' (tense picks which), 'the week'/'the quarter' (the one being talked about)."""
    if unit == "weekend":
        return Reading("DATE", relative="weekend:?", granularity="week")
    if unit == "week":
        return Reading("DATE", relative="week:0", granularity=unit, anaphoric="always")
    if unit == "quarter":  # in an earnings report: the quarter reported on, just over
        return Reading("DATE", relative="quarter:?", granularity=unit, anaphoric="quarter")
    return None


@rule(
    r"(?:(?P<deictic>" + RX_DEICTIC + r"|the\s+following|the\s+previous|that)\s+)?(?P<wd>"
    + RX_WEEKDAY_FULL + r")" + RX_DAY_PART_TAIL + r"?"
)  # fmt: skip
def weekday(m: re.Match[str]) -> Reading | None:
    code = weekday_code(m.group("wd"))
    deictic = word(m, "deictic")
    part = DAY_PARTS.get(word(m, "part"))
    suffix = f"@T{part}" if part else ""
    kind = "TIME" if part else "DATE"
    if deictic in ("the following", "the previous"):
        direction = "+1" if deictic == "the following" else "-1"
        rel = f"weekday:{direction}:{code}:strict{suffix}"
        return Reading(kind, relative=rel, anaphoric="always")
    if deictic in ("", "this", "that"):
        return Reading(kind, relative=f"weekday:?:{code}{suffix}")
    shift = DEICTIC.get(deictic, 0)
    direction = "+1" if shift > 0 else "-1"
    return Reading(kind, relative=f"weekday:{direction}:{code}:strict{suffix}")


DAY_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1, "tonight": 0}


@rule(
    r"(?:the\s+day\s+(?P<around>before|after)\s+)?(?P<w>today|tomorrow|yesterday|tonight)"
    + RX_DAY_PART_TAIL + r"?"
)  # fmt: skip
def day_word(m: re.Match[str]) -> Reading | None:
    shift = DAY_WORDS[word(m, "w")] + {"before": -1, "after": 1, "": 0}[word(m, "around")]
    part = "NI" if word(m, "w") == "tonight" else DAY_PARTS.get(word(m, "part"))
    if part:
        return Reading("TIME", relative=f"offset:day:{signed(shift)}@T{part}")
    return Reading("DATE", relative=f"offset:day:{signed(shift)}")


@rule(
    r"(?P<d>this|last|tomorrow|yesterday)\s+(?P<part>" + RX_DAY_PART + r")|overnight"
    r"|(?P<mod>early|late|mid-?)\s*(?P<part2>morning|afternoon|evening)(?:\s+(?P<d2>today|"
    r"yesterday|tomorrow))?"
)  # fmt: skip
def day_part(m: re.Match[str]) -> Reading | None:
    deictic = word(m, "d") or word(m, "d2")
    part = DAY_PARTS[word(m, "part") or word(m, "part2") or "overnight"]
    if deictic == "last" and part not in ("NI", "EV"):
        return None
    shift = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1, "today": 0, "": 0}[deictic]
    mod = {"early": "START", "late": "END", "mid": "MID", "mid-": "MID"}.get(word(m, "mod"))
    # Without a day word, "mid-afternoon" is an afternoon of the day being talked about.
    anaphoric = "always" if m.group("mod") and not deictic else ""
    relative = f"offset:day:{signed(shift)}@T{part}"
    return Reading("TIME", relative=relative, granularity="time", mod=mod, anaphoric=anaphoric)


@rule(
    r"the\s+(?P<w>next|following|previous|same)\s+(?P<unit>day|morning|afternoon|evening|night)"
    r"|(?P<that>that)\s+(?P<unit2>morning|afternoon|evening|night)"
    # "the day before" alone is a date; "the day before the vote" ties it to an event.
    r"|the\s+day\s+(?P<around>before|after)(?=\s*(?:[.,;:!?)]|''|$))"
)  # fmt: skip
def anaphoric_day(m: re.Match[str]) -> Reading | None:
    unit = word(m, "unit") or word(m, "unit2") or "day"
    key = word(m, "w") or word(m, "around")
    shift = {"next": 1, "following": 1, "after": 1, "previous": -1, "before": -1}.get(key, 0)
    part = DAY_PARTS.get(unit)
    if part:
        rel = f"offset:day:{signed(shift)}@T{part}"
        return Reading("TIME", relative=rel, anaphoric="always")
    return Reading("DATE", relative=f"offset:day:{signed(shift)}", anaphoric="always")


# --- vague references ----------------------------------------------------------------------


@rule(alternation(REFERENCES))
def reference(m: re.Match[str]) -> Reading | None:
    return Reading("DATE", REFERENCES[" ".join(m.group(0).lower().split())], granularity="none")
