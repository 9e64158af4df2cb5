"""TempEval-3 Task A (temporal expressions) scored on the platinum test set and on TBAQ-cleaned.

Our pipeline (`en_core_web_md` + `storyline_time`) reads the plain text of each document's
`<TEXT>` element (the gold file with its tags stripped, so offsets align with gold by
construction) and its document creation time (DCT), and its `doc._.sl_timexes` are scored as
the official TempEval-3 scorer (`TE3-evaluation.py` / `evaluate_entities.py`) scores timexes:

* gold timexes are the `<TIMEX3>` elements inside `<TEXT>` (the DCT, `t0`, is not scored);
* a system timex and a gold timex match **relaxed** when their extents overlap (one-to-one:
  a timex is matched at most once, exact and larger overlaps first), **strict** when the
  extents are identical;
* strict (relaxed) precision = strict (relaxed) matches / system timexes, recall = matches /
  gold timexes, F1 their harmonic mean;
* type (value) accuracy = relaxed matches whose `type` (`value`) string equals gold's /
  relaxed matches;
* type (value) F1 = type (value) accuracy x relaxed F1. This is the scorer's
  "Attribute F1": attribute precision = accuracy x relaxed precision, attribute recall =
  accuracy x relaxed recall, whose harmonic mean is accuracy x relaxed F1. Value F1 is the
  figure Task A systems were ranked by for normalisation.

Counts are summed over all documents before the ratios are taken (micro average), as the
official scorer does.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from storyline.eval.report import EvalRow, EvalTable, resolve_benchmarks

DATASET = "tempeval3-timeml"
PLATINUM = "te3-platinum"
DEV = "TBAQ-cleaned"
METRICS = (
    "strict_f1", "strict_p", "strict_r", "relaxed_f1", "relaxed_p", "relaxed_r",
    "type_acc", "value_acc", "type_f1", "value_f1",
)  # fmt: skip


@dataclass(frozen=True)
class TimexSpan:
    start: int
    end: int
    text: str
    type: str
    value: str | None
    mod: str | None = None


@dataclass(frozen=True)
class TmlDocument:
    doc_id: str
    dct: str  # "YYYY-MM-DD"
    text: str  # the text content of <TEXT>, tags stripped
    timexes: tuple[TimexSpan, ...]


@dataclass(frozen=True)
class Published:
    system: str
    relaxed_f1: float
    relaxed_p: float
    relaxed_r: float
    strict_f1: float
    value_f1: float
    checked: bool  # value F1 cross-checked against a secondary source (SOURCE.md "(*)")


#: SOURCE.md's transcription of the SemEval-2013 TempEval-3 Task A table (platinum, English).
PUBLISHED = (
    Published("HeidelTime-t", 90.30, 93.08, 87.68, 81.34, 77.61, True),
    Published("SUTime", 90.32, 89.36, 91.30, 79.57, 67.38, True),
    Published("NavyTime-1,2", 90.32, 89.36, 91.30, 79.57, 70.97, False),
    Published("ClearTK-1,2", 90.23, 93.75, 86.96, 82.71, 64.66, False),
    Published("ManTIME-4", 89.66, 95.12, 84.78, 74.33, 68.97, False),
)


# --- reading -------------------------------------------------------------------------------


def read_tml(path: Path) -> TmlDocument:
    """One TimeML file: its id, DCT, the plain text of <TEXT> and the TIMEX3s in it."""
    root = ET.parse(path).getroot()
    dct_el = root.find("DCT/TIMEX3")
    text_el = root.find("TEXT")
    if dct_el is None or text_el is None:
        raise ValueError(f"{path}: no DCT or TEXT element")
    parts: list[str] = []
    spans: list[TimexSpan] = []
    _walk(text_el, parts, spans)
    doc_id = (root.findtext("DOCID") or path.stem).strip()
    return TmlDocument(doc_id, (dct_el.get("value") or "")[:10], "".join(parts), tuple(spans))


def _walk(element: ET.Element, parts: list[str], spans: list[TimexSpan]) -> None:
    """Append the element's text to `parts`, recording each TIMEX3's character extent."""
    if element.text:
        parts.append(element.text)
    for child in element:
        first = len(parts)
        _walk(child, parts, spans)
        if child.tag == "TIMEX3":
            start = sum(map(len, parts[:first]))
            spans.append(_gold_span(child, start, "".join(parts[first:])))
        if child.tail:
            parts.append(child.tail)


def _gold_span(element: ET.Element, start: int, text: str) -> TimexSpan:
    return TimexSpan(
        start,
        start + len(text),
        text,
        element.get("type", ""),
        element.get("value"),
        element.get("mod"),
    )


def dataset_files(base: Path, part: str) -> list[Path]:
    """The gold .tml files of the platinum test set or of TBAQ-cleaned (TimeBank + AQUAINT)."""
    root = base / DATASET
    pattern = "*.tml" if part == PLATINUM else "*/*.tml"
    files = sorted((root / part).glob(pattern))
    if not files:
        raise FileNotFoundError(f"{root / part}: no .tml files (set STORYLINE_BENCHMARKS)")
    return files


# --- scoring -------------------------------------------------------------------------------


@dataclass
class Counts:
    """What the TempEval-3 ratios are made of, summed over documents."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


def _overlap(a: TimexSpan, b: TimexSpan) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def align(gold: Sequence[TimexSpan], system: Sequence[TimexSpan]) -> list[tuple[int, int]]:
    """One-to-one relaxed matches (gold index, system index): identical extents first, then
    the largest overlaps, so a strict match is never lost to a looser one."""
    candidates = [
        (g.start == s.start and g.end == s.end, _overlap(g, s), -gi, -si)
        for gi, g in enumerate(gold)
        for si, s in enumerate(system)
        if _overlap(g, s) > 0
    ]
    used_gold: set[int] = set()
    used_system: set[int] = set()
    pairs = []
    for _, _, neg_gi, neg_si in sorted(candidates, reverse=True):
        gi, si = -neg_gi, -neg_si
        if gi not in used_gold and si not in used_system:
            used_gold.add(gi)
            used_system.add(si)
            pairs.append((gi, si))
    return sorted(pairs)


def count(gold: Sequence[TimexSpan], system: Sequence[TimexSpan]) -> Counts:
    """Counts for one document (gold timexes with blank text are skipped, as the scorer does)."""
    gold = [g for g in gold if g.text.strip()]
    system = [s for s in system if s.text.strip()]
    counts = Counts(gold=len(gold), system=len(system))
    for gi, si in align(gold, system):
        g, s = gold[gi], system[si]
        counts.relaxed += 1
        counts.strict += g.start == s.start and g.end == s.end
        counts.type_ok += g.type == s.type
        counts.value_ok += g.value is not None and g.value == s.value
    return counts


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def _times(a: float | None, b: float | None) -> float | None:
    return a * b if a is not None and b is not None else None


def scores(counts: Counts) -> dict[str, float | None]:
    """The TempEval-3 Task A timex figures (fractions, not percentages)."""
    out: dict[str, float | None] = {}
    for kind, matched in (("strict", counts.strict), ("relaxed", counts.relaxed)):
        p, r = _ratio(matched, counts.system), _ratio(matched, counts.gold)
        out |= {f"{kind}_p": p, f"{kind}_r": r, f"{kind}_f1": _f1(p, r)}
    out["type_acc"] = _ratio(counts.type_ok, counts.relaxed)
    out["value_acc"] = _ratio(counts.value_ok, counts.relaxed)
    out["type_f1"] = _times(out["type_acc"], out["relaxed_f1"])
    out["value_f1"] = _times(out["value_acc"], out["relaxed_f1"])
    return out


def score_documents(pairs: Iterable[tuple[Sequence[TimexSpan], Sequence[TimexSpan]]]) -> Counts:
    total = Counts()
    for gold, system in pairs:
        total = total + count(gold, system)
    return total


# --- running our pipeline ------------------------------------------------------------------


def build_pipeline(model: str = "en_core_web_md") -> Any:
    """The spaCy model with `storyline_time` added (a fresh object, not the shared cache)."""
    import spacy

    import storyline.nlp.timex  # noqa: F401  (registers the factory)
    from storyline.nlp.models import model_location

    nlp = spacy.load(model_location(model))
    nlp.add_pipe("storyline_time")
    return nlp


def predict(
    nlp: Any, docs: Sequence[TmlDocument]
) -> Iterator[tuple[list[TimexSpan], list[TimexSpan]]]:
    """Per document: our timexes, and the plain baseline (spaCy's DATE/TIME entities as they
    are, typed DATE or TIME, with no value), both as TimexSpans over the same text."""
    for doc in nlp.pipe(_with_dates(nlp, docs)):
        ours = [TimexSpan(t.start, t.end, t.text, t.type, t.value, t.mod) for t in doc._.sl_timexes]
        ents = [
            TimexSpan(e.start_char, e.end_char, e.text, e.label_, None)
            for e in doc.ents
            if e.label_ in ("DATE", "TIME")
        ]
        yield ours, ents


def _with_dates(nlp: Any, docs: Iterable[TmlDocument]) -> Iterator[Any]:
    # The DCT must be on the Doc before our component runs, so make the Doc ourselves.
    for tml in docs:
        doc = nlp.make_doc(tml.text)
        doc._.sl_doc_date = tml.dct
        yield doc


def evaluate_part(nlp: Any, files: Sequence[Path]) -> tuple[Counts, Counts, float]:
    """Counts for our pipeline and for the entity baseline on these gold files, and the
    seconds the pipeline took."""
    docs = [read_tml(path) for path in files]
    started = time.perf_counter()
    predicted = list(predict(nlp, docs))
    seconds = time.perf_counter() - started
    gold = [d.timexes for d in docs]
    ours = score_documents(zip(gold, (p[0] for p in predicted), strict=True))
    baseline = score_documents(zip(gold, (p[1] for p in predicted), strict=True))
    return ours, baseline, seconds


# --- tables --------------------------------------------------------------------------------


def _published_rows() -> list[EvalRow]:
    caveat = (
        "published (SemEval-2013 TE3 Task A, all 20 platinum documents); transcribed in "
        "SOURCE.md, verify before citing"
    )
    rows = []
    for pub in PUBLISHED:
        scores_ = {
            "strict_f1": pub.strict_f1 / 100,
            "relaxed_f1": pub.relaxed_f1 / 100,
            "relaxed_p": pub.relaxed_p / 100,
            "relaxed_r": pub.relaxed_r / 100,
            "value_f1": pub.value_f1 / 100,
        }
        note = caveat + ("; value F1 cross-checked" if pub.checked else "")
        rows.append(EvalRow(pub.system, dict(scores_), note))
    return rows


def _ours_row(counts: Counts, seconds: float) -> EvalRow:
    note = (
        f"en_core_web_md + storyline_time; {counts.gold} gold, {counts.system} system timexes; "
        f"{seconds:.1f} s"
    )
    return EvalRow("storyline (run here)", scores(counts) | {"seconds": seconds}, note)


def _baseline_row(counts: Counts) -> EvalRow:
    note = (
        "spaCy en_core_web_md DATE/TIME entities as they are (no values): what NER alone finds; "
        f"{counts.system} system timexes"
    )
    return EvalRow("spaCy NER DATE/TIME (run here)", scores(counts), note)


def _table(title: str, rows: Sequence[EvalRow], n_items: int, started: float) -> EvalTable:
    return EvalTable(
        task="time",
        metrics=(*METRICS, "seconds"),
        rows=tuple(rows),
        n_items=n_items,
        dataset=title,
        seconds=time.perf_counter() - started,
    )


def run_task(limit: int | None = None, benchmarks_dir: Path | None = None) -> list[EvalTable]:
    """Platinum test (ours beside the published systems), then TBAQ-cleaned dev (ours only)."""
    base = resolve_benchmarks(benchmarks_dir)
    platinum = dataset_files(base, PLATINUM)[:limit]
    dev = dataset_files(base, DEV)[:limit]
    nlp = build_pipeline()
    tables = []
    for part, files in ((PLATINUM, platinum), (DEV, dev)):
        started = time.perf_counter()
        counts, baseline, seconds = evaluate_part(nlp, files)
        rows = [_ours_row(counts, seconds), _baseline_row(baseline)]
        if part == PLATINUM:
            rows += _published_rows()
        tables.append(_table(f"{DATASET}/{part}", rows, len(files), started))
    return tables
