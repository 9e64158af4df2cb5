"""Dependency-tree helpers for event extraction: arguments, clauses and governing chains.

Works on spaCy's English (ClearNLP-style) labels: nsubj, nsubjpass, dobj, pobj, xcomp, ...
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from storyline.nlp.doc_cache import sentence_of

SUBJECTS = {"nsubj", "csubj", "expl"}
PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
#: Prepositions that give place or time, never an event's theme ("released in Gaza").
NON_THEME_PREPS = {"in", "at", "during", "near", "inside", "since", "until", "after", "before",
                   "by", "through", "across", "within", "around", "under", "amid", "despite"}  # fmt: skip
#: Quantity heads whose "of" object is the real argument ("dozens of hostages").
QUANTIFIERS = {"dozen", "hundred", "thousand", "some", "all", "rest", "group", "batch", "number",
               "most", "many", "several", "remainder", "first", "second", "third", "last",
               "more", "few", "half", "part", "majority", "each", "one", "two", "three"}  # fmt: skip
NOUNISH = {"NOUN", "PROPN"}
#: A noun in one of these relations is the verb's own argument ("talks resumed in Doha").
ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "attr", "oprd"}
VERBISH = {"VERB", "AUX"}
_ANY_SUBJECT = SUBJECTS | PASSIVE_SUBJECTS
_COORDINATED = NOUNISH | {"PRON", "NUM"}  # parts of speech whose conjuncts are co-arguments


def is_verb(tok: Token) -> bool:
    return tok.pos_ in VERBISH


def is_passive(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ in {"acl", "amod"}
    )


def with_conjuncts(tok: Token) -> list[Token]:
    """The token and the tokens coordinated with it ("hostages and prisoners")."""
    return [tok, *tok.conjuncts] if tok.pos_ in _COORDINATED else [tok]


def subjects(verb: Token) -> tuple[list[Token], bool]:
    """The verb's subjects and whether they are passive, inherited through conj and xcomp.

    "The truce went into effect and was extended" gives "extended" the subject "truce";
    "Hamas agreed to release hostages" gives "release" the subject "Hamas"; a participle
    modifier ("hostages freed on Friday") has its head noun as passive subject.
    """
    own = [c for c in verb.children if c.dep_ in _ANY_SUBJECT]
    if own:
        passive = any(c.dep_ in PASSIVE_SUBJECTS for c in own)
        return [t for s in own for t in with_conjuncts(s)], passive
    if verb.dep_ in {"acl", "amod"} and verb.tag_ == "VBN" and verb.head.pos_ in NOUNISH:
        return with_conjuncts(verb.head), True
    head = verb.head
    if verb.dep_ == "conj" and is_verb(head) and head.i != verb.i:
        found, _ = subjects(head)
        return found, is_passive(verb)
    if is_purpose(verb) and is_verb(head):  # "arrived in Doha to discuss": same doer
        return subjects(head)[0], is_passive(verb)
    # A copula's subject does not do its complement ("our focus is to reach a truce").
    if verb.dep_ == "xcomp" and is_verb(head) and head.i != verb.i and head.lemma_ != "be":
        # Object control ("allowed Hamas to exchange") before subject control; the controller
        # stands before the infinitive; an object after it belongs elsewhere ("continues to
        # demand the end of X, the withdrawal of Y" hangs "withdrawal" on "continues").
        objects = [c for c in head.children if c.dep_ == "dobj" and c.i < verb.i]
        return (with_conjuncts(objects[0]) if objects else subjects(head)[0]), is_passive(verb)
    return [], is_passive(verb)


def is_purpose(verb: Token) -> bool:
    """An infinitival adverbial clause: "(in order) to discuss the next phase"."""
    return verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def agents(verb: Token) -> list[Token]:
    """The "by X" of a passive verb or an event noun."""
    return [
        t for c in verb.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")
        for p in c.children if p.dep_ == "pobj" for t in with_conjuncts(p)
    ]  # fmt: skip


def prep_objects(tok: Token, preps: set[str] | None = None) -> Iterator[tuple[str, Token]]:
    """(preposition, object) pairs under a token; `preps` limits which prepositions."""
    for child in tok.children:
        if child.dep_ not in {"prep", "agent", "dative"} or (preps and child.lower_ not in preps):
            continue
        for obj in child.children:
            if obj.dep_ in {"pobj", "pcomp"}:
                for item in with_conjuncts(obj):
                    yield child.lower_, item
            elif obj.dep_ == "prep":  # "out of talks", "in return for"
                yield from ((f"{child.lower_} {p}", o) for p, o in prep_objects(child, None))
                break


def objects(tok: Token) -> list[Token]:
    """The object-like arguments: direct object, passive subject, infinitive complement,
    prepositional objects (not place/time), and for event nouns their of/compound/possessive."""
    if tok.pos_ in NOUNISH:
        found = [c for c in tok.children if c.dep_ in {"compound", "poss", "nmod", "amod"}]
        found += [
            o for p, o in prep_objects(tok) if p in {"of", "for", "on", "over", "about", "in", "to"}
        ]
        return [t for f in found for t in with_conjuncts(f)]
    found = [
        c for c in tok.children if c.dep_ in {"dobj", "oprd", "xcomp", "ccomp", "attr", "dative"}
    ]
    subj, passive = subjects(tok)
    if passive:
        found += subj
    found += [o for p, o in prep_objects(tok) if p.split()[0] not in NON_THEME_PREPS]
    return [t for f in found for t in with_conjuncts(f)]


def arguments(tok: Token, role: str) -> list[Token]:
    if role == "object":
        return objects(tok)
    subj, passive = subjects(tok) if is_verb(tok) else ([], False)
    active = [] if passive else subj
    if role == "subject":
        return active if is_verb(tok) else objects(tok)
    return objects(tok) + active


def arg_lemmas(arg: Token) -> set[str]:
    """Words that identify an argument: its lemma, its compound and adjective modifiers
    ("aid trucks", "Palestinian prisoners") and, after a quantity, the counted noun."""
    words = {arg.lemma_.lower(), arg.lower_}
    for child in arg.children:
        if child.dep_ in {"compound", "amod", "nmod"}:
            words |= {child.lemma_.lower(), child.lower_}
    if arg.lemma_.lower() in QUANTIFIERS or arg.pos_ == "NUM":
        for _, obj in prep_objects(arg, {"of"}):
            words |= arg_lemmas(obj)
    return words


def near_lemmas(tok: Token) -> set[str]:
    """Lemmas of the children and of the prepositions' objects (for "go into effect")."""
    words: set[str] = set()
    for child in tok.children:
        words |= {child.lemma_.lower(), child.lower_}
        words |= {g.lemma_.lower() for g in child.children if child.dep_ in {"prep", "prt"}}
    return words


def clause_head(tok: Token) -> Token:
    """The verb whose clause the token belongs to (itself for a verb, else the nearest verb up)."""
    for candidate in (tok, *tok.ancestors):
        if is_verb(candidate):
            return candidate
    return sentence_of(tok).root


def governors(tok: Token) -> Iterator[tuple[Token, Token]]:
    """(child, ancestor) pairs walking up from the token to the sentence root."""
    child = tok
    while child.head.i != child.i:
        yield child, child.head
        child = child.head


def spine(trigger: Token) -> list[Token]:
    """The trigger and the tokens up to its clause's verb: what a place or a date attached to
    the event hangs on. Control and purpose clauses share the main clause's place and time
    ("are set to meet ... this week", "arrived in Doha to discuss"). An event noun takes its
    verb's place and time only as that verb's argument ("the release ... began on Friday"),
    not from deep inside a phrase ("currently focused on the freeing of captives")."""
    nodes = [trigger]
    node = trigger
    while not is_verb(node) and node.head.i != node.i:
        if is_verb(node.head) and node.dep_ not in ARGUMENT_DEPS:
            return nodes
        node = node.head
        nodes.append(node)
    while (node.dep_ == "xcomp" or is_purpose(node)) and is_verb(node.head):
        node = node.head
        nodes.append(node)
    return nodes
