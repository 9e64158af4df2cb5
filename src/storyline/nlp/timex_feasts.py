"""Feasts of the Islamic and Hebrew calendars in Gregorian dates: pure functions, no spaCy.

News of the Middle East dates by them as often as by the civil calendar ("a truce before
Ramadan", "the attack on Simchat Torah", "talks stalled over Eid al-Adha"). Their Gregorian
day moves every year, so a table of words is not enough: the Islamic dates follow the Umm
al-Qura calendar (`hijridate`; observed starts differ by a day at most, by country and moon
sighting), the Hebrew ones the fixed Hebrew calendar (`pyluach`), Israel's reckoning where
the diaspora adds a day (Simchat Torah is 22 Tishrei, as on 7 October 2023).
"""

from __future__ import annotations

from datetime import date

#: Islamic feasts: (month, day) of the Hijri year. Ramadan is named by its first day, the
#: usual reference in news ("before the start of Ramadan", "a Ramadan deadline").
HIJRI = {"RAMADAN": (9, 1), "EID_AL_FITR": (10, 1), "EID_AL_ADHA": (12, 10),
         "ISLAMIC_NEW_YEAR": (1, 1)}  # fmt: skip
#: Hebrew feasts: (month, day), months numbered from Nisan as pyluach does (7 = Tishrei,
#: 9 = Kislev, 12 = Adar, the last month of the year, Adar II in a leap year).
HEBREW = {"PASSOVER": (1, 15), "SHAVUOT": (3, 6), "ROSH_HASHANAH": (7, 1),
          "YOM_KIPPUR": (7, 10), "SUKKOT": (7, 15), "SIMCHAT_TORAH": (7, 22),
          "HANUKKAH": (9, 25), "PURIM": (12, 14)}  # fmt: skip
#: The feasts by the words news writes them with (lower case).
FEAST_WORDS = {
    "ramadan": "RAMADAN", "ramadhan": "RAMADAN", "ramzan": "RAMADAN",
    "eid al-fitr": "EID_AL_FITR", "eid ul-fitr": "EID_AL_FITR", "eid el-fitr": "EID_AL_FITR",
    "eid al-adha": "EID_AL_ADHA", "eid ul-adha": "EID_AL_ADHA", "eid el-adha": "EID_AL_ADHA",
    "passover": "PASSOVER", "pesach": "PASSOVER", "shavuot": "SHAVUOT",
    "rosh hashanah": "ROSH_HASHANAH", "rosh hashana": "ROSH_HASHANAH",
    "yom kippur": "YOM_KIPPUR", "sukkot": "SUKKOT", "simchat torah": "SIMCHAT_TORAH",
    "simhat torah": "SIMCHAT_TORAH", "hanukkah": "HANUKKAH", "chanukah": "HANUKKAH",
    "purim": "PURIM",
}  # fmt: skip
_HIJRI_YEARS = (1343, 1500)  # the Umm al-Qura tables: 1924 to 2077


def is_feast(name: str) -> bool:
    return name in HIJRI or name in HEBREW


def feast_dates(name: str, year: int) -> list[date]:
    """The Gregorian days of a feast in a Gregorian year: one, or two for an Islamic feast in
    the years its 354-day calendar laps the civil one, none outside the calendar's tables."""
    if name in HIJRI:
        return _hijri(name, year)
    return _hebrew(name, year)


def _hijri(name: str, year: int) -> list[date]:
    from hijridate import Hijri

    month, day = HIJRI[name]
    # 33 Hijri years take about 32 Gregorian ones; from one year before the estimate to two
    # after, every Hijri year with a day in `year` is among them
    first = (year - 622) * 33 // 32 - 1
    out = []
    for hijri_year in range(first, first + 4):
        if _HIJRI_YEARS[0] <= hijri_year <= _HIJRI_YEARS[1]:
            found = Hijri(hijri_year, month, day).to_gregorian()
            if found.year == year:
                out.append(date(found.year, found.month, found.day))
    return out


def _hebrew(name: str, year: int) -> list[date]:
    from pyluach.dates import HebrewDate
    from pyluach.hebrewcal import Year

    month, day = HEBREW[name]
    out = []
    for hebrew_year in (year + 3760, year + 3761):
        nth = 13 if month == 12 and Year(hebrew_year).leap else month  # Purim in Adar II
        found = HebrewDate(hebrew_year, nth, day).to_pydate()
        if found.year == year:
            out.append(found)
    return sorted(out)
