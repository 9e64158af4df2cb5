"""`storyline run --engine ...` and `storyline load`: the driver's side, with the one writer.

Two passes over one executor: the new records of the inputs (parse, analyse, embed), then the
stored documents that the current pipeline version has not analysed (after a pack or model
change, or a run stopped between a batch's writes). A rerun therefore resumes where the last
one stopped and otherwise does nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from storyline.analysis import AnalysisReport, rebuild_actors
from storyline.engine.driver import (
    EngineReport,
    EngineSettings,
    Executor,
    Sink,
    _Tally,
    components_json,
    drive,
    ingest_report,
    make_executor,
    record_batches,
    stored_batches,
    worker_config,
)
from storyline.engine.shards import ShardSink, iter_shards
from storyline.engine.work import BatchResult
from storyline.store.sqlite import Store
from storyline.types import Document, InputError

Progress = Callable[[int], None]
OnError = Callable[[InputError], None]


class StoreSink:
    """The one writer: documents (deduplicated), their analyses and their embeddings."""

    def __init__(self, store: Store, components: str) -> None:
        self.store = store
        self.components = components

    def known(self, ids: list[str]) -> set[str]:
        return self.store.existing_ids(ids)

    def has(self, key: str) -> bool:
        return False

    def write(self, result: BatchResult) -> tuple[int, int]:
        from storyline.store.stories import save_embeddings

        written = self.store.write_batch(result.docs, result.errors)
        if result.analyses:
            self.store.write_analyses(result.analyses, self.components)
        if result.vectors:
            vectors = {i: np.frombuffer(v, dtype=np.float32) for i, v in result.vectors}
            save_embeddings(self.store, result.embed_model, vectors)
        return written.added, written.duplicates


def run_engine(store: Store, paths: Iterable[str], settings: EngineSettings,
               progress: Progress | None = None, on_error: OnError | None = None,
               executor: Executor | None = None) -> EngineReport:  # fmt: skip
    """Ingest and analyse `paths` on the chosen engine; shards in `settings.out`, if given,
    instead of the database. `executor` lets a caller (a test, the benchmark) keep a handle."""
    from storyline.pipeline import iter_records, read_inputs

    config = worker_config(settings)
    executor = executor or make_executor(settings, config)
    report = EngineReport(ingest_report(_Tally()), AnalysisReport(config.version),
                          settings.engine, settings.workers)  # fmt: skip
    components = components_json(settings)
    sink: Sink = (
        ShardSink(settings.out, components) if settings.out else StoreSink(store, components)
    )
    run_id = store.start_run(f"run --engine {settings.engine}")
    tally, status = _Tally(), "interrupted"
    try:
        batches = record_batches(iter_records(read_inputs(paths)), settings.batch_size, sink, tally)
        drive(executor, sink, batches, report, tally, progress, on_error)
        if not settings.out:
            _reanalyse(store, executor, sink, settings, report, tally, progress)
        status = "ok" if not ingest_report(tally).failed else "partial"
    finally:
        executor.close()
        report.ingest = ingest_report(tally)
        counts = {k: v for k, v in report.ingest.as_dict().items() if k != "errors"}
        store.finish_run(run_id, status, counts if status != "interrupted" else {})
    if settings.out:
        report.shards = sink.written  # type: ignore[attr-defined]
    else:
        rebuild_actors(store, settings.pack)
    return report


def _reanalyse(store: Store, executor: Executor, sink: Sink, settings: EngineSettings,
               report: EngineReport, tally: _Tally, progress: Progress | None) -> None:  # fmt: skip
    reader = Store(store.path, readonly=True)  # reads never interleave with the writer's
    try:
        pending = reader.pending_analysis(report.analysis.version)
        batches = stored_batches(pending, lambda ids: _titles(reader, ids), settings.batch_size,
                                 start=1 << 40)  # fmt: skip
        drive(executor, sink, batches, report, tally, progress)
    finally:
        reader.close()


def _titles(store: Store, ids: list[str]) -> dict[str, str | None]:
    marks = ",".join("?" * len(ids))
    sql = f"SELECT id, title FROM documents WHERE id IN ({marks})"
    return {row[0]: row[1] for row in store.conn.execute(sql, ids)}


def load_shards(store: Store, folder: str | Path, pack: str | None = None,
                progress: Progress | None = None) -> EngineReport:  # fmt: skip
    """Merge a folder of shards into the store, in stream order; loading twice adds nothing."""
    sink = StoreSink(store, "{}")
    report = EngineReport(ingest_report(_Tally()), AnalysisReport(""), "load", 0)
    tally = _Tally()
    began = time.perf_counter()
    for result, components in iter_shards(folder):
        sink.components = components
        known = store.existing_ids([d.id for d in result.docs])
        tally.seen += len(result.docs)
        fresh = tuple(d for d in result.docs if d.id not in known)
        tally.skipped += len(result.docs) - len(fresh)
        added, duplicates = sink.write(_with_docs(result, fresh))
        tally.added, tally.duplicates = tally.added + added, tally.duplicates + duplicates
        tally.errors.extend(result.errors)
        report.shards += 1
        report.analysis.analysed += len(result.analyses)
        if progress:
            progress(1)
    report.work_s = time.perf_counter() - began
    report.ingest = ingest_report(tally)
    rebuild_actors(store, pack)
    return report


def _with_docs(result: BatchResult, docs: tuple[Document, ...]) -> BatchResult:
    from dataclasses import replace

    return replace(result, docs=docs)
