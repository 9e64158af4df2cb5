"""`storyline eval --task events`: PLOVER event-type accuracy on the PLOVER gold-standard records.

Data: ../shared/benchmarks/plover-gsr/PLOVER_GSR_CAMEO.json (322 sentences from the CAMEO manual,
one gold event each, PLOVER 0.5b1 labels). As its SOURCE.md says, four 0.5b1 labels are not
PLOVER 2021 types and are mapped before scoring: DEMAND -> REQUEST, DISAPPROVE -> ACCUSE,
INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT (CAMEO 10x, 11x, 09x, 19x in CAMEO2PLOVER-2021.txt).

Our system: en_core_web_md + `storyline_events` with the generic PLOVER pack (not a domain
pack). A sentence's prediction is the PLOVER type of its main event: the trigger highest in the
dependency tree (then the leftmost); no event at all counts as the label NONE, i.e. wrong.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from storyline.eval.report import EvalRow, EvalTable, resolve_benchmarks

DATASET = "plover-gsr"
GSR_FILE = "PLOVER_GSR_CAMEO.json"
MODEL = "en_core_web_md"
PACK = "plover"
NONE = "NONE"

#: SOURCE.md: PLOVER 0.5b1 labels that are not 2021 types, and the 2021 type they became.
LABEL_MAP_05B1 = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}

Pair = tuple[str, str]  # (gold, predicted)


@dataclass(frozen=True)
class GoldSentence:
    id: str
    text: str
    label: str  # PLOVER 2021 type
    original: str  # the 0.5b1 label in the file


def map_label(label: str) -> str:
    return LABEL_MAP_05B1.get(label.upper(), label.upper())


def load_gold(bench: Path, limit: int | None = None) -> list[GoldSentence]:
    """The gold sentences in file order, skipping the DOCUMENT header record."""
    path = bench / GSR_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path}: PLOVER gold-standard records missing")
    records: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    gold = [
        GoldSentence(str(r["id"]), str(r["text"]), map_label(str(r["event"])), str(r["event"]))
        for r in records
        if r.get("event") != "DOCUMENT" and r.get("text")
    ]
    return gold[:limit] if limit is not None else gold


# --- scoring: pure functions -----------------------------------------------------------------


def accuracy(pairs: Sequence[Pair]) -> float | None:
    if not pairs:
        return None
    return sum(gold == pred for gold, pred in pairs) / len(pairs)


def coverage(pairs: Sequence[Pair]) -> float | None:
    """Share of sentences where the system proposed any event."""
    return sum(pred != NONE for _, pred in pairs) / len(pairs) if pairs else None


def per_class(pairs: Sequence[Pair]) -> dict[str, dict[str, float | None]]:
    """precision, recall, f1 for each gold label (None where undefined)."""
    gold_n = Counter(gold for gold, _ in pairs)
    pred_n = Counter(pred for _, pred in pairs)
    hits = Counter(gold for gold, pred in pairs if gold == pred)
    scores: dict[str, dict[str, float | None]] = {}
    for label in sorted(gold_n):
        precision = hits[label] / pred_n[label] if pred_n[label] else None
        recall = hits[label] / gold_n[label]
        f1 = None
        if precision is not None and precision + recall > 0:
            f1 = 2 * precision * recall / (precision + recall)
        elif precision is not None:
            f1 = 0.0
        scores[label] = {"precision": precision, "recall": recall, "f1": f1}
    return scores


def macro_f1(pairs: Sequence[Pair]) -> float | None:
    """Mean F1 over gold labels; a label never predicted scores 0."""
    classes = per_class(pairs)
    if not classes:
        return None
    return sum(c["f1"] or 0.0 for c in classes.values()) / len(classes)


def confusion(pairs: Iterable[Pair]) -> Counter[Pair]:
    return Counter(pairs)


def majority_label(labels: Iterable[str]) -> str:
    """The most frequent label (ties: alphabetical, for a stable baseline)."""
    counts = Counter(labels)
    return min(counts, key=lambda label: (-counts[label], label))


# --- running our component -------------------------------------------------------------------


def predict(texts: Sequence[str], pack: str = PACK, model: str = MODEL) -> list[str]:
    """The PLOVER type of each text's main event, or NONE."""
    import spacy

    from storyline.nlp.events import EventExtractor
    from storyline.nlp.models import model_location

    nlp = spacy.load(model_location(model))
    extractor = nlp.add_pipe("storyline_events", config={"pack": pack})
    assert isinstance(extractor, EventExtractor)
    predictions = []
    with nlp.select_pipes(disable=["storyline_events"]):
        for doc in nlp.pipe(texts):
            found = extractor.triggered(doc)
            if not found:
                predictions.append(NONE)
                continue
            # The main event: the trigger nearest the root ("X agreed that ... should
            # cooperate" is AGREE), then the leftmost.
            _, main = min(found, key=lambda pair: (len(list(pair[0].ancestors)), pair[0].i))
            predictions.append(main.plover_type)
    return predictions


def run_task(limit: int | None = None, show_confusion: bool = True) -> list[EvalTable]:
    started = time.perf_counter()
    gold = load_gold(resolve_benchmarks() / DATASET, limit)
    labels = [g.label for g in gold]
    clock = time.perf_counter()
    ours = list(zip(labels, predict([g.text for g in gold]), strict=True))
    ours_seconds = time.perf_counter() - clock
    majority = majority_label(labels) if labels else NONE
    baseline = [(label, majority) for label in labels]
    if show_confusion:
        Console(stderr=True, width=200).print(render_confusion(ours))
    summary = EvalTable(
        task="events",
        metrics=("accuracy", "macro_f1", "coverage", "seconds"),
        rows=(
            EvalRow(f"storyline_events, pack {PACK} (run here)", _scores(ours, ours_seconds),
                    f"{MODEL} + storyline_events; main event = trigger nearest the root; "
                    "no event counts as wrong"),
            EvalRow(f"majority class: always {majority} (run here)", _scores(baseline, 0.0),
                    "most frequent gold type of these sentences"),
            EvalRow("published tools", {},
                    "none published: SOURCE.md found no tool scores on these records "
                    "(PETRARCH, NGEC, POLECAT models)"),
        ),
        n_items=len(gold),
        dataset=f"{DATASET} (0.5b1 labels mapped: DEMAND→REQUEST, DISAPPROVE/INVESTIGATE→ACCUSE, "
        "FIGHT→ASSAULT)",
        seconds=time.perf_counter() - started,
    )  # fmt: skip
    return [summary, per_class_table(ours, len(gold))]


def _scores(pairs: Sequence[Pair], seconds: float) -> dict[str, float | None]:
    return {
        "accuracy": accuracy(pairs),
        "macro_f1": macro_f1(pairs),
        "coverage": coverage(pairs),
        "seconds": seconds,
    }


def per_class_table(pairs: Sequence[Pair], n_items: int) -> EvalTable:
    """Our precision/recall/F1 per gold type; the note says how often each was confused."""
    matrix = confusion(pairs)
    rows = []
    for label, scores in per_class(pairs).items():
        support = sum(n for (gold, _), n in matrix.items() if gold == label)
        wrong = [(n, pred) for (gold, pred), n in matrix.items() if gold == label and pred != label]
        top = ", ".join(f"{pred} {n}" for n, pred in sorted(wrong, reverse=True)[:3])
        rows.append(EvalRow(label, dict(scores), f"n={support}" + (f"; as {top}" if top else "")))
    return EvalTable(
        task="events per type",
        metrics=("precision", "recall", "f1"),
        rows=tuple(rows),
        n_items=n_items,
        dataset=f"{DATASET}, storyline_events ({PACK} pack)",
    )


def render_confusion(pairs: Sequence[Pair]) -> Table:
    """Gold types down, predicted types across; "·" for zero, the diagonal in bold."""
    matrix = confusion(pairs)
    gold_labels = sorted({gold for gold, _ in pairs})
    predicted = sorted({pred for _, pred in pairs} - {NONE}) + [NONE]
    table = Table(title=f"events: gold × predicted, {len(pairs)} sentences")
    table.add_column("gold \\ pred", no_wrap=True)
    for label in predicted:
        table.add_column(label[:4], justify="right", no_wrap=True)
    table.add_column("n", justify="right")
    for gold in gold_labels:
        cells = []
        for pred in predicted:
            count = matrix.get((gold, pred), 0)
            text = str(count) if count else "·"
            cells.append(f"[bold]{text}[/bold]" if gold == pred and count else text)
        table.add_row(gold, *cells, str(sum(matrix.get((gold, p), 0) for p in predicted)))
    return table
