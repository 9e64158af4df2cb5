"""Reading English numbers: digits, number words, scales, vague plurals, fractions and hedges.

Pure functions over lower-cased token texts, so they are testable without a parse. The
component (`figures.py`) decides which tokens form a number phrase; this module says what the
phrase is worth: a value with its low and high bounds and a qualifier.

Conventions (one number stated → `value` is that number; only bounds stated → `value` None):
    "46,500"          value 46500, low = high = 46500, exact
    "more than 1,200" value 1200, low 1200, more_than      "at least 10": low 10, at_least
    "up to 20"        value 20, high 20, up_to              "fewer than 10": high 10, fewer_than
    "about 50"        value 50, no bounds, approx           "nearly 250": value 250, high 250, approx
    "100 to 105"      value None, low 100, high 105, range
    "dozens"          value None, low 24, high 99, approx (two of the unit up to the next power of 10)
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {
    "hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "dozen": 12.0,
}  # fmt: skip
#: Scales written straight after digits: "2.5bn", "$13.6M", "25k".
SUFFIX_SCALES = {
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12,
    "trn": 1e12,
}  # fmt: skip
#: Plural scale words that state only an order of magnitude: "dozens", "tens of thousands".
VAGUE = {
    "dozens": 12.0, "scores": 20.0, "tens": 10.0, "hundreds": 100.0, "thousands": 1e3,
    "millions": 1e6, "billions": 1e9,
}  # fmt: skip
#: Denominators of fraction words: "a third of", "two-thirds", "half".
FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5,
    "fifths": 5, "tenth": 10, "tenths": 10,
}  # fmt: skip
_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
)
ORDINAL_WORDS = {word: n + 1 for n, word in enumerate(_ORDINALS.split(" "))}
MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "jan.", "feb", "feb.", "mar", "mar.", "apr",
    "apr.", "jun", "jun.", "jul", "jul.", "aug", "aug.", "sep", "sep.", "sept", "sept.", "oct",
    "oct.", "nov", "nov.", "dec", "dec.",
})  # fmt: skip
CLOCK_WORDS = frozenset({"am", "pm", "a.m.", "p.m.", "a.m", "p.m", "gmt", "utc", "o'clock"})
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})

CURRENCY_SIGNS = {
    "$": "dollar", "us$": "dollar", "$us": "dollar", "usd": "dollar", "€": "euro",
    "eur": "euro", "£": "pound sterling", "ps": "pound sterling", "₪": "shekel",
    "nis": "shekel", "¥": "japanese yen", "rm": "malaysian ringgit", "a$": "australian dollar",
    "c$": "canadian dollar", "hk$": "hong kong dollar", "rs": "indian rupee", "₹": "indian rupee",
    "aud": "australian dollar", "cad": "canadian dollar", "gbp": "pound sterling",
    "inr": "indian rupee", "nzd": "new zealand dollar", "sgd": "singapore dollar",
    "s$": "singapore dollar", "nz$": "new zealand dollar", "$a": "australian dollar",
}  # fmt: skip
#: Country prefixes written before "$": "US $84 billion".
DOLLAR_PREFIXES = frozenset({"us", "c", "hk", "nz", "s"})

#: Hedges before a number → qualifier. Longest match wins; all lower case.
MODIFIERS: dict[tuple[str, ...], str] = {
    **{(w,): "approx" for w in ("about", "around", "roughly", "approximately", "approx.",
                               "approx", "some", "estimated", "circa", "~", "c.")},
    **{(w,): "nearly" for w in ("nearly", "almost")},
    ("an", "estimated"): "approx", ("close", "to"): "approx", ("as", "many", "as"): "up_to",
    ("more", "than"): "more_than", ("over",): "more_than", ("above",): "more_than",
    ("greater", "than"): "more_than", ("upwards", "of"): "more_than",
    ("in", "excess", "of"): "more_than", ("well", "over"): "more_than",
    ("just", "over"): "more_than", ("exceeding",): "more_than",
    ("at", "least"): "at_least", ("no", "fewer", "than"): "at_least",
    ("no", "less", "than"): "at_least", ("a", "minimum", "of"): "at_least",
    ("up", "to"): "up_to", ("at", "most"): "up_to", ("no", "more", "than"): "up_to",
    ("a", "maximum", "of"): "up_to",
    ("fewer", "than"): "fewer_than", ("less", "than"): "fewer_than", ("under",): "fewer_than",
    ("below",): "fewer_than", ("just", "under"): "fewer_than", ("just", "below"): "fewer_than",
    ("between",): "range",
}  # fmt: skip
#: Hedges after a number: "1,200 or more", "50 or so", "50-plus".
RIGHT_MODIFIERS: dict[tuple[str, ...], str] = {
    ("or", "more"): "at_least", ("and", "more"): "at_least", ("plus",): "at_least",
    ("-", "plus"): "at_least", ("+",): "at_least", ("or", "so"): "approx",
    ("or", "fewer"): "up_to", ("or", "less"): "up_to",
}  # fmt: skip
#: Single-word hedges that are also prepositions ("over four days" is a span of time).
PREPOSITION_HEDGES = frozenset({"over", "under", "about", "around", "above", "below", "some"})

#: What may be glued before digits in one token ("$US113", "RM120,000", "~25") ...
GLUED_PREFIXES = frozenset(
    {"", "~", "$", "us$", "$us", "us", "rm", "ps", "a$", "c$", "hk$", "nz$", "€", "£", "₪", "¥",
     "rs", "+", "usd", "eur", "aud", "cad", "gbp", "inr", "nzd", "sgd", "s$", "$a"}
)  # fmt: skip
#: ... and after them ("2.5bn", "10.45pm", "80km", "7th", "1990s", "15%", "164p").
GLUED_SUFFIXES = frozenset(
    {"", "%", "pc", "pct", "s", "'s", "p", "am", "pm", "a.m.", "p.m.", "st", "nd", "rd", "th",
     "x", "km", "m", "mi", "ft", "cm", "mm", "nm", "kg", "g", "mg", "lb", "lbs", "t", "l", "ml",
     "mph", "kph", "km/h", "hp", "bhp", "kw", "mw", "gw", "w", "kwh", "gwh", "mwh", "gb", "mb",
     "tb", "min", "mins", "h", "hr", "hrs", "sec", "yr", "yrs", "c", "f", "hz", "khz", "mhz",
     "ghz", "mbps", "gbps", "mah", "mil", "degf", "degc", "deg", "sq", "m2", "km2"}
)  # fmt: skip

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$|^\.\d+$")
_NUMBER_TOKEN = re.compile(r"^(?P<pre>[^\d.]*?)(?P<num>\d[\d,]*(?:\.\d+)?|\.\d+)(?P<suf>[^\d]*)$")


@dataclass(frozen=True)
class Amount:
    """What a number phrase is worth (see the module docstring for the conventions)."""

    value: float | None
    low: float | None
    high: float | None
    qualifier: str = "exact"


@dataclass(frozen=True)
class NumberToken:
    """One token read as part of a number: its role, worth, and any glued prefix or suffix."""

    role: str  # digits | word | scale | vague | fraction | ordinal
    value: float
    prefix: str = ""  # "$" of "$2.5bn", "RM" of "RM120,000"
    suffix: str = ""  # "bn" of "2.5bn", "pm" of "10.45pm", "km" of "80km"


def parse_digits(text: str) -> float | None:
    """ "46,500" → 46500.0, "2.5" → 2.5; anything else (e.g. "1,20") → None."""
    if not _DIGITS.match(text):
        return None
    return float(text.replace(",", ""))


@lru_cache(maxsize=8192)  # called for every token of every document; most are common words
def read_token(text: str) -> NumberToken | None:
    """A token's part in a number, or None: "forty" word, "million" scale, "2.5bn" digits."""
    low = text.lower()
    if low in UNITS:
        return NumberToken("word", float(UNITS[low]))
    if low in SCALES:
        return NumberToken("scale", SCALES[low])
    if low in VAGUE:
        return NumberToken("vague", VAGUE[low])
    if low in FRACTIONS:
        return NumberToken("fraction", float(FRACTIONS[low]))
    if low in ORDINAL_WORDS:
        return NumberToken("ordinal", float(ORDINAL_WORDS[low]))
    return _read_digit_token(text)


def _read_digit_token(text: str) -> NumberToken | None:
    match = _NUMBER_TOKEN.match(text)
    if match is None or match["pre"].lower() not in GLUED_PREFIXES:
        return None
    suffix_low = match["suf"].lower()
    if suffix_low not in GLUED_SUFFIXES and suffix_low not in SUFFIX_SCALES:
        return None  # "i24NEWS", "2024IDF", "G7": names and run-together text, not numbers
    value = parse_digits(match["num"])
    if value is None:
        return None
    suffix = match["suf"]
    if suffix.lower() in ("st", "nd", "rd", "th"):
        return NumberToken("ordinal", value)
    # A glued scale ("2.5bn") multiplies; other suffixes ("pm", "km", "%") travel as the suffix.
    scale = SUFFIX_SCALES.get(suffix.lower())
    if scale is not None and is_scale_suffix(suffix, match["num"], bool(match["pre"])):
        return NumberToken("digits", value * scale, match["pre"], "")
    return NumberToken("digits", value, match["pre"], suffix)


def is_scale_suffix(suffix: str, digits: str, money: bool) -> bool:
    """Is a letter after digits a scale? "2.5bn" always; "m"/"b" only when it can't be metres
    or bytes: with a currency ("$13.6m"), a decimal ("1.2m tons") or a capital ("4.3M")."""
    if suffix.lower() not in SUFFIX_SCALES:
        return False
    if suffix.lower() not in ("m", "b"):
        return True
    return money or "." in digits or suffix.isupper()


def words_value(tokens: Sequence[NumberToken]) -> float | None:
    """The worth of a run of digits, number words and scales ("two hundred and fifty" → 250)."""
    total, current, seen = 0.0, 0.0, False
    for tok in tokens:
        if tok.role in ("digits", "word"):
            current, seen = current + tok.value, True
        elif tok.role == "scale" and tok.value < 1000:
            # "hundred" and "dozen" multiply what came before and keep accumulating.
            current, seen = (current or 1.0) * tok.value, True
        elif tok.role == "scale":
            total, current, seen = total + (current or 1.0) * tok.value, 0.0, True
    return total + current if seen else None


def vague_amount(base: float) -> Amount:
    """ "dozens" (base 12) → 24..99; "hundreds" → 200..999: two units up to the next power of 10."""
    high = 10 ** (int(math.log10(base)) + 1) - 1
    return Amount(None, 2 * base, float(high), "approx")


def fraction_amount(numerator: float, denominator: float) -> Amount:
    value = numerator / denominator
    return Amount(value, value, value, "exact")


def qualify(value: float, qualifier: str) -> Amount:
    """Bounds for one stated number under a hedge (the module docstring lists them)."""
    if qualifier in ("more_than", "at_least"):
        return Amount(value, value, None, qualifier)
    if qualifier in ("up_to", "fewer_than"):
        return Amount(value, None, value, qualifier)
    if qualifier == "nearly":  # "nearly 250": a little under 250
        return Amount(value, None, value, "approx")
    if qualifier == "approx":
        return Amount(value, None, None, "approx")
    return Amount(value, value, value, "exact")


def hedge(amount: Amount, qualifier: str | None) -> Amount:
    """Apply a hedge to an amount already read (ranges and vague plurals keep their bounds)."""
    if qualifier is None or qualifier == "range":
        return amount
    if amount.qualifier == "range" or amount.value is None:
        return replace(amount, qualifier=amount.qualifier if qualifier == "nearly" else "approx")
    return qualify(amount.value, qualifier)


def make_range(first: Amount, second: Amount) -> Amount:
    """ "100 to 105" → low 100, high 105 (in either order: "from 208 to 193" keeps both ends)."""
    a = first.value if first.value is not None else first.low
    b = second.value if second.value is not None else second.high
    if a is None or b is None:
        return second
    return Amount(None, min(a, b), max(a, b), "range")


def match_modifier(
    words: Sequence[str], table: dict[tuple[str, ...], str], before: bool = True
) -> tuple[int, str] | None:
    """Longest hedge in `table` that ends (before=True) or starts the lower-cased `words`."""
    for size in range(min(3, len(words)), 0, -1):
        key = tuple(words[-size:]) if before else tuple(words[:size])
        if key in table:
            return size, table[key]
    return None
