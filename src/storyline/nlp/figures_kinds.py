"""What kind of number a phrase is: a story figure (count, money, percent, duration, other) or
a number that only looks like one (age, year, date, time, ordinal, phone).

The order of the tests matters and runs from the most specific shape to the least: a clock
time or month-day date is recognised by its neighbours before anything else, an age by its
"-year-old", a year by its four digits and the lack of a plural noun to count.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from storyline.nlp.doc_cache import entities
from storyline.nlp.figures_numbers import CLOCK_WORDS, MONTHS, WEEKDAYS
from storyline.nlp.figures_spans import Phrase

NON_STORY_KINDS = frozenset({"age", "year", "date", "time", "ordinal", "rank", "phone"})

#: Words before a bare four-digit number that make it a year: "in 2019", "since 2015".
YEAR_CUES = frozenset({
    "in", "since", "from", "until", "till", "by", "before", "after", "during", "early", "late",
    "mid", "throughout", "between",
})  # fmt: skip
AGE_CUES = frozenset({"aged", "age", "ages"})
TIME_UNITS = {
    "second": "second", "minute": "minute", "min": "minute", "hour": "hour", "hr": "hour",
    "day": "day", "night": "night", "week": "week", "month": "month", "year": "year",
    "decade": "decade", "century": "century",
}  # fmt: skip
#: Units of measure (lemma → unit name); a number counting one of these is kind "other".
MEASURES = {
    "mile": "mile", "km": "kilometre", "kilometre": "kilometre", "kilometer": "kilometre",
    "metre": "metre", "meter": "metre", "m": "metre", "foot": "foot", "feet": "foot",
    "inch": "inch", "yard": "yard", "ton": "ton", "tonne": "metric ton", "kg": "kilogram",
    "kilogram": "kilogram", "gram": "gram", "g": "gram", "pound": "pound-mass",
    "lb": "pound-mass", "litre": "litre", "liter": "litre", "gallon": "gallon",
    "barrel": "barrel", "acre": "acre", "hectare": "hectare", "degree": "degree",
    "mph": "mile per hour", "kph": "kilometre per hour", "point": "point",
    "calorie": "calorie", "watt": "watt", "kw": "kilowatt", "mw": "megawatt",
    "hp": "horsepower", "gb": "gigabyte", "mm": "millimetre", "cm": "centimetre",
    "bhp": "brake horsepower", "hz": "hertz", "khz": "kilohertz", "mhz": "megahertz",
    "ghz": "gigahertz", "mbps": "megabit per second", "gbps": "gigabit per second",
    "mb": "megabyte", "tb": "terabyte", "mah": "milliampere-hour", "kwh": "kilowatt hour",
    "gwh": "gigawatt hour", "mg": "milligram", "milligram": "milligram", "mi": "mile",
    "ft": "foot", "degf": "fahrenheit", "degc": "celsius", "fahrenheit": "fahrenheit",
    "celsius": "celsius", "m2": "square metre", "km2": "square kilometre",
    "millimetre": "millimetre", "centimetre": "centimetre", "nanometer": "nanometre",
    "nanometre": "nanometre", "gigawatt": "gigawatt", "megawatt": "megawatt",
    "kilowatt": "kilowatt", "horsepower": "horsepower", "gigabyte": "gigabyte",
}  # fmt: skip


def classify(doc: Doc, phrase: Phrase, noun: Token | None) -> tuple[str, str | None]:
    """(kind, unit) of a phrase whose counted noun (if any) is `noun`."""
    for test in (_time, _date, _age, _year):
        found = test(doc, phrase, noun)
        if found is not None:
            return found
    if phrase.role == "ordinal":
        return "ordinal", None
    if phrase.role == "fraction":
        return "other", "fraction"
    if phrase.percent or doc[phrase.start].ent_type_ == "PERCENT":
        return "percent", "percentage"
    if phrase.currency:
        return "money", phrase.currency
    return _by_noun(phrase, noun)


def _by_noun(phrase: Phrase, noun: Token | None) -> tuple[str, str | None]:
    suffix = phrase.suffix.lower()
    if suffix in MEASURES or suffix in TIME_UNITS:
        unit = MEASURES.get(suffix) or TIME_UNITS[suffix]
        return ("duration" if suffix in TIME_UNITS else "other"), unit
    if noun is None:
        return "count", None
    lemma = noun.lemma_.lower()
    if lemma in TIME_UNITS:
        return "duration", TIME_UNITS[lemma]
    if lemma in MEASURES or noun.ent_type_ == "QUANTITY":
        return "other", MEASURES.get(lemma, lemma)
    return "count", None


def _time(doc: Doc, phrase: Phrase, noun: Token | None) -> tuple[str, str | None] | None:
    after = doc[phrase.end].lower_ if phrase.end < len(doc) else ""
    if phrase.role == "clock" or phrase.suffix.lower() in CLOCK_WORDS or after in CLOCK_WORDS:
        return "time", None
    return None


def _date(doc: Doc, phrase: Phrase, noun: Token | None) -> tuple[str, str | None] | None:
    """ "October 7", "7 October", "Oct. 7, 2023", "the 24th of November"."""
    if phrase.currency or phrase.percent or phrase.amount.qualifier not in ("exact", "range"):
        return None
    neighbours = _near_words(doc, phrase.start, phrase.end)
    if neighbours & MONTHS or _after_month_day(doc, phrase.start):
        return "date", None
    ent = _entity(doc, phrase.start)
    if ent is not None and ent.label_ == "DATE":
        words = {t.lower_ for t in ent}
        if words & (MONTHS | WEEKDAYS):
            return "date", None
    return None


def _near_words(doc: Doc, start: int, end: int) -> set[str]:
    """Lower-cased words next to the number, looking past "of the" ("7th of October"). Not past
    commas: in "on 9 May, 49.52 Hz" the month belongs to the 9; "October 7, 2023" is one DATE
    entity and is recognised as such."""
    words: set[str] = set()
    for step, edge in ((-1, start - 1), (1, end)):
        i = edge
        while 0 <= i < len(doc) and abs(i - edge) < 4:
            words.add(doc[i].lower_)
            if doc[i].lower_ not in ("of", "the"):
                break
            i += step
    return words


def _after_month_day(doc: Doc, i: int) -> bool:
    """The year of "Jan 22, 2024", even when the entity recognizer missed the date."""
    if i < 3 or doc[i - 1].text != ",":
        return False
    return doc[i - 2].like_num and doc[i - 3].lower_ in MONTHS


def _entity(doc: Doc, i: int) -> Span | None:
    for ent in entities(doc):
        if ent.start <= i < ent.end:
            return ent
    return None


def _age(doc: Doc, phrase: Phrase, noun: Token | None) -> tuple[str, str | None] | None:
    if phrase.age_unit:
        return "age", phrase.age_unit
    if phrase.currency or phrase.percent or phrase.role != "number":
        return None
    before = doc[phrase.ev_start - 1] if phrase.ev_start > 0 else None
    if before is not None and before.lower_ in AGE_CUES:
        return "age", "year"
    return ("age", "year") if _is_apposed_age(doc, phrase) else None


def _is_apposed_age(doc: Doc, phrase: Phrase) -> bool:
    """ "Maddon, 66, has ...": a small whole number between commas straight after a name."""
    value = phrase.amount.value
    if value is None or not (1 <= value <= 120) or value != int(value) or phrase.start < 2:
        return False
    after = doc[phrase.end].text if phrase.end < len(doc) else ""
    name = doc[phrase.start - 2]
    is_name = name.ent_type_ == "PERSON" or (name.pos_ == "PROPN" and name.ent_type_ != "GPE")
    return doc[phrase.start - 1].text == "," and after in (",", ")", ".") and is_name


def _year(doc: Doc, phrase: Phrase, noun: Token | None) -> tuple[str, str | None] | None:
    """ "in 2019", "the 2023 attack", "the 1990s"; but "2000 people" is a count."""
    text = doc[phrase.start].text
    digits = text.rstrip("s")
    if not (len(digits) == 4 and digits.isdigit()):
        return None
    ent = _entity(doc, phrase.start)
    is_date_ent = ent is not None and ent.label_ == "DATE"
    # Outside a DATE entity only 1900-2100 reads as a year: "the 1000 hp barrier" is a count.
    if not (1900 <= int(digits) <= 2100 or (is_date_ent and 1000 <= int(digits) <= 2100)):
        return None
    if phrase.currency or phrase.percent or phrase.amount.qualifier not in ("exact", "range"):
        return None
    if text.endswith("s") or (noun is not None and noun.tag_ in ("NNS", "NNPS")):
        return ("year", "decade") if text.endswith("s") else None
    before = doc[phrase.start - 1].lower_ if phrase.start > 0 else ""
    return ("year", None) if before in YEAR_CUES or is_date_ent or noun is not None else None
