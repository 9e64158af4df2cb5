"""Which way a temporal expression points, read from the tense of the clause that governs it.

"on Tuesday" in "talks collapsed on Tuesday" is the Tuesday before the document date, in "talks
will resume on Tuesday" the one after, in "talks resume on Tuesday" the nearest. Directions are
-1 (past), +1 (future) and 0 (present or unknown); they fill the "?" of a relative value.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "ll"})
#: Heads whose infinitive is planned: "is set to meet", "scheduled to", "plans to", "due to".
FUTURE_HEADS = frozenset(
    {"set", "schedule", "expect", "due", "plan", "go", "poise", "slate", "intend", "hope",
     "aim", "prepare", "likely", "want", "seek", "try", "agree", "promise", "vow", "threaten"}
)  # fmt: skip
#: Participles that schedule: "is scheduled for Tuesday", "a summit set for April".
PLANNED = frozenset({"schedule", "set", "plan", "slate", "due", "expect", "postpone", "delay"})
#: Prepositions that point past the event: "extended the offer until Nov. 9".
FORWARD_PREPS = frozenset({"until", "till", "pending"})
MAX_CLIMB = 12  # parse steps from the expression to its verb; the parse is shallow in practice


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above the token in the parse (the token itself if it is one)."""
    steps = 0
    while token.pos_ not in ("VERB", "AUX") and token.head is not token and steps < MAX_CLIMB:
        token, steps = token.head, steps + 1
    return token if token.pos_ in ("VERB", "AUX") else None


def clause_tense(token: Token) -> int:
    """-1 past, +1 future, 0 present or unknown, for the clause that governs `token`."""
    verb = governing_verb(token)
    hops = 0
    while verb is not None and hops < 4:
        tense = verb_tense(verb)
        if tense is not None:
            return tense
        # A participle or gerund without auxiliaries takes its tense from the verb above it.
        verb = governing_verb(verb.head) if verb.head is not verb else None
        hops += 1
    return 0


def verb_tense(verb: Token) -> int | None:
    """The direction a verb's own tense gives, or None when it has none (bare participle)."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & FUTURE_AUX:
        return 1
    if verb.tag_ == "VB" and "to" in words:
        # An infinitive looks ahead of its head: "is set to meet" is future, "was asked to
        # testify on Feb. 10" is about as likely either side of the document date, "had been
        # due to expire Friday" is a plan of the past.
        if _past_perfect(verb.head):
            return -1
        return 1 if verb.head.lemma_ in FUTURE_HEADS else 0
    if verb.tag_ == "VBN" and verb.lemma_ in PLANNED:
        return -1 if "had" in words else 1
    tags = {verb.tag_} | {a.tag_ for a in auxes}
    if "VBD" in tags and _conditional(verb):
        # "warned of reprisals if the hostages were not freed before his inauguration on
        # Jan. 20": a past form in a condition is backshifted or hypothetical, not past time
        return 0
    if "VBD" in tags or any(a.lemma_ == "have" for a in auxes):
        return -1  # simple past and perfects
    if tags & {"MD", "VBZ", "VBP"}:
        return 0  # "would", "could", the present: no direction
    if verb.tag_ == "VBN" and not auxes:
        return -1  # reduced relative: "the deal signed Friday"
    return None


CONDITIONS = frozenset({"if", "unless"})


def _conditional(verb: Token) -> bool:
    """The verb heads an "if" or "unless" clause (and is no past perfect: "if he had known")."""
    marked = any(c.dep_ == "mark" and c.lower_ in CONDITIONS for c in verb.children)
    return marked and not _past_perfect(verb)


def _past_perfect(verb: Token) -> bool:
    return any(c.lower_ == "had" and c.dep_ in ("aux", "auxpass") for c in verb.children)


def span_direction(doc: Doc, start: int, end: int) -> int:
    """The direction for the expression at doc.text[start:end]."""
    span: Span | None = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return 0
    before = doc[span.start - 1].lower_ if span.start else ""
    if span.root.head.lower_ in FORWARD_PREPS or before in FORWARD_PREPS:
        return 1
    return clause_tense(span.root)
