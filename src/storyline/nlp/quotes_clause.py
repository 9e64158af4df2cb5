"""Reported clauses the parser hung somewhere other than on the reporting verb.

spaCy often attaches a "that" clause to the last noun before it instead of to the verb:
"told the newspaper in a statement that his client meant no harm" (the clause as a complement
of "statement"), "told a crowd of residents who gathered outside that the budget would be
fixed" (a ccomp of "gathered"). A reporting verb with no clause of its own takes the first
"that" clause in its right-hand subtree, when the words between are only its objects and
prepositional phrases (no other reporting verb, no full stop or semicolon).
"""

from __future__ import annotations

from spacy.tokens import Token

from storyline.nlp.doc_cache import doc_text
from storyline.nlp.quotes_lexicon import QUESTION_MARKS, REPORT_VERBS

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"})
#: How far past the verb the stray "that" may sit (tokens): objects and a phrase or two.
_REACH = 16


def stray_that_clause(cue: Token) -> Token | None:
    """The head of a "that" clause hung inside the verb's object or prepositional phrase."""
    doc = cue.doc
    for tok in doc[cue.i + 1 : min(len(doc), cue.right_edge.i + 1, cue.i + _REACH)]:
        if tok.text in (".", ";", ":", "\u201c", '"') or _reports(tok):
            return None
        if tok.lower_ != "that" or tok.dep_ != "mark":
            continue
        clause = tok.head
        if clause.head.i == cue.i or not any(c.dep_ in _SUBJECT_DEPS for c in clause.children):
            return None
        return clause if _under(clause, cue) else None
    return None


def _reports(tok: Token) -> bool:
    """Another reporting verb in between owns the clause ("told X who said that ...")."""
    return tok.pos_ == "VERB" and tok.lemma_.lower() in REPORT_VERBS


def _under(tok: Token, cue: Token) -> bool:
    return any(a.i == cue.i for a in tok.ancestors)


def is_question(clause: Token) -> bool:
    """'did not say whether ...', 'asked what ...': a question, not a claim."""
    first = clause.left_edge
    if first.lower_ == "that":
        return False
    if first.lower_ == "if":
        return first.head.i == clause.i
    if first.lower_ not in QUESTION_MARKS or first.i >= clause.i:
        return False
    # "said whether the plan goes ahead depends on ...": the question is only the subject
    return not any(t.dep_ in ("csubj", "csubjpass") for t in _path_up(first, clause))


def _path_up(tok: Token, top: Token) -> list[Token]:
    """Tokens from tok up to (not including) top."""
    path = []
    while tok.i != top.i and tok.head.i != tok.i:
        path.append(tok)
        tok = tok.head
    return path


def small_clause(clause: Token) -> bool:
    """'declaring the ban unconstitutional', 'declared the area a closed zone': a verbless
    object and complement, which names a verdict or an act, not words reported."""
    if clause.dep_ != "ccomp" or clause.pos_ not in ("ADJ", "NOUN", "PROPN"):
        return False
    # no verb anywhere: "that every day of delay endangered lives" keeps its (mis-tagged) verb
    return not any(t.tag_.startswith("VB") or t.tag_ == "MD" for t in clause.subtree)


#: Objects that make a claiming verb an act, not a report ("claimed responsibility for ...").
DEED_OBJECTS = frozenset({"responsibility", "credit", "victory", "ownership"})


def split_clause_end(cue: Token, clause: Token, hi: int) -> int:
    """'said he is focused on ... after seeing their streak come to an end' parsed as two
    clauses of 'said': the second goes on right where the first stops, so it is one clause."""
    for other in cue.children:
        if other.dep_ == "ccomp" and other.i > clause.i and other.left_edge.i == hi + 1:
            hi = other.right_edge.i
            while hi > other.i and other.doc[hi].is_punct:
                hi -= 1
    return hi


def same_line_clause(cue: Token) -> Token | None:
    """The verb's content clause, skipping one the parse took from another paragraph: a
    quote that ends one paragraph can be hung on the "told" that opens the next."""
    text = doc_text(cue.doc)
    clauses = [c for c in cue.children if c.dep_ == "ccomp"]
    for clause in clauses:
        lo, hi = sorted((clause.idx, cue.idx))
        if "\n" not in text[lo:hi]:
            return clause
    # none on the verb's line: the first, whose words on that line are what is reported
    # (a headline run into the next paragraph's sentence; the caller cuts it to the line)
    return clauses[0] if clauses else None
