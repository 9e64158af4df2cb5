"""Relative time values and their resolution against an anchor date: pure functions, no spaCy.

A relative value says how to compute a TIMEX3 value once the anchor (the document date, or a
date mentioned earlier) is known. Grammar (fields separated by ':'):

    <unit>:<n>                      the calendar unit n steps from the anchor's: "week:0" (this
                                    week), "month:-1" (last month), "year:+1" (next year)
    offset:<unit>:<n>[:<gran>]      the anchor moved n units ("offset:day:-1": the day before,
                                    "offset:week:-6": six weeks ago), written at the unit's
                                    granularity or at <gran> ("offset:year:-1:quarter")
    weekday:<dir>:<DAY>[:strict]    a weekday (MON..SUN) before (-1), after (+1) or nearest (0)
                                    the anchor; the anchor's own day counts unless strict
    inyear:<dir>:<part>[:strict]    a part of a year whose year is not written: "10-07"
                                    (October 7), "10" (October), "Q3", "H1", "SU" (summer);
                                    dir -1 = the latest one begun by the anchor, +1 = the
                                    earliest one not yet over, 0 = the one nearest the anchor
    holiday:<dir>:<NAME>            a movable feast (EASTER, THANKSGIVING, RAMADAN, PASSOVER,
                                    ...; see timex_feasts), dir as above
    weekend:<dir>                   the weekend before, after or nearest the anchor

Any of them may end in "@<suffix>", appended to the resolved value as written: "day:0@TEV" is
this evening, "week:-1@-WE" last weekend, "weekday:-1:FRI@T15:00" Friday at 3 p.m.
Units: day, week, month, quarter, half, year, decade, century.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from storyline.nlp.timex_feasts import feast_dates, is_feast
from storyline.nlp.timex_lexicon import WEEKDAY_CODES

UNIT_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12, "decade": 120, "century": 1200}
#: A past-tense clause may still name next month ("extended the offer to Nov. 9", written on
#: Nov. 2 or Oct. 30): deadlines and schedules; a year-old date would carry "last" or the year.
PAST_SLACK_DAYS = 31
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


class RelativeError(ValueError):
    """The relative value does not follow the grammar above."""


def parse_date(value: str) -> date:
    """The first day of a TIMEX3 date value: '2013-03-22', '2013-W12', '2013-03', '2013-Q1',
    '2013-H2', '2013-SU', '2013', '201' (decade), '20' (century); time parts are dropped."""
    value = value.split("T")[0]
    head, _, tail = value.partition("-")
    if len(head) < 4:
        return date(int(head.ljust(4, "0")), 1, 1)
    year = int(head)
    if not tail:
        return date(year, 1, 1)
    return _part_start(year, tail)


def _part_start(year: int, tail: str) -> date:
    if tail.startswith("W"):
        week = int(tail[1:3])
        return date.fromisocalendar(year, week, 1)
    if tail[0] in "QH":
        months = 3 if tail[0] == "Q" else 6
        return date(year, (int(tail[1]) - 1) * months + 1, 1)
    if tail in SEASON_MONTHS:
        return date(year, SEASON_MONTHS[tail][0], 1)
    month, _, day = tail.partition("-")
    return date(year, int(month), int(day) if day.isdigit() else 1)


def format_date(day: date, granularity: str) -> str:
    """The TIMEX3 value of the unit of this granularity that contains `day`."""
    if granularity == "week":
        iso = day.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    if granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if granularity == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if granularity == "half":
        return f"{day.year:04d}-H{(day.month - 1) // 6 + 1}"
    if granularity == "year":
        return f"{day.year:04d}"
    if granularity == "decade":
        return f"{day.year // 10:03d}"
    if granularity == "century":
        return f"{day.year // 100:02d}"
    return day.isoformat()


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def shift(day: date, unit: str, n: int) -> date:
    """`day` moved n units (days and weeks exactly, longer units by calendar months)."""
    if unit in ("day", "night"):
        return day + timedelta(days=n)
    if unit in ("week", "weekend"):
        return day + timedelta(weeks=n)
    if unit == "fortnight":
        return day + timedelta(weeks=2 * n)
    if unit in UNIT_MONTHS:
        return add_months(day, UNIT_MONTHS[unit] * n)
    if unit in ("hour", "minute", "second"):
        return day  # no clock time in the anchor: stay on the anchor's day
    raise RelativeError(f"unknown unit {unit!r}")


def _granularity(unit: str) -> str:
    return {"night": "day", "weekend": "week", "fortnight": "week"}.get(unit, unit)


def resolve(relative: str, anchor: str) -> str:
    """The TIMEX3 value of a relative value (grammar in the module docstring) at `anchor`
    ("YYYY-MM-DD", or any TIMEX3 date value: its first day is used)."""
    body, _, suffix = relative.partition("@")
    fields = body.split(":")
    day = parse_date(anchor)
    kind = fields[0]
    try:
        if kind == "offset":
            value = _offset(day, fields[1:])
        elif kind == "weekday":
            value = _weekday(day, fields[1:]).isoformat()
        elif kind == "inyear":
            value = _inyear(day, fields[1:])
        elif kind == "weekend":
            value = format_date(_weekday(day, [fields[1], "SAT"]), "week") + "-WE"
        elif kind == "holiday":
            value = _holiday(day, fields[1:]).isoformat()
        else:
            unit = kind
            value = format_date(shift(day, unit, int(fields[1])), _granularity(unit))
    except (IndexError, KeyError, ValueError) as exc:
        raise RelativeError(f"cannot resolve {relative!r}: {exc}") from exc
    return value + suffix


def _offset(day: date, fields: list[str]) -> str:
    unit, n = fields[0], int(fields[1])
    gran = fields[2] if len(fields) > 2 else _granularity(unit)
    if unit in ("hour", "minute", "second"):
        gran = "day"
    return format_date(shift(day, unit, n), gran)


def _weekday(day: date, fields: list[str]) -> date:
    direction, target = int(fields[0]), WEEKDAY_CODES.index(fields[1]) + 1
    strict = len(fields) > 2 and fields[2] == "strict"
    back = (day.isoweekday() - target) % 7
    forward = (target - day.isoweekday()) % 7
    if strict:
        back, forward = back or 7, forward or 7
    if direction < 0 or (direction == 0 and back <= forward):
        return day - timedelta(days=back)
    return day + timedelta(days=forward)


def _span(year: int, part: str) -> tuple[date, date]:
    """First and last day of a part of a year ('10-07', '10', 'Q3', 'H1', 'SU')."""
    if part in SEASON_MONTHS:
        first, last = SEASON_MONTHS[part]
        end = add_months(date(year, 1, 1), last)
        return date(year, first, 1), end - timedelta(days=1)
    if part[0] in "QH":
        size = 3 if part[0] == "Q" else 6
        start = date(year, (int(part[1]) - 1) * size + 1, 1)
        return start, add_months(start, size) - timedelta(days=1)
    month, _, dom = part.partition("-")
    if dom:
        last_day = calendar.monthrange(year, int(month))[1]
        one = date(year, int(month), min(int(dom), last_day))
        return one, one
    start = date(year, int(month), 1)
    return start, add_months(start, 1) - timedelta(days=1)


def _choose_year(
    day: date, direction: int, strict: bool, spans: dict[int, tuple[date, date]]
) -> int:
    years = sorted(spans)
    if direction < 0:
        latest = day + timedelta(days=PAST_SLACK_DAYS)
        ok = [y for y in years if (spans[y][1] < day if strict else spans[y][0] <= latest)]
        return ok[-1] if ok else years[0]
    if direction > 0:
        ok = [y for y in years if (spans[y][0] > day if strict else spans[y][1] >= day)]
        return ok[0] if ok else years[-1]

    def distance(year: int) -> int:
        start, end = spans[year]
        return max((start - day).days, (day - end).days, 0)

    return min(years, key=lambda y: (distance(y), abs(y - day.year)))


def _inyear(day: date, fields: list[str]) -> str:
    direction, part = int(fields[0]), fields[1]
    strict = len(fields) > 2 and fields[2] == "strict"
    # A month-day picks its year by its month: "said on March 25" in a text of March 22 is
    # this March, not last year's (the date is more likely a typo or a plan than a year off).
    by = part.split("-")[0] if "-" in part and not strict else part
    spans = {y: _span(y, by) for y in (day.year - 1, day.year, day.year + 1)}
    year = _choose_year(day, direction, strict, spans)
    if "-" in part:
        return _span(year, part)[0].isoformat()
    return f"{year:04d}-{part}"


def holiday_dates(name: str, year: int) -> list[date]:
    """The days of a movable holiday in a year: one, two for an Islamic feast some years, none
    for a feast outside its calendar's tables."""
    if is_feast(name):
        return feast_dates(name, year)
    return [holiday_date(name, year)]


def holiday_date(name: str, year: int) -> date:
    """The date of a movable holiday in a year (US conventions where they differ); of a feast of
    the Islamic or Hebrew calendar, its first day in the year (ValueError outside the tables)."""
    if is_feast(name):
        feasts = feast_dates(name, year)
        if not feasts:
            raise ValueError(f"no {name} known in {year}")
        return feasts[0]
    if name in ("EASTER", "GOOD_FRIDAY"):
        easter = _easter(year)
        return easter - timedelta(days=2) if name == "GOOD_FRIDAY" else easter
    rules = {  # (month, weekday Monday=0, n-th; -1 = last)
        "THANKSGIVING": (11, 3, 4),
        "MEMORIAL_DAY": (5, 0, -1),
        "LABOR_DAY": (9, 0, 1),
        "MOTHERS_DAY": (5, 6, 2),
        "FATHERS_DAY": (6, 6, 3),
        "ELECTION_DAY": (11, 0, 1),
    }
    month, weekday, nth = rules[name]
    days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month]
    matching = [d for d in days if d.weekday() == weekday]
    found = matching[nth - 1] if nth > 0 else matching[nth]
    # US Election Day is the Tuesday after the first Monday of November.
    return found + timedelta(days=1) if name == "ELECTION_DAY" else found


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, dom = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, dom + 1)


def _holiday(day: date, fields: list[str]) -> date:
    """The holiday's day before (-1, or up to PAST_SLACK_DAYS after, as for month-days), after
    (+1) or nearest (0) the anchor."""
    direction, name = int(fields[0]), fields[1]
    days = sorted(
        d for year in range(day.year - 1, day.year + 2) for d in holiday_dates(name, year)
    )
    if not days:
        raise RelativeError(f"no {name} known near {day}")
    if direction < 0:
        begun = [d for d in days if d <= day + timedelta(days=PAST_SLACK_DAYS)]
        return begun[-1] if begun else days[0]
    if direction > 0:
        coming = [d for d in days if d >= day]
        return coming[0] if coming else days[-1]
    return min(days, key=lambda d: abs((d - day).days))
