"""storyline_figures: every numeric claim in a Doc, as `doc._.sl_figures: list[Figure]`.

For each number phrase ("nearly 250", "more than 1,200", "dozens", "100 to 105", "a third of",
"$2.5 billion") the component records its value and bounds with a qualifier, its kind, the
thing it counts, a story category from the pack's `figures.yaml`, and the claim's source,
status and as-of date. Ages, years, dates, times, ordinals, ranks ("one of the largest") and
phone numbers are kept with their kind, so a reader can see they were recognised, but get no
category or counted thing: they are not story figures (`is_story_figure`).

Pieces: `figures_numbers` (what a phrase is worth), `figures_spans` (where phrases are),
`figures_kinds` (what kind of number), `figures_context` (what it counts, which category),
`figures_referent` (what a share or sum without a noun is the amount of: "revenue rose 5%"),
`figures_source` (attribution, status, as-of).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from storyline.nlp.doc_cache import doc_text, parse_cache, sentence_of, span_text
from storyline.nlp.extensions import ensure_extensions
from storyline.nlp.figures_context import (
    FigureLexicon,
    context_words,
    counted_noun,
    counted_text,
    counted_words,
    governing_words,
    noun_text,
    phrase_root,
)
from storyline.nlp.figures_kinds import NON_STORY_KINDS, classify
from storyline.nlp.figures_referent import amount_referent
from storyline.nlp.figures_source import as_of, attributed_to, quoted_source, status_of
from storyline.nlp.figures_spans import Pattern, Phrase, find_patterns, find_phrases
from storyline.nlp.records import Evidence, Figure
from storyline.packs import load_pack_file

__all__ = ["FiguresComponent", "extract_figures", "is_story_figure", "make_figures"]


def is_story_figure(figure: Figure) -> bool:
    """A claim about the story (a count, sum, share, span of days), not an age, date or phone."""
    return figure.kind not in NON_STORY_KINDS


@Language.factory(
    "storyline_figures",
    assigns=["doc._.sl_figures"],
    requires=["doc.ents", "token.dep"],
    default_config={"pack": "hostage-talks"},
)
def make_figures(nlp: Language, name: str, pack: str) -> FiguresComponent:
    ensure_extensions()
    return FiguresComponent(FigureLexicon.from_mapping(load_pack_file(pack, "figures")))


class FiguresComponent:
    """The pipeline step: reads the parse and entities, writes `doc._.sl_figures`."""

    def __init__(self, lexicon: FigureLexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        doc._.sl_figures = extract_figures(doc, self.lexicon)
        return doc


@dataclass
class _Antecedent:
    """The last counted thing of a sentence, for "of whom 94 remain" (94 of those people):
    its words, and the words around it ("took"), which say what those people are."""

    text: str
    words: set[str]
    context: set[str]


def extract_figures(doc: Doc, lexicon: FigureLexicon) -> list[Figure]:
    """All figures of `doc` in text order (phones and numeric dates included, typed as such)."""
    with parse_cache(doc):
        patterns = find_patterns(doc_text(doc))
        figures = [_pattern_figure(doc, p) for p in patterns]
        antecedents: dict[int, _Antecedent] = {}
        for phrase in find_phrases(doc, patterns):
            figure = _phrase_figure(doc, phrase, lexicon, antecedents)
            if figure is not None:
                figures.append(figure)
    return sorted(figures, key=lambda f: (f.evidence.start, f.evidence.end))


def _evidence(doc: Doc, start: int, end: int) -> Evidence:
    return Evidence(start, end, doc_text(doc)[start:end])


def _sentence(doc: Doc, i: int) -> Span:
    """The sentence of token `i`; the whole Doc when nothing has set sentence boundaries."""
    if doc.has_annotation("SENT_START"):
        return sentence_of(doc[i])
    return doc[:]


def _sentence_evidence(sentence: Span) -> Evidence:
    return Evidence(sentence.start_char, sentence.end_char, span_text(sentence))


def _pattern_figure(doc: Doc, pattern: Pattern) -> Figure:
    span = doc.char_span(pattern.start, pattern.end, alignment_mode="expand")
    sentence = (
        _sentence_evidence(_sentence(doc, span.start)) if span is not None and len(span) else None
    )
    return Figure(
        value=None, low=None, high=None, qualifier="exact", kind=pattern.kind, counted=None,
        category="other", evidence=_evidence(doc, pattern.start, pattern.end), sentence=sentence,
    )  # fmt: skip


def _phrase_figure(
    doc: Doc, phrase: Phrase, lexicon: FigureLexicon, antecedents: dict[int, _Antecedent]
) -> Figure | None:
    last = doc[phrase.ev_end - 1]
    evidence = _evidence(doc, doc[phrase.ev_start].idx, last.idx + len(last.text))
    sentence = _sentence(doc, phrase.start)
    noun = counted_noun(doc, phrase, money=phrase.currency is not None)
    kind, unit = classify(doc, phrase, noun)
    amount = phrase.amount
    base = Figure(
        value=amount.value, low=amount.low, high=amount.high, qualifier=amount.qualifier,
        kind=kind, counted=None, category="other", evidence=evidence,
        sentence=_sentence_evidence(sentence), unit=unit,
    )  # fmt: skip
    if kind in NON_STORY_KINDS:
        return base
    if noun is None and _is_pronoun_one(doc, phrase):
        return None
    if _ranks_one(doc, phrase):
        return replace(base, kind="rank")  # kept, like an ordinal, but it counts nothing
    return _story_figure(doc, phrase, noun, base, lexicon, antecedents)


def _is_pronoun_one(doc: Doc, phrase: Phrase) -> bool:
    """ "one after the other", "the last one": "one" standing for a noun is not a count."""
    if phrase.ev_end - phrase.ev_start != 1 or doc[phrase.start].lower_ != "one":
        return False
    return not any(c.dep_ == "prep" and c.lower_ == "of" for c in doc[phrase.start].children)


def _ranks_one(doc: Doc, phrase: Phrase) -> bool:
    """ "one of the largest storms", "one of its most difficult days" ranks a thing, it
    counts nothing ("one of the hostages" still counts one)."""
    if phrase.ev_end - phrase.ev_start != 1 or doc[phrase.start].lower_ != "one":
        return False
    of = [c for c in doc[phrase.start].children if c.dep_ == "prep" and c.lower_ == "of"]
    return any(t.tag_ in ("JJS", "RBS") for p in of for t in p.subtree)


def _story_figure(
    doc: Doc,
    phrase: Phrase,
    noun: Token | None,
    base: Figure,
    lexicon: FigureLexicon,
    antecedents: dict[int, _Antecedent],
) -> Figure:
    """Fill in what a story figure counts, its category, source, status and date."""
    sentence = _sentence(doc, phrase.start)
    antecedent = antecedents.get(sentence.start)
    counted, words = _counted(doc, phrase, noun, base.kind, antecedent)
    context = context_words(doc, phrase, noun) | words
    if noun is None and counted is not None and antecedent is not None:
        context |= antecedent.context
    if noun is not None and counted is not None and base.kind == "count":
        # What took or holds them, not all the count's surroundings: in "took 251 people, of
        # whom 94 remain, including 34 declared dead" the 94 are not dead. A bare count that
        # refers back keeps the thing it refers to (the 34 are of the 251 taken).
        antecedents[sentence.start] = _Antecedent(
            counted, words, words | governing_words(doc, phrase)
        )
    anchor = noun if noun is not None else phrase_root(doc, phrase)
    return replace(
        base,
        counted=counted,
        category=lexicon.category(base.kind, words, context, governing_words(doc, phrase)),
        as_of=as_of(doc, sentence, base.evidence.start),
        attributed_to=attributed_to(lexicon, sentence, anchor)
        or quoted_source(doc, base.evidence.start),
        status=status_of(lexicon, sentence, anchor),
    )


def _counted(
    doc: Doc, phrase: Phrase, noun: Token | None, kind: str, antecedent: _Antecedent | None
) -> tuple[str | None, set[str]]:
    if noun is not None:
        return counted_text(doc, phrase, noun), counted_words(doc, phrase, noun)
    # "took 251 people, of whom 94 remain": a bare count refers back to the last counted thing.
    if kind == "count" and antecedent is not None and phrase.role == "number":
        return antecedent.text, set(antecedent.words)
    # "Revenue rose 5% to $7 billion": a share or a sum without a noun is the amount of what
    # it describes, here the clause's subject.
    root = phrase_root(doc, phrase)
    holder = amount_referent(root, kind == "money") if kind in ("percent", "money") else None
    if holder is not None:
        return noun_text(holder), {holder.lemma_.lower(), holder.lower_}
    return None, set()
