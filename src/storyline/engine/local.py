"""The local engine: this process alone (one worker), or a pool of spawned processes, each
loading the pipeline and the embedder once when it starts."""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from storyline.engine.work import Batch, BatchResult, WorkerConfig, process, warm_up

_CONFIG: WorkerConfig | None = None  # set once per worker process by _init


def _init(config: WorkerConfig, ready: Any) -> None:
    global _CONFIG
    _CONFIG = config
    ready.put(warm_up(config))


def _run(batch: Batch) -> BatchResult:
    assert _CONFIG is not None, "worker not initialised"
    return process(_CONFIG, batch)


#: Read by OpenBLAS, OpenMP and MKL when a child imports numpy or torch: one thread per worker.
#: Their threads spin while waiting, so two workers with two threads each on two cores run
#: slower than one worker (Ray sets the same for its actors).
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@contextmanager
def _one_thread_children() -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in _THREAD_VARS}
    os.environ.update(dict.fromkeys(_THREAD_VARS, "1"))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class LocalExecutor:
    def __init__(self, config: WorkerConfig, workers: int = 1, in_flight: int = 2) -> None:
        self.config = config
        self.workers = max(1, workers)
        self.in_flight = max(1, in_flight)
        self._pool: Any = None
        self.pids: list[int] = []

    def start(self) -> None:
        """Load the models in every worker before any batch, so start-up is timed apart."""
        if self.workers == 1:
            self.pids = [warm_up(self.config)]
            return
        context = mp.get_context("spawn")  # fork would copy a half-initialised torch
        ready = context.Queue()
        with _one_thread_children():
            self._pool = context.Pool(
                self.workers, initializer=_init, initargs=(self.config, ready)
            )
        self.pids = [ready.get(timeout=600) for _ in range(self.workers)]

    def map(self, batches: Iterator[Batch]) -> Iterator[BatchResult]:
        if self._pool is None:
            yield from (process(self.config, batch) for batch in batches)
            return
        pending: deque[Any] = deque()
        for batch in batches:
            pending.append(self._pool.apply_async(_run, (batch,)))
            if len(pending) >= self.workers * self.in_flight:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()  # results already written are kept; the rest is redone
            self._pool.join()
            self._pool = None
