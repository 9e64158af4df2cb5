"""Role phrases in a Doc: titles, appositions and role nouns, each read into an `Office`.

Three shapes, found by position around the name mentions (robust to the small model's parse):
    title       "Mossad Director David Barnea", "US president-elect Donald Trump"
    apposition  "Majed al-Ansari, the spokesman of the Qatari foreign ministry,"
                "the spokesman, Majed al-Ansari,"
    role noun   "the prime minister", "Israel's spy chief", "the director of the CIA",
                "the US and Israeli spy chiefs" (one phrase per conjunct: two people)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.attrs import LOWER, TAG
from spacy.tokens import Doc, Token

from storyline.nlp.actors_cands import POSSESSIVE, TITLE_WORDS, Cand
from storyline.nlp.actors_names import HONORIFICS
from storyline.nlp.actors_pack import ActorPack
from storyline.nlp.actors_roles import ABBREVIATIONS, ROLE_HEADS, Item, Office, office_from_items
from storyline.nlp.doc_cache import sentence_of, tokens_where

_NON_ACTOR_ENTS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "EVENT", "LAW"}
)
_DETERMINERS = frozenset(
    {"the", "a", "an", "this", "that", "another", "any", "some", "one", "every", "each", "no"}
    | {"his", "her", "its", "their", "our", "my", "your"}
)
_CLOSERS = frozenset({",", ".", ";", ")", "\u2014", "\u2013", ":"})
_MAX_SCAN = 14


@dataclass(frozen=True)
class RolePhrase:
    start: int  # token span of the phrase (the evidence)
    end: int
    head: int
    tokens: tuple[int, ...]  # tokens that make up this referent's role (a conjunct's own)
    office: Office
    kind: str  # title | appos | noun
    person: Cand | None = None  # the named person a title or apposition belongs to


def _is_head(token: Token) -> bool:
    if token.pos_ in ("VERB", "AUX", "ADP"):
        return False
    if token.lower_ == "elect" and token.i > 0 and token.nbor(-1).text == "-":
        return True
    return token.lower_ in ROLE_HEADS or (
        token.tag_ in ("NNS", "NNPS") and token.lemma_.lower() in ROLE_HEADS
    )


def _role_word(word: str) -> bool:
    return word in ROLE_HEADS or word == "elect"


def _plural_tag(tag: str) -> bool:
    return tag in ("NNS", "NNPS")


def _plural(token: Token) -> bool:
    return token.tag_ in ("NNS", "NNPS") and token.lower_ not in ROLE_HEADS


def _modifier(token: Token) -> bool:
    return (
        token.pos_ in ("ADJ", "NOUN", "PROPN")
        and token.is_alpha
        and token.ent_type_ not in _NON_ACTOR_ENTS
        and token.lower_ not in _DETERMINERS
    )


class RoleReader:
    """Finds role phrases in one Doc, given its name mentions (already keyed)."""

    def __init__(self, doc: Doc, cands: list[Cand], pack: ActorPack) -> None:
        self.doc, self.pack = doc, pack
        self.cand_at = {i: c for c in cands for i in range(c.start, c.end)}
        self.used: set[int] = set()

    # --- phrase edges ---------------------------------------------------------------------

    def _left(self, head: int, floor: int, plural: bool) -> tuple[int, str | None]:
        """Start of the phrase ending at `head`, and its determiner if any."""
        doc, i, start = self.doc, head - 1, head
        while i >= floor:
            cand = self.cand_at.get(i)
            if cand is not None:
                if cand.label == "PERSON" and doc[cand.end].text not in POSSESSIVE:
                    break
                start, i = cand.start, cand.start - 1
                if cand.label == "PERSON":  # "Trump's envoy": Trump's own title is not ours
                    return start, None
                continue
            token = doc[i]
            if token.text == ")" and i >= 2 and doc[i - 2].text == "(":
                start, i = i - 2, i - 3  # "International Criminal Court (ICC) Chief Prosecutor"
                continue
            conj = plural and token.lower_ == "and" and (i - 1) in self.cand_at
            owned = token.text in POSSESSIVE and (i - 1) in self.cand_at  # "Qatar's", not "'s"
            if owned or token.text == "-" or conj or _modifier(token):
                start, i = i, i - 1
                continue
            break
        if i >= floor and doc[i].lower_ in _DETERMINERS:
            return i, doc[i].lower_
        return start, None

    def _right(self, head: int, ceil: int, plural: bool) -> int:
        """End of "... of the Israeli National Intelligence Agency" after the head."""
        doc, end = self.doc, head + 1
        while end < ceil and doc[end].lower_ == "of":
            k = end + 1
            while k < ceil:
                cand = self.cand_at.get(k)
                if cand is not None:
                    k = cand.end
                elif doc[k].text == "(" and k + 2 < ceil and doc[k + 2].text == ")":
                    k += 3  # "(CIA)"
                elif self._object_word(k, plural):
                    k += 1
                else:
                    break
            while k > end + 1 and doc[k - 1].lower_ in ("the", "and"):
                k -= 1
            if k == end + 1:
                break
            end = k
        return end

    def _object_word(self, k: int, plural: bool) -> bool:
        """Goes on an "of" object; "and (of)" only for plural heads ("the heads of A and B")."""
        token = self.doc[k]
        if _is_head(token):
            return False  # "the director of the CIA and the director of ..." is two phrases
        if token.lower_ == "the" or token.text in POSSESSIVE or _modifier(token):
            return True
        after_and = token.lower_ == "of" and self.doc[k - 1].lower_ == "and"
        return plural and (token.lower_ == "and" or after_and)

    # --- items and offices -----------------------------------------------------------------

    def items(self, tokens: list[int]) -> list[Item]:
        doc, out, seen = self.doc, [], set()
        for i in tokens:
            cand = self.cand_at.get(i)
            if cand is not None:
                if id(cand) not in seen:
                    seen.add(id(cand))
                    out.append(Item(cand.span(doc).text, cand.key or cand.pack_key, cand.label))
                continue
            token = doc[i]
            word = token.lemma_.lower() if _is_head(token) and _plural(token) else token.lower_
            if token.text == "-" and out and not out[-1].key:
                out[-1] = Item(out[-1].text + "-")
            elif out and out[-1].text.endswith("-") and not out[-1].key:
                out[-1] = Item(out[-1].text + word)
            elif token.is_alpha or (word.endswith(".") and word[:-1].isalpha()):
                out.append(Item(word))  # "Gov." keeps its dot, as ROLE_TERMS spells it
        return out

    def _phrases(self, start: int, head: int, end: int, kind: str) -> list[RolePhrase]:
        """One phrase per referent: "the US and Israeli spy chiefs" names two people."""
        tokens = list(range(start, end))
        if tokens and self.doc[start].lower_ in _DETERMINERS:
            tokens = tokens[1:]
        if not tokens:
            return []
        parts = self._conjuncts(tokens, head) if _plural(self.doc[head]) else [tokens]
        shared = set(tokens).intersection(*parts) if len(parts) > 1 else set()
        out = []
        for n, part in enumerate(parts):
            office = office_from_items(self.items(part), self.pack)
            if office:
                # A conjunct's evidence runs from its first word to its last, so the first
                # conjunct of "the US and Israeli spy chiefs" keeps the whole phrase; a later
                # one starts at its own words ("the heads of A and B": B), never taking in
                # the earlier conjunct, whose holder may be someone else or no one known.
                own = [i for i in part if i not in shared] or part
                lo = start if n == 0 else own[0]
                out.append(RolePhrase(lo, part[-1] + 1, head, tuple(part), office, kind))
        return out

    def _conjuncts(self, tokens: list[int], head: int) -> list[list[int]]:
        """Split "US and Israeli spy chiefs" into [US spy chiefs], [Israeli spy chiefs]."""
        side = [i for i in tokens if i > head] or [i for i in tokens if i < head]
        if side and self.doc[side[0]].lower_ == "of":
            side = side[1:]  # "heads of A and B": each is a head *of* its own
        groups: list[list[int]] = [[]]
        for i in side:
            if self.doc[i].lower_ == "and" and i not in self.cand_at:
                groups.append([])
            else:
                groups[-1].append(i)
        groups = [g for g in groups if any(i in self.cand_at for i in g)]
        groups = [g[1:] if self.doc[g[0]].lower_ == "of" else g for g in groups]  # "and of B"
        if len(groups) < 2:
            return []
        shared = [i for i in tokens if i not in side]
        if side[0] < head:  # left side: words after the last conjunct are shared ("spy")
            tail = [i for i in groups[-1] if i > max(j for j in groups[-1] if j in self.cand_at)]
            groups = [sorted(set(g) | set(tail)) for g in groups]
        return [sorted(set(g) | set(shared)) for g in groups]

    def role_text(self, phrase: RolePhrase) -> str:
        """The role as the text gives it, minus its article: "Mossad director", "US spy chief"."""
        doc, pieces = self.doc, []
        tokens = [i for i in phrase.tokens if not self._bracketed(i)]
        for n, i in enumerate(tokens):
            token = doc[i]
            word = token.lemma_ if i == phrase.head and _plural(token) else token.text
            if i not in self.cand_at and word.lower() in TITLE_WORDS:
                word = word.lower()  # "Mossad Director" -> "Mossad director"; names keep capitals
            word = ABBREVIATIONS.get(word.lower(), word) if i not in self.cand_at else word
            joined = n + 1 < len(tokens) and tokens[n + 1] == i + 1
            pieces.append(word + (token.whitespace_ if joined else " "))
        return "".join(pieces).strip()

    def _bracketed(self, i: int) -> bool:
        """Inside "(CIA)" after "Central Intelligence Agency": said twice, kept once."""
        doc = self.doc
        if doc[i].text in ("(", ")"):
            return True
        return 0 < i < len(doc) - 1 and doc[i - 1].text == "(" and doc[i + 1].text == ")"

    # --- the three shapes -----------------------------------------------------------------

    def titles(self, person: Cand) -> list[RolePhrase]:
        """ "Mossad Director David Barnea": the words right before the name."""
        head = person.start - 1
        while head > 0 and self.doc[head].lower_.strip(".") in HONORIFICS:
            head -= 1  # "Qatari Prime Minister Sheikh Mohammed ..."
        sent = sentence_of(self.doc[person.start])
        if head > sent.start and self.doc[head].text == "." and _is_head(self.doc[head - 1]):
            head -= 1  # "Sens. Cory Booker": the abbreviation's dot split off
        if head < sent.start or not _is_head(self.doc[head]) or _plural(self.doc[head]):
            return []
        start, det = self._left(head, sent.start, plural=False)
        doc = self.doc
        while (
            start - 2 >= sent.start and doc[start - 1].lower_ == "of" and _is_head(doc[start - 2])
        ):
            start, det = self._left(start - 2, sent.start, plural=False)  # "Secretary of State"
        if det not in (None, "the"):
            start += 1  # "said that CIA Director X": "that" is no article of the title
        found = self._phrases(start, head, head + 1, "title")
        return [self._claim(p, person) for p in found[:1]]

    def appositions(self, person: Cand) -> list[RolePhrase]:
        return self._appos_after(person) or self._appos_before(person)

    def _appos_after(self, person: Cand) -> list[RolePhrase]:
        """ "Majed al-Ansari, the spokesman of the Qatari foreign ministry, said"."""
        doc, comma = self.doc, person.end
        sent = sentence_of(doc[person.start])
        if comma >= sent.end - 1 or doc[comma].text != ",":
            return []
        for head in range(comma + 1, min(comma + _MAX_SCAN, sent.end)):
            token = doc[head]
            if _is_head(token) and head not in self.cand_at:
                start, _ = self._left(head, comma + 1, plural=False)
                end = self._right(head, sent.end, plural=False)
                if start != comma + 1 or not self._closed(end, sent.end):
                    return []
                return [
                    self._claim(p, person) for p in self._phrases(start, head, end, "appos")[:1]
                ]
            if token.pos_ in ("VERB", "AUX") or token.text in _CLOSERS:
                return []
        return []

    def _appos_before(self, person: Cand) -> list[RolePhrase]:
        """ "the spokesman, Majed al-Ansari, told reporters"."""
        doc, comma = self.doc, person.start - 1
        while comma > 0 and doc[comma].lower_.strip(".") in HONORIFICS:
            comma -= 1  # "the Leader ..., Ayatollah Seyyed Ali Khamenei"
        sent = sentence_of(doc[person.start])
        if comma <= sent.start or doc[comma].text != "," or not self._closed(person.end, sent.end):
            return []
        for head in range(comma - 1, max(sent.start, comma - _MAX_SCAN) - 1, -1):
            if _is_head(doc[head]) and head not in self.cand_at:
                start, _ = self._left(head, sent.start, plural=False)
                if self._right(head, comma, plural=False) != comma:
                    return []
                return [
                    self._claim(p, person) for p in self._phrases(start, head, comma, "appos")[:1]
                ]
            if doc[head].pos_ in ("VERB", "AUX"):
                return []
        return []

    def _closed(self, end: int, sent_end: int) -> bool:
        """An apposition ends the clause part: a comma, a full stop or the verb comes next."""
        return (
            end >= sent_end
            or self.doc[end].text in _CLOSERS
            or self.doc[end].pos_ in ("VERB", "AUX")
        )

    def _claim(self, phrase: RolePhrase, person: Cand) -> RolePhrase:
        self.used.update(range(phrase.start, phrase.end))
        return replace(phrase, person=person)

    def role_nouns(self) -> list[RolePhrase]:
        """Definite role nouns not yet read as a title or apposition: "the prime minister"."""
        found: list[RolePhrase] = []
        for i in self._maybe_heads():
            token = self.doc[i]
            if i in self.used or i in self.cand_at or not _is_head(token):
                continue
            if token.lower_ == "general" or not self._nominal_end(i):
                continue
            plural = _plural(token)
            sent = sentence_of(token)
            start, det = self._left(i, sent.start, plural)
            end = self._right(i, sent.end, plural)
            if not self._definite(start, i, end, det):
                continue
            found += self._phrases(start, i, end, "noun")
            self.used.update(range(start, end))
        return found

    def _maybe_heads(self) -> list[int]:
        """The tokens `_is_head` may accept (a role word, "elect", a plural), in text order."""
        words = tokens_where(self.doc, LOWER, _role_word)
        plurals = tokens_where(self.doc, TAG, _plural_tag)
        return sorted(set(words) | set(plurals))

    def _nominal_end(self, i: int) -> bool:
        """The role word ends its noun phrase ("chief negotiator" is headed by negotiator)."""
        doc = self.doc
        if i + 1 >= len(doc):
            return True
        nxt = doc[i + 1]
        if (i + 1) in self.cand_at and self.cand_at[i + 1].label == "PERSON":
            return False  # a title of a name the name itself carries
        return nxt.pos_ not in ("NOUN", "PROPN") or nxt.text in POSSESSIVE

    def _definite(self, start: int, head: int, end: int, det: str | None) -> bool:
        """ "the"/possessor/organisation before it; "a spokesman" or "his envoy" say nobody."""
        mention_left = any(i in self.cand_at for i in range(start, head))
        if det is not None and det != "the":
            return False
        if self.doc[head].lower_ in ("head", "heads") and end == head + 1 and not mention_left:
            return False
        return det == "the" or mention_left
