"""Extraction results in the store: written per document (replace, never append), read by kind.

Each record is a row of `extractions` (doc, kind, pos, start, end, JSON data); `analyses`
says which version analysed each document, so a rerun skips what is current.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from storyline.types import AnalysisInput, DocAnalysis


def pending(conn: sqlite3.Connection, version: str, force: bool = False) -> Iterator[AnalysisInput]:
    """Documents not yet analysed by `version` (all with force), in ingest order, paged."""
    last = 0
    where = "" if force else "AND (a.version IS NULL OR a.version != ?)"
    while True:
        params: tuple[Any, ...] = (last,) if force else (last, version)
        rows = conn.execute(
            "SELECT d.seq, d.id, d.text, d.published, d.language FROM documents d"
            f" LEFT JOIN analyses a ON a.doc_id = d.id WHERE d.seq > ? {where} ORDER BY d.seq LIMIT 200",
            params,
        ).fetchall()
        if not rows:
            return
        for seq, doc_id, text, published, language in rows:
            last = seq
            yield AnalysisInput(doc_id, text, published, language)


def inputs(conn: sqlite3.Connection, doc_ids: Sequence[str], version: str) -> list[AnalysisInput]:
    """The analysis inputs, with their current date and in ingest order, of those of the given
    documents that `version` analysed (the others are pending for the next analysis)."""
    marks = ",".join("?" * len(doc_ids))
    rows = conn.execute(
        "SELECT d.id, d.text, d.published, d.language FROM documents d JOIN analyses a"
        f" ON a.doc_id = d.id WHERE a.version = ? AND d.id IN ({marks}) ORDER BY d.seq",
        (version, *doc_ids),
    ).fetchall()
    return [AnalysisInput(*row) for row in rows]


def count_pending(conn: sqlite3.Connection, version: str, force: bool = False) -> int:
    if force:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    return int(
        conn.execute(
            "SELECT count(*) FROM documents d LEFT JOIN analyses a ON a.doc_id = d.id"
            " WHERE a.version IS NULL OR a.version != ?",
            (version,),
        ).fetchone()[0]
    )


def write(
    conn: sqlite3.Connection, results: Sequence[DocAnalysis], stamp: str, components: str = "{}"
) -> None:
    """Replace each document's results (inside the caller's transaction): reruns are idempotent."""
    for result in results:
        conn.execute("DELETE FROM extractions WHERE doc_id=?", (result.doc_id,))
        conn.executemany(
            "INSERT INTO extractions VALUES (?, ?, ?, ?, ?, ?)",
            [(result.doc_id, i.kind, i.pos, i.start, i.end, i.data) for i in result.items],
        )
        conn.execute(
            "INSERT INTO analyses (doc_id, version, model, status, note, analysed_at, components)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(doc_id) DO UPDATE SET"
            " version=excluded.version, model=excluded.model, status=excluded.status,"
            " note=excluded.note, analysed_at=excluded.analysed_at, components=excluded.components",
            (
                result.doc_id,
                result.version,
                result.model,
                result.status,
                result.note,
                stamp,
                components,
            ),
        )


def items(
    conn: sqlite3.Connection, kind: str, doc_id: str | None = None
) -> Iterator[dict[str, Any]]:
    """Records of one kind with doc id, position, outlet and publication date, in ingest order."""
    sql = (
        "SELECT e.doc_id, e.pos, e.start, e.end, e.data, d.outlet, d.published, d.duplicate_of"
        " FROM extractions e JOIN documents d ON d.id = e.doc_id WHERE e.kind = ?"
    )
    params: tuple[Any, ...] = (kind,)
    if doc_id:
        sql += " AND e.doc_id = ?"
        params += (doc_id,)
    for row in conn.execute(sql + " ORDER BY d.seq, e.pos", params):
        data = json.loads(row[4])
        yield {
            "id": f"{kind[0]}-{row[0]}-{row[1]}",
            "doc": row[0],
            **data,
            "_outlet": row[5],
            "_published": row[6],
            "_duplicate_of": row[7],
        }


def replace_actors(conn: sqlite3.Connection, actors: list[dict[str, Any]],
                   links: list[tuple[str, str, str]]) -> None:  # fmt: skip
    conn.execute("DELETE FROM actors")
    conn.execute("DELETE FROM actor_links")
    conn.executemany(
        "INSERT INTO actors VALUES (?, ?, ?, ?, ?)",
        [
            (a["key"], a["name"], a["type"], json.dumps(a["aliases"]), json.dumps(a["roles"]))
            for a in actors
        ],
    )
    conn.executemany("INSERT OR REPLACE INTO actor_links VALUES (?, ?, ?)", links)


def analysis_counts(conn: sqlite3.Connection) -> dict[str, dict[str, int]]:
    return {
        "analyses": dict(
            conn.execute("SELECT status, count(*) FROM analyses GROUP BY 1").fetchall()
        ),
        "extractions": dict(
            conn.execute("SELECT kind, count(*) FROM extractions GROUP BY 1").fetchall()
        ),
    }
