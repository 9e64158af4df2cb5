"""Main-text extraction scoring, as the article-extraction-benchmark defines it.

The metric (scrapinghub/article-extraction-benchmark, described in the dataset's SOURCE.md):
texts are split into `\\w+` tokens, each page's truth and prediction become multisets of 4-token
shingles, and tp/fp/fn are the multiset overlap and excesses, normalised to sum to 1 per page.
Precision and recall are means over pages (pages with nothing to score are left out), F1 is the
harmonic mean of those two means, accuracy is the share of pages whose token lists are identical.
The ± figures are the standard deviation over bootstrap resamples of the pages.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import statistics
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATASET = "article-extraction-benchmark"
SHINGLE_N = 4
N_BOOTSTRAP = 1000
BOOTSTRAP_SEED = 20200101

_TOKEN = re.compile(r"\w+", re.UNICODE)

#: (tp, fp, fn) of one page, normalised so the three sum to 1 (or all 0 when both texts are empty).
Counts = tuple[float, float, float]


@dataclass(frozen=True)
class Published:
    """One row of the source README's result tables (F1 ± bootstrap std, P, R, accuracy)."""

    system: str
    f1: float
    f1_std: float
    precision: float
    recall: float
    accuracy: float
    reference: str | None = None  # stem of the matching file in reference-outputs/, if copied
    note: str = "published"


#: README.rst "Results of the latest evaluation" (commit 4a3bc97), then "Previous evaluation".
PUBLISHED: tuple[Published, ...] = (
    Published("rs_trafilatura 9261e08", 0.970, 0.004, 0.951, 0.990, 0.287),
    Published("go_trafilatura ae7ea06", 0.960, 0.007, 0.940, 0.980, 0.287),
    Published("trafilatura 2.0.0", 0.958, 0.006, 0.938, 0.978, 0.293, "trafilatura"),
    Published("readability_js 0.6.0", 0.947, 0.005, 0.914, 0.982, 0.166),
    Published("go_readability 9f5bf5c", 0.934, 0.009, 0.900, 0.971, 0.188),
    Published("go_domdistiller 25b8d04", 0.927, 0.007, 0.901, 0.956, 0.061),
    Published("readability-lxml 0.8.4.1", 0.922, 0.013, 0.913, 0.931, 0.315, "readability"),
    Published("goose3 3.1.20", 0.896, 0.015, 0.940, 0.856, 0.232, "goose3"),
    Published("justext 3.0.2", 0.804, 0.018, 0.858, 0.756, 0.088, "justext"),
    Published("inscriptis 2.6.0", 0.679, 0.015, 0.517, 0.992, 0.000),
    Published("html-text 0.7.0", 0.665, 0.015, 0.500, 0.994, 0.000, "html-text"),
    Published("beautifulsoup 4.13.5", 0.665, 0.015, 0.499, 0.994, 0.000),
    Published("newspaper4k 0.9.3.1", 0.949, 0.008, 0.964, 0.934, 0.326, "newspaper",
              "published (previous evaluation)"),
    Published("news_please 1.6.16", 0.948, 0.008, 0.964, 0.933, 0.326, "news_please",
              "published (previous evaluation)"),
)  # fmt: skip


# --- the scorer: pure functions ---------------------------------------------------------------


def tokenize(text: str | None) -> list[str]:
    """`\\w+` tokens, case kept; None counts as the empty text."""
    return _TOKEN.findall(text or "")


def shingles(text: str | None, n: int = SHINGLE_N) -> Counter[tuple[str, ...]]:
    """Multiset of n-token shingles; a text shorter than n tokens is one short shingle."""
    tokens = tokenize(text)
    grams = (tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))
    return Counter(g for g in grams if g)


def match_shingles(true: str | None, pred: str | None, n: int = SHINGLE_N) -> Counts:
    """Per-page (tp, fp, fn) over shingles, normalised to sum to 1 so long pages weigh no more."""
    truth, guess = shingles(true, n), shingles(pred, n)
    tp = float(sum((truth & guess).values()))
    fp = float(sum((guess - truth).values()))
    fn = float(sum((truth - guess).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def page_precision(counts: Counts) -> float | None:
    """tp/(tp+fp); 1 for a perfect page; None when the page has nothing predicted to judge."""
    tp, fp, fn = counts
    if tp + fp <= 0:
        return None
    return 1.0 if fp == fn == 0 else tp / (tp + fp)


def page_recall(counts: Counts) -> float | None:
    """tp/(tp+fn); 1 for a perfect page; None when the page has no truth to recover."""
    tp, fp, fn = counts
    if tp + fn <= 0:
        return None
    return 1.0 if fp == fn == 0 else tp / (tp + fn)


def exact_match(true: str | None, pred: str | None) -> bool:
    """The benchmark's accuracy: token lists identical."""
    return tokenize(true) == tokenize(pred)


@dataclass(frozen=True)
class PageScores:
    """What the aggregate needs from each page, precomputed once for the bootstrap."""

    precision: tuple[float | None, ...]
    recall: tuple[float | None, ...]
    exact: tuple[bool, ...]


def page_scores(pairs: Sequence[tuple[str | None, str | None]]) -> PageScores:
    """Score (truth, prediction) pairs page by page."""
    counts = [match_shingles(t, p) for t, p in pairs]
    return PageScores(
        precision=tuple(page_precision(c) for c in counts),
        recall=tuple(page_recall(c) for c in counts),
        exact=tuple(exact_match(t, p) for t, p in pairs),
    )


def _mean(values: Sequence[float | None], indices: Sequence[int]) -> float:
    kept = [v for v in (values[i] for i in indices) if v is not None]
    return sum(kept) / len(kept) if kept else 0.0


def aggregate(scores: PageScores, indices: Sequence[int] | None = None) -> dict[str, float]:
    """F1, precision, recall and accuracy over the pages at `indices` (all pages by default)."""
    idx = range(len(scores.exact)) if indices is None else indices
    precision = _mean(scores.precision, idx)
    recall = _mean(scores.recall, idx)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(scores.exact[i] for i in idx) / len(idx) if len(idx) else 0.0
    return {"f1": f1, "precision": precision, "recall": recall, "accuracy": accuracy}


def bootstrap_std(
    scores: PageScores, n_resamples: int = N_BOOTSTRAP, seed: int = BOOTSTRAP_SEED
) -> dict[str, float]:
    """Standard deviation of each metric over page resamples with replacement (fixed seed)."""
    n = len(scores.exact)
    if n == 0 or n_resamples < 2:
        return {}
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {}
    for _ in range(n_resamples):
        for key, value in aggregate(scores, rng.choices(range(n), k=n)).items():
            samples.setdefault(key, []).append(value)
    return {f"{key}_std": statistics.stdev(values) for key, values in samples.items()}


def score(
    pairs: Sequence[tuple[str | None, str | None]], n_resamples: int = N_BOOTSTRAP
) -> dict[str, float]:
    """All benchmark metrics, with their bootstrap std, for (truth, prediction) pairs."""
    scores = page_scores(pairs)
    return aggregate(scores) | bootstrap_std(scores, n_resamples)


# --- the data ----------------------------------------------------------------------------------


def load_truth(bench: Path) -> dict[str, dict[str, str]]:
    """id -> {"articleBody", "url"}, in the file's order."""
    data: dict[str, dict[str, str]] = json.loads(
        (bench / "ground-truth.json").read_text(encoding="utf-8")
    )
    return data


def load_reference(path: Path) -> tuple[dict[str, str | None], str]:
    """A reference output as id -> articleBody, and the tool version when the file records one."""
    data: Any = json.loads(path.read_text(encoding="utf-8"))
    version = ""
    if isinstance(data, dict) and set(data) == {"version", "output"}:
        version, data = str(data["version"] or ""), data["output"]
    return {key: (item or {}).get("articleBody") for key, item in data.items()}, version


def reference_files(bench: Path) -> dict[str, Path]:
    """Stem -> path of every copied reference output."""
    return {p.stem: p for p in sorted((bench / "reference-outputs").glob("*.json"))}


def iter_pages(bench: Path, ids: Sequence[str]) -> Iterator[tuple[str, str]]:
    """(id, html) for each id, the gzip pages decoded as UTF-8 with replacement characters."""
    for item_id in ids:
        raw = gzip.decompress((bench / "html" / f"{item_id}.html.gz").read_bytes())
        yield item_id, raw.decode("utf-8", errors="replace")


def rescore_reference(
    bench: Path, stem: str, ids: Sequence[str] | None = None, n_resamples: int = N_BOOTSTRAP
) -> tuple[dict[str, float], str]:
    """Score one reference output against the ground truth (on `ids`, or all pages)."""
    truth = load_truth(bench)
    predicted, version = load_reference(reference_files(bench)[stem])
    keys = list(truth) if ids is None else list(ids)
    pairs = [(truth[k].get("articleBody"), predicted.get(k)) for k in keys]
    return score(pairs, n_resamples), version
