"""Where a figure comes from and how firm it is: attribution, status and as-of date.

attributed_to: "according to X", "figures from X", or the subject of a reporting verb that
    governs the figure ("the ministry said 46,500 people ...") or ends the sentence
    ("..., Israeli officials said"). Pronoun subjects ("he said") give None: they name no one,
    unless the figure is inside a quote whose speaker storyline_quotes (which runs first)
    resolved ("he" → "Qatari spokesman Majed al-Ansari").
status: "demanded" when a demand word governs the figure, "proposal" when the sentence is
    about terms ("under the deal", "would be released" with a deal word), else "reported".
as_of: the nearest dated time expression of the sentence (from `doc._.sl_timexes`, written by
    storyline_time when it runs first), else the document date.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from storyline.nlp.doc_cache import cached, lower_words, noun_chunks, span_text
from storyline.nlp.figures_context import CLAUSE_DEPS, FigureLexicon

_SUBJECTS = ("nsubj", "nsubjpass")
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "one"})


def status_of(lexicon: FigureLexicon, sentence: Span, anchor: Token) -> str:
    chain = [anchor, *anchor.ancestors]
    words = {w for t in chain for w in (t.lemma_.lower(), t.lower_)}
    if any(all(w in words for w in cue) for cue in lexicon.demanded):
        return "demanded"
    proposal = _any_phrase(lexicon.proposal_phrases)
    if proposal is not None and proposal.search(span_text(sentence).lower()):
        return "proposal"
    if _modal_in_clause(lexicon, anchor) and _speaks_of_deal(lexicon, sentence):
        return "proposal"
    return "reported"


@lru_cache(maxsize=16)
def _any_phrase(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for the whole list: a single search of the sentence finds any of them."""
    if not phrases:
        return None
    return re.compile("|".join(r"\b" + re.escape(phrase) + r"\b" for phrase in phrases))


def _modal_in_clause(lexicon: FigureLexicon, anchor: Token) -> bool:
    current = anchor
    while True:
        if any(c.dep_ == "aux" and c.lower_ in lexicon.modals for c in current.children):
            return True
        if current.head.i == current.i or current.dep_ in CLAUSE_DEPS:
            return False
        current = current.head


def _speaks_of_deal(lexicon: FigureLexicon, sentence: Span) -> bool:
    return any(t.lemma_.lower() in lexicon.deal_words or t.lower_ in lexicon.deal_words
               for t in sentence)  # fmt: skip


def attributed_to(lexicon: FigureLexicon, sentence: Span, anchor: Token) -> str | None:
    # What does not depend on the figure is read once per sentence: a sentence of figures
    # ("20 trucks ... 30 trucks ... 40 trucks") asked for it once per figure.
    named, verbs = cached(
        sentence.doc,
        f"figure-sources:{id(lexicon)}:{sentence.start}:{sentence.end}",
        lambda: _sentence_sources(lexicon, sentence),
    )
    return named if named is not None else _reporting_subject(lexicon, verbs, anchor)


def _sentence_sources(lexicon: FigureLexicon, sentence: Span) -> tuple[str | None, list[Token]]:
    """The source the sentence names outright, and its reporting verbs."""
    named = _according_to(lexicon, sentence)
    if named is None:
        named = _figures_from(lexicon, sentence)
    verbs = [
        t
        for t in sentence
        if t.lemma_.lower() in lexicon.reporting_verbs and t.pos_ in ("VERB", "AUX")
    ]
    return named, verbs


def _according_to(lexicon: FigureLexicon, sentence: Span) -> str | None:
    if "according" not in lower_words(sentence.doc)[sentence.start : sentence.end]:
        return None
    for token in sentence:
        if token.lower_ != "according":
            continue
        to = next((c for c in token.children if c.lower_ == "to"), None)
        if to is None and token.i + 1 < sentence.end and token.nbor().lower_ == "to":
            to = token.nbor()
        obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if obj is not None:
            return _source_name(lexicon, obj)
    return None


def _figures_from(lexicon: FigureLexicon, sentence: Span) -> str | None:
    for token in sentence:
        if token.lemma_.lower() in lexicon.source_nouns and token.pos_ == "NOUN":
            source = _prep_object(token, ("from", "by"))
            if source is not None:
                return _source_name(lexicon, source)
    return None


def quoted_source(doc: Doc, position: int) -> str | None:
    """The speaker of the quote around `position`, as storyline_quotes resolved it when it runs
    first: '"50 hostages will be freed," he said' names whom "he" stands for. An unresolved
    pronoun names no one."""
    for quote in getattr(doc._, "sl_quotes", None) or []:
        if quote.evidence.start <= position < quote.evidence.end:
            speaker = quote.extras.get("antecedent") or quote.speaker
            return None if not speaker or speaker.lower() in _PRONOUNS else str(speaker)
    return None


def _reporting_subject(lexicon: FigureLexicon, verbs: list[Token], anchor: Token) -> str | None:
    governing = {a.i for a in anchor.ancestors}
    # A verb that governs the figure first, then the sentence's main verb ("..., officials said").
    ranked = [v for v in verbs if v.i in governing] + [v for v in verbs if v.dep_ == "ROOT"]
    for verb in ranked:
        subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        if subject is not None and subject.pos_ != "PRON":
            return _source_name(lexicon, subject)
    return None


def _prep_object(token: Token, preps: tuple[str, ...]) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _source_name(lexicon: FigureLexicon, token: Token) -> str:
    """The noun chunk naming the source; "figures from the ministry" names the ministry."""
    if token.lemma_.lower() in lexicon.source_nouns:
        inner = _prep_object(token, ("from", "by", "of"))
        if inner is not None:
            token = inner
    for chunk in noun_chunks(token.doc):
        if chunk.start <= token.i < chunk.end:
            return span_text(chunk)
    return token.text


def as_of(doc: Doc, sentence: Span, position: int) -> str | None:
    """The dated time expression of the sentence nearest `position`, else the document date."""
    timexes = getattr(doc._, "sl_timexes", None) or []
    dated = [
        t
        for t in timexes
        if sentence.start_char <= t.start < sentence.end_char
        and t.type == "DATE"
        and t.value
        and t.value[:1].isdigit()
    ]
    if dated:
        nearest = min(dated, key=lambda t: abs(t.start - position))
        return str(nearest.value)
    date = getattr(doc._, "sl_doc_date", None)
    return str(date) if date else None
