"""Figures in the quantity schema of the CQE / NewsQuant benchmark: value, unit, change, concepts.

Used by `storyline.eval.newsquant` to score storyline_figures. How a Figure maps:
    value    the stated number; a range or a vague plural as (low, high). Vague plurals follow
             the benchmark's convention, one order of magnitude from the unit ("dozens" →
             (12, 120), "thousands" → (1000, 10000)), not ours (24..99).
    unit     currency name, "percentage", "year of age", the unit of a measure or duration, or
             for a plain count the counted noun ("people", "heart transplant"); "-" if none.
    change   the hedge ("=", "~", ">", "<"), or "up"/"down" when an unhedged figure is the
             amount a verb of change moved by ("rose 0.3%", "fell by 2 points").
    concepts the words (minus "of", "the", "a") of what the quantity is about, ("-",) when
             none: for a share or a sum, the counted thing ("60% of revenue", "revenue rose to
             $7 billion"); for a count or measure, whose it is ("Wood scored 22 goals" →
             Wood), since its unit already names the counted noun (`figures_referent`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from storyline.nlp.doc_cache import doc_text
from storyline.nlp.figures_context import counted_noun, noun_text, of_object, phrase_root
from storyline.nlp.figures_kinds import MEASURES, NON_STORY_KINDS, TIME_UNITS
from storyline.nlp.figures_referent import referent
from storyline.nlp.figures_spans import Phrase, find_patterns, find_phrases
from storyline.nlp.records import Figure

Value = float | tuple[float, float]

CHANGES = {
    "exact": "=", "range": "=", "approx": "~", "more_than": ">", "at_least": ">",
    "up_to": "<", "fewer_than": "<",
}  # fmt: skip
UP_VERBS = frozenset({
    "rise", "increase", "gain", "grow", "climb", "jump", "surge", "soar", "advance", "rally",
    "add", "boost", "up", "lift", "spike", "rebound", "accelerate", "widen",
})  # fmt: skip
DOWN_VERBS = frozenset({
    "fall", "drop", "decline", "decrease", "plummet", "plunge", "slide", "slip", "lose", "shed",
    "sink", "tumble", "slump", "dip", "ease", "shrink", "reduce", "cut", "down", "lower", "sag",
    "retreat", "narrow",
})  # fmt: skip
#: Dependencies by which an amount of change hangs from its verb ("rose 6%", "up 19 cents").
CHANGE_DEPS = frozenset({"dobj", "npadvmod", "advmod", "attr"})
_DROPPED = frozenset({"of", "the", "a", "an", "and"})
#: Ages and ranks ("one of the largest") are figures the benchmark counts; the other non-story
#: kinds it does not annotate.
SKIPPED_KINDS = NON_STORY_KINDS - {"age", "rank"}


@dataclass(frozen=True)
class Quantity:
    value: Value | None
    unit: str
    change: str
    concepts: tuple[str, ...]


def figures_to_quantities(doc: Doc) -> Iterator[Quantity]:
    """The benchmark quantities of a Doc that went through storyline_figures."""
    patterns = find_patterns(doc_text(doc))
    phrases = {doc[p.ev_start].idx: p for p in find_phrases(doc, patterns)}
    for figure in doc._.sl_figures or []:
        phrase = phrases.get(figure.evidence.start)
        if figure.kind in SKIPPED_KINDS or phrase is None:
            continue
        yield figure_to_quantity(doc, figure, phrase)


def figure_to_quantity(doc: Doc, figure: Figure, phrase: Phrase) -> Quantity:
    return Quantity(
        value=_value(figure, phrase),
        unit=_unit(doc, figure, phrase),
        change=_change(doc, figure, phrase),
        concepts=_words(_concept(doc, figure, phrase)),
    )


def _value(figure: Figure, phrase: Phrase) -> Value | None:
    if figure.value is not None:
        return figure.value
    if figure.low is None or figure.high is None:
        return None
    if phrase.role == "vague":
        base = figure.low / 2  # our low is two units: "dozens" starts at 24
        return (base, base * 10)
    # The benchmark writes a range in the text's order: "from 208 to 193" is (208, 193).
    return phrase.ends or (figure.low, figure.high)


def _unit(doc: Doc, figure: Figure, phrase: Phrase) -> str:
    if figure.kind == "age":
        return "year of age"
    if figure.kind == "count":
        noun = counted_noun(doc, phrase)
        return _noun_unit(noun) if noun is not None else "-"
    return figure.unit or "-"


def _noun_unit(noun: Token) -> str:
    compounds = [c.lower_ for c in noun.lefts if c.dep_ == "compound"]
    return " ".join([*compounds, noun.lemma_.lower()])


def _change(doc: Doc, figure: Figure, phrase: Phrase) -> str:
    if phrase.role == "vague":
        return "="  # the benchmark marks "dozens", "thousands" as exact ranges
    prefix = phrase.numbers[0].prefix if phrase.numbers else ""
    if prefix == "~":
        return "~"
    change = CHANGES.get(figure.qualifier, "=")
    if change != "=" or figure.qualifier == "range":
        return change
    if prefix == "+":
        return "up"
    return _direction(_change_node(doc, phrase)) or change


def _change_node(doc: Doc, phrase: Phrase) -> Token:
    """The word whose role in the clause says whether the figure is an amount of change: the
    unit or thing counted ("lost 190 points"), else the number; a conjunct stands for the
    word it is joined to ("lost 190 points, or 0.6%")."""
    node = counted_noun(doc, phrase) or phrase_root(doc, phrase)
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    return node


def _direction(node: Token) -> str | None:
    """ "rose 6%" → up, "fell by 2 points" → down, "up 19 cents" → up; "rose to 84" → None."""
    head = node.head
    if node.dep_ == "pobj" and head.lower_ == "by":
        head = head.head
    elif node.dep_ not in CHANGE_DEPS or head.i == node.i:
        return None
    lemma = head.lemma_.lower()
    if lemma in UP_VERBS:
        return "up"
    if lemma in DOWN_VERBS:
        return "down"
    return None


def _concept(doc: Doc, figure: Figure, phrase: Phrase) -> str | None:
    """What the quantity is about. A share or a sum is about what it counts ("60% of revenue",
    "revenue rose to $7 billion"). A count or measure already names what it counts in its unit
    ("22 goals": unit goal), so its concept is whose count it is ("Wood scored 22 goals" → Wood),
    else the "of" object of the counted noun ("five seasons of Sesame Street"), else none."""
    if figure.kind in ("percent", "money") or figure.unit == "fraction":
        if figure.counted:
            return figure.counted
        holder = referent(phrase_root(doc, phrase))
        return noun_text(holder) if holder is not None else None
    if figure.kind == "rank":
        return None  # "one of the best phones": it ranks, it is about nothing more
    noun = counted_noun(doc, phrase)
    measured = figure.kind in ("other", "duration") and not _is_unit(noun, figure)
    if noun is not None and (phrase.suffix or measured):
        return noun_text(noun)  # "a 6kW motor", "a 12 C melting point": the noun is measured
    holder = referent(_carrier(doc, phrase, noun))
    if holder is not None:
        return noun_text(holder)
    of = of_object(noun) if noun is not None else None
    return noun_text(of) if of is not None else None


def _is_unit(noun: Token | None, figure: Figure) -> bool:
    """Whether the counted noun is the figure's unit ("9 miles"), not what it measures."""
    if noun is None:
        return True
    lemma = noun.lemma_.lower()
    unit = MEASURES.get(lemma) or TIME_UNITS.get(lemma) or lemma
    return figure.unit in (None, unit, noun.lower_)


def _carrier(doc: Doc, phrase: Phrase, noun: Token | None) -> Token:
    """The word whose place in the clause says whose figure it is: the counted noun, or the
    number itself when the noun is its "of" object ("millions of Americans")."""
    root = phrase_root(doc, phrase)
    if noun is None or (noun.head.dep_ == "prep" and noun.head.head.i == root.i):
        return root
    return noun


def _words(text: str | None) -> tuple[str, ...]:
    if not text:
        return ("-",)
    words = [w for w in re.split(r"[,\s]+", text) if w and w.lower() not in _DROPPED]
    return tuple(words) or ("-",)
