"""Exact and near-duplicate detection: a hash of normalised text, and MinHash LSH on word shingles.

Signatures and LSH band keys are plain bytes so the store can index them: a new article finds its
candidates with one indexed lookup per band, without loading earlier articles into memory.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
#: 32 bands of 4 rows: a pair with Jaccard 0.5 becomes a candidate with probability > 0.87.
BANDS, ROWS = 32, 4
SHINGLE = 3
#: Estimated Jaccard at or above which a document is linked as a copy of an earlier one.
NEAR_DUPLICATE = 0.5

_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> str:
    """Case, accents of quotes, punctuation and spacing do not make a different article."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD.findall(text))


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _template() -> MinHash:
    # Permutations are derived from a fixed seed once per process; every signature shares them.
    return MinHash(num_perm=NUM_PERM, seed=1)


def signature(text: str) -> bytes:
    words = normalise(text).split()
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    template = _template()
    minhash = MinHash(num_perm=NUM_PERM, permutations=template.permutations, scheme=template.scheme)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return np.asarray(minhash.hashvalues, dtype="<u4").tobytes()


def band_keys(sig: bytes) -> list[tuple[int, bytes]]:
    values = np.frombuffer(sig, dtype="<u4")
    return [
        (
            band,
            hashlib.blake2b(
                values[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8
            ).digest(),
        )
        for band in range(BANDS)
    ]


def similarity(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    a, b = np.frombuffer(sig_a, dtype="<u4"), np.frombuffer(sig_b, dtype="<u4")
    return round(float(np.mean(a == b)), 3)
