"""Direct and partial quotes: attribute each quoted span to a cue verb and a speaker.

Where the cue is looked for, in order:
1. up the parse from the quoted words (“...,” said X / X said: “...” / what he called a “...”);
2. in the rest of the sentence after the closing mark (“...,” the official added.);
3. in the sentence before the opening mark (the second half of a split quote).
A quote standing alone with no cue takes the subject of an introducing sentence ("Hana Levi
recalled the attack." / "The envoy was blunt:"), else it is a continuation of the previous
quote (resolved later), else it has no speaker.

Scare quotes: a quoted span after a naming word ("so-called", "dubbed", "titled", "banner") is
a name, not speech, and is dropped. An embedded span with no cue anywhere in its sentence is
dropped too when it is at most three words or in Title Case ("more surgical precision", "Not
One More Day"). A short span that does have a cue is a partial quote of that speaker: the
'framework for review' of seed 000 is what the Israeli source told i24NEWS.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from storyline.nlp.doc_cache import doc_text, sentence_of
from storyline.nlp.quotes_lexicon import INTRO_VERBS, NAMING_MARKERS, SPEAKER_NOUNS
from storyline.nlp.quotes_marks import MarkedSpan
from storyline.nlp.quotes_syntax import (
    Draft,
    attach_cue,
    is_cue_word,
    np_bounds,
    possessor,
    subject_of,
)

#: Words whose full stop does not end a sentence ("Mr. Blinken", "Rear Adm. Hagari").
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "adm", "gen", "lt", "col", "sgt", "st", "jr", "sr", "no", "gov",
     "sen", "rep", "prof", "capt", "maj", "brig", "jan", "feb", "mar", "apr", "aug", "sep",
     "sept", "oct", "nov", "dec", "u.s", "u.n"}
)  # fmt: skip
_PREV_WORD = re.compile(r"([\w'-]+)[^\w]*$")
_SPEAKER_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def direct_drafts(doc: Doc, spans: list[MarkedSpan]) -> list[Draft]:
    """One draft per quoted span worth keeping, in text order."""
    stops = _sentence_stops(doc_text(doc), spans)
    drafts = (_attribute(doc, span, spans, stops) for span in spans)
    return [d for d in drafts if d is not None]


def _attribute(
    doc: Doc, span: MarkedSpan, spans: list[MarkedSpan], stops: list[int]
) -> Draft | None:
    text = doc_text(doc)
    if _previous_word(text, span.open_at) in NAMING_MARKERS:
        return None
    embedded = _embedded(text, span.open_at) or _listed(text, span)
    draft = Draft("direct", span.start, span.end, partial=embedded, nested=span.nested,
                  paragraphs=span.paragraphs, outer=(span.open_at, span.close_at))  # fmt: skip
    window = _window(span, spans, stops, len(text))
    cue = _cue(doc, span, window)
    if cue is not None:
        attach_cue(draft, cue, outside=draft.outer, inverted=_right_after(doc, span, cue))
    elif not embedded:
        _introduced_by(doc, span, draft)
        draft.continuation = draft.speaker is None
    if draft.cue is None and draft.speaker is None and embedded and _name_like(text, span):
        return None
    if embedded and _before_its_noun(doc, span) and not _speech(cue):
        return None  # 'a "phase one" trade deal', 'his "tough on China" stance': a label
    return draft


_DETERMINERS = frozenset(
    {"a", "an", "the", "his", "her", "its", "their", "our", "my", "your", "this", "that"}
)


def _before_its_noun(doc: Doc, span: MarkedSpan) -> bool:
    """The quoted words sit between a determiner and the noun they modify."""
    if _previous_word(doc_text(doc), span.open_at) not in _DETERMINERS:
        return False
    after = _starting_in(doc, span.close_at, len(doc_text(doc)))
    return len(after) > 0 and after[0].pos_ == "NOUN" and after[0].dep_ != "nsubj"


def _speech(cue: Token | None) -> bool:
    """A finite cue reports words ('called for a “serious” exchange', 'will call it a “...”
    deal'); an infinitive or a gerund ('allow leaders to claim a “phase one” deal',
    'maintaining his “tough” stance') describes an act the quoted label is only part of."""
    if cue is None or cue.tag_ == "VBG":
        return False
    return cue.tag_ != "VB" or any(c.tag_ == "MD" for c in cue.children)


def _listed(text: str, span: MarkedSpan) -> bool:
    """A title in a list ('from Pixar, “Star Wars,” Marvel and ...'): name-like words after a
    comma, followed by a comma or a conjunction, inside the sentence."""
    before = text[max(0, span.open_at - 2) : span.open_at]
    after = text[span.close_at : span.close_at + 5]
    closing = text[span.end : span.close_at + 1]
    return (
        before.rstrip().endswith(",")
        and ("," in closing or re.match(r"\s*(and|or)\b", after) is not None)
        and _name_like(text, span)
        and not any(ch in text[span.start : span.end] for ch in ".!?")
    )


def _previous_word(text: str, at: int) -> str:
    match = _PREV_WORD.search(text[max(0, at - 40) : at])
    return match.group(1).lower() if match else ""


def _embedded(text: str, open_at: int) -> bool:
    """A quote inside a running sentence ("a “sustainable truce”"), not one that starts it."""
    i = open_at - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i >= 0 and text[i].isalnum()


def _name_like(text: str, span: MarkedSpan) -> bool:
    words = text[span.start : span.end].split()
    return len(words) <= 3 or all(w[0].isupper() for w in words if w[0].isalpha())


def _sentence_stops(text: str, spans: list[MarkedSpan]) -> list[int]:
    """Offsets just after each sentence end or line break outside quotes (abbreviations skipped)."""
    inside = [(s.open_at, s.close_at) for s in spans]
    stops = []
    for match in re.finditer(r"[.!?](?=[\"'”’]?\s)|\n", text):
        at = match.start()
        if any(lo <= at < hi for lo, hi in inside):
            continue
        if text[at] == "." and _previous_word(text, at + 1).rstrip(".") in _ABBREVIATIONS:
            continue
        stops.append(at + 1)
    stops += [s.close_at for s in spans if _ends_sentence(text, s)]
    return sorted(stops)


def _ends_sentence(text: str, span: MarkedSpan) -> bool:
    """'“We will be back.” The sign ...' ends there; '“Where is he?” asked a woman' does not."""
    if "." in text[span.end : span.close_at]:
        return True
    after = text[span.close_at : span.close_at + 3].lstrip()
    return text[span.end - 1] in "?!" and not (after[:1].islower())


def _window(
    span: MarkedSpan, spans: list[MarkedSpan], stops: list[int], length: int
) -> tuple[int, int, int, int]:
    """The quote's sentence (lo, hi), and within it the stretch not owned by a neighbouring
    quote (near_lo, near_hi): '“A,” the mediator said, “B.”' gives B only 'the mediator said'."""
    lo = max([s for s in stops if s <= span.open_at], default=0)
    hi = min([s for s in stops if s > span.close_at], default=length)
    near_lo = max([lo] + [s.close_at for s in spans if s.close_at <= span.open_at])
    near_hi = min([hi] + [s.open_at for s in spans if s.open_at >= span.close_at])
    return lo, hi, near_lo, near_hi


def _is_cue(tok: Token, span: MarkedSpan, window: tuple[int, ...]) -> bool:
    if not window[0] <= tok.idx < window[1] or span.open_at <= tok.idx < span.close_at:
        return False
    return is_cue_word(tok)


def _right_after(doc: Doc, span: MarkedSpan, cue: Token) -> bool:
    """'“...,” said X': the cue is the first word after the closing mark."""
    between = doc_text(doc)[span.close_at : cue.idx]
    return cue.idx >= span.close_at and not any(ch.isalnum() for ch in between)


def _cue(doc: Doc, span: MarkedSpan, window: tuple[int, int, int, int]) -> Token | None:
    words = doc.char_span(span.start, span.end, alignment_mode="expand")
    if words is None:
        return None
    tok = words.root
    for _ in range(8):  # 1. up the parse, anywhere in the sentence
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if _is_cue(tok, span, window):
            return tok
    near = window[2:]
    after = _starting_in(doc, span.close_at, near[1])
    found = _first_cue(after, span, near)  # 2. after the closing mark
    if found is None:
        before = _starting_in(doc, near[0], span.open_at)
        found = _first_cue(reversed(before), span, near)  # 3. before the opening mark
    return found


def _starting_in(doc: Doc, start: int, end: int) -> Span:
    """The tokens whose first character is in [start, end), found by bisection."""
    return doc[bisect_left(doc, start, key=_offset) : bisect_left(doc, end, key=_offset)]


def _offset(token: Token) -> int:
    return token.idx


def _first_cue(tokens: Iterable[Token], span: MarkedSpan, window: tuple[int, ...]) -> Token | None:
    return next((t for t in tokens if _is_cue(t, span, window)), None)


def _introduced_by(doc: Doc, span: MarkedSpan, draft: Draft) -> None:
    """Speaker of a quote that stands alone: 'X was blunt: “...”' or 'X recalled it. “...”'."""
    text = doc_text(doc)
    at = span.open_at - 1
    while at >= 0 and text[at].isspace():
        at -= 1
    words = doc.char_span(max(0, at - 1), at + 1, alignment_mode="expand") if at >= 0 else None
    if words is None:
        return
    if text[at] == ":":  # the clause before the colon, even if the parse hangs it on the quote
        head = _clause_verb(words[0] if len(words) > 1 else words[-1])
    else:
        head = sentence_of(words[-1]).root
        if head.lemma_.lower() not in INTRO_VERBS:
            return
    if head.idx >= span.open_at:
        return
    subj = subject_of(head)
    if subj is not None and possessor(subj) is not None and not _speakerish(subj):
        subj = possessor(subj)  # "The prime minister's message ... was blunt:"
    if subj is not None and subj.idx < span.open_at and _speakerish(subj):
        draft.speaker, draft.speaker_i = np_bounds(subj), subj.i


def _clause_verb(tok: Token) -> Token:
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            return tok
        tok = tok.head
    return tok


def _speakerish(tok: Token) -> bool:
    """Can this word be someone who speaks (not "the sign", "the slogan")?"""
    if tok.ent_type_ in _SPEAKER_ENTS or tok.pos_ in ("PROPN", "PRON"):
        return True
    return tok.lemma_.lower() in SPEAKER_NOUNS or tok.lower_ in SPEAKER_NOUNS
