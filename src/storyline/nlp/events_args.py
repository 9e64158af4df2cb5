"""An event's participants, place and date, read from the trigger's clause.

actor/recipient follow PLOVER 2.4: the actor initiates, the recipient is who the act is
directed at; the parties of a reciprocal act ("talks between Israel and Hamas") are all actors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from storyline.nlp.doc_cache import entities, noun_chunks, span_text
from storyline.nlp.events_lexicon import Lexicon
from storyline.nlp.events_syntax import (
    NOUNISH,
    QUANTIFIERS,
    agents,
    prep_objects,
    subjects,
    with_conjuncts,
)
from storyline.nlp.records import Timex

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
PLACE_PREPS = {"in", "at", "into", "inside", "near", "outside", "to", "toward", "towards", "on",
               "along", "across", "over"}  # fmt: skip
RECIPIENT_PREPS = {"with", "against", "to", "toward", "towards", "on", "upon", "at"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
REPORTED_PRONOUNS = {"it", "they", "he", "she", "we"}
#: Verbs whose direct object is where they go ("aid trucks entered Gaza"), not a recipient.
MOTION_VERBS = {"enter", "cross", "reach", "leave", "exit", "pass", "arrive", "return"}
#: Endings of nouns made from verbs ("destruction", "agreement", "withdrawal").
_NOMINAL_SUFFIXES = ("tion", "sion", "ment", "ance", "ence", "drawal", "posal", "oval", "ival")


@dataclass(frozen=True)
class DocIndex:
    """Per-document lookups built once: actor keys, noun chunks, entities, time expressions."""

    mention_at: dict[int, str]  # token index -> actor key (from doc._.sl_mentions)
    chunk_at: dict[int, Span]
    place_at: dict[int, Span]  # token index -> GPE/LOC/FAC entity
    #: Point-in-time expressions (DATE/TIME) with the tokens they hang on: the head of their
    #: root, and that head's head when the head is a preposition ("on Friday").
    dates: tuple[tuple[Timex, frozenset[int]], ...]


def index_doc(doc: Doc) -> DocIndex:
    mention_at: dict[int, str] = {}
    for mention in doc._.sl_mentions or []:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        for tok in span or ():
            mention_at.setdefault(tok.i, mention.actor)
    chunks = noun_chunks(doc) if doc.has_annotation("DEP") else ()
    chunk_at = {i: chunk for chunk in chunks for i in range(chunk.start, chunk.end)}
    place_at = {
        i: e for e in entities(doc) if e.label_ in PLACE_LABELS for i in range(e.start, e.end)
    }
    dates = []
    for timex in doc._.sl_timexes or []:
        if timex.type not in {"DATE", "TIME"}:
            continue
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is not None and len(span):
            head = span.root.head
            hangs_on = {head.i, head.head.i} if head.dep_ == "prep" else {head.i}
            dates.append((timex, frozenset(hangs_on)))
    return DocIndex(mention_at, chunk_at, place_at, tuple(dates))


# --- actor and recipient ---------------------------------------------------------------------


def participants(
    trigger: Token, themes: list[Token], speaker: Token | None, lex: Lexicon, index: DocIndex
) -> tuple[list[Token], list[Token]]:
    """(actor tokens, recipient tokens) of the event."""
    if trigger.pos_ in NOUNISH:
        actors = _noun_actors(trigger, lex, index)
        direct: list[Token] = []
    else:
        found, passive = subjects(trigger)
        actors = _agents(trigger, lex, index) if passive else found
        if trigger.dep_ == "relcl" and any(a.lower_ in RELATIVE_PRONOUNS for a in actors):
            actors = with_conjuncts(trigger.head)  # "Hamas, which released ..." -> Hamas
        direct = [c for c in trigger.children if c.dep_ in {"dobj", "dative"}]
        if trigger.lemma_.lower() in MOTION_VERBS:
            direct = [d for d in direct if d.ent_type_ not in PLACE_LABELS]  # "entered Gaza"
    # "The truce went into effect": the truce is what happens, not who acts; its parties
    # ("a truce between Israel and Hamas") are.
    theme_ids = {t.i for t in themes}
    actors = [a for a in actors if a.i not in theme_ids or actor_like(a, lex, index)] or [
        o for theme in themes for _, o in prep_objects(theme, {"between", "among"})
    ]
    if speaker is not None and speaker.pos_ != "PRON":
        # "Hamas said it had released ...": the reported pronoun is the speaker.
        actors = [speaker if a.lower_ in REPORTED_PRONOUNS else a for a in actors]
    # An act is never the one acting: "the destruction" a parse hangs a verb on, or an event
    # noun's own theme, is not an actor.
    actors = [a for a in actors if actor_like(a, lex, index) or not _eventive(a, lex)]
    # "held talks with Hamas officials": the theme's partner is the recipient.
    return actors, _recipients(trigger, direct, themes, lex, index)


def _agents(verb: Token, lex: Lexicon, index: DocIndex) -> list[Token]:
    """Who did it, for a passive: "by Hamas" (not "by his inauguration"), or the name fused
    to a participle ("the Qatari-brokered ceasefire")."""
    found = [a for a in agents(verb) if actor_like(a, lex, index)]
    return found or [
        c
        for c in verb.children
        if c.dep_ in {"npadvmod", "compound"} and c.ent_type_ in ACTOR_LABELS
    ]


def _noun_actors(trigger: Token, lex: Lexicon, index: DocIndex) -> list[Token]:
    found = [c for c in trigger.children if c.dep_ == "poss"]
    found += _agents(trigger, lex, index)
    found += [o for _, o in prep_objects(trigger, {"between", "among"})]
    found += [
        c for c in trigger.children
        if c.dep_ in {"compound", "amod", "nmod"} and c.ent_type_ in ACTOR_LABELS
    ]  # fmt: skip
    head = trigger.head
    if not found and trigger.dep_ == "dobj" and head.lemma_.lower() in lex.cue("light_verbs"):
        found, _ = subjects(head)  # "Qatar held talks" -> Qatar
    return [t for f in found for t in with_conjuncts(f)]


def _recipients(
    trigger: Token, direct: list[Token], themes: list[Token], lex: Lexicon, index: DocIndex
) -> list[Token]:
    found = [t for d in direct for t in with_conjuncts(d)]
    for node in (trigger, *themes):
        for prep, obj in prep_objects(node, RECIPIENT_PREPS):
            if not (prep == "to" and obj.ent_type_ in PLACE_LABELS):  # "to Doha" is a place
                found.append(obj)
    return [t for t in found if actor_like(t, lex, index)]


def actor_like(tok: Token, lex: Lexicon, index: DocIndex) -> bool:
    if tok.i in index.mention_at or tok.ent_type_ in ACTOR_LABELS:
        return True
    if tok.ent_type_:  # a date, a number, a place
        return False
    return tok.pos_ == "PROPN" or tok.lemma_.lower() in lex.cue("actor_nouns")


def _eventive(tok: Token, lex: Lexicon) -> bool:
    """An event noun: one the lexicon triggers on as a noun, or a nominalised verb ("destruction",
    "withdrawal", "settlement"); actor-like nouns ("government", "delegation") are tested first."""
    if tok.pos_ != "NOUN":
        return False
    lemma = tok.lemma_.lower()
    noun_rule = any(rule.pos != "VERB" for rule in lex.by_lemma.get(lemma, ()))
    return noun_rule or lemma.endswith(_NOMINAL_SUFFIXES)


def names(tokens: Iterable[Token], index: DocIndex) -> str | None:
    """Actor keys where the actors component resolved them, else the noun phrase as written;
    several participants are joined with ", "."""
    found: list[str] = []
    for tok in tokens:
        name = index.mention_at.get(tok.i)
        if name is None and tok.pos_ != "PRON":
            name = span_text(_phrase(tok, index))
        if name and name not in found:
            found.append(name)
    return ", ".join(found) or None


def _phrase(tok: Token, index: DocIndex) -> Span:
    chunk = index.chunk_at.get(tok.i)
    if chunk is None or chunk.root.i != tok.i:
        # A modifier ("Israeli strikes"): its own name, not the whole phrase.
        ent = next((e for e in entities(tok.doc) if e.start <= tok.i < e.end), None)
        return ent if ent is not None else tok.doc[tok.i : tok.i + 1]
    start, end = chunk.start, chunk.end
    while start < end - 1 and (tok.doc[start].dep_ in {"det", "predet"} or tok.doc[start].is_punct):
        start += 1
    while end - 1 > start and tok.doc[end - 1].is_punct:
        end -= 1
    if tok.lemma_.lower() in QUANTIFIERS or tok.pos_ == "NUM":
        # "Thousands of workers", not "Thousands".
        for _, counted in prep_objects(tok, {"of"}):
            end = max(end, _phrase(counted, index).end)
    return tok.doc[start:end]


# --- place and date --------------------------------------------------------------------------


def location(spine: list[Token], taken: set[int], index: DocIndex) -> str | None:
    """The first GPE/LOC/FAC under a place preposition on the event's spine ("talks in Doha",
    "arrived in the Qatari capital of Doha"), or a place naming the event noun ("Doha talks")."""
    for node in spine:
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
                places = [index.place_at[t.i] for t in _prep_chain(child) if t.i in index.place_at]
            elif child.dep_ == "compound" and child.i in index.place_at:
                places = [index.place_at[child.i]]
            elif child.dep_ == "dobj" and node.lemma_.lower() in MOTION_VERBS:
                places = [index.place_at[child.i]] if child.i in index.place_at else []
            else:
                continue
            places = [p for p in places if not taken.intersection(range(p.start, p.end))]
            if places:
                return span_text(places[0])
    return None


def _prep_chain(prep: Token) -> list[Token]:
    """The preposition's object, its conjuncts, appositions and "of" objects, nothing deeper
    (not "in return for prisoners held by Israel")."""
    found: list[Token] = []
    stack = [c for c in prep.children if c.dep_ == "pobj"]
    while stack:
        tok = stack.pop()
        found.append(tok)
        for child in tok.children:
            if child.dep_ in {"conj", "appos", "compound"}:
                stack.append(child)
            elif child.dep_ == "prep" and child.lower_ == "of":
                stack.extend(c for c in child.children if c.dep_ == "pobj")
    return found


def event_date(spine: list[Token], index: DocIndex) -> Timex | None:
    """The first point-in-time expression (DATE/TIME, not a duration) hanging on the spine,
    directly ("this week") or through a preposition ("on Friday")."""
    for node in spine:
        for timex, hangs_on in index.dates:
            if node.i in hangs_on:
                return timex
    return None
