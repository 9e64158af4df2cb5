"""Who a pronoun or a bare description speaker is, and which actor a speaker is.

No coreference model runs offline (docs/dependencies §5), so these are simple recency rules:
- he/she → the latest earlier speaker who is a person, unless a person named as the subject of a
  clause since that speaker's quote is nearer ("When Ghani announced it, he said ..."), else
  the latest PERSON name;
- they / one / several / "one of them" → the latest group speaker (plural or organisation),
  else the latest plural subject ("Officials in Jerusalem reviewed ...") or organisation;
- it, "the group", "the movement" → the latest organisation speaker or name;
- "the official", "the ministry", "the source" → the latest earlier speaker or noun phrase with
  the same head word and more words ("a senior Israeli official", "Qatar's foreign ministry");
- "the statement" → whoever issued the latest statement ("the Forum released a statement").
A direct quote with no attribution of its own continues the previous quote's speaker when it
is in the same paragraph or opens the next one. Searches look back at most four paragraphs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Token

from storyline.nlp.doc_cache import doc_text, entities, noun_chunks, tokens_between
from storyline.nlp.quotes_lexicon import (
    ANAPHOR_HEADS,
    DOCUMENT_NOUNS,
    GROUP_PRONOUNS,
    ORG_KINDS,
    PERSON_PRONOUNS,
    THING_PRONOUNS,
)
from storyline.nlp.quotes_syntax import Bounds, Draft, np_bounds
from storyline.nlp.records import Mention

_LOOKBACK = 4  # paragraphs
_LINE_BREAK = re.compile(r"\n(?!\n)")
_ORG_ENTS = frozenset({"ORG", "GPE", "NORP"})
_ORG_NOUNS = frozenset(
    {"ministry", "office", "army", "military", "government", "group", "movement", "agency",
     "forum", "council", "committee", "cabinet", "police", "service", "media", "newspaper",
     "statement", "report", "organisation", "organization", "faction", "wing", "brigades",
     # companies and institutions speak too; "she" must not resolve to "the company"
     "company", "firm", "label", "bank", "union", "party", "university", "school", "court",
     "commission", "department", "board", "utility", "network", "league", "club", "team",
     "studio", "corporation", "institute", "association", "administration", "authority"}
)  # fmt: skip


class Resolver:
    """Resolves speakers of drafts in text order; `history` holds the drafts already seen."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention] = ()) -> None:
        self.doc = doc
        self.history: list[Draft] = []
        text = doc_text(doc)
        # After each line break that is not followed by another one.
        self.paragraph_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        self.mentions = list(mentions)

    def paragraph(self, offset: int) -> int:
        return bisect_right(self.paragraph_starts, offset) - 1

    def run(self, drafts: list[Draft]) -> None:
        for draft in sorted(drafts, key=lambda d: d.start):
            if draft.continuation:
                self._continue(draft)
            elif draft.speaker_i is not None:
                draft.antecedent = self._antecedent(draft)
            self.history.append(draft)

    def _continue(self, draft: Draft) -> None:
        earlier = [d for d in self.history if d.speaker is not None]
        if not earlier or self.paragraph(draft.start) - self.paragraph(earlier[-1].end) > 1:
            return
        last = earlier[-1]
        draft.speaker, draft.speaker_i, draft.antecedent = (
            last.speaker,
            last.speaker_i,
            last.antecedent,
        )

    def _antecedent(self, draft: Draft) -> Bounds | None:
        assert draft.speaker_i is not None and draft.speaker is not None
        head = self.doc[draft.speaker_i]
        anchor = min(draft.start, draft.speaker[0])
        named = _named_apposition(head)
        if named is not None:  # "The group that owns her music, Big Machine, says ..."
            draft.speaker_kind = _entity_kind(head)  # the description says what kind, not NER
            return named
        kind = _anaphor_kind(head, draft.speaker)
        if kind is None:
            return None
        if kind == "statement":
            return self._issuer(head, anchor) or self._from_history(anchor, "any")
        if kind == "person":
            draft.speaker_kind = kind  # "He" resolved to a name the NER mistyped is still a person
            return self._person(anchor)
        if kind in ("group", "org"):
            draft.speaker_kind = kind
            return self._from_history(anchor, kind) or self._from_text(anchor, kind)
        return self._same_head(head, draft.speaker, anchor)

    def _recent(self, anchor: int) -> Iterator[Draft]:
        """Earlier drafts with a speaker, latest first, within the look-back."""
        for old in reversed(self.history):
            if old.speaker is None or old.speaker[0] >= anchor:
                continue
            if self.paragraph(anchor) - self.paragraph(old.speaker[0]) > _LOOKBACK:
                return
            yield old

    def _from_history(self, anchor: int, kind: str) -> Bounds | None:
        found = self._speaker_before(anchor, kind)
        return found[1] if found else None

    def _speaker_before(self, anchor: int, kind: str) -> tuple[Draft, Bounds] | None:
        for old in self._recent(anchor):
            target = old.antecedent or old.speaker
            assert target is not None
            span = self.doc.char_span(*target, alignment_mode="expand")
            kinds = (kind, "org") if kind == "group" else (kind,)  # "they" may be a company
            if old.speaker_kind in kinds or (span is not None and _compatible(kind, span.root)):
                return old, target
        return None

    def _person(self, anchor: int) -> Bounds | None:
        """he/she: the last person speaker, unless a person has since been the subject of a
        clause outside any quote; news writing moves "he" to whoever the story turned to."""
        found = self._speaker_before(anchor, "person")
        if found is None:
            return self._from_text(anchor, "person")
        old, target = found
        after = max(old.end, old.speaker[1] if old.speaker else 0)
        subjects = [
            (start, bounds)
            for start, bounds, kind, subject in self._candidates(anchor)
            if subject and kind == "person" and start > after and not self._quoted(start)
        ]
        return max(subjects)[1] if subjects else target

    def _quoted(self, offset: int) -> bool:
        """Is offset inside an earlier direct quote (a name the speaker spoke, not the text)?"""
        return any(d.kind == "direct" and d.start <= offset < d.end for d in self.history)

    def _from_text(self, anchor: int, kind: str) -> Bounds | None:
        """The latest compatible noun phrase before anchor, subjects before other mentions.

        Subjects first because the one who acts is the one who goes on to speak: in "Blinken met
        Netanyahu and later Herzog. He told reporters ...", "he" is Blinken.
        """
        latest: dict[tuple[bool, str], tuple[int, Bounds]] = {}
        for start, bounds, found, subject in self._candidates(anchor):
            key = (subject, found)
            if key not in latest or start > latest[key][0]:
                latest[key] = (start, bounds)
        # "they" takes the nearer of a plural and an organisation: in "They criticised what big
        # firms do. The label denied it. They said ...", "they" is the label.
        founds = ("group", "org") if kind == "group" else (kind,)
        for subject in (True, False):
            hits = [latest[(subject, found)] for found in founds if (subject, found) in latest]
            if hits:
                return max(hits)[1]
        return None

    def _candidates(self, anchor: int) -> Iterator[tuple[int, Bounds, str, bool]]:
        """(start, bounds, person|org|group, is a subject) for names, mentions, plural subjects."""
        low = self.paragraph_starts[max(0, self.paragraph(anchor) - _LOOKBACK)]
        for ent in entities(self.doc):
            if low <= ent.start_char < anchor and ent.label_ in ("PERSON", "ORG", "GPE"):
                kind = "person" if ent.label_ == "PERSON" else "org"
                yield ent.start_char, np_bounds(ent.root), kind, _is_subject(ent.root)
        for mention in self.mentions:  # "Israeli" (NORP) describes a speaker, never is one
            if low <= mention.start < anchor and mention.label != "NORP":
                kind = "person" if mention.label in ("PERSON", "ROLE") else "org"
                span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
                subject = span is not None and len(span) > 0 and _is_subject(span.root)
                yield mention.start, (mention.start, mention.end), kind, subject
        for tok in tokens_between(self.doc, low, anchor):
            if not _is_subject(tok):
                continue
            if tok.tag_ in ("NNS", "NNPS") and not tok.ent_type_:
                yield tok.idx, np_bounds(tok), "group", True
            elif tok.tag_ == "NN" and tok.lemma_.lower() in _ORG_NOUNS:  # "The army denied ..."
                yield tok.idx, np_bounds(tok), "org", True
            elif tok.tag_ == "NNP":  # untagged, or a person the NER took for a place
                yield tok.idx, np_bounds(tok), "person", not tok.ent_type_

    def _issuer(self, head: Token, anchor: int) -> Bounds | None:
        """'The Forum released a statement. “...,” the statement said.' → the Forum."""
        for tok in reversed(self.doc[: head.i]):
            if tok.idx >= anchor or tok.lemma_.lower() != head.lemma_.lower():
                continue
            verb = tok.head.head if tok.dep_ == "pobj" else tok.head
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lemma_.lower() not in DOCUMENT_NOUNS:
                return np_bounds(subj)
        return None

    def _same_head(self, head: Token, speaker: Bounds, anchor: int) -> Bounds | None:
        lemma = head.lemma_.lower()
        for old in self._recent(anchor):
            target = old.antecedent or old.speaker
            if target and _has_word(self.doc, target, lemma) and _longer(target, speaker):
                return target
        low = self.paragraph_starts[max(0, self.paragraph(anchor) - _LOOKBACK)]
        chunks = [c for c in noun_chunks(self.doc) if low <= c.start_char < anchor]
        for chunk in reversed(chunks):
            bounds = np_bounds(chunk.root)
            if _has_word(self.doc, bounds, lemma) and _longer(bounds, speaker):
                return bounds
        return None


def _named_apposition(head: Token) -> Bounds | None:
    """The name a description is put beside ("The company that runs the show, Dick Clark
    Productions"), which is who speaks; None when the speaker is itself a name."""
    if head.pos_ == "PROPN" or head.lower_ in PERSON_PRONOUNS:
        return None
    doc = head.doc
    for tok in head.subtree:
        if tok.dep_ != "appos" or not (tok.pos_ == "PROPN" or tok.is_title):
            continue
        # beside the head, or closing the phrase right before its verb (the parse may hang it
        # on the last noun of "The company that runs the awards, Dick Clark Productions,")
        after = tok.right_edge.i + 1
        closing = after + 1 < len(doc) and doc[after].text == "," and doc[after + 1] == head.head
        if tok.head == head or closing:
            return _name_bounds(tok)
    verb = head.head  # or parsed as a second subject of the verb: "The firm ..., Dell, denies"
    for tok in verb.children:
        if tok.dep_ == "nsubj" and head.i < tok.i < verb.i and tok.pos_ == "PROPN":
            return _name_bounds(tok)
    return None


def _name_bounds(tok: Token) -> Bounds:
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    return (ent.start_char, ent.end_char) if ent is not None else np_bounds(tok)


def _is_subject(tok: Token) -> bool:
    return tok.dep_ in ("nsubj", "nsubjpass")


def _compatible(kind: str, head: Token) -> bool:
    if kind == "any":
        return True
    if kind == "group":
        return head.tag_ in ("NNS", "NNPS") or _entity_kind(head) == "org"
    return _entity_kind(head) == kind


def _entity_kind(head: Token) -> str:
    if head.ent_type_ == "PERSON":
        return "person"
    if head.ent_type_ in _ORG_ENTS or head.lemma_.lower() in _ORG_NOUNS:
        return "org"
    if head.tag_ in ("NNS", "NNPS"):
        return "group"
    return "person" if head.pos_ in ("NOUN", "PROPN") else "other"


def _anaphor_kind(head: Token, speaker: Bounds) -> str | None:
    """person | group | org | statement | same_head, or None for a speaker named in full."""
    word = head.lower_
    if word in PERSON_PRONOUNS:
        return "person"
    if word in GROUP_PRONOUNS:  # "one", "one of them"; not "One of them, Sami Khoury"
        short = len(doc_text(head.doc)[speaker[0] : speaker[1]].split()) <= 3
        return "group" if short and not any(c.dep_ == "appos" for c in head.children) else None
    if word in THING_PRONOUNS:
        return "org"
    words = doc_text(head.doc)[speaker[0] : speaker[1]].split()
    if len(words) != 2 or words[0].lower() not in ("the", "this"):
        return None
    lemma = head.lemma_.lower()
    if lemma in DOCUMENT_NOUNS:
        return "statement"
    if lemma in ORG_KINDS:
        return "org"
    return "same_head" if lemma in ANAPHOR_HEADS or word in ANAPHOR_HEADS else None


def _has_word(doc: Doc, bounds: Bounds, lemma: str) -> bool:
    span = doc.char_span(*bounds, alignment_mode="expand")
    return span is not None and any(t.lemma_.lower() == lemma or t.lower_ == lemma for t in span)


def _longer(a: Bounds, b: Bounds) -> bool:
    return a != b and (a[1] - a[0]) > (b[1] - b[0])


def actor_for(
    bounds: Bounds | None,
    head_at: int | None,
    mentions: Sequence[Mention],
    doc: Doc | None = None,
) -> tuple[str | None, str | None]:
    """(actor key, how) for the mention covering a speaker phrase.

    how is "head" when the mention covers the speaker's head word ("Majed Al Ansari", "Qatar's
    foreign ministry spokesman"), "modifier" when it only covers a word describing the speaker
    (the "Israeli" of "a senior Israeli official": the side the speaker speaks for). With the
    doc, a modifier must say whose the speaker is (see `speaks_for`).
    """
    if bounds is None:
        return None, None
    best: tuple[int, str, str] | None = None
    for mention in mentions:
        overlap = min(mention.end, bounds[1]) - max(mention.start, bounds[0])
        if overlap <= 0 or not mention.actor:
            continue
        on_head = head_at is None or mention.start <= head_at < mention.end
        if not on_head and doc is not None and not speaks_for(doc, mention, head_at):
            continue
        score = overlap + (10_000 if on_head else 0)
        if best is None or score > best[0]:
            best = (score, mention.actor, "head" if on_head else "modifier")
    return (best[1], best[2]) if best else (None, None)


#: Heads whose possessor is not who speaks: "Rudolph's supporters" are not Rudolph.
_OTHER_PARTY = frozenset(
    {"supporter", "critic", "opponent", "detractor", "fan", "rival", "enemy", "foe", "relative",
     "family", "friend", "neighbour", "neighbor", "victim", "wife", "husband", "son", "daughter",
     "mother", "father", "brother", "sister", "parent", "child"}
)  # fmt: skip
#: Prepositions that tie a speaker to the side it speaks for ("a spokesman for Hamas",
#: "officials in Jerusalem"); "the ambassador to Britain" speaks for the other side.
_FOR_PREPS = frozenset({"for", "of", "from", "at", "in", "with"})


def speaks_for(doc: Doc, mention: Mention, head_at: int | None) -> bool:
    """Does a mention inside the speaker phrase name the side the speaker speaks for?

    Before the head: yes ("PG&E officials", "China's ambassador"), unless the head is another
    party ("Rudolph's supporters") or the name only says where ("a Washington-based expert").
    After it: only as the object of a preposition on the head itself ("a spokesman for the
    ministry"), an apposition or a person's name; not deeper ("a group representing counties
    in California").
    """
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    head = next((t for t in doc if t.idx == head_at), None)
    if span is None or not len(span) or head is None:
        return True
    root = span.root
    if head.lemma_.lower() in _OTHER_PARTY:
        return False
    if root.i < head.i:
        return doc[span.end : span.end + 2].text.replace(" ", "") != "-based"
    if mention.label == "PERSON" and doc[span.start - 1].pos_ != "ADP":
        return True  # a name after its title ("the ambassador to Britain Liu Xiaming")
    if root.dep_ == "pobj":
        return root.head.lower_ in _FOR_PREPS and root.head.head.i == head.i
    return root.dep_ == "appos" and root.head.i == head.i
