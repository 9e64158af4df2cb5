"""Publication-date scoring, as htmldate's evaluation defines it (htmldate-eval SOURCE.md).

Per page: no output -> tn and fn when the gold date is None, else fn; output equal to the gold
date string -> tp; any other output -> fp. precision = tp/(tp+fp), recall = tp/(tp+fn),
accuracy = (tp+tn)/(tp+tn+fp+fn), F-score = 2tp/(2tp+fp+fn).
"""

from __future__ import annotations

import json
import tarfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline.ingest.decode import DecodeError, decode

DATASET = "htmldate-eval"


@dataclass(frozen=True)
class Confusion:
    tp: int = 0
    fp: int = 0
    tn: int = 0
    fn: int = 0

    def __add__(self, other: Confusion) -> Confusion:
        return Confusion(
            self.tp + other.tp, self.fp + other.fp, self.tn + other.tn, self.fn + other.fn
        )


@dataclass(frozen=True)
class Published:
    """One row of htmldate's docs/evaluation.rst table (1000 pages, reviewed labels)."""

    system: str
    precision: float
    recall: float
    accuracy: float
    fscore: float
    time: str  # relative to htmldate fast, as published


PUBLISHED: tuple[Published, ...] = (
    Published("articleDateExtractor 0.20", 0.846, 0.745, 0.656, 0.792, "3x"),
    Published("date_guesser 2.1.4", 0.832, 0.611, 0.544, 0.705, "11x"),
    Published("goose3 3.1.21", 0.930, 0.568, 0.545, 0.706, "14x"),
    Published("htmldate[all] 1.10.0 (fast)", 0.924, 0.927, 0.861, 0.925, "1x"),
    Published("htmldate[all] 1.10.0 (extensive)", 0.908, 0.993, 0.903, 0.949, "1.8x"),
    Published("newspaper4k 0.9.5", 0.912, 0.728, 0.680, 0.810, "2.5x"),
    Published("news-please 1.6.16", 0.845, 0.777, 0.680, 0.810, "29x"),
)


# --- the scorer: pure functions ---------------------------------------------------------------


def judge(predicted: str | None, gold: str | None) -> Confusion:
    """The confusion counts one page contributes."""
    if predicted is None:
        return Confusion(tn=1, fn=1) if gold is None else Confusion(fn=1)
    return Confusion(tp=1) if predicted == gold else Confusion(fp=1)


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def metrics(c: Confusion) -> dict[str, float]:
    """precision, recall, accuracy and F-score of a confusion total."""
    return {
        "precision": _ratio(c.tp, c.tp + c.fp),
        "recall": _ratio(c.tp, c.tp + c.fn),
        "accuracy": _ratio(c.tp + c.tn, c.tp + c.tn + c.fp + c.fn),
        "fscore": _ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
    }


def score(pairs: Iterable[tuple[str | None, str | None]]) -> dict[str, float]:
    """Metrics over (predicted, gold) pairs, plus the raw counts."""
    total = Confusion()
    for predicted, gold in pairs:
        total = total + judge(predicted, gold)
    counts = {"tp": total.tp, "fp": total.fp, "tn": total.tn, "fn": total.fn}
    return metrics(total) | {k: float(v) for k, v in counts.items()}


# --- the data ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldPage:
    url: str
    member: str  # name inside html.tar.xz
    date: str | None


def load_gold(bench: Path, limit: int | None = None) -> list[GoldPage]:
    """The gold entries in file order (first `limit` of them)."""
    data = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [GoldPage(url, item["file"], item.get("date")) for url, item in data.items()]
    return pages if limit is None else pages[:limit]


def decode_html(raw: bytes) -> str:
    """Our ingest decoder (BOM, strict UTF-8, then charset_normalizer's best guess); else Latin-1."""
    try:
        return decode(raw)[0]
    except DecodeError:
        return raw.decode("latin-1")


def iter_pages(bench: Path, pages: Sequence[GoldPage]) -> Iterator[tuple[GoldPage, str]]:
    """(gold page, decoded html) read straight from html.tar.xz, in archive order.

    The archive is solid, so members are read in one pass and the scan stops once every wanted
    member has been seen; a member shared by two gold pages is yielded for both.
    """
    wanted: dict[str, list[GoldPage]] = {}
    for page in pages:
        wanted.setdefault(page.member, []).append(page)
    with tarfile.open(bench / "html.tar.xz", mode="r:xz") as archive:
        for member in archive:
            if not wanted:
                break
            if not member.isfile() or member.name not in wanted:
                continue
            handle = archive.extractfile(member)
            if handle is None:
                continue
            html = decode_html(handle.read())
            for page in wanted.pop(member.name):
                yield page, html
    for missing in wanted.values():  # a gold page without HTML scores as "no date found"
        for page in missing:
            yield page, ""
