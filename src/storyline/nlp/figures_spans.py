"""Finding number phrases in a parsed Doc: the number, its range, hedge, currency and percent.

`find_phrases(doc)` walks the tokens once. A phrase is built outwards from a run of number
tokens ("two hundred and fifty", "2.5 billion", "a dozen", "tens of thousands"):
a second run after "to", "-", "or" (or "and" after "between") makes a range; a currency sign
before it, a percent sign or currency word after it, and a hedge either side ("more than",
"or more") join the evidence. What the phrase *means* (its kind, what it counts) is decided in
`figures_kinds.py` and `figures_context.py`.

Phone numbers and numeric dates ("2023-11-24", "24/11/2023") are found first with regular
expressions over the text, because the tokenizer splits them into harmless-looking numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from storyline.nlp.figures_numbers import (
    CLOCK_WORDS,
    CURRENCY_SIGNS,
    DOLLAR_PREFIXES,
    MODIFIERS,
    MONTHS,
    PREPOSITION_HEDGES,
    RIGHT_MODIFIERS,
    WEEKDAYS,
    Amount,
    NumberToken,
    hedge,
    make_range,
    match_modifier,
    words_value,
)
from storyline.nlp.figures_runs import Run, read_run, run_starts

CURRENCY_WORDS = {
    "dollar": "dollar", "dollars": "dollar", "euro": "euro", "euros": "euro",
    "shekel": "shekel", "shekels": "shekel", "yen": "japanese yen", "yuan": "chinese yuan",
    "rupee": "indian rupee", "rupees": "indian rupee", "riyal": "riyal", "riyals": "riyal",
    "cent": "cent", "cents": "cent", "pence": "penny", "sterling": "pound sterling",
}  # fmt: skip
PERCENT_WORDS = frozenset({"%", "percent", "pct", "pc", "percentage"})
AGE_UNITS = frozenset({"year", "years", "month", "months", "week", "weeks", "day", "days"})
RANGE_WORDS = frozenset({"to", "-", "–", "—", "or"})
NUMERIC_ENTS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
#: Numbers inside names are part of the name: "S&P 500", "Galaxy S22", "Game 6", "Resolution 2334".
NAME_ENTS = frozenset(
    {"ORG", "PRODUCT", "WORK_OF_ART", "LAW", "FAC", "EVENT", "PERSON", "GPE", "LOC", "NORP"}
)

#: Proper nouns that a number may lean on without being part of a name ("October 7", "Friday 3").
_CALENDAR_WORDS = MONTHS | WEEKDAYS

_PHONE = re.compile(
    r"(?<![\w.,])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)\s?)?\d{1,4}(?:[\s.-]\d{2,5}){2,4}(?![\w])"
)
_NUMERIC_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}(?:T[\d:.]+Z?)?\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")


@dataclass(frozen=True)
class Phrase:
    """One number phrase, in token indices; `ev_start:ev_end` is its evidence (hedge included)."""

    start: int  # first number token
    end: int  # one past the last number token (the range's second half included)
    ev_start: int
    ev_end: int
    amount: Amount
    role: str = "number"  # number | vague | fraction | ordinal | clock
    currency: str | None = None  # normalised currency name
    percent: bool = False
    suffix: str = ""  # a unit glued to the digits: "km" of "80km"
    age_unit: str | None = None  # "year" of "85-year-old"
    ends: tuple[float, float] | None = None  # a range's ends as written ("from 208 to 193")
    numbers: tuple[NumberToken, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Pattern:
    """A phone number or numeric date found by regular expression, in character offsets."""

    start: int
    end: int
    kind: str  # phone | date


def find_patterns(text: str) -> list[Pattern]:
    dates = [Pattern(m.start(), m.end(), "date") for m in _NUMERIC_DATE.finditer(text)]
    phones = [
        Pattern(m.start(), m.end(), "phone")
        for m in _PHONE.finditer(text)
        if _looks_like_phone(m.group())
    ]
    kept = dates + [p for p in phones if not any(_overlap(p, d) for d in dates)]
    return sorted(kept, key=lambda p: p.start)


def _looks_like_phone(text: str) -> bool:
    # Nine digits or more with a telephone-style separator; "100-105" is a range, not a phone.
    digits = sum(ch.isdigit() for ch in text)
    return 9 <= digits <= 15 and any(sep in text for sep in "+(-.")


def _overlap(a: Pattern, b: Pattern) -> bool:
    return a.start < b.end and b.start < a.end


def find_phrases(doc: Doc, blocked: list[Pattern]) -> list[Phrase]:
    """Every number phrase in `doc`, left to right, skipping tokens inside `blocked` patterns."""
    phrases: list[Phrase] = []
    free = 0  # the first token not taken by the last phrase
    for i in run_starts(doc):
        if i < free or _is_blocked(doc[i], blocked):
            continue
        phrase = _phrase_at(doc, i)
        if phrase is None:
            continue
        if not _in_name(doc, phrase):
            phrases.append(phrase)
        free = max(phrase.ev_end, i + 1)
    return phrases


def _in_name(doc: Doc, phrase: Phrase) -> bool:
    """ "S&P 500", "iPhone 11 Pro", "Section 427", "Game 7", "787 Dreamliner": a number that is
    part of a name (an entity of a name type, or leaning on a singular proper noun next to it)."""
    if phrase.currency or phrase.percent:
        return False
    token = doc[phrase.start : phrase.end].root
    if token.ent_type_ in NAME_ENTS:
        return True
    head = token.head
    near = abs(head.i - token.i) <= 2 and head.i != token.i
    return near and head.tag_ == "NNP" and head.lower_ not in _CALENDAR_WORDS


def _is_blocked(token: Token, blocked: list[Pattern]) -> bool:
    return any(p.start <= token.idx < p.end for p in blocked)


# --- a whole phrase: range, currency, percent, hedges -------------------------------------------


def _phrase_at(doc: Doc, i: int) -> Phrase | None:
    run = read_run(doc, i)
    if run is None:
        return None
    currency = _currency_before(doc, run.start) or _glued_currency(run)
    ev_start = run.start - _currency_width(doc, run.start)
    phrase = Phrase(run.start, run.end, ev_start, run.end, run.amount, run.role, currency,
                    numbers=run.numbers, suffix=run.numbers[-1].suffix if run.numbers else "")  # fmt: skip
    if run.end < len(doc) and doc[run.end].lower_ in CLOCK_WORDS:
        return replace(phrase, ev_end=run.end + 1)  # "3:30 p.m.", "5 am": a time, nothing more
    phrase = _with_units_after(doc, phrase)
    if run.role in ("number", "vague"):
        phrase = _with_range(doc, phrase)
    phrase = _with_hedges(doc, phrase)
    return _with_age(doc, phrase)


def _currency_before(doc: Doc, start: int) -> str | None:
    if start == 0:
        return None
    sign = doc[start - 1].lower_
    if sign in CURRENCY_SIGNS:
        return CURRENCY_SIGNS[sign]
    return None


def _currency_width(doc: Doc, start: int) -> int:
    """How many tokens before the number belong to its currency ("US", "$")."""
    if start == 0 or doc[start - 1].lower_ not in CURRENCY_SIGNS:
        return 0
    if start >= 2 and doc[start - 1].text == "$" and doc[start - 2].lower_ in DOLLAR_PREFIXES:
        return 2
    return 1


def _glued_currency(run: Run) -> str | None:
    prefix = run.numbers[0].prefix.lower() if run.numbers else ""
    if prefix in ("us",):  # "$US113": the "$" was its own token; the "US" is glued
        return "dollar"
    return CURRENCY_SIGNS.get(prefix)


def _with_units_after(doc: Doc, phrase: Phrase) -> Phrase:
    """Percent signs and words and currency words right after the number join the phrase."""
    j = phrase.ev_end
    if phrase.suffix.lower() in ("%", "pc", "pct"):
        return replace(phrase, percent=True)
    if j < len(doc) and doc[j].lower_ in PERCENT_WORDS and doc[j].lower_ != "percentage":
        return replace(phrase, ev_end=j + 1, percent=True)
    if j + 1 < len(doc) and (doc[j].lower_, doc[j + 1].lower_) in (
        ("per", "cent"),
        ("percentage", "points"),
        ("percentage", "point"),
    ):
        return replace(phrase, ev_end=j + 2, percent=True)
    if j < len(doc) and doc[j].lower_ in CURRENCY_WORDS and phrase.currency is None:
        return replace(phrase, ev_end=j + 1, currency=CURRENCY_WORDS[doc[j].lower_])
    return phrase


def _with_range(doc: Doc, phrase: Phrase) -> Phrase:
    """ "100 to 105", "between 30 and 40", "5% to 10%", "four to five thousand"."""
    j = phrase.ev_end
    if j + 1 >= len(doc):
        return phrase
    word = doc[j].lower_
    between = phrase.ev_start > 0 and doc[phrase.ev_start - 1].lower_ == "between"
    if word not in RANGE_WORDS and not (word == "and" and between):
        return phrase
    k = j + 1 + _signs_at(doc, j + 1)
    second = read_run(doc, k) if k < len(doc) else None
    if second is None or second.role not in ("number", "vague"):
        return phrase
    other = _with_units_after(doc, Phrase(second.start, second.end, j + 1, second.end, second.amount,
                                          currency=_currency_before(doc, k), numbers=second.numbers))  # fmt: skip
    if not _same_units(phrase, other) or _mixes_year(doc, phrase.start, k):
        return phrase
    first_amount = _scaled_like(phrase, second)
    amount = make_range(first_amount, other.amount)
    ends = (first_amount.value, other.amount.value)
    written = (ends[0], ends[1]) if ends[0] is not None and ends[1] is not None else None
    return replace(phrase, end=other.end, ev_end=other.ev_end, amount=amount, ends=written,
                   percent=phrase.percent or other.percent,
                   currency=phrase.currency or other.currency)  # fmt: skip


def _signs_at(doc: Doc, i: int) -> int:
    """How many currency tokens start at `i` ("$", or "US" "$")."""
    if i < len(doc) and doc[i].lower_ in CURRENCY_SIGNS:
        return 1
    if i + 1 < len(doc) and doc[i].lower_ in DOLLAR_PREFIXES and doc[i + 1].text == "$":
        return 2
    return 0


def _mixes_year(doc: Doc, first: int, second: int) -> bool:
    """ "in 2018 to 3.9 million", "in 2008 to 29 mpg": a year and a number of another size are
    never the two ends of one range ("2000 - 2500 calories" is a range)."""
    shapes = [_four_digits(doc[first].text), _four_digits(doc[second].text)]
    years = [s is not None and 1900 <= s <= 2100 for s in shapes]
    return any(years) and None in shapes


def _four_digits(text: str) -> int | None:
    return int(text) if len(text) == 4 and text.isdigit() else None


def _same_units(first: Phrase, second: Phrase) -> bool:
    # "rose 6.5% to 164p" or "rose 3 to $84" is a change and a level, not a range.
    if first.percent and not second.percent:
        return False
    return not (second.ev_start < second.start and not first.currency)


def _scaled_like(first: Phrase, second: Run) -> Amount:
    """ "four to five thousand", "$10 to $15 billion": the first end borrows the scale written
    only after the second, when it is no bigger than the second's count ("$200 to $4 million"
    keeps its 200)."""
    first_scaled = any(n.role == "scale" for n in first.numbers)
    last = second.numbers[-1] if second.numbers else None
    if first_scaled or last is None or last.role != "scale" or first.amount.value is None:
        return first.amount
    count = words_value([n for n in second.numbers if n.role != "scale"])
    if count is None or first.amount.value > count:
        return first.amount
    value = first.amount.value * last.value
    return Amount(value, value, value)


def _with_hedges(doc: Doc, phrase: Phrase) -> Phrase:
    """A hedge before ("more than", "some") or after ("or more") sets the qualifier and bounds."""
    qualifier, ev_start = _left_hedge(doc, phrase)
    right = _right_hedge(doc, phrase.ev_end)
    ev_end = phrase.ev_end
    if right is not None and qualifier is None:
        width, qualifier = right
        ev_end += width
    if qualifier is None and phrase.numbers and phrase.numbers[0].prefix == "~":
        qualifier = "approx"  # "~25" written as one token
    amount = hedge(phrase.amount, qualifier)
    return replace(phrase, ev_start=ev_start, ev_end=ev_end, amount=amount)


def _left_hedge(doc: Doc, phrase: Phrase) -> tuple[str | None, int]:
    start = phrase.ev_start
    words = [t.lower_ for t in doc[max(0, start - 3) : start]]
    found = match_modifier(words, MODIFIERS)
    if found is None:
        return None, start
    width, qualifier = found
    if qualifier == "range" and phrase.amount.qualifier != "range":
        return None, start  # "between" without a second number
    if (
        width == 1
        and doc[start - 1].lower_ in PREPOSITION_HEDGES
        and not _hedges_number(doc, start - 1, phrase)
    ):
        return None, start
    return qualifier, start - width


def _hedges_number(doc: Doc, i: int, phrase: Phrase) -> bool:
    """Is "over"/"about"/"some" at `i` a hedge on the number, not a preposition ("over four days")?"""
    token, number = doc[i], doc[phrase.start]
    if token.dep_ != "prep":
        return True
    # The tagger may call it a preposition; the entity recognizer still keeps the hedge inside
    # the same CARDINAL/MONEY/... entity as the number ("killed over 700").
    same_entity = number.ent_iob_ == "I" and token.ent_type_ == number.ent_type_
    return same_entity and number.ent_type_ in NUMERIC_ENTS


def _right_hedge(doc: Doc, j: int) -> tuple[int, str] | None:
    words = [t.lower_ for t in doc[j : j + 2]]
    return match_modifier(words, RIGHT_MODIFIERS, before=False) if words else None


def _with_age(doc: Doc, phrase: Phrase) -> Phrase:
    """ "85-year-old", "50 year-old", "66 years old", "18 years of age": the unit joins the evidence."""
    tokens = [t for t in doc[phrase.ev_end : phrase.ev_end + 6] if t.text != "-"][:3]
    words = [t.lower_ for t in tokens]
    if not words or words[0] not in AGE_UNITS:
        return phrase
    for tail in (["old"], ["of", "age"]):
        if words[1 : 1 + len(tail)] == tail:
            last = tokens[len(tail)]
            return replace(phrase, ev_end=last.i + 1, age_unit=words[0].rstrip("s"))
    return phrase
