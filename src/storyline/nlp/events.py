"""`storyline_events`: PLOVER-typed events with status, attribution, participants, place, date.

For each sentence, a token whose lemma is a trigger in the pack's `events.yaml` (domain rules
first, then the generic PLOVER pack) becomes an event when the rule's dependency constraints
hold (e.g. "extend" with "truce" as object -> truce_extension). Verbs are read before nouns, and
a noun that served as a matched theme ("resume talks") is not read again as its own event.

    nlp.add_pipe("storyline_events", config={"pack": "hostage-talks"})
    doc._.sl_events  # list[Event], in text order; evidence = the sentence
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from storyline.nlp import events_args as args
from storyline.nlp import events_status as st
from storyline.nlp.doc_cache import parse_cache, span_text, tokens_where
from storyline.nlp.events_lexicon import Lexicon, Rule, load_lexicon
from storyline.nlp.events_syntax import (
    NOUNISH,
    arg_lemmas,
    arguments,
    near_lemmas,
    spine,
)
from storyline.nlp.extensions import ensure_extensions
from storyline.nlp.records import Event, Evidence

#: Named things are never triggers ("Strike Force", "Hostage Square").
_NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "WORK_OF_ART", "LAW", "PRODUCT"}
_POS = {"VERB": {"VERB"}, "NOUN": NOUNISH, "ANY": {"VERB"} | NOUNISH}
#: PLOVER's conflictual types: what a deal ends, never what it proposes.
_CONFLICT_TYPES = {"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
                   "ASSAULT"}  # fmt: skip


@Language.factory(
    "storyline_events",
    assigns=["doc._.sl_events"],
    requires=["token.dep", "token.lemma"],
    default_config={"pack": "hostage-talks"},
)
def make_events(nlp: Language, name: str, pack: str) -> EventExtractor:
    return EventExtractor(pack)


class EventExtractor:
    """The pipeline component: reads the pack's lexicon once, then tags each Doc."""

    def __init__(self, pack: str) -> None:
        ensure_extensions()
        self.pack = pack
        self.lexicon = load_lexicon(pack)

    def __call__(self, doc: Doc) -> Doc:
        doc._.sl_events = [event for _, event in self.triggered(doc)]
        return doc

    def triggered(self, doc: Doc) -> list[tuple[Token, Event]]:
        """The events with their trigger tokens (the record keeps only the trigger's text)."""
        return find_events(doc, self.lexicon)


def find_events(doc: Doc, lex: Lexicon) -> list[tuple[Token, Event]]:
    with parse_cache(doc):
        index = args.index_doc(doc)
        keyed = _keyed_tokens(doc, lex)
        return [pair for sent in doc.sents for pair in _sentence_events(sent, lex, index, keyed)]


def _keyed_tokens(doc: Doc, lex: Lexicon) -> set[int]:
    """Tokens whose lemma or form has rules in the lexicon: `match_trigger` is None elsewhere."""
    by_lemma = tokens_where(doc, LEMMA, lex.keys_lemma)
    by_form = tokens_where(doc, LOWER, lex.keys_word)
    return set(by_lemma) | set(by_form)


def _sentence_events(
    sent: Span, lex: Lexicon, index: args.DocIndex, keyed: set[int]
) -> list[tuple[Token, Event]]:
    used: set[int] = set()
    found: list[tuple[Token, Event]] = []
    for tok in _candidates(sent, keyed):
        if tok.i in used:
            continue
        match = match_trigger(tok, lex)
        if match is None:
            continue
        rule, themes = match
        if _deal_topic(tok, rule, lex):
            continue
        used.add(tok.i)
        # A noun theme is part of this event; it must not come back as a second event.
        used.update(t.i for t in themes if t.pos_ in NOUNISH)
        found.append((tok, _event(tok, rule, themes, sent, lex, index)))
    return sorted(found, key=lambda pair: pair[0].i)


def _deal_topic(tok: Token, rule: Rule, lex: Lexicon) -> bool:
    """ "a kidnapping deal", "a war settlement": a hostile act naming a deal is what the deal
    settles, not an act of its own ("a prisoner release deal" does propose a release)."""
    return (
        rule.plover in _CONFLICT_TYPES
        and tok.dep_ in {"compound", "nmod", "amod"}
        and tok.head.lemma_.lower() in lex.cue("agreement_nouns")
    )


def _candidates(sent: Span, keyed: set[int]) -> Iterator[Token]:
    """Verbs first, then nouns (a verb's theme noun is consumed before it is tried)."""
    verbs, nouns = [], []
    for i in range(sent.start, sent.end):
        if i not in keyed:
            continue  # no rule could match it
        tok = sent.doc[i]
        if tok.ent_type_ in _NAME_LABELS or _idiom(tok):
            continue
        pos = tok.pos_
        if pos == "VERB":
            verbs.append(tok)
        elif pos in NOUNISH:
            nouns.append(tok)
    yield from verbs
    yield from nouns


def _idiom(tok: Token) -> bool:
    """ "in return for" / "in exchange for" mean "against", not a return or an exchange."""
    return (
        tok.dep_ == "pobj"
        and tok.head.lower_ == "in"
        and any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children)
    )


def match_trigger(tok: Token, lex: Lexicon) -> tuple[Rule, list[Token]] | None:
    """The first rule whose lemma and constraints fit the token, with the matched themes."""
    rules = lex.rules_for({tok.lemma_.lower(), tok.lower_})
    if not rules:
        return None
    pos, amod, args = tok.pos_, tok.dep_ == "amod", _Arguments(tok)
    for rule in rules:
        if pos not in _POS[rule.pos]:
            continue
        if amod and not rule.theme:
            continue  # "occupied Palestine" names a state, not an act; "the extended truce" does
        themes = _themes(rule, args)
        if themes is not None:
            return rule, themes
    return None


class _Arguments:
    """A trigger's arguments and their words, read once for all the rules of its lemma
    ("end" has eleven), not once per rule."""

    def __init__(self, tok: Token) -> None:
        self.tok = tok
        self._by_role: dict[str, list[Token]] = {}
        self._words: dict[int, set[str]] = {}
        self._near: set[str] | None = None
        self._transitive: bool | None = None

    def of(self, role: str) -> list[Token]:
        if role not in self._by_role:
            self._by_role[role] = arguments(self.tok, role)
        return self._by_role[role]

    def words(self, arg: Token) -> set[str]:
        if arg.i not in self._words:
            self._words[arg.i] = arg_lemmas(arg)
        return self._words[arg.i]

    def near(self) -> set[str]:
        if self._near is None:
            self._near = near_lemmas(self.tok)
        return self._near

    def transitive(self) -> bool:
        if self._transitive is None:
            self._transitive = any(c.dep_ == "dobj" for c in self.tok.children)
        return self._transitive


def _themes(rule: Rule, args: _Arguments) -> list[Token] | None:
    """None when the rule does not apply; else the arguments that satisfied its theme."""
    if rule.transitive and not args.transitive():
        return None
    if rule.with_ and not args.near() & rule.with_:
        return None
    if not (rule.theme or rule.not_theme):
        return []
    candidates = args.of(rule.role)
    if rule.not_theme and any(args.words(a) & rule.not_theme for a in candidates):
        return None
    if not rule.theme:
        return []
    themes = [a for a in candidates if args.words(a) & rule.theme]
    return themes or None


def _event(
    tok: Token, rule: Rule, themes: list[Token], sent: Span, lex: Lexicon, index: args.DocIndex
) -> Event:
    gov = st.governance(tok, lex)
    status = st.read_status(tok, gov, lex)
    speaker = None
    if gov.speaker is not None:  # a bare "he said" still says the event is reported
        speaker = args.names([gov.speaker], index) or gov.speaker.text
    speaker_words = _speaker_words(gov, speaker)
    if st.claimed(status, gov, speaker_words, lex):
        status = "claimed"
    actors, recipients = args.participants(tok, themes, gov.speaker, lex, index)
    # Place and date hang on the trigger's clause, or on its theme ("held a meeting in X").
    on_spine = spine(tok) + themes
    taken = {t.i for t in actors + recipients}
    timex = args.event_date(on_spine, index)
    plover, mode = rule.plover, rule.mode
    if status in {"planned", "proposed"} and plover in lex.future_as:
        # Manual 3.1 / 3.4: a future meeting or aid is AGREE, a future retreat CONCEDE; the
        # verbal types have no modes.
        plover, mode = lex.future_as[plover], None
    return Event(
        type=rule.type,
        subtype=rule.subtype,
        plover_type=plover,
        plover_mode=mode,
        trigger=tok.text,
        evidence=Evidence(sent.start_char, sent.end_char, span_text(sent)),
        actor=args.names(actors, index),
        recipient=args.names(recipients, index),
        location=args.location(on_spine, taken, index),
        date=timex.value if timex else None,
        date_text=timex.text if timex else None,
        date_granularity=timex.granularity if timex else None,
        status=status,
        attributed_to=speaker,
        negated=st.is_negated(tok, themes, gov, lex),
    )


def _speaker_words(gov: st.Governance, resolved: str | None) -> str | None:
    """The speaker's whole phrase ("a senior Hamas official"), for telling which side it is."""
    if gov.speaker is None:
        return None
    subtree = gov.speaker.subtree
    return " ".join(filter(None, [resolved, " ".join(t.text for t in subtree)]))
