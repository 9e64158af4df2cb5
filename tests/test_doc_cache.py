"""The per-Doc caches give what spaCy's own accessors give, only built once."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from storyline.nlp import doc_cache
from storyline.nlp.models import model_location

TEXT = (
    "Qatari and Egyptian mediators said on Tuesday that Hamas and Israel had agreed to extend "
    "the truce by two days.\n"
    "The prime minister, who met the families of hostages and their lawyers, rejected the "
    "proposal, and the army said it would resume fighting.\n\n"
    "Officials in Doha told reporters that 50 women and children would be freed."
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load(model_location("en_core_web_sm"))


@pytest.fixture(scope="module")
def doc(nlp: Language) -> Doc:
    return nlp(TEXT)


def test_noun_chunks_match_spacy(nlp: Language) -> None:
    texts = [TEXT, "Hostages, prisoners and aid trucks crossed.", "Ok.", ""]
    for parsed in nlp.pipe(texts):
        ours = [(c.start, c.end, c.label_) for c in doc_cache.noun_chunks(parsed)]
        assert ours == [(c.start, c.end, c.label_) for c in parsed.noun_chunks]


def test_noun_chunks_of_another_language_use_spacys_iterator() -> None:
    blank = spacy.blank("fr")
    parsed = blank("Le Hamas a libéré des otages.")
    with pytest.raises(ValueError):  # no parse: spaCy's own error, as `doc.noun_chunks` raises
        doc_cache.noun_chunks(parsed)


def test_lower_words_by_index(doc: Doc) -> None:
    assert doc_cache.lower_words(doc) == [t.lower_ for t in doc]


def test_tokens_between_character_offsets(doc: Doc) -> None:
    start, end = TEXT.index("Hamas"), TEXT.index("truce")
    span = doc_cache.tokens_between(doc, start, end)
    assert span[0].text == "Hamas" and span[-1].text == "the"
    assert len(doc_cache.tokens_between(doc, end, end)) == 0
    assert len(doc_cache.tokens_between(doc, 0, len(TEXT))) == len(doc)


def test_remembered_text_is_the_docs_text(nlp: Language) -> None:
    made = nlp.make_doc(TEXT)
    doc_cache.remember_text(made, TEXT)
    assert doc_cache.doc_text(made) == made.text == TEXT


def test_a_text_that_is_not_the_docs_is_not_remembered(nlp: Language) -> None:
    made = nlp.make_doc("Talks resumed in Cairo.")
    doc_cache.remember_text(made, "Talks resumed in Cairo. And more")
    assert doc_cache.doc_text(made) == "Talks resumed in Cairo."
