"""What a figure is about: the thing that has the amount, read from the parse.

The counted noun says what a number counts ("22 goals"); the referent says whose amount it is
("Wood has scored 22 goals" → Wood). For a share or a sum with no noun of its own the referent
is the best answer to "what is counted": "Nvidia advanced 8%" (Nvidia's shares moved), "revenue
rose to $7.4 billion" (the revenue is $7.4 billion), "the grant is worth $8 million".

From the word that carries the figure (its counted noun, else the number) upwards:
    a noun the figure modifies       "a $150,000 contract", "a 6kW motor" → contract, motor
    the noun an "of"/"for" hangs on  "a fine of $10 million", "a grounding for three months"
    what a price is paid for         "has the speaker for $30" → speaker
    the subject of its clause        "Nvidia advanced 8%", "sales jumped 90% to $7.2 billion",
                                     "the country is 90 miles wide"; a relative pronoun stands
                                     for the noun it follows ("Facebook, which has 2 billion users")
A figure that is itself the subject ("dozens of people were killed") or whose subject is a
pronoun ("he said it would cost $5 million") has no referent: nothing in the sentence names it.
"""

from __future__ import annotations

from spacy.tokens import Token

NOUNS = frozenset({"NOUN", "PROPN"})
#: Dependencies by which a figure modifies the noun it describes ("a 25% tax").
MODIFIER_DEPS = frozenset({"nummod", "quantmod", "compound", "amod", "nmod"})
#: Dependencies that lead from a figure up to the word whose subject it describes: an object
#: ("spend $13.6M"), a complement ("is $33,790"), an adverbial amount ("up 19 cents").
CLIMB_DEPS = frozenset(
    {"dobj", "attr", "npadvmod", "advmod", "acomp", "oprd", "dative", "prt", "prep", "pcomp"}
)
#: Clauses that share the subject of the verb they hang from ("is poised to drop 0.2%", "up
#: 57% after plummeting 65%", "is 43% owned by"), and the words between them and that verb.
SHARED_SUBJECT_DEPS = frozenset(
    {"xcomp", "conj", "advcl", "pcomp", "prep", "advmod", "prt", "acomp"}
)
SUBJECT_DEPS = ("nsubj", "nsubjpass")
#: Nouns that belong to the amount, not to what it is of: "$76 US", "a record $44 million".
AMOUNT_NOUNS = frozenset({"us", "usd", "cad", "aud", "nz", "hk", "eur", "gbp", "record"})
PERSONAL_PRONOUNS = frozenset({"it", "they", "he", "she"})
RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whose", "whom"})
#: A price paid "for" or "at" something names the thing bought: "has the speaker for $30".
PRICE_PREPS = frozenset({"for", "at"})
_MAX_STEPS = 8
#: Verbs whose object is an amount of their subject: "sales topped $5 billion", "the exit would
#: cost $800 million", "the index gained 2%" (the verbs of change are those of figures_quantity).
AMOUNT_VERBS = frozenset({
    "be", "cost", "total", "reach", "average", "hit", "top", "exceed", "near", "surpass",
    "equal", "represent", "fetch", "amount", "value", "worth", "make", "account", "trade",
    "close", "end", "finish", "open", "stand", "rise", "increase", "gain", "grow", "climb",
    "jump", "surge", "soar", "advance", "rally", "add", "fall", "drop", "decline", "decrease",
    "plummet", "plunge", "slide", "slip", "lose", "shed", "sink", "tumble", "slump", "dip",
})  # fmt: skip


def amount_referent(token: Token, money: bool = False) -> Token | None:
    """What a sum or share carried by `token` is the amount of: its referent, except the doer
    of an action whose object the amount is ("Qatar paid $50 million" is not Qatar's amount,
    "the exit would cost $800 million" is the exit's); what it was paid for comes first."""
    verb = _object_of(_first_conjunct(token))
    purpose = _purpose(verb) if verb is not None and money else None
    if purpose is not None:
        return purpose  # "paid $100 million for the work", "spend $5 billion on roads"
    found = referent(token)
    if found is not None and verb is not None and verb.lemma_.lower() not in AMOUNT_VERBS:
        return None
    return found


def _purpose(verb: Token) -> Token | None:
    """The object of the verb's "for" or "on": what a sum paid or spent goes to."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("for", "on"):
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in NOUNS:
                return obj
    return None


def _object_of(token: Token) -> Token | None:
    """The verb whose object `token` is ("paid $50 million" → paid), else None."""
    if token.dep_ in ("dobj", "dative") and token.head.pos_ in ("VERB", "AUX"):
        return token.head
    return None


def referent(token: Token) -> Token | None:
    """The noun whose amount the figure carried by `token` is, or None (see module doc)."""
    current = _first_conjunct(token)
    for _ in range(_MAX_STEPS):
        head, dep = current.head, current.dep_
        if head.i == current.i or dep in SUBJECT_DEPS:
            return None
        if dep in MODIFIER_DEPS and head.pos_ in NOUNS and head.lower_ not in AMOUNT_NOUNS:
            return head
        if dep == "pobj":
            found = _prep_holder(current, head)
            if found is not None:
                return found
        elif dep not in CLIMB_DEPS and head.lower_ not in AMOUNT_NOUNS:
            return None
        current = head if dep != "pobj" else head.head
        if current.pos_ in ("VERB", "AUX"):
            return _clause_subject(current)
    return None


def _first_conjunct(token: Token) -> Token:
    """ "lost 190 points, or 0.6%": a conjunct or apposition stands for the word it joins."""
    while token.dep_ in ("conj", "appos") and token.head.i != token.i:
        token = token.head
    return token


def _prep_holder(obj: Token, prep: Token) -> Token | None:
    """ "a fine of $10 million" → fine; "has the speaker for $30" → speaker."""
    governor = prep.head
    if governor.i == prep.i:
        return None
    if governor.pos_ in NOUNS:
        return governor
    if prep.lower_ in PRICE_PREPS and governor.pos_ == "VERB":
        return next((c for c in governor.children if c.dep_ == "dobj" and c.pos_ in NOUNS), None)
    return None


def _clause_subject(token: Token) -> Token | None:
    """The verb's subject, or the subject it shares with the verb it depends on."""
    verb: Token | None = token
    for _ in range(_MAX_STEPS):
        if verb is None:
            return None
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head if verb.head.pos_ in NOUNS else None
            return _antecedent(subject) if subject.pos_ == "PRON" else subject
        if _is_infinitive_of_object(verb):
            verb = verb.head.head  # "Dell announced plans to cut 6,650 jobs": Dell's plans
            continue
        if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in NOUNS:
            return verb.head  # "the price paid", "transactions accounting for 20%"
        verb = _governing_verb(verb)
    return None


def _is_infinitive_of_object(verb: Token) -> bool:
    """ "announced plans to cut": an infinitive on a verb's object shares that verb's subject."""
    noun = verb.head
    if verb.dep_ != "acl" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    return noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX")


def _antecedent(pronoun: Token) -> Token | None:
    """ "The company said it has 1,000 customers": the subject pronoun of a reported clause
    stands for the reporter; any other pronoun names no one we can tell."""
    verb = pronoun.head
    if pronoun.lower_ not in PERSONAL_PRONOUNS or verb.dep_ != "ccomp":
        return None
    reporter = next((c for c in verb.head.children if c.dep_ in SUBJECT_DEPS), None)
    return reporter if reporter is not None and reporter.pos_ in NOUNS else None


def _governing_verb(token: Token) -> Token | None:
    """The verb whose subject `token` shares, climbing through "after", "up" and the like."""
    for _ in range(_MAX_STEPS):
        if token.dep_ not in SHARED_SUBJECT_DEPS or token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token
    return None
