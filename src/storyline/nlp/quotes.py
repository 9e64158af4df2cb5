"""`storyline_quotes`: direct and indirect quotes with their speaker, cue verb and addressee.

Writes `doc._.sl_quotes: list[Quote]` in text order. Reads the dependency parse and, when the
actors component ran first, `doc._.sl_mentions` (to give each speaker an actor key).

What counts as a quote (the same rules the gold set in eval/quotes_gold.jsonl was written to):
- direct: words between quote marks, straight or curly, single or double; a quote over several
  paragraphs is one quote (each new paragraph reopens the mark); a quote inside a quote stays
  part of the outer one (its offsets are in `extras["nested"]`). `evidence` is the quoted words
  without the marks and without trailing ``, ; : .``.
- partial: a quoted phrase inside a sentence ("what he called a “sustainable truce”") is a
  direct quote with `extras["partial"] = True`, attributed to the speaker of the sentence it
  sits in. Scare quotes and titles are dropped: see `quotes_direct` for the rule.
- indirect: a reporting verb with a content clause ("X said that ...", "X told Y ...", "X
  stressed ...") or "according to X"; `evidence` is the reported clause without "that".
- speaker: the subject of the cue verb as written, with appositions ("Majed al-Ansari, the
  spokesman of ..."). Pronouns and bare descriptions ("he", "the official", "the statement")
  keep their words in `speaker` and name what they refer to in `extras["antecedent"]`;
  `speaker_actor` is the actor of the mention covering the speaker or that antecedent.
- a quote with no speaker anywhere keeps `speaker=None`.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from storyline.nlp.doc_cache import doc_text, parse_cache, sentence_of
from storyline.nlp.extensions import ensure_extensions
from storyline.nlp.quotes_direct import direct_drafts
from storyline.nlp.quotes_indirect import close_marks, indirect_drafts, keep_indirect
from storyline.nlp.quotes_marks import find_marked_spans
from storyline.nlp.quotes_resolve import Resolver, actor_for
from storyline.nlp.quotes_syntax import Bounds, Draft
from storyline.nlp.records import Evidence, Mention, Quote


class QuoteFinder:
    """The pipeline component; stateless, so one instance serves every document."""

    def __init__(self, nlp: Language, name: str) -> None:
        ensure_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.sl_quotes = find_quotes(doc)
        return doc


@Language.factory(
    "storyline_quotes", assigns=["doc._.sl_quotes"], requires=["token.dep"], default_config={}
)
def make_quotes(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder(nlp, name)


def find_quotes(doc: Doc) -> list[Quote]:
    """Every quote in a parsed doc, in text order."""
    mentions = list(getattr(doc._, "sl_mentions", None) or [])
    with parse_cache(doc):
        spans = find_marked_spans(doc_text(doc))
        direct = direct_drafts(doc, spans)
        indirect = keep_indirect(doc, indirect_drafts(doc), direct)
        for draft in indirect:
            close_marks(draft, [(s.open_at, s.close_at) for s in spans])
        drafts = sorted(direct + indirect, key=lambda d: (d.start, d.kind))
        Resolver(doc, mentions).run(drafts)
        return [_to_quote(doc, draft, mentions) for draft in drafts]


def _to_quote(doc: Doc, draft: Draft, mentions: list[Mention]) -> Quote:
    text = doc_text(doc)
    words = text[draft.start : draft.end]
    head_at = doc[draft.speaker_i].idx if draft.speaker_i is not None else None
    target = draft.antecedent or draft.speaker
    head = _head_of(doc, target) if draft.antecedent else head_at
    actor, via = actor_for(target, head, mentions, doc)
    extras = _extras(text, draft)
    if via:
        extras["speaker_actor_via"] = via
    return Quote(
        text=words,
        kind=draft.kind,
        evidence=Evidence(draft.start, draft.end, words),
        speaker=_text(text, draft.speaker),
        speaker_actor=actor,
        cue=draft.cue,
        addressee=_text(text, draft.addressee),
        sentence=_sentence(doc, draft),
        extras=extras,
    )


def _head_of(doc: Doc, bounds: Bounds | None) -> int | None:
    """Offset of the head word of a phrase (its syntactic root)."""
    span = doc.char_span(*bounds, alignment_mode="expand") if bounds else None
    return span.root.idx if span is not None and len(span) else None


def _text(text: str, bounds: Bounds | None) -> str | None:
    return text[bounds[0] : bounds[1]] if bounds else None


def _sentence(doc: Doc, draft: Draft) -> Evidence | None:
    lo, hi = draft.outer or (draft.start, draft.end)
    span = doc.char_span(lo, hi, alignment_mode="expand")
    if span is None or not len(span):
        return None
    start, end = sentence_of(span[0]).start_char, sentence_of(span[-1]).end_char
    end = max(end, hi)
    text = doc_text(doc)
    while end > start and text[end - 1].isspace():
        end -= 1
    return Evidence(start, end, text[start:end])


def _extras(text: str, draft: Draft) -> dict[str, Any]:
    extras: dict[str, Any] = {}
    if draft.partial:
        extras["partial"] = True
    if draft.nested:
        extras["nested"] = [list(span) for span in draft.nested]
    if draft.paragraphs > 1:
        extras["paragraphs"] = draft.paragraphs
    if draft.continuation:
        extras["continuation"] = True
    if draft.speaker:
        extras["speaker_span"] = list(draft.speaker)
    if draft.antecedent and draft.antecedent != draft.speaker:
        extras["antecedent"] = _text(text, draft.antecedent)
        extras["antecedent_span"] = list(draft.antecedent)
    return extras
