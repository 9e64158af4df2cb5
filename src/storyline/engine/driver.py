"""The driver: reads the inputs as a stream, cuts them into batches, hands them to an engine
(local processes or Ray actors) and writes the results in stream order with one writer.

Writing in stream order makes the store the same whatever the engine and however many workers:
near-duplicate links depend on which copy was stored first. Every write is idempotent (content
ids, replace-per-document analyses, upserted embeddings), so a batch written twice after a
crash, or a rerun after Ctrl-C, leaves exactly the rows of one clean run.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any, Protocol

from storyline.analysis import AnalysisReport
from storyline.engine.work import Batch, BatchResult, WorkerConfig, make_batch, make_stored_batch
from storyline.errors import StorylineError
from storyline.types import IngestReport, InputError, RawRecord
from storyline.types import IngestTally as _Tally

Progress = Callable[[int], None]
ENGINES = ("local", "ray")


@dataclass(frozen=True)
class EngineSettings:
    engine: str = "local"
    workers: int = 1
    address: str | None = None  # ray: auto or HOST:PORT; None starts a local cluster
    out: str | None = None  # a directory for Parquet shards instead of the database
    batch_size: int = 16
    in_flight: int = 2  # batches queued per worker: bounded memory on any corpus size
    model: str | None = None
    pack: str | None = None
    embedder: str | None = None  # None: the story stage's default (STORYLINE_EMBEDDER)


@dataclass
class EngineReport:
    ingest: IngestReport
    analysis: AnalysisReport
    engine: str
    workers: int
    startup_s: float = 0.0  # cluster start and model loading, not counted in the rate
    cluster_s: float = 0.0  # of which Ray's start-up
    started: bool = False
    work_s: float = 0.0
    shards: int = 0
    worker_rss_mb: dict[int, float] = field(default_factory=dict)  # pid -> peak RSS

    @property
    def docs_per_s(self) -> float:
        return self.analysis.analysed / self.work_s if self.work_s else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"engine": self.engine, "workers": self.workers,
                "startup_s": round(self.startup_s, 2), "cluster_s": round(self.cluster_s, 2), "work_s": round(self.work_s, 2),
                "docs_per_s": round(self.docs_per_s, 2), "shards": self.shards,
                "worker_peak_rss_mb": {str(k): round(v) for k, v in self.worker_rss_mb.items()}}  # fmt: skip


class Executor(Protocol):
    def start(self) -> None: ...

    def map(self, batches: Iterator[Batch]) -> Iterator[BatchResult]:
        """Results in the order of `batches`, with at most workers x in_flight outstanding."""
        ...

    def close(self) -> None: ...


class Sink(Protocol):
    def known(self, ids: list[str]) -> set[str]: ...

    def has(self, key: str) -> bool: ...

    def write(self, result: BatchResult) -> tuple[int, int]:
        """Store one batch's results; (documents added, duplicates linked)."""
        ...


def worker_config(settings: EngineSettings) -> WorkerConfig:
    from storyline.nlp.analyse import analysis_version
    from storyline.story.stage import StorySettings

    embedder = settings.embedder or StorySettings().embedder
    version = analysis_version(settings.model, settings.pack)
    return WorkerConfig(settings.model, settings.pack, version, embedder)


def make_executor(settings: EngineSettings, config: WorkerConfig) -> Executor:
    if settings.engine == "local":
        from storyline.engine.local import LocalExecutor

        return LocalExecutor(config, settings.workers, settings.in_flight)
    if settings.engine == "ray":
        from storyline.engine.ray_engine import RayExecutor

        return RayExecutor(config, settings.workers, settings.in_flight, settings.address)
    raise StorylineError(f"unknown engine {settings.engine!r}; choose one of {', '.join(ENGINES)}")


def drive(executor: Executor, sink: Sink, batches: Iterator[Batch], report: EngineReport,
          tally: _Tally, progress: Progress | None = None,
          on_error: Callable[[InputError], None] | None = None) -> None:  # fmt: skip
    """Run `batches` through the executor and write each result as it comes, in order. The
    executor starts (cluster, model loading: timed apart) only when there is work."""
    stream = iter(batches)
    first = next(stream, None)
    if first is None:
        return
    if not report.started:
        report.startup_s = timed(executor.start)
        report.cluster_s = getattr(executor, "cluster_s", 0.0)
        report.started = True
    began = time.perf_counter()
    for result in executor.map(chain([first], stream)):
        added, duplicates = sink.write(result)
        tally.added += added
        tally.duplicates += duplicates
        tally.skipped += len(result.docs) - added  # stored meanwhile (the same bytes twice)
        tally.errors.extend(result.errors)
        report.worker_rss_mb[result.pid] = max(
            result.rss_mb, report.worker_rss_mb.get(result.pid, 0)
        )
        _count_analyses(report.analysis, result)
        for error in result.errors if on_error else ():
            on_error(error)  # type: ignore[misc]
        if progress:
            progress(max(len(result.docs), len(result.analyses)) + len(result.errors))
    report.work_s += time.perf_counter() - began


def _count_analyses(report: AnalysisReport, result: BatchResult) -> None:
    for analysis in result.analyses:
        report.analysed += 1
        report.by_status[analysis.status] = report.by_status.get(analysis.status, 0) + 1
        for item in analysis.items:
            report.items[item.kind] = report.items.get(item.kind, 0) + 1


def record_batches(items: Iterable[RawRecord | InputError], size: int, sink: Sink,
                   tally: _Tally) -> Iterator[Batch]:  # fmt: skip
    """Batches of records not stored yet (by content id), read lazily from the stream.

    Input errors (unreadable files) ride along with the next batch to the writer."""
    stream = iter(items)
    index = 0
    while chunk := list(islice(stream, size)):
        errors = tuple(r for r in chunk if isinstance(r, InputError))
        records = [r for r in chunk if isinstance(r, RawRecord)]
        tally.seen += len(records)
        known = sink.known([r.id for r in records])
        fresh: list[RawRecord] = []
        for record in records:
            if record.id in known:
                tally.skipped += 1
            else:
                known.add(record.id)
                fresh.append(record)
        batch = make_batch(index, fresh)
        index += 1
        if sink.has(batch.key):  # a shard written by an earlier, interrupted run
            tally.skipped += len(fresh)
            fresh = []
        if fresh or errors:
            yield Batch(batch.index, batch.key, tuple(fresh), errors=errors)


def stored_batches(pending: Iterable[Any], titles: Callable[[list[str]], dict[str, str | None]],
                   size: int, start: int) -> Iterator[Batch]:  # fmt: skip
    """Stored documents that the current pipeline version has not analysed yet."""
    stream = iter(pending)
    index = start
    while chunk := list(islice(stream, size)):
        named = titles([item.doc_id for item in chunk])
        yield make_stored_batch(index, [(item, named.get(item.doc_id)) for item in chunk])
        index += 1


def ingest_report(tally: _Tally) -> IngestReport:
    return IngestReport(tally.seen, tally.added, tally.skipped, tally.duplicates,
                        tuple(tally.errors))  # fmt: skip


def timed(start: Callable[[], None]) -> float:
    began = time.perf_counter()
    start()
    return time.perf_counter() - began


def components_json(settings: EngineSettings) -> str:
    from storyline.nlp.analyse import component_versions

    return json.dumps(component_versions(settings.model, settings.pack), sort_keys=True)
