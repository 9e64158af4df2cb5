"""The unit of work both engines run: one batch of raw records (or of stored documents that a
newer pipeline version must re-analyse) in, plain results out.

Workers receive a `WorkerConfig` (model and pack names, the analysis version, the embedder
name), never a loaded model: each process loads the spaCy pipeline and the embedder once, on
first use, and keeps them. Nothing here touches the store; the driver's one writer does.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from storyline.types import AnalysisInput, DocAnalysis, Document, InputError, RawRecord


@dataclass(frozen=True)
class WorkerConfig:
    model: str | None  # None: the model named in nlp/pipeline.toml
    pack: str | None
    version: str  # analysis version, computed once by the driver
    embedder: str  # minilm | hash (storyline.story.stage.make_embedder)


@dataclass(frozen=True)
class Batch:
    """Records read by the driver, in stream order (`index`), named by their content (`key`)."""

    index: int
    key: str
    records: tuple[RawRecord, ...] = ()
    stored: tuple[tuple[AnalysisInput, str | None], ...] = ()  # (input, title): re-analysis only
    errors: tuple[InputError, ...] = ()  # inputs the driver could not read, for the writer


@dataclass(frozen=True)
class BatchResult:
    index: int
    key: str
    docs: tuple[Document, ...]
    errors: tuple[InputError, ...]
    analyses: tuple[DocAnalysis, ...]
    embed_model: str
    vectors: tuple[tuple[str, bytes], ...]  # (doc id, float32 bytes)
    pid: int
    rss_mb: float = 0.0  # the worker's peak resident memory so far


def batch_key(ids: list[str]) -> str:
    """A batch's name: the hash of its records' content ids, so a rerun finds it again."""
    return hashlib.sha256("\n".join(ids).encode()).hexdigest()[:24]


def make_batch(index: int, records: list[RawRecord]) -> Batch:
    return Batch(index, batch_key([r.id for r in records]), records=tuple(records))


def make_stored_batch(index: int, stored: list[tuple[AnalysisInput, str | None]]) -> Batch:
    key = batch_key(["a:" + item.doc_id for item, _ in stored])
    return Batch(index, key, stored=tuple(stored))


@lru_cache(maxsize=2)
def _embedder(name: str) -> tuple[str, Any]:
    from storyline.story.stage import make_embedder

    return make_embedder(name)


def warm_up(config: WorkerConfig) -> int:
    """Load the pipeline and the embedder now (start-up is timed apart from the work)."""
    from storyline.nlp.analyse import analyse_batch

    if config.embedder == "minilm":
        _one_thread()
    analyse_batch([AnalysisInput("warm-up", "Warm up.", None, "en")], config.model, config.pack,
                  config.version)  # fmt: skip
    _embedder(config.embedder)[1].embed(["warm up"])
    return os.getpid()


def _one_thread() -> None:
    """One worker, one core: torch would otherwise start a thread per core in every worker, and
    workers would fight over the cores (Ray sets OMP_NUM_THREADS=1 for the same reason)."""
    import torch

    torch.set_num_threads(1)


def process(config: WorkerConfig, batch: Batch) -> BatchResult:
    """Parse, clean and date the records, analyse every document, embed its title and lead."""
    from storyline.ingest.parse import parse_record
    from storyline.nlp.analyse import analyse_batch
    from storyline.story.embed import lead_text

    docs: list[Document] = []
    errors: list[InputError] = list(batch.errors)
    for record in batch.records:
        parsed = parse_record(record)
        (errors if isinstance(parsed, InputError) else docs).append(parsed)  # type: ignore[arg-type]
    inputs = [AnalysisInput(d.id, d.text, d.published.date, d.language) for d in docs]
    inputs += [item for item, _ in batch.stored]
    leads = [lead_text(d.title, d.text) for d in docs]
    leads += [lead_text(title, item.text) for item, title in batch.stored]
    analyses = analyse_batch(inputs, config.model, config.pack, config.version) if inputs else []
    model, embedder = _embedder(config.embedder)
    rows = embedder.embed(leads) if leads else []
    vectors = tuple((item.doc_id, row.astype("float32").tobytes()) for item, row in
                    zip(inputs, rows, strict=True))  # fmt: skip
    return BatchResult(batch.index, batch.key, tuple(docs), tuple(errors), tuple(analyses),
                       model, vectors, os.getpid(), peak_rss_mb())  # fmt: skip


def peak_rss_mb() -> float:
    """This process's peak resident memory (Linux reports KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
