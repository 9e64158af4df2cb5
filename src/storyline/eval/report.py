"""`storyline eval`: our extraction and date finding scored on public benchmarks.

Each task runs our code and one plain baseline on the same pages, rescores the copied reference
outputs (proof that the scorer reproduces the published numbers) and lists the published scores
of other tools beside ours, one table per task.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import htmldate
import trafilatura
from htmldate import find_date
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from storyline.eval import dates, extraction
from storyline.ingest.html import extract_html, published_date

TASKS = ("extraction", "dates")
Progress = Callable[[int, int], None]
System = Callable[[str, str | None], str | None]


@dataclass(frozen=True)
class EvalRow:
    system: str
    scores: dict[str, float | None]
    note: str = ""


@dataclass(frozen=True)
class EvalTable:
    task: str
    metrics: tuple[str, ...]
    rows: tuple[EvalRow, ...]
    n_items: int
    dataset: str
    seconds: float | None = None  # wall time of the whole task


def resolve_benchmarks(explicit: Path | None = None) -> Path:
    """An explicit path, else $STORYLINE_BENCHMARKS, else ../shared/benchmarks, else /work/shared."""
    if explicit is not None:
        return explicit
    if os.environ.get("STORYLINE_BENCHMARKS"):
        return Path(os.environ["STORYLINE_BENCHMARKS"])
    sibling = Path.cwd().parent / "shared" / "benchmarks"
    return sibling if sibling.is_dir() else Path("/work/shared/benchmarks")


class _Ticker:
    """Counts pages done across all tasks and reports them to the caller's callback."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def tick(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)


def run_eval(
    task: str = "all",
    limit: int | None = None,
    benchmarks_dir: Path | None = None,
    progress: Progress | None = None,
) -> list[EvalTable]:
    """Score the tasks (extraction, dates or all) on the first `limit` items of each benchmark."""
    if task not in (*TASKS, "all"):
        raise ValueError(f"unknown eval task {task!r}; expected one of {', '.join(TASKS)} or all")
    if limit is not None and limit < 0:
        raise ValueError("limit must be a non-negative number of items")
    tasks = TASKS if task == "all" else (task,)
    base = resolve_benchmarks(benchmarks_dir)
    ext_dir, date_dir = base / extraction.DATASET, base / dates.DATASET
    for name, folder in (("extraction", ext_dir), ("dates", date_dir)):
        if name in tasks and not (folder / "ground-truth.json").is_file():
            raise FileNotFoundError(f"{folder}: benchmark data missing (set STORYLINE_BENCHMARKS)")
    ids = list(extraction.load_truth(ext_dir))[:limit] if "extraction" in tasks else []
    gold = dates.load_gold(date_dir, limit) if "dates" in tasks else []
    ticker = _Ticker(progress, len(ids) + len(gold))
    tables = []
    if "extraction" in tasks:
        tables.append(_extraction_table(ext_dir, ids, ticker))
    if "dates" in tasks:
        tables.append(_dates_table(date_dir, gold, ticker))
    return tables


def _run_systems(
    pages: Iterable[tuple[str, str, str | None]], systems: Mapping[str, System], ticker: _Ticker
) -> tuple[dict[str, dict[str, str | None]], dict[str, float]]:
    """Each system's output per page key, and the seconds each system spent in total."""
    outputs: dict[str, dict[str, str | None]] = {name: {} for name in systems}
    seconds = dict.fromkeys(systems, 0.0)
    for key, html, url in pages:
        for name, system in systems.items():
            start = time.perf_counter()
            outputs[name][key] = system(html, url)
            seconds[name] += time.perf_counter() - start
        ticker.tick()
    return outputs, seconds


# --- extraction ------------------------------------------------------------------------------


def _ours_text(html: str, url: str | None) -> str | None:
    try:
        return extract_html(html, url, find_dates=False).text
    except ValueError:
        return ""


def _trafilatura_text(html: str, url: str | None) -> str | None:
    """The benchmark's own trafilatura runner: default settings, comments off, HTML only."""
    result: str | None = trafilatura.extract(html, include_comments=False)
    return result


def _extraction_table(bench: Path, ids: Sequence[str], ticker: _Ticker) -> EvalTable:
    started = time.perf_counter()
    truth = extraction.load_truth(bench)
    ours = "storyline (run here)"
    plain = f"trafilatura {trafilatura.__version__} (run here, no post-filter)"
    pages = ((i, html, truth[i].get("url")) for i, html in extraction.iter_pages(bench, ids))
    outputs, seconds = _run_systems(pages, {ours: _ours_text, plain: _trafilatura_text}, ticker)

    def scored(predicted: Mapping[str, str | None]) -> dict[str, float | None]:
        pairs = [(truth[i].get("articleBody"), predicted.get(i)) for i in ids]
        return dict(extraction.score(pairs))

    rows = [
        EvalRow(ours, scored(outputs[ours]) | {"seconds": seconds[ours]},
                "extract_html(find_dates=False).text: trafilatura + boilerplate post-filter"),
        EvalRow(plain, scored(outputs[plain]) | {"seconds": seconds[plain]},
                "trafilatura.extract(html, include_comments=False), as the benchmark runs it"),
    ]  # fmt: skip
    rows += _extraction_reference_rows(bench, scored)
    return EvalTable(
        task="extraction",
        metrics=("f1", "precision", "recall", "accuracy", "seconds"),
        rows=tuple(rows),
        n_items=len(ids),
        dataset=extraction.DATASET,
        seconds=time.perf_counter() - started,
    )


def _extraction_reference_rows(
    bench: Path, scored: Callable[[Mapping[str, str | None]], dict[str, float | None]]
) -> list[EvalRow]:
    """Published rows, each followed by its reference output rescored on the same pages as ours."""
    files = extraction.reference_files(bench)
    rows: list[EvalRow] = []
    for pub in extraction.PUBLISHED:
        scores = {"f1": pub.f1, "f1_std": pub.f1_std, "precision": pub.precision,
                  "recall": pub.recall, "accuracy": pub.accuracy}  # fmt: skip
        rows.append(EvalRow(pub.system, dict(scores), f"{pub.note}, all 181 pages"))
        path = files.pop(pub.reference, None) if pub.reference else None
        if path is not None:
            rows.append(_rescored_row(path, scored))
    rows += [_rescored_row(path, scored) for path in files.values()]
    return rows


def _rescored_row(
    path: Path, scored: Callable[[Mapping[str, str | None]], dict[str, float | None]]
) -> EvalRow:
    predicted, version = extraction.load_reference(path)
    name = f"{path.stem} {version}".strip()
    note = f"reference-outputs/{path.name} scored by our scorer on the pages above"
    return EvalRow(f"{name} (reference output, rescored here)", scored(predicted), note)


# --- dates -----------------------------------------------------------------------------------


def _ours_date(html: str, url: str | None) -> str | None:
    try:
        return published_date(html, url).date
    except ValueError:
        return None


def _ours_date_html_only(html: str, url: str | None) -> str | None:
    return _ours_date(html, None)


def _htmldate_fast(html: str, url: str | None) -> str | None:
    """htmldate as the benchmark runs it: HTML only, original date, fast mode."""
    try:
        result: str | None = find_date(html, original_date=True, extensive_search=False)
    except Exception:  # htmldate raises assorted errors on odd markup; count it as no date
        return None
    return result


def _dates_table(bench: Path, gold: Sequence[dates.GoldPage], ticker: _Ticker) -> EvalTable:
    started = time.perf_counter()
    systems: dict[str, System] = {
        "storyline (run here, gold URL passed)": _ours_date,
        "storyline (run here, HTML only)": _ours_date_html_only,
        f"htmldate {htmldate.__version__} (fast, run here, HTML only)": _htmldate_fast,
    }
    pages = ((p.url, html, p.url) for p, html in dates.iter_pages(bench, gold))
    outputs, seconds = _run_systems(pages, systems, ticker)
    notes = (
        "published_date(html, url).date; the URL can carry the date",
        "published_date(html).date: the same input the published tools got",
        "find_date(html, original_date=True, extensive_search=False), as the benchmark runs it",
    )
    rows = [
        EvalRow(name, _date_scores(outputs[name], gold) | {"seconds": seconds[name]}, note)
        for name, note in zip(systems, notes, strict=True)
    ]
    for pub in dates.PUBLISHED:
        scores = {"precision": pub.precision, "recall": pub.recall, "accuracy": pub.accuracy,
                  "fscore": pub.fscore}  # fmt: skip
        note = f"published, 1000 pages, time {pub.time} of htmldate fast"
        rows.append(EvalRow(pub.system, dict(scores), note))
    return EvalTable(
        task="dates",
        metrics=("precision", "recall", "accuracy", "fscore", "seconds"),
        rows=tuple(rows),
        n_items=len(gold),
        dataset=dates.DATASET,
        seconds=time.perf_counter() - started,
    )


def _date_scores(
    predicted: Mapping[str, str | None], gold: Sequence[dates.GoldPage]
) -> dict[str, float | None]:
    return dict(dates.score((predicted.get(page.url), page.date) for page in gold))


# --- output ----------------------------------------------------------------------------------

_LABELS = {"f1": "F1", "fscore": "F-score", "seconds": "time (s)"}


def _cell(scores: Mapping[str, float | None], metric: str) -> str:
    value = scores.get(metric)
    if value is None:
        return "—"
    if metric == "seconds":
        return f"{value:.1f}"
    std = scores.get(f"{metric}_std")
    return f"{value:.3f} ± {std:.3f}" if std is not None else f"{value:.3f}"


def render_table(table: EvalTable) -> Table:
    """One rich table: a row per system, a column per metric (± bootstrap std where known)."""
    took = f", {table.seconds:.0f} s" if table.seconds is not None else ""
    out = Table(title=f"{table.task}: {table.dataset} ({table.n_items} items{took})")
    out.add_column("system", overflow="fold", min_width=28)
    for metric in table.metrics:
        out.add_column(_LABELS.get(metric, metric), justify="right", no_wrap=True)
    out.add_column("note", overflow="fold", style="dim", max_width=48)
    for row in table.rows:
        cells = (_cell(row.scores, m) for m in table.metrics)
        out.add_row(escape(row.system), *cells, escape(row.note))
    return out


def render_tables(tables: Sequence[EvalTable]) -> list[Table]:
    return [render_table(table) for table in tables]


def print_tables(tables: Sequence[EvalTable], console: Console | None = None) -> None:
    console = console or Console()
    for rendered in render_tables(tables):
        console.print(rendered)


def tables_to_json(tables: Sequence[EvalTable]) -> list[dict[str, Any]]:
    """Plain dicts (json.dumps-ready), rows in table order."""
    return [
        {
            "task": t.task,
            "dataset": t.dataset,
            "n_items": t.n_items,
            "seconds": t.seconds,
            "metrics": list(t.metrics),
            "rows": [{"system": r.system, "scores": r.scores, "note": r.note} for r in t.rows],
        }
        for t in tables
    ]
