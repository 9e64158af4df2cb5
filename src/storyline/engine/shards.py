"""Parquet shards: on a cluster the workers' results go to shared storage, one file per batch
named by the batch's content hash, and `storyline load` merges them into a database later.

A shard is written to a temporary name and renamed, so a reader never sees half a file and a
rerun skips every batch whose shard exists. One row per document (or per input error), with
the document, its analysis and its embedding; the batch's place in the stream is kept in the
file's metadata so loading in that order gives the same near-duplicate links as a direct run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.engine.work import BatchResult
from storyline.types import DocAnalysis, Document, InputError, Item, Published, RemovedLine

SUFFIX = ".parquet"


class ShardSink:
    """Writes each result as `<key>.parquet` in `out`; nothing is deduplicated until loading."""

    def __init__(self, out: str | Path, components: str = "{}") -> None:
        self.out = Path(out)
        self.components = components
        self.out.mkdir(parents=True, exist_ok=True)
        self.written = 0

    def known(self, ids: list[str]) -> set[str]:
        return set()

    def has(self, key: str) -> bool:
        return (self.out / f"{key}{SUFFIX}").exists()

    def write(self, result: BatchResult) -> tuple[int, int]:
        write_shard(self.out, result, self.components)
        self.written += 1
        return len(result.docs), 0


def write_shard(out: Path, result: BatchResult, components: str = "{}") -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    analyses = {a.doc_id: a for a in result.analyses}
    vectors = dict(result.vectors)
    rows = [_doc_row(d, analyses.get(d.id), vectors.get(d.id)) for d in result.docs]
    rows += [_analysis_row(a, vectors.get(a.doc_id)) for a in result.analyses
             if a.doc_id not in {d.id for d in result.docs}]  # fmt: skip
    rows += [
        {"row": "error", "source": e.source, "text": e.problem, "status": e.level}
        for e in result.errors
    ]
    table = pa.Table.from_pylist(rows, schema=_schema())
    meta = {"storyline.index": str(result.index), "storyline.embed_model": result.embed_model,
            "storyline.components": components}  # fmt: skip
    table = table.replace_schema_metadata(meta)
    target = out / f"{result.key}{SUFFIX}"
    tmp = out / f".{result.key}.{os.getpid()}.tmp"
    pq.write_table(table, tmp)
    os.replace(tmp, target)  # atomic on one file system, shared ones included (NFS, Lustre)
    return target


def _schema() -> Any:
    import pyarrow as pa

    text, binary, number = pa.string(), pa.binary(), pa.float64()
    names = {
        "row": text, "id": text, "source": text, "kind": text, "raw": binary, "text": text,
        "removed": text, "published": text, "published_source": text, "published_confidence": number,
        "url": text, "outlet": text, "title": text, "author": text, "language": text,
        "language_confidence": number, "encoding": text, "raw_meta": text, "text_hash": text,
        "signature": binary, "version": text, "model": text, "status": text, "note": text,
        "items": text, "vector": binary,
    }  # fmt: skip
    return pa.schema(list(names.items()))


def _doc_row(doc: Document, analysis: DocAnalysis | None, vector: bytes | None) -> dict[str, Any]:
    row = {
        "row": "doc", "id": doc.id, "source": doc.source, "kind": doc.kind, "raw": doc.raw,
        "text": doc.text, "removed": json.dumps([[r.line, r.reason] for r in doc.removed]),
        "published": doc.published.date, "published_source": doc.published.source,
        "published_confidence": doc.published.confidence, "url": doc.url, "outlet": doc.outlet,
        "title": doc.title, "author": doc.author, "language": doc.language,
        "language_confidence": doc.language_confidence, "encoding": doc.encoding,
        "raw_meta": doc.raw_meta, "text_hash": doc.text_hash, "signature": doc.signature,
    }  # fmt: skip
    if analysis is not None:
        row.update(_analysis_row(analysis, vector), row="doc")
    return row


def _analysis_row(analysis: DocAnalysis, vector: bytes | None) -> dict[str, Any]:
    items = [[i.kind, i.pos, i.start, i.end, i.data] for i in analysis.items]
    return {"row": "analysis", "id": analysis.doc_id, "version": analysis.version,
            "model": analysis.model, "status": analysis.status, "note": analysis.note,
            "items": json.dumps(items, ensure_ascii=False), "vector": vector}  # fmt: skip


def shard_paths(folder: str | Path) -> list[Path]:
    """Finished shards in stream order (their recorded index, then name)."""
    import pyarrow.parquet as pq

    found = []
    for path in Path(folder).glob(f"*{SUFFIX}"):
        meta = pq.read_schema(path).metadata or {}
        found.append((int(meta.get(b"storyline.index", b"0")), path.name, path))
    return [path for _, _, path in sorted(found)]


def read_shard(path: Path) -> tuple[BatchResult, str]:
    """A shard's results and the component versions (JSON) that produced its analyses."""
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    meta = table.schema.metadata or {}
    docs, errors, analyses, vectors = [], [], [], []
    for row in table.to_pylist():
        if row["row"] == "error":
            errors.append(InputError(row["source"], row["text"], row["status"]))
            continue
        if row["row"] == "doc":
            docs.append(_doc(row))
        if row["version"] is not None:
            analyses.append(_analysis(row))
        if row["vector"] is not None:
            vectors.append((row["id"], bytes(row["vector"])))
    model = meta.get(b"storyline.embed_model", b"").decode()
    index = int(meta.get(b"storyline.index", b"0"))
    result = BatchResult(index, path.stem, tuple(docs), tuple(errors), tuple(analyses), model,
                         tuple(vectors), os.getpid())  # fmt: skip
    return result, meta.get(b"storyline.components", b"{}").decode()


def iter_shards(folder: str | Path) -> Iterator[tuple[BatchResult, str]]:
    for path in shard_paths(folder):
        yield read_shard(path)


def _doc(row: dict[str, Any]) -> Document:
    published = Published(row["published"], row["published_source"], row["published_confidence"])
    removed = tuple(RemovedLine(line, reason) for line, reason in json.loads(row["removed"]))
    return Document(
        id=row["id"], source=row["source"], kind=row["kind"], raw=row["raw"], text=row["text"],
        removed=removed, published=published, url=row["url"], outlet=row["outlet"],
        title=row["title"], author=row["author"], language=row["language"],
        language_confidence=row["language_confidence"], encoding=row["encoding"],
        raw_meta=row["raw_meta"], text_hash=row["text_hash"], signature=row["signature"],
    )  # fmt: skip


def _analysis(row: dict[str, Any]) -> DocAnalysis:
    items = tuple(Item(k, p, s, e, d) for k, p, s, e, d in json.loads(row["items"]))
    return DocAnalysis(row["id"], row["version"], row["model"], row["status"], row["note"], items)
