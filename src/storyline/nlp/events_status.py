"""Status, negation and attribution of an event, read from the words that govern its trigger.

The cue words come from the pack (`cues:` in events.yaml, English defaults in the PLOVER pack),
so the rules below only say where in the tree to look.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import LOWER
from spacy.tokens import Doc, Span, Token

from storyline.nlp.doc_cache import cached, lower_words, sentence_of, tokens_where
from storyline.nlp.events_lexicon import Lexicon
from storyline.nlp.events_syntax import (
    NOUNISH,
    clause_head,
    governors,
    is_purpose,
    is_verb,
    subjects,
)

#: Deps through which a negation or a "fail to" reaches the event: the same predication.
_SAME_PREDICATION = {"xcomp", "acomp", "prep", "pcomp", "pobj", "dobj", "nsubjpass", "aux"}


@dataclass(frozen=True)
class Governance:
    """What stands above a trigger in its sentence, up to the nearest reporting verb."""

    path: tuple[tuple[Token, Token], ...]  # (child, ancestor) pairs, nearest first
    reporter: Token | None  # the reporting verb ("said") governing the event, if any
    speaker: Token | None  # who reports: its subject, or the X of "according to X"


def governance(trigger: Token, lex: Lexicon) -> Governance:
    reporting = lex.cue("reporting")
    path: list[tuple[Token, Token]] = []
    reporter: Token | None = None
    for child, ancestor in governors(trigger):
        if _leaves_clause(child):
            break
        reports = is_verb(ancestor) and ancestor.lemma_.lower() in reporting
        if reports and not _directive(child, ancestor):
            reporter = ancestor
            break
        path.append((child, ancestor))
    if reporter is None:
        reporter = _parenthetical_reporter(trigger, path, reporting)
    speaker = _subject(reporter) if reporter is not None else _according_to(sentence_of(trigger))
    return Governance(tuple(path), reporter, speaker)


def _directive(child: Token, verb: Token) -> bool:
    """ "told the army to stop": a reporting verb with an addressee and an infinitive asks for
    its complement; it does not report it (the complement is then read as a goal)."""
    return child.dep_ == "xcomp" and any(c.dep_ == "dobj" and c.i < child.i for c in verb.children)


def _leaves_clause(child: Token) -> bool:
    """A relative clause or a participle modifier is asserted on its own, not governed:
    in "the deal, which was reached Monday" the noun "deal" says nothing about "reached"."""
    if child.dep_ not in {"relcl", "acl"}:
        return False
    # ...but "a deal to release our hostages" and "reports that it had ..." are governed.
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
    content = child.dep_ == "acl" and any(c.dep_ == "mark" for c in child.children)
    return not (infinitive or content)


def _parenthetical_reporter(
    trigger: Token, path: list[tuple[Token, Token]], reporting: frozenset[str]
) -> Token | None:
    """ "Talks resumed, officials said": the parser may hang "said" under the event verb."""
    for node in (trigger, *(ancestor for _, ancestor in path)):
        for child in node.children:
            if child.dep_ in {"parataxis", "advcl", "ccomp"} and child.lemma_.lower() in reporting:
                return child
    return None


def _subject(verb: Token) -> Token | None:
    found, _ = subjects(verb)
    return found[0] if found else None


def _according_to(sent: Span) -> Token | None:
    if "according" not in lower_words(sent.doc)[sent.start : sent.end]:
        return None
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < sent.end and tok.nbor().lower_ == "to":
            objects = [c for c in tok.nbor().children if c.dep_ == "pobj"]
            return objects[0] if objects else None
    return None


# --- status ----------------------------------------------------------------------------------


def read_status(trigger: Token, gov: Governance, lex: Lexicon) -> str:
    """occurred | ongoing | planned | proposed | denied | conditional (claimed is decided later,
    once the speaker is known)."""
    if _denied(gov.path, lex):
        return "denied"
    if _conditional(trigger, gov.path, lex):
        return "conditional"
    # A noun's own modifiers only ("the planned release"); the verbs above it come in the
    # path walk, nearest first, so "currently focused on the freeing of" reads the goal.
    own = _own_status(trigger, lex)
    if own:
        return own
    if is_purpose(trigger):
        return "planned"  # "arrived in Doha to discuss": what the trip is for
    for child, ancestor in gov.path:
        found = _governor_status(child, ancestor, lex) or (
            _own_status(ancestor, lex) if is_verb(ancestor) else None
        )
        if found:
            return found
    return "occurred"


def _denied(path: Iterable[tuple[Token, Token]], lex: Lexicon) -> bool:
    """ "Hamas denied (reports) that it had ...", "Israel dismissed claims that ..."."""
    heads, objects, verbs = (
        lex.cue("denial_heads"),
        lex.cue("denial_objects"),
        lex.cue("denial_verbs"),
    )
    for child, ancestor in path:
        lemma = ancestor.lemma_.lower()
        if lemma in heads and child.dep_ in {"ccomp", "xcomp", "dobj", "pcomp", "acl"}:
            return True
        if child.lemma_.lower() in objects and lemma in verbs:
            return True
    return False


def _conditional(trigger: Token, path: Iterable[tuple[Token, Token]], lex: Lexicon) -> bool:
    inside = {trigger.i, *(ancestor.i for _, ancestor in path)}
    for cue_head, governor in _condition_clauses(sentence_of(trigger), lex):
        # The event sits in the condition ("if Hamas releases ...") or is what it conditions.
        if cue_head.i in inside or governor.i in inside:
            return True
    heads = lex.cue("conditional_heads")
    return any(a.lemma_.lower() in heads and c.dep_ in {"xcomp", "ccomp"} for c, a in path)


def _condition_clauses(sent: Span, lex: Lexicon) -> list[tuple[Token, Token]]:
    """(clause head, governed verb) for each conditional phrase ("if", "as long as") in a
    sentence: the clause the phrase introduces and the verb that clause attaches to."""
    doc = sent.doc
    found = cached(doc, f"conditions:{lex.pack}", lambda: _doc_condition_clauses(doc, lex))
    return [pair for i, pair in found if sent.start <= i < sent.end]


def _doc_condition_clauses(doc: Doc, lex: Lexicon) -> list[tuple[int, tuple[Token, Token]]]:
    """The clauses of every sentence at once, under the index of the phrase's first word: a
    sentence with several events asked for them once per event."""
    by_first = _by_first_word(lex.cue("conditional_phrases"))
    words = lower_words(doc)
    found = []
    for i in tokens_where(doc, LOWER, by_first.__contains__):
        sent = sentence_of(doc[i])
        for phrase in by_first[words[i]]:
            last_i = i + len(phrase) - 1
            if last_i >= sent.end or words[i : last_i + 1] != phrase:
                continue  # not this phrase, or not within the sentence
            first, last = doc[i], doc[last_i]
            clause = clause_head(last if is_verb(last) else last.head)
            governor = next(
                (a for a in clause.ancestors if is_verb(a) and not first.i <= a.i <= last.i),
                clause,
            )
            found.append((i, (clause, governor)))
    return found


@lru_cache(maxsize=16)
def _by_first_word(phrases: frozenset[str]) -> dict[str, list[list[str]]]:
    """The phrases as word lists, under their first word: most words start none of them."""
    index: dict[str, list[list[str]]] = {}
    for phrase in phrases:
        words = phrase.split()
        if words:
            index.setdefault(words[0], []).append(words)
    return index


def _own_status(node: Token, lex: Lexicon) -> str | None:
    """Tense, modals and modifiers on the trigger itself (or on a verb above it)."""
    for child in node.children:
        word, dep = child.lower_, child.dep_
        if dep in {"aux", "auxpass"}:
            if word in lex.cue("planned_aux") or child.lemma_.lower() in lex.cue("planned_aux"):
                return "planned"
            if word in lex.cue("proposed_aux"):
                return "proposed"
            if word == "to" and node.dep_ == "ROOT":
                return "planned"  # headline infinitive: "Hamas to release hostages"
        if dep in {"amod", "advmod", "acl", "compound", "nmod"}:
            if word in lex.cue("planned_modifiers"):
                return "planned"
            if word in lex.cue("proposed_modifiers"):
                return "proposed"
            if word in lex.cue("ongoing_modifiers") or word in lex.cue("ongoing_adverbs"):
                return "ongoing"
        if dep == "prep" and word == "under" and _under_proposal(child, lex):
            return "proposed"
    if node.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in node.children):
        return None if node.lemma_ == "go" else "ongoing"
    return None


def _under_proposal(prep: Token, lex: Lexicon) -> bool:
    return any(o.lemma_.lower() in lex.cue("proposal_under") for o in prep.children)


def _governor_status(child: Token, ancestor: Token, lex: Lexicon) -> str | None:
    lemma = ancestor.lemma_.lower()
    if ancestor.pos_ in NOUNISH:
        return "proposed" if lemma in lex.cue("proposed_nouns") else None
    if lemma in lex.cue("ongoing_heads") and child.dep_ in {"xcomp", "dobj", "ccomp"}:
        return "ongoing"
    if lemma in lex.cue("planned_heads"):
        return "planned"
    if lemma in lex.cue("proposed_heads") and child.dep_ not in {"nsubj", "advcl"}:
        # The event is what is sought or discussed, not the one doing it: "the protests
        # focused on ...", "the meeting discussed ..." took place; nor what follows from the
        # asking: in "the cabinet recommended the deal, clearing the way for the truce to
        # begin" the clearing is no part of what was recommended.
        return "proposed"
    if lemma == "be" and child.dep_ == "xcomp" and _has_to(child):
        return "planned"  # "hostages are to be released"
    if lemma == "go" and ancestor.tag_ == "VBG" and child.dep_ == "xcomp":
        return "planned"  # "is going to release"
    return None


def _has_to(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


# --- negation --------------------------------------------------------------------------------


def is_negated(trigger: Token, themes: Iterable[Token], gov: Governance, lex: Lexicon) -> bool:
    """A "not"/"never" on the event's verb, "no" on its noun or theme ("no deal was reached"),
    or a governing "fail to"/"refuse to" or "not ... interested in" within the predication."""
    nodes = [trigger, clause_head(trigger)] if trigger.pos_ in NOUNISH else [trigger]
    if any(_has_neg(node) for node in nodes):
        return True
    if any(_det_no(tok) for tok in (trigger, *themes)):
        return True
    negating = lex.cue("negating_heads")
    for child, ancestor in gov.path:
        if child.dep_ not in _SAME_PREDICATION:
            break
        if ancestor.lemma_.lower() in negating or _has_neg(ancestor):
            return True
    return False


def _has_neg(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _det_no(tok: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children)


# --- claimed ---------------------------------------------------------------------------------


_NON_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1024)  # the pack's side names, normalised once rather than per event
def _spaced(name: str) -> str:
    return f" {_NON_WORD.sub(' ', name).strip()} "


def sides_named(text: str, lex: Lexicon) -> set[str]:
    """Which conflict parties (pack `sides`) a speaker's words name."""
    lowered = f" {_NON_WORD.sub(' ', text.lower())} "
    found = set()
    for side, names in lex.sides.items():
        for name in names:
            if _spaced(name) in lowered:
                found.add(side)
                break
    return found


def claimed(status: str, gov: Governance, speaker_text: str | None, lex: Lexicon) -> bool:
    """An occurred/ongoing event reported by exactly one party, or with a claim verb."""
    if status not in {"occurred", "ongoing"} or (gov.reporter is None and speaker_text is None):
        return False
    if gov.reporter is not None and gov.reporter.lemma_.lower() in lex.cue("claim_verbs"):
        return True
    return speaker_text is not None and len(sides_named(speaker_text, lex)) == 1
