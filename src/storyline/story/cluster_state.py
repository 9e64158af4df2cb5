"""What a StoryClusterer remembers, in a form the caller can store and hand back.

A `ClusterState` is the list of documents in the order they were added (with their story, event,
date, actors, keys and index row) plus the index rows themselves and, past the brute-force size,
the hnswlib graph. Story and event aggregates are not stored: they are sums over members, and
replaying the records rebuilds them exactly. `to_bytes`/`from_bytes` pack everything into one
blob (an .npz archive, no pickle) for a single database column or file.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np


@dataclass(frozen=True)
class DocRecord:
    """One added document: where it went and what clustering needs to remember of it."""

    doc_id: str
    story_id: str
    event_id: str
    published: str | None
    actors: tuple[str, ...]
    event_keys: tuple[str, ...]
    duplicate_of: str | None
    row: int | None  # index row; None for a syndicated copy, which is not indexed
    score: float = 0.0
    event_score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id, "story_id": self.story_id, "event_id": self.event_id,
            "published": self.published, "actors": list(self.actors),
            "event_keys": list(self.event_keys), "duplicate_of": self.duplicate_of,
            "row": self.row, "score": self.score, "event_score": self.event_score,
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocRecord:
        return cls(
            doc_id=data["doc_id"], story_id=data["story_id"], event_id=data["event_id"],
            published=data.get("published"), actors=tuple(data.get("actors", ())),
            event_keys=tuple(data.get("event_keys", ())), duplicate_of=data.get("duplicate_of"),
            row=data.get("row"), score=float(data.get("score", 0.0)),
            event_score=float(data.get("event_score", 0.0)),
        )  # fmt: skip


@dataclass(frozen=True)
class ClusterState:
    records: tuple[DocRecord, ...]
    vectors: np.ndarray  # (indexed documents, dim), row i = DocRecord.row i
    graph: bytes | None = None  # hnswlib graph, when the index had grown past brute force

    def to_bytes(self) -> bytes:
        meta = json.dumps([r.to_dict() for r in self.records]).encode()
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            vectors=np.asarray(self.vectors, dtype=np.float32),
            records=np.frombuffer(meta, dtype=np.uint8),
            graph=np.frombuffer(self.graph or b"", dtype=np.uint8),
            has_graph=np.array([self.graph is not None]),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, blob: bytes) -> ClusterState:
        with np.load(io.BytesIO(blob), allow_pickle=False) as archive:
            records = json.loads(archive["records"].tobytes().decode())
            graph = archive["graph"].tobytes() if bool(archive["has_graph"][0]) else None
            vectors = archive["vectors"].astype(np.float32)
        return cls(tuple(DocRecord.from_dict(r) for r in records), vectors, graph)


def parse_day(value: str | None) -> date | None:
    """`YYYY-MM-DD` (a longer ISO timestamp is cut to its date) or None when absent or invalid."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass
class Cluster:
    """A story or an event: running sums over its members, so joining is O(dim)."""

    cluster_id: str
    story_id: str
    dim: int
    vector_sum: np.ndarray = field(init=False)
    size: int = 0  # indexed members (copies are not counted: they would double-weight)
    members: int = 0  # every member, copies included
    first: date | None = None
    last: date | None = None
    actors: Counter[str] = field(default_factory=Counter)
    keys: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.vector_sum = np.zeros(self.dim, dtype=np.float64)

    def centroid(self) -> np.ndarray:
        norm = float(np.linalg.norm(self.vector_sum))
        if norm == 0.0:
            return np.zeros(self.dim, dtype=np.float32)
        return (self.vector_sum / norm).astype(np.float32)

    def absorb(self, record: DocRecord, vector: np.ndarray | None) -> None:
        self.members += 1
        if vector is not None:
            self.vector_sum += vector
            self.size += 1
        day = parse_day(record.published)
        if day is not None:
            self.first = day if self.first is None else min(self.first, day)
            self.last = day if self.last is None else max(self.last, day)
        self.actors.update(record.actors)
        self.keys.update(record.event_keys)

    def gap_days(self, day: date | None) -> int | None:
        """Days between `day` and this cluster's date span (0 inside it); None if unknown."""
        if day is None or self.first is None or self.last is None:
            return None
        if day < self.first:
            return (self.first - day).days
        return max(0, (day - self.last).days)
