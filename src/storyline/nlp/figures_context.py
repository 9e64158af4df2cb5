"""What a number counts and which story category it belongs to, read from the parse.

The counted thing is the noun the number modifies ("1,200 people" → people) or, when the
number stands alone as a noun ("dozens of people", "a third of the hostages"), the object of
its "of". The phrase keeps adjectives and compounds ("Palestinian prisoners"), a joined noun
("women and children"), an "of" phrase ("trucks of aid") and a bare participle ("people
killed"). The category comes from the pack's lexicon (`figures.yaml`), matched against the
counted phrase and the words that govern the number in its clause.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Token

from storyline.nlp.figures_referent import AMOUNT_NOUNS
from storyline.nlp.figures_spans import Phrase

NOUNS = frozenset({"NOUN", "PROPN"})
#: Dependencies by which a number attaches to the noun it counts.
NUMBER_DEPS = frozenset({"nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "predet"})
#: Modifiers that say nothing about what is counted ("two more days", "20 further hostages").
SKIP_MODIFIERS = frozenset(
    {"more", "further", "other", "additional", "extra", "estimated", "some", "next", "last",
     "past", "first", "coming", "previous", "following", "remaining", "total"}
)  # fmt: skip
#: Verb arguments whose words count as context for the category ("the ceasefire was extended").
ARGUMENT_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "attr", "acomp", "oprd", "xcomp", "prt", "neg", "dative"}
)
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "parataxis", "acl"})


@dataclass(frozen=True)
class Category:
    name: str
    kinds: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    cues: tuple[tuple[str, ...], ...] = ()
    #: Words one of which must govern the number itself: "took 251 people" (251 taken), not
    #: "of whom 94 remain" (94 of those taken), whose wider context is the same.
    governed_by: frozenset[str] = frozenset()

    def matches(self, kind: str, counted: set[str], context: set[str], own: set[str]) -> bool:
        if self.kinds and kind not in self.kinds:
            return False
        if self.nouns and not (self.nouns & counted):
            return False
        if self.governed_by and not (self.governed_by & own):
            return False
        return not self.cues or any(all(w in context for w in cue) for cue in self.cues)


@dataclass(frozen=True)
class FigureLexicon:
    """The pack's `figures.yaml`, parsed once per component."""

    categories: tuple[Category, ...] = ()
    demanded: tuple[tuple[str, ...], ...] = ()
    proposal_phrases: tuple[str, ...] = ()
    modals: frozenset[str] = frozenset()
    deal_words: frozenset[str] = frozenset()
    reporting_verbs: frozenset[str] = frozenset()
    source_nouns: frozenset[str] = frozenset()
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> FigureLexicon:
        status = data.get("status") or {}
        source = data.get("attribution") or {}
        return cls(
            categories=tuple(_category(item) for item in data.get("categories") or []),
            demanded=_cues(status.get("demanded")),
            proposal_phrases=tuple(str(p).lower() for p in status.get("proposal_phrases") or []),
            modals=_words(status.get("modals")),
            deal_words=_words(status.get("deal_words")),
            reporting_verbs=_words(source.get("reporting_verbs")),
            source_nouns=_words(source.get("source_nouns")),
        )

    def category(
        self, kind: str, counted: set[str], context: set[str], own: set[str] | None = None
    ) -> str:
        for cat in self.categories:
            if cat.matches(kind, counted, context, own or set()):
                return cat.name
        return "other"


def _category(item: dict[str, Any]) -> Category:
    return Category(
        name=str(item["name"]),
        kinds=_words(item.get("kinds")),
        nouns=_words(item.get("nouns")),
        cues=_cues(item.get("cues")),
        governed_by=_words(item.get("governed_by")),
    )


def _words(values: Iterable[Any] | None) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values or [])


def _cues(values: Iterable[Any] | None) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(v).lower().split()) for v in values or [])


# --- the counted noun ---------------------------------------------------------------------------


def phrase_root(doc: Doc, phrase: Phrase) -> Token:
    """The token that attaches the phrase to the sentence: the number's root, or the word it
    leans on inside the evidence ("15" of "15%" → "%")."""
    core = doc[phrase.start : phrase.end]
    if len(core) > 1 and core[0].lower_ in ("a", "an"):
        core = core[1:]  # "A dozen": the article would hang from the noun beside the number
    root = core.root
    while root.head.i != root.i and phrase.ev_start <= root.head.i < phrase.ev_end:
        root = root.head
    return root


def counted_noun(doc: Doc, phrase: Phrase, money: bool = False) -> Token | None:
    """The noun the number counts: its head ("1,200 people") or its "of" object ("dozens of")."""
    root = phrase_root(doc, phrase)
    head = root.head
    if (
        root.dep_ in NUMBER_DEPS
        and head.pos_ in NOUNS
        and not phrase.ev_start <= head.i < phrase.ev_end
        and not (money and head.lower_ in AMOUNT_NOUNS)  # "$76 US", "a record $44 million"
    ):
        return head
    preps = ("of", "in", "for") if money else ("of",)
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ in NOUNS]
            if objects:
                return objects[0]
    return None


def counted_text(doc: Doc, phrase: Phrase, noun: Token) -> str:
    """ "Palestinian prisoners", "trucks of aid", "people killed", "days of truce"."""
    if noun.dep_ in NUMBER_DEPS and noun.head.pos_ in NOUNS and noun.head.i > noun.i:
        # "four-day truce": the unit modifies another noun; say it the way it counts.
        plural = noun.text if noun.tag_ in ("NNS", "NNPS") else noun.lemma_ + "s"
        return f"{plural} of {noun.head.text}"
    text = _noun_phrase(noun, exclude=set(range(phrase.ev_start, phrase.ev_end)), det=False)
    conj = next((c for c in noun.children if c.dep_ == "conj" and c.pos_ in NOUNS), None)
    if conj is not None and any(c.like_num for c in conj.children):
        conj = None  # "50 hostages and 150 prisoners": the prisoners have their own figure
    if conj is not None:
        text += " and " + _noun_phrase(conj, exclude=set(), det=False)
    of = of_object(noun)
    if of is not None:
        text += " of " + _noun_phrase(of, exclude=set(), det=True)
    participle = _bare_participle(noun)
    if participle is not None:
        text += " " + participle.text
    return text


def counted_words(doc: Doc, phrase: Phrase, noun: Token) -> set[str]:
    """Lemmas and lower-cased words of the counted phrase (what `nouns:` in the pack matches)."""
    tokens = [noun, *(c for c in noun.children if c.dep_ in ("amod", "compound", "conj"))]
    of = of_object(noun)
    if of is not None:
        tokens.append(of)
    return {w for t in tokens for w in (t.lemma_.lower(), t.lower_)}


def noun_text(noun: Token) -> str:
    """A noun with its modifiers and "of" object: "Tesla shares", "the net worth of the brothers"."""
    text = _noun_phrase(noun, exclude=set(), det=False)
    of = of_object(noun)
    return f"{text} of {_noun_phrase(of, exclude=set(), det=True)}" if of is not None else text


def _noun_phrase(noun: Token, exclude: set[int], det: bool) -> str:
    keep = {"amod", "compound", "nmod", "poss"} | ({"det"} if det else set())
    picked = {noun.i}
    for child in noun.lefts:
        if child.dep_ in keep and child.i not in exclude and child.lower_ not in SKIP_MODIFIERS:
            picked.update(t.i for t in child.subtree if t.i not in exclude and not _numeric(t))
    doc = noun.doc
    start = min(picked)
    tokens = [doc[i] for i in range(start, noun.i + 1) if i in picked]
    return "".join(t.text_with_ws for t in tokens).strip()


def _numeric(token: Token) -> bool:
    """A number, or a number glued to its unit ("40min", "+0.2"), or a percent sign."""
    text = token.text
    signed = len(text) > 1 and text[0] in "+-" and text[1].isdigit()
    return token.like_num or text == "%" or text[:1].isdigit() or signed


def of_object(noun: Token) -> Token | None:
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            return next((c for c in child.children if c.dep_ == "pobj" and c.pos_ in NOUNS), None)
    return None


def _bare_participle(noun: Token) -> Token | None:
    """ "people killed in the attack" → killed; not "prisoners held by Israel" (an agent clause)."""
    for child in noun.rights:
        if child.dep_ == "acl" and child.tag_ == "VBN":
            if any(c.dep_ == "agent" for c in child.children):
                return None
            return child
    return None


# --- the words around a number ------------------------------------------------------------------


def context_words(doc: Doc, phrase: Phrase, noun: Token | None) -> set[str]:
    """Lemmas and words that say what the number is about: its phrase, what governs it, the
    arguments and complements of those governing words, and clauses hanging off it."""
    anchor = noun if noun is not None else phrase_root(doc, phrase)
    tokens: list[Token] = list(doc[phrase.ev_start : phrase.ev_end])
    tokens += [anchor, *anchor.subtree] if noun is not None else [anchor]
    tokens += _clause_children(phrase_root(doc, phrase)) + _clause_children(anchor)
    tokens += _contact_clause(doc, phrase) if noun is None else []
    for ancestor in _governors(anchor):
        tokens.append(ancestor)
        tokens += [c for c in ancestor.children if c.dep_ in ARGUMENT_DEPS]
        tokens += [g for c in ancestor.children if c.dep_ in ARGUMENT_DEPS for g in c.children
                   if g.dep_ == "compound"]  # fmt: skip
        # Where from: "the release of 36 women from Israeli prisons" (released prisoners).
        tokens += [o for c in ancestor.children if c.dep_ == "prep" and c.lower_ == "from"
                   for o in c.children if o.dep_ == "pobj"]  # fmt: skip
    return {w for t in tokens for w in (t.lemma_.lower(), t.lower_)}


def governing_words(doc: Doc, phrase: Phrase) -> set[str]:
    """Lemmas and words of what governs the number itself, up to the nearest verb: "took" for
    "took 251 people"; not "took" for "took 251 people, including 34 ...", whose nearest verb is
    "including", nor the clauses hanging off what it counts."""
    tokens: list[Token] = []
    for token in _governors(phrase_root(doc, phrase)):
        tokens.append(token)
        if token.pos_ in ("VERB", "AUX"):
            break
    return {w for t in tokens for w in (t.lemma_.lower(), t.lower_)}


def _governors(token: Token) -> list[Token]:
    """Ancestors up to the first clause boundary, which is included (stays in its clause),
    unless a semicolon separates them: "holding 94 hostages; 34 were declared dead" are two
    sentences, whatever the parse hangs on what."""
    found: list[Token] = []
    current = token
    while current.head.i != current.i:
        boundary = current.dep_ in CLAUSE_DEPS
        if boundary and _semicolon_between(current, current.head):
            break
        current = current.head
        found.append(current)
        if boundary:
            break
    return found


def _semicolon_between(a: Token, b: Token) -> bool:
    low, high = sorted((a.i, b.i))
    return any(t.text == ";" for t in a.doc[low:high])


def _contact_clause(doc: Doc, phrase: Phrase) -> list[Token]:
    """ "including 34 the military has declared dead": a relative clause without "that" right
    after a bare number, which the parse may hang elsewhere. A noun (its subject) and then a
    verb with a complement ("dead") but no object: the number is what it declares."""
    seen_noun = False
    for token in doc[phrase.ev_end : min(phrase.ev_end + 6, len(doc))]:
        if token.is_punct:
            return []
        seen_noun = seen_noun or token.pos_ in NOUNS
        if token.pos_ != "VERB":
            continue
        complements = [c for c in token.children if c.dep_ in ("acomp", "oprd", "xcomp")]
        if seen_noun and complements and not any(c.dep_ == "dobj" for c in token.children):
            return [token, *complements]
        return []
    return []


def _clause_children(token: Token) -> list[Token]:
    """ "34 the military has declared dead": a relative clause and its complement."""
    out: list[Token] = []
    for child in token.children:
        if child.dep_ in ("relcl", "acl"):
            out.append(child)
            out += [c for c in child.children if c.dep_ in ("acomp", "oprd", "prt", "xcomp")]
    return out
