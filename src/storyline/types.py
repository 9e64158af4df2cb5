"""Small immutable data objects handed between stages.

Each stage is a function from one of these to the next (`InputItem -> RawRecord -> Document`),
so stages cannot be called out of order and the objects can cross process boundaries.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO, cast

#: Reason codes a cleaning rule may give a removed line (documented in docs/cleaning.md).
REMOVAL_REASONS = (
    "metadata_header",
    "title",
    "byline",
    "author_blurb",
    "read_time",
    "caption",
    "photo_credit",
    "widget",
    "related_link",
    "syndication",
    "footer",
    "empty_repeat",
)


def content_id(content: bytes) -> str:
    """Stable document id: the same input record gives the same id on every run and machine."""
    return "d" + hashlib.sha256(content).hexdigest()[:20]


@dataclass(frozen=True)
class InputItem:
    """The bytes of one input (a file, stdin, a fetched page) before it is split into records."""

    source: str
    content: bytes
    suffix: str = ""
    path: str | None = None  # set for container files (jsonl, WARC) that are streamed, not loaded
    gzipped: bool = False  # the file at `path` is gzipped as a whole ("dump.jsonl.gz")
    #: What the fetch knew of a single page: when it was captured, and the date its feed entry
    #: gave (container metadata, so it ranks as a feed file's entries do).
    meta: Mapping[str, Any] = field(default_factory=dict)

    def open(self) -> BinaryIO:
        if self.path is None:
            return io.BytesIO(self.content)
        return cast(BinaryIO, gzip.open(self.path, "rb")) if self.gzipped else open(self.path, "rb")

    def head(self, size: int = 65536) -> bytes:
        with self.open() as handle:
            return handle.read(size)


@dataclass(frozen=True)
class RawRecord:
    """One article-sized record with the metadata its container gave (JSON fields, WARC headers)."""

    source: str
    content: bytes
    kind: str  # text | markdown | html | record (a JSON object)
    meta: Mapping[str, Any] = field(default_factory=dict)  # a plain dict: it must pickle to workers

    @property
    def id(self) -> str:
        return content_id(self.kind.encode() + b"\0" + self.content)


@dataclass(frozen=True)
class RemovedLine:
    line: str
    reason: str


@dataclass(frozen=True)
class Cleaned:
    """Clean text plus every line the cleaner took out, so nothing is silently lost."""

    text: str
    removed: tuple[RemovedLine, ...] = ()


@dataclass(frozen=True)
class Published:
    date: str | None  # YYYY-MM-DD, never invented
    source: str = "unknown"  # metadata | header | html | url | unknown (content: a later stage)
    confidence: float = 0.0


@dataclass(frozen=True)
class Document:
    """A clean, dated article, ready to be stored."""

    id: str
    source: str
    kind: str
    raw: bytes
    text: str
    removed: tuple[RemovedLine, ...]
    published: Published
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    language: str | None = None
    language_confidence: float | None = None
    encoding: str | None = None
    raw_meta: str = "{}"  # JSON of the container's fields (e.g. a WARC target URI) for re-analysis
    text_hash: str = ""  # hash of the normalised text: exact duplicates share it
    signature: bytes = b""  # MinHash of word shingles: near-duplicates have similar ones


@dataclass(frozen=True)
class InputError:
    """One bad input: named, with a one-line problem; the batch goes on."""

    source: str
    problem: str
    level: str = "error"  # "warning": the input was stored but something was wrong with it

    def __str__(self) -> str:
        return f"{self.source}: {self.problem}"


@dataclass(frozen=True)
class StoredDocument:
    """A document as read back from the store, with its duplicate link."""

    id: str
    source: str
    kind: str
    url: str | None
    outlet: str | None
    title: str | None
    author: str | None
    published: str | None
    published_source: str
    published_confidence: float
    language: str | None
    text: str
    removed: tuple[RemovedLine, ...]
    duplicate_of: str | None
    similarity: float | None

    def to_export(self) -> dict[str, Any]:
        """The `documents.jsonl` contract (field names are stable across releases)."""
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "author": self.author,
            "published": self.published,
            "published_source": self.published_source,
            "published_confidence": self.published_confidence,
            "language": self.language,
            "text": self.text,
            "removed": [{"line": r.line, "reason": r.reason} for r in self.removed],
            "duplicate_of": self.duplicate_of,
            "similarity": self.similarity,
        }


@dataclass
class IngestTally:
    """Running counts of one ingest, kept by whichever loop writes the documents (the plain
    pipeline or an engine's driver) and turned into an `IngestReport` at the end."""

    seen: int = 0
    added: int = 0
    skipped: int = 0
    duplicates: int = 0
    errors: list[InputError] = field(default_factory=list)


@dataclass(frozen=True)
class IngestReport:
    """What one ingest run did; the CLI renders it, scripts read it as JSON."""

    seen: int = 0
    added: int = 0
    skipped: int = 0
    duplicates: int = 0
    errors: tuple[InputError, ...] = ()

    @property
    def failed(self) -> int:
        return sum(e.level == "error" for e in self.errors)

    def as_dict(self) -> dict[str, Any]:
        return {
            "seen": self.seen,
            "added": self.added,
            "skipped": self.skipped,
            "duplicates": self.duplicates,
            "failed": self.failed,
            "errors": [
                {"source": e.source, "problem": e.problem, "level": e.level} for e in self.errors
            ],
        }


# -- extraction stage (nlp/analyse.py) ----------------------------------------------------


@dataclass(frozen=True)
class AnalysisInput:
    doc_id: str
    text: str
    published: str | None
    language: str | None


@dataclass(frozen=True)
class Item:
    kind: str
    pos: int
    start: int
    end: int
    data: str  # JSON of the record


@dataclass(frozen=True)
class DocAnalysis:
    doc_id: str
    version: str
    model: str | None
    status: str  # ok | unsupported_language | error
    note: str | None
    items: tuple[Item, ...] = ()
