"""The analysis stage over the store: documents not yet analysed by the current version go
through the extraction pipeline (in worker processes when asked), and one writer stores them.
"""

from __future__ import annotations

import json
import multiprocessing as mp
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import TypeVar

from storyline.nlp.analyse import analyse_batch, analysis_version, component_versions
from storyline.store.sqlite import Store
from storyline.types import AnalysisInput, DocAnalysis

T = TypeVar("T")
Progress = Callable[[int], None]


@dataclass(frozen=True)
class AnalysisSettings:
    model: str | None = None  # None: the model named in nlp/pipeline.toml
    pack: str | None = None
    workers: int = 1
    batch_size: int = 16
    force: bool = False


@dataclass
class AnalysisReport:
    version: str
    analysed: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    items: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"version": self.version, "analysed": self.analysed, "by_status": self.by_status,
                "items": self.items}  # fmt: skip


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def analyse_store(
    store: Store, settings: AnalysisSettings, progress: Progress | None = None
) -> AnalysisReport:
    """Analyse pending documents; idempotent (a rerun with the same version does nothing)."""
    version = analysis_version(settings.model, settings.pack)
    components = json.dumps(component_versions(settings.model, settings.pack), sort_keys=True)
    report = AnalysisReport(version)
    # A separate read connection feeds the workers, so reads never interleave with the writer's
    # transactions on one connection.
    reader = Store(store.path, readonly=True)
    try:
        batches = _batched(reader.pending_analysis(version, settings.force), settings.batch_size)
        run = partial(analyse_batch, model=settings.model, pack=settings.pack, version=version)
        for results in _map(run, batches, settings.workers):
            store.write_analyses(results, components)
            _tally(report, results)
            if progress:
                progress(len(results))
    finally:
        reader.close()
    return report


REREAD_IDS = 500


def reanalyse(store: Store, doc_ids: list[str], settings: AnalysisSettings | None = None) -> None:
    """Analyse the given documents again, in this process, with the date they now have (the
    story stage dates undated ones from their content), then rebuild the canonical actors.
    Only documents the current pipeline analysed: any other is pending for `analyze`, which
    reads the new date anyway, and a store's results of another origin are not ours to redo."""
    settings = settings or AnalysisSettings()
    version = analysis_version(settings.model, settings.pack)
    components = json.dumps(component_versions(settings.model, settings.pack), sort_keys=True)
    run = partial(analyse_batch, model=settings.model, pack=settings.pack, version=version)
    # texts read a window of ids at a time, so memory stays bounded on any number of documents
    windows = (store.analysis_inputs(ids, version) for ids in _batched(doc_ids, REREAD_IDS))
    batches = (batch for window in windows for batch in _batched(window, settings.batch_size))
    done = 0
    for results in _map(run, batches, settings.workers):
        store.write_analyses(results, components)
        done += len(results)
    if done:
        rebuild_actors(store, settings.pack)


def count_pending(store: Store, settings: AnalysisSettings) -> int:
    return store.count_pending_analysis(
        analysis_version(settings.model, settings.pack), settings.force
    )


def _map(run: Callable[[list[AnalysisInput]], list[DocAnalysis]], batches: Iterator[list[AnalysisInput]],
         workers: int) -> Iterator[list[DocAnalysis]]:  # fmt: skip
    """In-process, or over a pool of spawned workers (each loads the pipeline once), with at
    most two batches per worker in flight so memory stays bounded on any corpus size."""
    if workers <= 1:
        yield from map(run, batches)
        return
    with mp.get_context("spawn").Pool(workers) as pool:
        for window in _batched(batches, workers * 2):
            yield from pool.imap(run, window)


def _tally(report: AnalysisReport, results: list[DocAnalysis]) -> None:
    for result in results:
        report.analysed += 1
        report.by_status[result.status] = report.by_status.get(result.status, 0) + 1
        for item in result.items:
            report.items[item.kind] = report.items.get(item.kind, 0) + 1


def check_model(model: str | None) -> None:
    """Fail before any work, with the package to install, when the model is missing."""
    from storyline.errors import StorylineError
    from storyline.nlp.models import ModelUnavailable, model_location, read_config

    try:
        model_location(model or read_config()["model"])
    except ModelUnavailable as exc:
        raise StorylineError(f"{exc}; `make install` installs it") from None


def rebuild_actors(store: Store, pack: str | None = None) -> None:
    """Canonical actors across documents, from each document's own actors (alias table, name
    similarity, type): rebuilt whole, since a new alias can merge two earlier actors."""
    from storyline.nlp.actors import merge_actors
    from storyline.nlp.models import read_config

    per_doc = ((item["doc"], item) for item in store.extraction_items("actor"))
    actors, links = merge_actors(per_doc, pack or read_config()["pack"])
    store.replace_actors(actors, links)
