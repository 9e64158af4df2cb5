"""Bare surnames of people the document names in full, where NER missed or mistyped them.

"Jack Eichel" early on, then "Eichel said ..." with no entity on "Eichel"; a sentence-initial
"Swift got support" tagged as an organisation or nothing; "Scissors, who consults ..., said"
read as the plural noun. The pack's surnames are matched elsewhere (actors_cands).
"""

from __future__ import annotations

from spacy.attrs import ORTH
from spacy.tokens import Doc, Token

from storyline.nlp.doc_cache import tokens_where


def surnames_of_people(doc: Doc, people: list[tuple[int, int]]) -> list[int]:
    """Token indices of lone surnames of the multi-word person names `people` (token spans)."""
    surnames = {doc[end - 1].text for start, end in people if end - start > 1}
    surnames = {s for s in surnames if s.istitle()}
    taken = {i for start, end in people for i in range(start, end)}
    found = tokens_where(doc, ORTH, surnames.__contains__)
    return [i for i in found if i not in taken and _name_like(doc[i])]


def _name_like(token: Token) -> bool:
    """A word that is a common noun too counts only as a proper noun or as the subject."""
    following = token.nbor() if token.i + 1 < len(token.doc) else None
    if following is not None and following.is_title and following.pos_ == "PROPN":
        return False  # part of another name ("Cook Islands")
    return token.pos_ == "PROPN" or token.dep_ in ("nsubj", "nsubjpass")
