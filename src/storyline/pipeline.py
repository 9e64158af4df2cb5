"""The ingest pipeline: inputs -> records -> clean documents -> one writer, in batches.

Parsing (the CPU-heavy part: trafilatura, language id) may run in worker processes that get
records, not loaded objects; the store is written only here, by the calling process.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from storyline.ingest.formats import split_records
from storyline.ingest.parse import parse_record
from storyline.ingest.sources import iter_inputs
from storyline.store.sqlite import Store
from storyline.types import Document, IngestReport, InputError, InputItem, RawRecord
from storyline.types import IngestTally as _Tally

Progress = Callable[[int], None]


def iter_records(items: Iterable[InputItem | InputError]) -> Iterator[RawRecord | InputError]:
    for item in items:
        if isinstance(item, InputError):
            yield item
        else:
            yield from split_records(item)


def ingest(store: Store, items: Iterable[InputItem | InputError], *, batch_size: int = 100,
           workers: int = 1, progress: Progress | None = None,
           on_error: Callable[[InputError], None] | None = None) -> IngestReport:  # fmt: skip
    """Store every new record of `items`; return what happened. Idempotent by content id."""
    tally = _Tally()
    pool = mp.get_context("spawn").Pool(workers) if workers > 1 else None
    try:
        records = iter_records(_counted(items, progress))
        while batch := list(islice(records, batch_size)):
            _ingest_batch(store, batch, tally, pool, on_error)
    finally:
        if pool is not None:
            pool.terminate()
    return IngestReport(
        tally.seen, tally.added, tally.skipped, tally.duplicates, tuple(tally.errors)
    )


def _ingest_batch(store: Store, batch: list[RawRecord | InputError], tally: _Tally,
                  pool: object, on_error: Callable[[InputError], None] | None) -> None:  # fmt: skip
    errors = [r for r in batch if isinstance(r, InputError)]
    records = [r for r in batch if isinstance(r, RawRecord)]
    tally.seen += len(records)
    known = store.existing_ids([r.id for r in records])
    fresh, seen_ids = [], set(known)
    for record in records:
        if record.id in seen_ids:  # stored earlier, or the same bytes twice in this batch
            tally.skipped += 1
        else:
            seen_ids.add(record.id)
            fresh.append(record)
    parsed = pool.map(parse_record, fresh, chunksize=8) if pool else map(parse_record, fresh)  # type: ignore[attr-defined]
    docs: list[Document] = []
    for result in parsed:
        (errors if isinstance(result, InputError) else docs).append(result)  # type: ignore[arg-type]
    written = store.write_batch(docs, errors)
    tally.added += written.added
    tally.duplicates += written.duplicates
    tally.errors.extend(errors)
    if on_error:
        for error in errors:
            on_error(error)


def _counted(
    items: Iterable[InputItem | InputError], progress: Progress | None
) -> Iterator[InputItem | InputError]:
    for item in items:
        yield item
        if progress:
            progress(1)


def read_inputs(paths: Iterable[str]) -> Iterator[InputItem | InputError]:
    return iter_inputs(paths)
