"""Reading one run of number tokens: "two hundred and fifty", "2.5 billion", "$5.4" "m",
"a dozen", "tens of thousands", "two-thirds", "a third of", "3rd", "10:45".

A run is the number itself, without its currency, hedge or range; `figures_spans` builds the
phrase around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.attrs import LOWER, ORTH
from spacy.tokens import Doc, Token

from storyline.nlp.doc_cache import tokens_where
from storyline.nlp.figures_numbers import (
    CURRENCY_SIGNS,
    ORDINAL_WORDS,
    SUFFIX_SCALES,
    Amount,
    NumberToken,
    fraction_amount,
    is_scale_suffix,
    read_token,
    vague_amount,
    words_value,
)

_CLOCK = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$|^\d{1,2}(?:[.:]\d{2})?[ap]\.?m\.?$", re.I)


@dataclass(frozen=True)
class Run:
    """A run of number tokens (`start:end`), what it is worth and what role it plays."""

    start: int
    end: int
    numbers: tuple[NumberToken, ...]
    amount: Amount
    role: str


def read_run(doc: Doc, i: int) -> Run | None:
    """The longest run of number tokens starting at `i` ("a" of "a dozen" included)."""
    token = doc[i]
    text = token.text
    first = read_token(text)
    if token.lower_ in ("a", "an", "one") and i + 1 < len(doc):
        nxt = read_token(doc[i + 1].text)
        if nxt is not None and nxt.role == "fraction" and _is_fraction(doc, i + 1):
            return Run(i, i + 2, (nxt,), fraction_amount(1, nxt.value), "fraction")
        if nxt is not None and nxt.role == "scale":
            numbers, j = _collect(doc, i + 1)
            return _run_from(doc, i, j, numbers)
    if _CLOCK.match(text):
        return Run(i, i + 1, (), Amount(None, None, None), "clock")
    if first is None:
        return None
    if first.role in ("ordinal", "fraction"):
        return _single_word_run(doc, i, first)
    numbers, j = _collect(doc, i)
    return _run_from(doc, i, j, numbers)


def run_starts(doc: Doc) -> list[int]:
    """The tokens where `read_run` may find a run, in text order; at any other it is None."""
    numbers = tokens_where(doc, ORTH, _number_or_clock)
    articles = tokens_where(doc, LOWER, _article)
    return sorted(set(numbers) | set(articles))


def _number_or_clock(text: str) -> bool:
    return read_token(text) is not None or _CLOCK.match(text) is not None


def _article(word: str) -> bool:
    return word in ("a", "an", "one")


def _single_word_run(doc: Doc, i: int, token: NumberToken) -> Run | None:
    """ "half of" (a fraction), "third" or "3rd" (an ordinal: "a third of" was read before)."""
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    if doc[i].lower_ == "half" and nxt in ("of", "the", "its", "their", "all"):
        return Run(i, i + 1, (token,), fraction_amount(1, 2), "fraction")
    value = float(ORDINAL_WORDS.get(doc[i].lower_, 0)) if token.role == "fraction" else token.value
    if value:
        return Run(i, i + 1, (token,), Amount(value, value, value), "ordinal")
    return None


def _collect(doc: Doc, i: int) -> tuple[list[NumberToken], int]:
    """Number tokens from `i`, joined by the glue of written numbers (hyphens, "and", "of")."""
    numbers: list[NumberToken] = []
    j = i
    while j < len(doc):
        current = read_token(doc[j].text)
        if current is None and numbers and _is_unspaced_scale(doc, j, numbers):
            current = NumberToken("scale", SUFFIX_SCALES[_scale_text(doc[j]).lower()])
        if current is None or current.role in ("ordinal", "fraction"):
            if (
                numbers
                and current is not None
                and current.role == "fraction"
                and _is_fraction(doc, j)
            ):
                numbers.append(current)
                j += 1
            elif numbers and _is_glue(doc, j, numbers[-1]):
                j += 1
                continue
            break
        if numbers and not _continues(numbers[-1], current):
            break
        numbers.append(current)
        j += 1
    return numbers, j


def _is_unspaced_scale(doc: Doc, j: int, numbers: list[NumberToken]) -> bool:
    """ "$5.4" "m" split by the tokenizer: a scale written straight after the digits."""
    last = numbers[-1]
    if last.role != "digits" or last.suffix or doc[j - 1].whitespace_:
        return False
    start = j - len(numbers)
    money = bool(last.prefix) or (start > 0 and doc[start - 1].lower_ in CURRENCY_SIGNS)
    # A sentence-final "$5.4m." may keep its full stop on the scale token.
    return is_scale_suffix(_scale_text(doc[j]), doc[j - 1].text, money)


def _scale_text(token: Token) -> str:
    return token.text[:-1] if token.text.endswith(".") and len(token.text) > 1 else token.text


def _is_fraction(doc: Doc, j: int) -> bool:
    # "two thirds", "two-thirds of": the plural form or an "of" after marks a fraction.
    return doc[j].lower_.endswith("s") or (j + 1 < len(doc) and doc[j + 1].lower_ == "of")


def _is_glue(doc: Doc, j: int, last: NumberToken) -> bool:
    """Tokens inside one written number: "forty-nine", "two hundred and fifty", "tens of thousands"."""
    if j + 1 >= len(doc):
        return False
    nxt = read_token(doc[j + 1].text)
    if nxt is None:
        return False
    text = doc[j].lower_
    if text == "-" and not doc[j - 1].whitespace_ and last.role == "word":
        return nxt.role in ("word", "fraction")
    if text == "and" and last.role == "scale" and last.value >= 100:
        return nxt.role in ("word", "digits")
    return text == "of" and last.role == "vague" and nxt.role in ("vague", "scale")


def _continues(last: NumberToken, current: NumberToken) -> bool:
    if current.role in ("scale", "vague"):
        return True
    if last.role == "digits" or current.role == "digits":
        return False  # "2019 2020" are two numbers
    if last.role == "word" and current.role == "word":
        return last.value >= 20 and last.value % 10 == 0 and current.value < 10
    return last.role == "scale"


def _run_from(doc: Doc, start: int, end: int, numbers: list[NumberToken]) -> Run | None:
    if not numbers:
        return None
    if any(n.role == "fraction" for n in numbers):
        numerator = words_value([n for n in numbers if n.role != "fraction"]) or 1.0
        return Run(
            start, end, tuple(numbers), fraction_amount(numerator, numbers[-1].value), "fraction"
        )
    if any(n.role == "vague" for n in numbers):
        base = 1.0
        for n in numbers:
            base *= n.value if n.role in ("vague", "scale") else 1.0
        return Run(start, end, tuple(numbers), vague_amount(base), "vague")
    if all(n.role == "scale" for n in numbers) and doc[start].lower_ not in ("a", "an", "one"):
        return None  # a bare "hundred" or "dozen" without a count is not a number here
    value = words_value(numbers)
    if value is None:
        return None
    return Run(start, end, tuple(numbers), Amount(value, value, value), "number")
