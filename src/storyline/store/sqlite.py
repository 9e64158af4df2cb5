"""The embedded store: one SQLite file in WAL mode, so readers (a web server, a second CLI)
keep reading while one writer commits batches.

Writes go through `write_batch`, one transaction per batch: a crash (even `kill -9`) loses at
most the batch in flight, and a rerun skips every document already stored (ids are content
hashes), so the store ends with exactly the rows of a clean run.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storyline.clean import dedupe
from storyline.errors import StoreError
from storyline.store import extractions, queries
from storyline.store.migrations import MIGRATIONS
from storyline.types import AnalysisInput, DocAnalysis, Document, InputError, StoredDocument

DEFAULT_DB = "storyline.db"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def precise_now() -> str:
    """For analysed_at: the story stage tells re-analysed documents by it, and a re-analysis
    within the same second as the last one would otherwise look like no change."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class WriteResult:
    added: int
    duplicates: int


class Store:
    def __init__(self, path: str | Path = DEFAULT_DB, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        try:
            if readonly and self.path.exists() and self._behind():
                Store(self.path).close()  # a reader of an older file migrates it first, once
            self.conn = self._connect()
            if not readonly:
                self._migrate()
            elif not self.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name='documents'"
            ).fetchone():
                raise StoreError(f"{self.path}: not a Storyline database (no documents table)")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open database ({exc})") from exc

    def _behind(self) -> bool:
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        except sqlite3.Error:
            return False  # not ours, or empty: the checks below give the clear error
        finally:
            conn.close()
        return bool(row and row[0] is not None and row[0] < MIGRATIONS[-1][0])

    def _connect(self) -> sqlite3.Connection:
        if self.readonly:
            if not self.path.exists():
                raise sqlite3.OperationalError("no such database file")
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=10000")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.row_factory = sqlite3.Row
        return conn

    def _migrate(self) -> None:
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations"
            " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = {row[0] for row in self.conn.execute("SELECT version FROM schema_migrations")}
        for version, name, sql in MIGRATIONS:
            if version in done:
                continue
            with self.transaction():
                for statement in _statements(sql):
                    self.conn.execute(statement)
                self.conn.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, now())
                )

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock up front: a second writer waits instead of failing midway.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    # -- writes -----------------------------------------------------------------------------

    def existing_ids(self, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT id FROM documents WHERE id IN ({marks})"
            found.update(row[0] for row in self.conn.execute(sql, chunk))
        return found

    def write_batch(
        self, docs: Iterable[Document], errors: Iterable[InputError] = ()
    ) -> WriteResult:
        """Store documents (deduplicated against the store and each other) and errors, atomically."""
        added = duplicates = 0
        with self.transaction():
            for doc in docs:
                if self.conn.execute("SELECT 1 FROM documents WHERE id=?", (doc.id,)).fetchone():
                    continue
                duplicate_of, sim = self._insert(doc)
                added += 1
                duplicates += duplicate_of is not None
            stamp = now()
            self.conn.executemany(
                "INSERT INTO errors VALUES (?, ?, ?, ?, ?) ON CONFLICT(source, problem)"
                " DO UPDATE SET last_seen=excluded.last_seen",
                [(e.source, e.problem, e.level, stamp, stamp) for e in errors],
            )
        return WriteResult(added, duplicates)

    def _insert(self, doc: Document) -> tuple[str | None, float | None]:
        thash = doc.text_hash or dedupe.text_hash(doc.text)
        sig = doc.signature or dedupe.signature(doc.text)
        duplicate_of, sim = self._find_original(thash, sig)
        c = self.conn
        c.execute(
            "INSERT INTO documents (id, source, kind, url, outlet, title, author, published,"
            " published_source, published_confidence, language, language_confidence, text,"
            " text_hash, duplicate_of, similarity, ingested_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc.id, doc.source, doc.kind, doc.url, doc.outlet, doc.title, doc.author,
             doc.published.date, doc.published.source, doc.published.confidence, doc.language,
             doc.language_confidence, doc.text, thash, duplicate_of, sim, now()),
        )  # fmt: skip
        c.execute(
            "INSERT INTO raw_records VALUES (?, ?, ?, ?, ?)",
            (doc.id, doc.kind, doc.raw_meta, doc.encoding, zlib.compress(doc.raw, 6)),
        )
        c.executemany(
            "INSERT INTO removed_lines VALUES (?, ?, ?, ?)",
            [(doc.id, pos, r.line, r.reason) for pos, r in enumerate(doc.removed)],
        )
        c.execute("INSERT INTO minhash VALUES (?, ?)", (doc.id, sig))
        if duplicate_of is None:  # only originals are candidates, so copies link to the original
            c.executemany(
                "INSERT OR IGNORE INTO lsh_bands VALUES (?, ?, ?)",
                [(band, key, doc.id) for band, key in dedupe.band_keys(sig)],
            )
        return duplicate_of, sim

    def _find_original(self, thash: str, sig: bytes) -> tuple[str | None, float | None]:
        row = self.conn.execute(
            "SELECT coalesce(duplicate_of, id) FROM documents WHERE text_hash=? ORDER BY seq LIMIT 1",
            (thash,),
        ).fetchone()
        if row:
            return row[0], 1.0
        best: tuple[float, str] | None = None
        for cand_id, cand_sig in queries.lsh_candidates(self.conn, dedupe.band_keys(sig)):
            sim = dedupe.similarity(sig, cand_sig)
            if sim >= dedupe.NEAR_DUPLICATE and (best is None or sim > best[0]):
                best = (sim, cand_id)
        return (best[1], best[0]) if best else (None, None)

    def start_run(self, command: str) -> int:
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO runs (command, started_at) VALUES (?, ?)", (command, now())
            )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, status: str, counts: dict[str, object]) -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE runs SET finished_at=?, status=?, counts=? WHERE id=?",
                (now(), status, json.dumps(counts), run_id),
            )

    # -- extraction results -----------------------------------------------------------------

    def pending_analysis(self, version: str, force: bool = False) -> Iterator[AnalysisInput]:
        return extractions.pending(self.conn, version, force)

    def analysis_inputs(self, doc_ids: Sequence[str], version: str) -> list[AnalysisInput]:
        return extractions.inputs(self.conn, doc_ids, version)

    def count_pending_analysis(self, version: str, force: bool = False) -> int:
        return extractions.count_pending(self.conn, version, force)

    def write_analyses(self, results: Sequence[DocAnalysis], components: str = "{}") -> None:
        with self.transaction():
            extractions.write(self.conn, results, precise_now(), components)

    def replace_actors(
        self, actors: list[dict[str, Any]], links: list[tuple[str, str, str]]
    ) -> None:
        with self.transaction():
            extractions.replace_actors(self.conn, actors, links)

    def extraction_items(self, kind: str, doc_id: str | None = None) -> Iterator[dict[str, Any]]:
        return extractions.items(self.conn, kind, doc_id)

    # -- reads ------------------------------------------------------------------------------

    def get(self, ref: str) -> StoredDocument | None:
        return queries.get_document(self.conn, ref)

    def iter_documents(self, include_duplicates: bool = True) -> Iterator[StoredDocument]:
        return queries.iter_documents(self.conn, include_duplicates)

    def search(self, query: str, limit: int = 20) -> list[queries.SearchHit]:
        return queries.search(self.conn, query, limit)

    def stats(self) -> dict[str, object]:
        return queries.stats(self.conn)

    def errors(self) -> list[dict[str, str]]:
        return queries.errors(self.conn)

    def raw(self, doc_id: str) -> bytes | None:
        row = self.conn.execute(
            "SELECT content FROM raw_records WHERE doc_id=?", (doc_id,)
        ).fetchone()
        return zlib.decompress(row[0]) if row else None

    def copies(self, doc_id: str) -> list[tuple[str, float]]:
        return queries.copies(self.conn, doc_id)


def _statements(sql: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies (which contain `;`) whole."""
    statements, current = [], ""
    for line in sql.strip().splitlines():
        current += line + "\n"
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements
