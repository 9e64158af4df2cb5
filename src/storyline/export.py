"""Exports: `documents.jsonl` (the contract later issues add files beside), CSV and Parquet."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from storyline.types import StoredDocument

FORMATS = ("jsonl", "csv", "parquet", "plover")


def _atomic(path: Path) -> Path:
    """Write beside the target and rename, so a reader never sees half a file."""
    return path.with_name(f".{path.name}.tmp")


def export_documents(
    docs: Iterable[StoredDocument],
    out_dir: Path,
    fmt: str = "jsonl",
    progress: Callable[[int], None] | None = None,
) -> tuple[Path, int]:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"documents.{fmt}"
    tmp = _atomic(target)
    rows = _rows(docs, progress)
    count = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}[fmt](rows, tmp)
    os.replace(tmp, target)
    return target, count


def export_rows(path: Path, rows: Iterable[dict[str, Any]]) -> tuple[Path, int]:
    """Any rows as JSON lines, written atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _atomic(path)
    count = _jsonl(iter(rows), tmp)
    os.replace(tmp, path)
    return path, count


def _rows(
    docs: Iterable[StoredDocument], progress: Callable[[int], None] | None
) -> Iterator[dict[str, Any]]:
    for doc in docs:
        yield doc.to_export()
        if progress:
            progress(1)


def _jsonl(rows: Iterator[dict[str, Any]], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def _csv(rows: Iterator[dict[str, Any]], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer: csv.DictWriter[str] | None = None
        for row in rows:
            row = {**row, "removed": json.dumps(row["removed"], ensure_ascii=False)}
            if writer is None:
                writer = csv.DictWriter(handle, fieldnames=list(row))
                writer.writeheader()
            writer.writerow(row)
            count += 1
    return count


def _parquet(rows: Iterator[dict[str, Any]], path: Path) -> int:
    import pyarrow as pa  # deferred: pyarrow is heavy and only exports need it
    import pyarrow.parquet as pq

    schema = pa.schema([
        ("id", pa.string()), ("source", pa.string()), ("url", pa.string()), ("outlet", pa.string()),
        ("title", pa.string()), ("author", pa.string()), ("published", pa.string()),
        ("published_source", pa.string()), ("published_confidence", pa.float64()),
        ("language", pa.string()), ("text", pa.string()),
        ("removed", pa.list_(pa.struct([("line", pa.string()), ("reason", pa.string())]))),
        ("duplicate_of", pa.string()), ("similarity", pa.float64()),
    ])  # fmt: skip
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 1000:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count, batch = count + len(batch), []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
