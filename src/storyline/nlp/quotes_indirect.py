"""Indirect speech: "X said (that) ...", "X told Y ...", "X stressed ...", "..., according to X".

Kept: a reporting verb (quotes_lexicon.REPORT_VERBS) with a content clause that has its own
subject. Left out, because nothing was reported: negated cues ("did not say"), questions ("did
not say whether"), passives without an agent ("Families are told ..."), and relative clauses
whose claim has no subject of its own ("which the UN said was far below ...").
Only the outermost report counts: "X said Y had told him Z" is one quote by X.

The reported clause is the content clause's subtree, with "that" dropped, widened by a
coordinated "and that ..." the parse hung on the cue, and cut before what the reporter adds
after it: another speech act ("..., warning that", "and urged"), a ", while/as ..." clause, an
"according to" phrase, or a trailing ", a NOUN ..." comment on the whole clause.
"""

from __future__ import annotations

import re

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from storyline.nlp.doc_cache import doc_text, sentence_of, tokens_where
from storyline.nlp.quotes_clause import (
    DEED_OBJECTS,
    is_question,
    same_line_clause,
    small_clause,
    split_clause_end,
    stray_that_clause,
)
from storyline.nlp.quotes_lexicon import (
    RELATIVE_PRONOUNS,
    REPORT_VERBS,
    SOURCE_DOCUMENTS,
    SPEECH_ACTS,
)
from storyline.nlp.quotes_syntax import (
    Bounds,
    Draft,
    attach_cue,
    char_bounds,
    is_cue_word,
    np_bounds,
    trim,
    within_line,
)

#: Share of an indirect quote's words inside a direct quote above which it is that direct quote
#: seen through its reporting verb ('telling Israelis that "it's time for this war to end."').
_COVERED = 0.85
_SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl", "nsubjpass", "csubjpass"})
#: Reporting verbs that take a clause, never a noun object ("said the deal", "added the plan").
_CLAUSE_ONLY = frozenset({"say", "add", "claim", "insist", "stress", "note", "acknowledge"})
_ASIDE_MARKS = frozenset({"as", "while", "whereas", "although", "though"})
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z/ .,'-]{2,}(?:,\s*[A-Z][a-z]{2,4}\.?\s*\d{1,2})?\s*(?:\([A-Za-z ]+\))?\s*[—–]"
    r"|[A-Z][a-z]+(?:/[A-Z][a-z]+)?:)\s*"
)


def indirect_drafts(doc: Doc) -> list[Draft]:
    drafts = []
    for tok in (doc[i] for i in _report_words(doc)):
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            draft = _according(tok)
        elif is_cue_word(tok, REPORT_VERBS) and not _negated(tok):
            draft = _reported(tok)
        else:
            continue
        if draft is not None and draft.speaker is not None:
            drafts.append(draft)
    return drafts


def _report_words(doc: Doc) -> list[int]:
    """The tokens the loop above can act on ("according", a reporting verb), in text order."""
    according = tokens_where(doc, LOWER, _is_according)
    reports = tokens_where(doc, LEMMA, _is_report_lemma)
    return sorted(set(according) | set(reports))


def _is_according(word: str) -> bool:
    return word == "according"


def _is_report_lemma(lemma: str) -> bool:
    return lemma.lower() in REPORT_VERBS


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _reported(cue: Token) -> Draft | None:
    if any(c.dep_ == "prep" and c.lower_ == "to" for c in cue.children) and cue.lemma_ == "add":
        return None  # "adding to the toll": not speech
    trailing = _trailing_speaker(cue)
    bounds = content_bounds(cue, stop=trailing.start - 2 if trailing is not None else None)
    if bounds is not None:
        bounds = within_line(doc_text(cue.doc), bounds, cue.idx)
    if bounds is None or bounds[0] >= bounds[1]:
        return None
    draft = Draft("indirect", *bounds)
    attach_cue(draft, cue)
    if draft.speaker is None and trailing is not None:
        draft.speaker, draft.speaker_i = np_bounds(trailing.root), trailing.root.i
    return draft


def _trailing_speaker(cue: Token) -> Span | None:
    """'..., two sources with knowledge of the meeting said.' with the speaker parsed into the
    clause: the words between the last comma and a subjectless cue that ends the sentence."""
    doc, sent = cue.doc, sentence_of(cue)
    after = doc[cue.i + 1 : sent.end]
    if any(c.dep_ in _SUBJECT_DEPS for c in cue.children) or not all(
        t.is_punct or t.is_space for t in after
    ):
        return None
    comma = next((t.i for t in reversed(doc[sent.start : cue.i]) if t.text == ","), None)
    if comma is None or cue.i - comma < 2 or cue.i - comma > 12:
        return None
    words = doc[comma + 1 : cue.i]
    return words if words.root.pos_ in ("NOUN", "PROPN", "PRON") else None


# --- the reported clause ---------------------------------------------------------------------


def content_bounds(cue: Token, stop: int | None = None) -> Bounds | None:
    """The reported clause of a reporting verb, or None when it has none.

    ccomp child → its subtree; a parenthetical cue ("The focus, they said, was ...", "..., an
    official said") → the clause it hangs from, minus the cue's own words when at an edge.
    """
    doc = cue.doc
    clause = same_line_clause(cue)
    if clause is None and (cue.dep_ == "parataxis" or _tag_as_advcl(cue)):
        clause = cue.head
    if clause is None:
        clause = _object_clause(cue)
    stray = stray_that_clause(cue) if clause is None else None
    clause = clause or stray
    if clause is None or not _has_subject(clause) or is_question(clause) or small_clause(clause):
        return None
    lo, hi = clause.left_edge.i, _last_word(doc, clause.right_edge.i)
    hi = min(hi, stop) if stop is not None else hi
    if clause.head.i != cue.i and stray is None:  # the cue hangs from the clause: cut it off
        lo, hi = _without(lo, hi, cue.left_edge.i, _last_word(doc, cue.right_edge.i))
    elif lo < cue.i < hi and doc[lo].lower_ in RELATIVE_PRONOUNS:
        return None  # "which the UN said was far below ...": the claim has no words of its own
    if hi < cue.i and ";" in doc[hi : cue.i].text:
        return None  # "Around 130 remain in Gaza; the IDF has confirmed ...": two sentences
    hi = max(
        hi, _and_that(cue, hi), _after_colon(cue, clause, hi), split_clause_end(cue, clause, hi)
    )
    hi = min(hi, _tail_cut(doc, clause, lo, hi))
    while lo <= hi and (doc[lo].is_punct or _is_that(doc[lo], clause)):
        lo += 1
    while hi >= lo and (doc[hi].is_punct or doc[hi].pos_ == "CCONJ"):
        hi -= 1
    return strip_dateline(doc_text(doc), *char_bounds(doc, lo, hi)) if lo <= hi else None


def _tag_as_advcl(cue: Token) -> bool:
    """'X were scheduled to meet Y, the source further said, adding ...' with 'said' parsed as
    an adverbial clause of what it reports: a speech tag (own subject, no 'while/as')."""
    return (
        cue.dep_ == "advcl"
        and cue.i > cue.head.i
        and any(c.dep_ == "nsubj" for c in cue.children)
        and not any(c.dep_ == "mark" for c in cue.children)
    )


def _object_clause(cue: Token) -> Token | None:
    """'said the version Hamas had agreed to contained changes' parsed with 'version' as the
    object of 'said': verbs that take no noun object read a clause-sized object as the clause."""
    if cue.lemma_.lower() not in _CLAUSE_ONLY:
        return None
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    if obj is None or obj.right_edge.i - obj.left_edge.i < 4 or obj.lemma_ in DEED_OBJECTS:
        return None
    finite = any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in obj.subtree)
    # "said more than 900 people signed up ...": the clause's verb read as a participle on it
    finite = finite or any(c.dep_ == "acl" and c.tag_ == "VBN" for c in obj.rights)
    return obj if finite and obj.pos_ == "NOUN" else None


def _has_subject(clause: Token) -> bool:
    if clause.pos_ == "NOUN":  # an object read as a clause: the noun is its subject
        return True
    return any(c.dep_ in _SUBJECT_DEPS for c in clause.children)


def _is_that(tok: Token, clause: Token | None = None) -> bool:
    """The complementiser 'that' (not 'that' as the clause's subject, nor the determiner of
    "That message is ...")."""
    if tok.lower_ != "that" or tok.dep_ == "det":
        return False
    return tok.dep_ == "mark" or (clause is not None and tok.dep_ not in _SUBJECT_DEPS)


def _last_word(doc: Doc, i: int) -> int:
    while i > 0 and doc[i].is_punct and doc[i].text not in "\"'”’":
        i -= 1
    return i


def _without(lo: int, hi: int, cut_lo: int, cut_hi: int) -> tuple[int, int]:
    """Range lo..hi with cut_lo..cut_hi removed when it sits at either edge."""
    if cut_lo <= lo:
        return max(lo, cut_hi + 1), hi
    if cut_hi >= hi:
        return lo, min(hi, cut_lo - 1)
    return lo, hi


def _and_that(cue: Token, hi: int) -> int:
    """'said it had held, and that troops remained ...' with the second clause hung on 'said'."""
    for conj in (c for c in cue.children if c.dep_ == "conj" and c.i > hi):
        if any(_is_that(t) for t in conj.lefts):
            return _last_word(cue.doc, conj.right_edge.i)
    return hi


def _after_colon(cue: Token, clause: Token, hi: int) -> int:
    """'saying it was on the same terms as before: Israeli women and children ...'."""
    doc = cue.doc
    if hi + 1 >= len(doc) or doc[hi + 1].text != ":" or doc[hi + 1].head.i not in (cue.i, clause.i):
        return hi
    return _last_word(doc, max(cue.right_edge.i, clause.right_edge.i))


def _tail_cut(doc: Doc, clause: Token, lo: int, hi: int) -> int:
    """Last token of the clause before anything the reporter appended to it."""
    for tok in doc[lo : hi + 1]:
        if tok.i <= clause.i or not lo <= tok.head.i <= hi:
            continue
        if tok.lower_ == "according" or _appended(tok, clause):
            return tok.left_edge.i - 1
    return hi


def _appended(tok: Token, clause: Token) -> bool:
    if tok.dep_ in ("conj", "advcl") and tok.pos_ == "VERB":
        own_subject = any(c.dep_ in _SUBJECT_DEPS for c in tok.children)
        finite = tok.tag_ in ("VBD", "VBG", "VBZ", "VBP")  # not "to put pressure"
        if tok.lemma_.lower() in SPEECH_ACTS and finite and not own_subject:
            return True  # "... and urged both sides", "..., warning that ..."
        marks = {c.lower_ for c in tok.children if c.dep_ == "mark"}
        return _after_comma(tok) and bool(marks & _ASIDE_MARKS)  # "..., while Hamas said ..."
    if tok.dep_ in ("appos", "npadvmod", "attr") and tok.head.pos_ in ("VERB", "AUX"):
        # "..., a claim Israeli officials dismissed": the reporter's comment on the whole clause
        return _after_comma(tok) and tok.pos_ == "NOUN" and tok.left_edge.dep_ == "det"
    return False


def _after_comma(tok: Token) -> bool:
    """A comma in the two tokens before the phrase of `tok`."""
    return "," in tok.doc[max(0, tok.left_edge.i - 2) : tok.left_edge.i].text


def strip_dateline(text: str, start: int, end: int) -> Bounds:
    """'JERUSALEM, Oct 8 (MPA) — The number ...' → 'The number ...'."""
    match = _DATELINE.match(text, start, end)
    return (match.end(), end) if match and match.end() < end else (start, end)


# --- according to ---------------------------------------------------------------------------


def _according(according: Token) -> Draft | None:
    bounds, source = according_bounds(according), according_source(according)
    if bounds is not None:
        bounds = within_line(doc_text(according.doc), bounds, according.idx)
    if bounds is None or source is None or bounds[0] >= bounds[1]:
        return None
    draft = Draft("indirect", *bounds, cue="according_to", cue_i=clause_head(according.head).i)
    speaker = np_bounds(source)
    if speaker[0] < bounds[0] < speaker[1]:  # a subject the parse swallowed is not the source
        speaker = trim(doc_text(according.doc), speaker[0], bounds[0])
    draft.speaker, draft.speaker_i = speaker, source.i
    return draft


def clause_head(tok: Token) -> Token:
    """The clause 'according to X' qualifies: the nearest verb up, then its first conjunct."""
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            break
        tok = tok.head
    while tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX"):
        tok = tok.head
    return tok


def according_source(according: Token) -> Token | None:
    """'according to X' → X; 'according to a statement from Y' → Y."""
    to = next((c for c in according.children if c.lower_ == "to"), according.nbor())
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is not None and pobj.lemma_.lower() in SOURCE_DOCUMENTS:
        for prep in (c for c in pobj.children if c.dep_ == "prep" and c.lower_ in ("from", "by")):
            issuer = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if issuer is not None:
                return issuer
    return pobj


def according_bounds(according: Token) -> Bounds | None:
    """The clause an 'according to X' phrase attributes, without the phrase itself.

    At the start or end of a sentence the phrase covers the whole sentence, whichever verb the
    parse hung it on ("Israel is set to restart talks, after X, according to media reports").
    """
    doc, head = according.doc, clause_head(according.head)
    sent = sentence_of(according)
    rest = doc[according.right_edge.i + 1 : sent.end]
    at_edge = according.left_edge.i == sent.start or all(t.is_punct or t.is_space for t in rest)
    if at_edge and sent.root.pos_ in ("VERB", "AUX"):
        head = sent.root
    lo, hi = head.left_edge.i, _last_word(doc, head.right_edge.i)
    if not lo <= according.i <= hi:
        return None
    pp_hi = _swallowed_subject(according, head)
    if pp_hi is None:
        pp_hi = _last_word(doc, according.right_edge.i)
        if not any(t.text == "," for t in doc[pp_hi + 1 : hi + 1]):
            pp_hi = hi  # only the phrase's own words follow: "... and to videos shared online"
    lo, hi = _without(lo, hi, according.left_edge.i, pp_hi)
    while hi > lo and doc[hi].is_punct:
        hi -= 1
    return strip_dateline(doc_text(doc), *char_bounds(doc, lo, hi))


def _swallowed_subject(according: Token, head: Token) -> int | None:
    """'According to an official familiar with talks between A and B, both C and D have ...'
    parsed with 'C and D' as more conjuncts inside the phrase, leaving the verb no subject:
    the phrase ends at its last comma (returned), the clause is what follows."""
    doc = according.doc
    if according.left_edge.i != sentence_of(according).start or _has_subject(head):
        return None
    commas = [t.i for t in doc[according.i : according.right_edge.i + 1] if t.text == ","]
    return commas[-1] if commas else None


# --- which reports to keep -------------------------------------------------------------------


def keep_indirect(doc: Doc, indirect: list[Draft], direct: list[Draft]) -> list[Draft]:
    """Drop reports nested in other quotes, and 'according to' on an already attributed clause."""
    outers = [d.outer for d in direct if d.outer is not None]
    reports = [d for d in indirect if d.cue != "according_to"]
    verb_cues = {d.cue_i for d in reports}
    kept = []
    for draft in indirect:
        at = doc[draft.cue_i].idx if draft.cue_i is not None else draft.start
        if any(lo <= at < hi for lo, hi in outers) or _covered(draft, outers):
            continue
        if draft.cue == "according_to" and (draft.cue_i in verb_cues or _inside(at, reports)):
            continue  # "Netanyahu told ministers ..., according to a statement from his office"
        if draft.cue != "according_to" and _inside(at, [r for r in reports if r is not draft]):
            continue
        kept.append(draft)
    return _unique(kept)


def _covered(draft: Draft, outers: list[Bounds]) -> bool:
    size = draft.end - draft.start
    inside = sum(max(0, min(hi, draft.end) - max(lo, draft.start)) for lo, hi in outers)
    return size > 0 and inside / size >= _COVERED


def _inside(at: int, drafts: list[Draft]) -> bool:
    return any(d.start <= at < d.end for d in drafts)


def _unique(drafts: list[Draft]) -> list[Draft]:
    seen: set[Bounds] = set()
    out = []
    for draft in drafts:
        if (draft.start, draft.end) not in seen:
            seen.add((draft.start, draft.end))
            out.append(draft)
    return out


def close_marks(draft: Draft, outers: list[Bounds]) -> None:
    """Extend a reported clause that stops inside a quoted phrase to the closing mark."""
    for lo, hi in outers:
        if draft.start <= lo < draft.end < hi:
            draft.end = hi
