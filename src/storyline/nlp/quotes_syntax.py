"""Parse helpers for `storyline_quotes`: the draft record, speaker noun phrases and subjects.

Everything here reads the dependency parse only (spaCy labels: nsubj, ccomp, relcl, appos ...);
no lexicon of names, so it works for any story.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from storyline.nlp.doc_cache import doc_text
from storyline.nlp.quotes_lexicon import (
    DIRECT_CUES,
    IMPERSONAL_ADJECTIVES,
    NAMING_VERBS,
    RELATIVE_PRONOUNS,
    REPORT_VERBS,
)

Bounds = tuple[int, int]  # character offsets [start, end) into doc.text

#: Children left out of a speaker phrase: "A Qatari official, who asked not to be named, said".
_NP_SKIP = frozenset({"relcl", "advcl", "punct", "parataxis", "case"})
#: Prepositions that attach circumstances, not identity: "said Majed Al Ansari at a press conference".
_NP_SKIP_PREPS = frozenset(
    {"at", "on", "during", "after", "before", "outside", "following", "since", "as", "via", "in"}
)
#: ... except "in" on a common noun, which is identity: "officials in Jerusalem".
_IDENTITY_PREPS = frozenset({"in"})
#: A verb without a subject borrows its head's: "Hamas confirmed ..., saying it had accepted ...".
_INHERIT = frozenset({"advcl", "xcomp", "conj", "pcomp", "acomp", "acl", "prep", "pobj", "dobj"})
_EDGE_PUNCT = " \t\n,;:.—–-()\"'“”‘’"
#: Manner-of-voice cues that only attribute words in the active voice.
_VOICED = frozenset({"chant", "shout", "scream", "cry", "whisper"})
#: Cues whose object is the person spoken to ("told reporters").
_ADDRESSED = frozenset({"tell", "inform", "assure", "brief", "ask", "warn", "remind", "promise"})
_NOUNISH = frozenset({"NOUN", "PROPN", "PRON", "NUM"})


@dataclass
class Draft:
    """A quote being built; becomes a `records.Quote` once speakers are resolved."""

    kind: str  # direct | indirect
    start: int
    end: int
    cue: str | None = None
    cue_i: int | None = None  # token index of the cue word
    speaker: Bounds | None = None  # speaker phrase as written
    speaker_i: int | None = None  # head token of the speaker phrase
    addressee: Bounds | None = None
    antecedent: Bounds | None = None  # what a pronoun or "the official" was resolved to
    speaker_kind: str | None = None  # person | group | org, once a pronoun was resolved
    partial: bool = False
    continuation: bool = False  # a direct quote that carries on an earlier speaker's words
    nested: tuple[Bounds, ...] = ()
    paragraphs: int = 1
    outer: Bounds | None = None  # direct quotes: the span including the marks


def char_bounds(doc: Doc, lo: int, hi: int) -> Bounds:
    """Character span of tokens lo..hi (inclusive), edge punctuation trimmed."""
    start, end = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
    return trim(doc_text(doc), start, end)


def within_line(text: str, bounds: Bounds, anchor: int) -> Bounds:
    """bounds cut to the line (paragraph) holding anchor: spaCy runs a headline with no full
    stop into the next paragraph's sentence, but a report or a name never crosses a line."""
    lo = text.rfind("\n", 0, anchor) + 1
    hi = text.find("\n", anchor)
    hi = len(text) if hi < 0 else hi
    return trim(text, max(bounds[0], lo), min(bounds[1], hi))


def trim(text: str, start: int, end: int) -> Bounds:
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    # "... the usual 5 inches (127 millimeters)": a bracket opened inside stays closed
    if text.count("(", start, end) > text.count(")", start, end) and text[end : end + 1] == ")":
        end += 1
    return start, end


def np_bounds(tok: Token, without: Token | None = None) -> Bounds:
    """The noun phrase headed by tok, with appositions, without clauses or circumstances."""
    kept = [tok.i]
    for child in tok.children:
        if _keep_in_np(tok, child) and child != without:
            kept += _outside_relatives(child)
    lo, hi = min(kept), max(kept)
    for t in tok.doc[tok.i + 1 : hi + 1]:  # "an unnamed source briefed on the visit as saying"
        if t.lower_ == "as" and t.i + 1 < len(tok.doc) and t.nbor().lemma_ in REPORT_VERBS:
            hi = t.i - 1
            break
        if t.dep_ == "relcl":  # a closing mark hung past a left-out relative clause
            hi = t.left_edge.i - 1
            break
    return within_line(doc_text(tok.doc), char_bounds(tok.doc, lo, hi), tok.idx)


def head_bounds(tok: Token) -> Bounds:
    """Just the noun and the words before it ('told i24NEWS ...' → 'i24NEWS', not a clause)."""
    lo = min([tok.i] + [c.left_edge.i for c in tok.lefts if c.dep_ != "punct"])
    return within_line(doc_text(tok.doc), char_bounds(tok.doc, lo, tok.i), tok.idx)


def _keep_in_np(head: Token, child: Token) -> bool:
    if child.dep_ in _NP_SKIP:
        return False
    if child.dep_ == "prep" and child.lower_ in _NP_SKIP_PREPS:
        return child.lower_ in _IDENTITY_PREPS and head.pos_ == "NOUN"
    return True


def _outside_relatives(top: Token) -> list[int]:
    """Indices of top's subtree without the relative clauses below top ('officials in Qatar,
    which brokered ...'): one walk down, not a walk up from every word of the subtree."""
    found, stack = [], [top]
    while stack:
        tok = stack.pop()
        found.append(tok.i)
        stack.extend(c for c in tok.children if c.dep_ != "relcl")
    return found


def possessor(tok: Token) -> Token | None:
    """'the prime minister's message' → 'minister'."""
    return next((c for c in tok.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)


def subject_of(verb: Token) -> Token | None:
    """The speaker token of a reporting verb: its subject, or the subject it borrows.

    A verb without a subject borrows from the verb it hangs on; when that verb is itself
    reported speech ("Hamas says the bombing has killed captives, warning that ..."; "Qatar,
    he added, would not accept ..., noting that ..."), the reporter's subject is the speaker.
    """
    if _zero_relative(verb):
        return verb.head
    tok = verb
    for _ in range(6):
        if tok.i != verb.i:
            reporter = _reporter_of(tok)
            if reporter is not None:
                return subject_of(reporter)
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "csubj")), None)
        if subj is not None:
            return None if _dummy_it(subj, tok) else _relative_to_noun(subj, tok)
        if tok.i == verb.i and any(c.dep_ == "nsubjpass" for c in tok.children):
            return None  # "Families are told ..." names no speaker
        cited = _cited_source(tok)
        if cited is not None:
            return cited
        if tok.dep_ not in _INHERIT or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _zero_relative(verb: Token) -> bool:
    """'a concession one negotiator called “...”' parsed as 'negotiator [who was] called'."""
    return (
        verb.dep_ == "acl"
        and verb.lemma_.lower() in NAMING_VERBS
        and verb.head.i == verb.i - 1
        and not any(c.dep_ in ("nsubj", "agent") for c in verb.children)
    )


def _reporter_of(clause: Token) -> Token | None:
    """The reporting verb whose content `clause` is, if any."""
    if clause.dep_ == "ccomp" and clause.head.lemma_.lower() in REPORT_VERBS:
        return clause.head
    return next(
        (c for c in clause.children
         if c.dep_ == "parataxis" and c.lemma_.lower() in REPORT_VERBS),
        None,
    )  # fmt: skip


def _cited_source(tok: Token) -> Token | None:
    """'AFP cited an unnamed source ... as saying' → the source, not AFP."""
    if tok.dep_ != "pcomp" or tok.head.lower_ != "as":
        return None
    citing = tok.head.head
    while citing.dep_ == "acl" and citing.head.pos_ in ("NOUN", "PROPN"):
        citing = citing.head  # "as" hung on "source briefed on the visit"
    if citing.pos_ in ("NOUN", "PROPN"):
        return citing
    if citing.lemma_.lower() in ("cite", "quote"):
        return next((c for c in citing.children if c.dep_ == "dobj"), None)
    return None


def _dummy_it(subj: Token, verb: Token) -> bool:
    """'It is worth noting that ...', 'it is fair to say ...': nobody is speaking."""
    return (
        subj.lower_ == "it"
        and verb.lemma_ == "be"
        and any(
            c.dep_ == "acomp" and c.lemma_.lower() in IMPERSONAL_ADJECTIVES for c in verb.children
        )
    )


def _relative_to_noun(subj: Token, verb: Token) -> Token:
    """'Qatar, which said ...' → 'Qatar'; after a comma, the noun the whole phrase describes."""
    if subj.lower_ not in RELATIVE_PRONOUNS or verb.dep_ != "relcl":
        return subj
    if subj.i == 0 or subj.doc[subj.i - 1].text != ",":
        return verb.head  # restrictive: 'the group that said ...'
    return _described(verb.head, person=subj.lower_ in ("who", "whom"))


def _described(noun: Token, person: bool) -> Token:
    """The antecedent of a non-restrictive relative hung on a noun deep in a modifier:
    'the Association, a group for families living in Oakdale, which said' → 'Association' (the
    parse picks 'Oakdale'); 'a lawyer for the tenants, who said' → 'lawyer'. Climbs out of
    prepositional phrases (and participles on them) to the head noun, then out of an
    apposition; a 'which' climbs only when an apposition is crossed ('officials in Qatar,
    which ...' is Qatar)."""
    tok = noun
    for _ in range(8):
        up = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else None
        while up is not None and up.dep_ == "acl" and up.pos_ == "VERB":
            up = up.head
        if up is None or up.pos_ not in ("NOUN", "PROPN", "PRON"):  # PRON: "for those held in"
            break
        tok = up
    if tok.dep_ == "appos":
        return tok.head
    return tok if person and tok.pos_ != "PRON" else noun


def inverted_subject(cue: Token) -> Token | None:
    """'“...,” said one of the organisers' / 'asked a resident': the phrase after the cue."""
    return next((c for c in cue.rights if c.pos_ in _NOUNISH and c.dep_ != "ccomp"), None)


def addressee_of(verb: Token) -> Token | None:
    """'told reporters', 'told the assembly', 'said to reporters'."""
    for child in verb.children:
        if child.dep_ in ("dative", "dobj", "iobj") and child.pos_ in ("NOUN", "PROPN", "PRON"):
            return child
        if child.dep_ == "prep" and child.lower_ == "to" and verb.lemma_ == "say":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return None


def is_cue_word(tok: Token, words: frozenset[str] = DIRECT_CUES) -> bool:
    """A verb that can attribute speech; not a reduced passive ('a source briefed on ...')."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in words or tok.dep_ in ("amod", "compound"):
        return False  # "warning shots", "a calling card"
    if tok.lemma_.lower() in _VOICED and any(c.dep_ == "auxpass" for c in tok.children):
        return False  # "words chanted at every rally": a voice with no one behind it
    return not (tok.dep_ == "acl" and tok.tag_ == "VBN") or _zero_relative(tok)


def attach_cue(
    draft: Draft, cue: Token, outside: Bounds | None = None, inverted: bool = False
) -> None:
    """Record the cue verb, its subject as speaker and its object as addressee on draft.

    A subject inside `outside` (the quote itself) is a mis-parse, never the speaker. With
    `inverted` (the cue right after a closing mark) the phrase after the cue is the speaker.
    """
    draft.cue, draft.cue_i = cue.lemma_.lower(), cue.i
    subj = inverted_subject(cue) if inverted else None
    subj = subj or subject_of(cue)
    if subj is not None and not (outside and outside[0] <= subj.idx < outside[1]):
        draft.speaker, draft.speaker_i = np_bounds(subj, without=cue), subj.i
    if draft.cue in _ADDRESSED:
        target = addressee_of(cue)
        inside = target is not None and outside and outside[0] <= target.idx < outside[1]
        if target is not None and not inside and target.i != draft.speaker_i:
            draft.addressee = head_bounds(target)
