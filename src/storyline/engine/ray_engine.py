"""The Ray engine: a pool of actors, each loading the spaCy pipeline and the embedder once, fed
batches by the driver with a bounded number in flight.

Not Ray Data `map_batches`: on a 2-CPU machine it hung for minutes and was slower than plain
actor calls. Not `ray.util.ActorPool` either: it cannot replace an actor that died, and a lost
worker must not lose its batches. Here a dead actor is replaced and its batches are sent again;
the driver writes results in stream order, idempotently, so the store ends the same.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

import ray
from ray.exceptions import RayActorError

from storyline.engine.work import Batch, BatchResult, WorkerConfig, process, warm_up

MAX_ATTEMPTS = 3  # a batch that kills its worker three times is a bug to report, not retry


class StorylineWorker:
    def __init__(self, config: WorkerConfig) -> None:
        self.config = config
        self.pid = warm_up(config)

    def ready(self) -> int:
        return self.pid

    def process(self, batch: Batch) -> BatchResult:
        return process(self.config, batch)


_RemoteWorker: Any = ray.remote(num_cpus=1, max_restarts=0)(StorylineWorker)


def _new_worker(config: WorkerConfig) -> Any:
    return _RemoteWorker.remote(config)


def init_ray(address: str | None, workers: int) -> bool:
    """Join the cluster at `address`, or start a small local one; True when we started it."""
    if ray.is_initialized():
        return False
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # never phone home
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
    return True


class RayExecutor:
    def __init__(self, config: WorkerConfig, workers: int = 1, in_flight: int = 2,
                 address: str | None = None) -> None:  # fmt: skip
        self.config = config
        self.workers = max(1, workers)
        self.in_flight = max(1, in_flight)
        self.address = address
        self.actors: list[Any] = []
        self.replaced = 0
        self._started = False
        self.cluster_s = 0.0

    def start(self) -> None:
        began = time.perf_counter()
        self._started = init_ray(self.address, self.workers)
        self.cluster_s = time.perf_counter() - began  # Ray's own start-up, reported apart
        self.actors = [_new_worker(self.config) for _ in range(self.workers)]
        ray.get([actor.ready.remote() for actor in self.actors])

    def pids(self) -> list[int]:
        return list(ray.get([actor.ready.remote() for actor in self.actors]))

    def map(self, batches: Iterator[Batch]) -> Iterator[BatchResult]:
        """Results in stream order; at most workers x in_flight batches out at once."""
        limit = self.workers * self.in_flight
        refs: dict[Any, tuple[Batch, Any, int]] = {}  # ref -> (batch, actor, attempt)
        done: dict[int, BatchResult] = {}
        order: list[int] = []  # indexes submitted and not yet yielded, in stream order
        source = iter(batches)
        exhausted = False
        while True:
            while not exhausted and len(order) < limit:
                batch = next(source, None)
                if batch is None:
                    exhausted = True
                    break
                order.append(batch.index)
                self._submit(refs, batch, 1)
            if not order:
                return
            while order and order[0] in done:
                yield done.pop(order.pop(0))
            if refs and not (order and order[0] in done):
                [ready], _ = ray.wait(list(refs), num_returns=1)
                self._collect(refs, done, ready)

    def _submit(self, refs: dict[Any, tuple[Batch, Any, int]], batch: Batch, attempt: int) -> None:
        load = {id(a): 0 for a in self.actors}
        for _, actor, _ in refs.values():
            load[id(actor)] = load.get(id(actor), 0) + 1
        actor = min(self.actors, key=lambda a: load[id(a)])
        refs[actor.process.remote(batch)] = (batch, actor, attempt)

    def _collect(self, refs: dict[Any, tuple[Batch, Any, int]], done: dict[int, BatchResult],
                 ready: Any) -> None:  # fmt: skip
        batch, actor, attempt = refs.pop(ready)
        try:
            done[batch.index] = ray.get(ready)
        except RayActorError:
            if attempt >= MAX_ATTEMPTS:
                raise
            self._replace(actor)
            self._submit(refs, batch, attempt + 1)

    def _replace(self, dead: Any) -> None:
        for i, actor in enumerate(self.actors):
            if actor is dead:  # its other batches fail too: replace it once
                self.actors[i] = _new_worker(self.config)
                self.replaced += 1

    def close(self) -> None:
        for actor in self.actors:
            ray.kill(actor)
        self.actors = []
        if self._started:
            ray.shutdown()
