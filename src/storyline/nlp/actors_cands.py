"""Candidate name mentions in a Doc: NER entities plus the pack's names, aliases and framings.

NER finds names the pack has never heard of; the pack's phrase matchers find what NER misses
("Shin Bet", "the terror group", "Mossad" inside a title). Both are trimmed of titles,
determiners and possessives, overlaps keep the longest, and pack words that only make sense
in context (descriptions, capitals standing for their state) are checked against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.attrs import ORTH
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from storyline.nlp.actors_names import HONORIFICS, fold
from storyline.nlp.actors_pack import ActorPack, PackActor
from storyline.nlp.actors_roles import ROLE_HEADS
from storyline.nlp.actors_surnames import surnames_of_people
from storyline.nlp.actors_tidy import joined_halves, quoted_title
from storyline.nlp.doc_cache import span_text, tokens_where

LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
#: Words of a title that NER sometimes folds into a name ("Prime Minister Benjamin Netanyahu").
TITLE_WORDS = ROLE_HEADS | {
    "prime",
    "foreign",
    "defense",
    "defence",
    "deputy",
    "special",
    "national",
    "security",
    "opposition",
    "supreme",
    "crown",
    "acting",
    "former",
    "interim",
    "major",
    "lieutenant",
    "colonel",
    "brigadier",
    "maj",
    "gen",
    "lt",
    "col",
    "elect",
    "vice",
    "finance",
    "interior",
    "justice",
    "-",
}
#: "western", "south-eastern", "middle eastern": the last word is a compass adjective.
_COMPASS_ADJECTIVE = re.compile(r"(?:^|[\s-])(?:north|south)?(?:north|south|east|west)ern$")
POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})
#: A capital stands for its state only as a doer: "Doha said", "talks between Washington and
#: Tehran"; "talks in Doha" is a place.
_AGENT_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent"})
_AGENT_PREPS = frozenset({"between", "by", "with", "against"})
_SOURCE_RANK = {"ner": 0, "name": 1, "demonym": 1, "descriptor": 1, "desc": 2, "surname": 3}
_JUNK_CHARS = frozenset("/()[]{}|@#\n")


@dataclass
class Cand:
    start: int  # token offsets in the Doc
    end: int
    label: str  # PERSON | ORG | GPE | NORP
    source: str  # ner | name | demonym | desc | descriptor
    pack_key: str | None = None
    key: str | None = None  # the actor, once grouped

    def span(self, doc: Doc) -> Span:
        return doc[self.start : self.end]

    def overlaps(self, other: Cand) -> bool:
        return self.start < other.end and other.start < self.end


def build_matchers(nlp: Any, pack: ActorPack) -> tuple[PhraseMatcher, PhraseMatcher]:
    """Case-sensitive matcher for names, case-insensitive (NORM) one for lowercase framings."""
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    loose = PhraseMatcher(nlp.vocab, attr="NORM")
    for actor in pack.actors.values():
        for kind, texts in (
            ("name", actor.names()),
            ("demonym", actor.demonyms),
            ("desc", actor.descriptions),
        ):
            for text in texts:
                matcher = loose if text == text.lower() else exact
                variants = {text, text.replace("'", "\u2019")}
                matcher.add(f"{kind}|{actor.key}", [nlp.make_doc(v) for v in variants])
    return exact, loose


def pack_label(actor: PackActor, kind: str = "name") -> str:
    if kind == "demonym":
        return "NORP"
    if actor.label:
        return actor.label
    if actor.type == "person":
        return "PERSON"
    return "GPE" if actor.type in ("state", "mediator") else "ORG"


def _title_word(token: Token) -> bool:
    word = token.lower_.strip(".")
    return word in TITLE_WORDS or word in HONORIFICS


def _title_token(token: Token, pack: ActorPack) -> bool:
    """A title word, or an organisation right before one ("Mossad" in "Mossad Director X")."""
    if _title_word(token):
        return True
    actor = pack.get(pack.lookup(token.text))
    following = token.nbor() if token.i + 1 < len(token.doc) else None
    return (
        actor is not None and actor.type != "person" and bool(following and _title_word(following))
    )


def _trim(doc: Doc, cand: Cand, pack: ActorPack) -> Cand | None:
    """Drop determiners, honorifics, titles and possessives from the edges of a mention."""
    start, end = cand.start, cand.end
    if cand.label == "PERSON":
        start = _after_lead_in(doc, start, end)
    while start < end and _leading_word(doc[start], cand, pack, end - start):
        start += 1
    while (
        cand.label != "PERSON" and end - start > 1 and (doc[start].like_num or doc[start].is_punct)
    ):
        start += 1  # "(c) 2023 Meridian Press Agency"
    while end > start and doc[end - 1].text in POSSESSIVE:
        end -= 1
    of_object = end - start > 2 and doc[end - 2].lower_ in ("of", "on")  # "Chiefs of Staff"
    if cand.label != "PERSON" and not of_object and doc[end - 1].lower_ in ROLE_HEADS:
        # "UN Special Rapporteur", "IDF Spokesperson": the organisation, not its officer.
        while end - start > 1 and doc[end - 1].lower_ in TITLE_WORDS:
            end -= 1
    if start >= end or all(t.lower_ in TITLE_WORDS for t in doc[start:end]):
        return None
    if cand.source == "desc":  # framings keep their determiner: "the terror group"
        start = cand.start
    cand.start, cand.end = start, end
    return cand


def _after_lead_in(doc: Doc, start: int, end: int) -> int:
    """Where a person's name starts once words NER ran into it are dropped: a sentence-initial
    gerund ("Hosting Cook at the summit, ...") or a team and position abbreviation before the
    name ("Browns DL Sheldon Richardson"); names do not start with an -ing verb, and an
    all-capitals word inside one, before two more words, is a title, not an initial."""
    if end - start > 1 and doc[start].tag_ == "VBG" and doc[start].lower_.endswith("ing"):
        start += 1
    for i in range(start + 1, end - 2):
        word = doc[i].text
        if word.isupper() and word.isalpha() and 2 <= len(word) <= 3:
            return i + 1
    return start


def _leading_word(token: Token, cand: Cand, pack: ActorPack, left: int) -> bool:
    """A determiner, honorific or title before the name itself (`left` tokens remain)."""
    lower = token.lower_
    if lower == "the" and (token.text == "the" or token.is_sent_start):
        return True
    if lower.strip(".") in HONORIFICS:
        return True
    return cand.label == "PERSON" and left > 1 and _title_token(token, pack)


def _plausible(ent: Span) -> bool:
    """Photo credits and bylines ("AP Photo/Patrick Post", "La") are not actors."""
    text = span_text(ent)
    if not _JUNK_CHARS.isdisjoint(text):
        return False
    return len(ent) > 1 or len(text) > 2 or text.isupper()


def _from_ents(doc: Doc, pack: ActorPack) -> list[Cand]:
    found = []
    for ent in filter(_plausible, doc.ents):
        label = ent.label_
        if label not in LABELS:
            # FAC "War Cabinet", LOC "Gaza Strip": kept only when the pack knows them.
            actor = pack.get(pack.lookup(ent.text))
            if actor is None:
                continue
            label = pack_label(actor)
        found.append(Cand(ent.start, ent.end, label, "ner"))
    return found


def _from_matchers(doc: Doc, pack: ActorPack, matchers: tuple[PhraseMatcher, ...]) -> list[Cand]:
    found = []
    for matcher in matchers:
        for match_id, start, end in matcher(doc):
            kind, key = doc.vocab.strings[match_id].split("|", 1)
            found.append(Cand(start, end, pack_label(pack.actors[key], kind), kind, key))
    return found


def _surnames(doc: Doc, pack: ActorPack) -> list[Cand]:
    """Bare surnames of pack people that NER missed ("[Hamas leader] Sinwar").

    Capitalised inside a sentence only, so a sentence-initial "Burns" (the verb) does not
    count; which Sinwar is meant is left to the grouping (document, then date).
    """
    names = pack.surnames()
    return [
        Cand(i, i + 1, "PERSON", "surname")
        for i in tokens_where(doc, ORTH, names.__contains__)
        if not doc[i].is_sent_start
    ]


def _merge(ner: list[Cand], hits: list[Cand], pack: ActorPack) -> list[Cand]:
    """Longest spans win; a pack hit on exactly an entity's span tells us who it is."""
    by_span = {(c.start, c.end): c for c in ner}
    rest = []
    for hit in hits:
        same = by_span.get((hit.start, hit.end))
        if same is None:
            rest.append(hit)
            continue
        if hit.pack_key is None:  # a bare surname NER already found
            continue
        same.pack_key = hit.pack_key
        actor = pack.actors[hit.pack_key or ""]
        if (same.label == "PERSON") != (actor.type == "person"):
            same.label = hit.label
    chosen: list[Cand] = []
    taken: set[int] = set()  # tokens of the spans chosen so far
    for cand in sorted(ner + rest, key=lambda c: (c.start - c.end, _SOURCE_RANK[c.source])):
        tokens = range(cand.start, cand.end)
        if taken.isdisjoint(tokens):
            chosen.append(cand)
            taken.update(tokens)
    return chosen


def _resolve(doc: Doc, cand: Cand, pack: ActorPack) -> None:
    """Pack key from the mention's text, also without leading state words ("US Central ...")."""
    if cand.pack_key:
        return
    tokens = list(cand.span(doc))
    while tokens:
        key = pack.lookup(" ".join(t.text for t in tokens))
        if key:
            cand.pack_key = key
            actor = pack.actors[key]
            if (cand.label == "PERSON") != (actor.type == "person"):
                cand.label = pack_label(actor)
            return
        head = pack.get(pack.lookup(tokens[0].text))
        if cand.label != "ORG" or head is None or head.type not in ("state", "mediator"):
            return
        tokens = tokens[1:]


def _np_final(doc: Doc, i: int) -> bool:
    """Nothing nominal follows: "the Israeli military" yes, "Israeli military operations" no."""
    if i >= len(doc):
        return True
    return doc[i].pos_ not in ("NOUN", "PROPN") and doc[i].lower_ not in ROLE_HEADS


def _descriptor_after(
    doc: Doc, cand: Cand, pack: ActorPack, spans: set[tuple[int, int]]
) -> Cand | None:
    """ "Israel's war cabinet", "the Israeli military", "the Mossad spy agency".

    Before another noun ("Qatar's foreign ministry spokesman") the words only become a
    mention if NER already marked them as one.
    """
    i = cand.end + (1 if cand.end < len(doc) and doc[cand.end].text in POSSESSIVE else 0)
    wordlike = [t.is_alpha or t.text in POSSESSIVE for t in doc[i : i + 4]]
    for size in range(4, 0, -1):
        if len(wordlike) < size or not all(wordlike[:size]):
            continue
        hit = pack.by_descriptor(cand.pack_key or "", span_text(doc[i : i + size]))
        if hit and _np_final(doc, i + size):
            return Cand(cand.start, i + size, "ORG", "descriptor", hit)
        if hit and (i, i + size) in spans:
            return Cand(i, i + size, "ORG", "descriptor", hit)
    return None


def _descriptor_before(doc: Doc, cand: Cand, pack: ActorPack) -> Cand | None:
    """ "the health ministry in Gaza", "the military wing of the ... movement Hamas"."""
    j = cand.start - 1
    while j > cand.start - 6 and j > 0 and doc[j].lower_ not in ("of", "in"):
        if doc[j].pos_ not in ("ADJ", "NOUN", "PROPN", "DET"):
            return None
        j -= 1
    if j <= 0 or doc[j].lower_ not in ("of", "in"):
        return None
    before = doc[j - min(4, j) : j]
    alpha = [t.is_alpha for t in before]
    for size in range(min(4, j), 0, -1):
        if before[-size].lower_ == "the" or not all(alpha[-size:]):
            continue
        hit = pack.by_descriptor(cand.pack_key or "", span_text(doc[j - size : j]))
        if hit:
            return Cand(j - size, cand.end, "ORG", "descriptor", hit)
    return None


def _extend_descriptors(doc: Doc, cands: list[Cand], pack: ActorPack) -> list[Cand]:
    out = list(cands)
    spans = {(c.start, c.end) for c in cands}
    for cand in cands:
        if not cand.pack_key or cand.label == "PERSON":
            continue
        new = _descriptor_after(doc, cand, pack, spans) or _descriptor_before(doc, cand, pack)
        if new and not any(c.source == "descriptor" and c.overlaps(new) for c in out):
            out = [c for c in out if not c.overlaps(new)] + [new]
    return out


def _gate_descriptions(cands: list[Cand], pack: ActorPack) -> list[Cand]:
    """A framing ("the terror group") counts only if the document also names its actor."""
    named: set[str] = set()
    for cand in cands:
        if cand.source != "desc" and cand.pack_key:
            named.update([cand.pack_key, *pack.ancestors(cand.pack_key)])

    def keep(cand: Cand) -> bool:
        key = cand.pack_key or ""
        return cand.source != "desc" or bool({key, *pack.ancestors(key)} & named)

    return [c for c in cands if keep(c)]


def _agentive(span: Span) -> bool:
    root = span.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    if root.dep_ in _AGENT_DEPS:
        return True
    return root.dep_ == "pobj" and root.head.lower_ in _AGENT_PREPS


def _apply_metonym(doc: Doc, cand: Cand, pack: ActorPack) -> None:
    actor = pack.get(cand.pack_key)
    if actor and actor.stands_for and _agentive(cand.span(doc)):
        cand.pack_key = actor.stands_for
        cand.label = "GPE"


def _unresolved_common_noun(doc: Doc, cand: Cand) -> bool:
    """NER sometimes tags "foreign ministry": whose ministry is for the role reader to say."""
    return cand.pack_key is None and fold(cand.span(doc).text) == cand.span(doc).text


def _region_adjective(doc: Doc, cand: Cand) -> bool:
    """ "Middle Eastern", "Western", "Southern": NER calls them NORP, but a compass adjective
    names a part of the world, no people or state that could act (unless the pack says so)."""
    if cand.label != "NORP" or cand.pack_key is not None:
        return False
    return bool(_COMPASS_ADJECTIVE.search(fold(cand.span(doc).text)))


def collect_cands(doc: Doc, pack: ActorPack, matchers: tuple[PhraseMatcher, ...]) -> list[Cand]:
    """Name mentions in text order, each trimmed and, where the pack knows it, keyed."""
    raw = [_trim(doc, c, pack) for c in _from_ents(doc, pack)]
    hits = [_trim(doc, c, pack) for c in _from_matchers(doc, pack, matchers)]
    hits += _surnames(doc, pack)
    people = [(c.start, c.end) for c in raw if c and c.label == "PERSON"]
    hits += [Cand(i, i + 1, "PERSON", "surname") for i in surnames_of_people(doc, people)]
    cands = joined_halves(doc, _merge([c for c in raw if c], [c for c in hits if c], pack))
    for cand in cands:
        _resolve(doc, cand, pack)
    cands = _gate_descriptions(_extend_descriptors(doc, cands, pack), pack)
    for cand in cands:
        _apply_metonym(doc, cand, pack)
    cands = [c for c in cands if not (_unresolved_common_noun(doc, c) or _region_adjective(doc, c))]
    cands = [c for c in cands if c.pack_key or not quoted_title(doc, c)]
    return sorted(cands, key=lambda c: c.start)
