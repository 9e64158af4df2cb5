"""Read queries over the store. Parameterised SQL only; every function takes a connection."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from storyline.types import RemovedLine, StoredDocument

_DOC_COLUMNS = (
    "id, source, kind, url, outlet, title, author, published, published_source,"
    " published_confidence, language, text, duplicate_of, similarity"
)


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str
    score: float


def _removed(conn: sqlite3.Connection, doc_id: str) -> tuple[RemovedLine, ...]:
    rows = conn.execute(
        "SELECT line, reason FROM removed_lines WHERE doc_id=? ORDER BY pos", (doc_id,)
    )
    return tuple(RemovedLine(r[0], r[1]) for r in rows)


def _document(conn: sqlite3.Connection, row: sqlite3.Row) -> StoredDocument:
    return StoredDocument(**dict(row), removed=_removed(conn, row["id"]))


def get_document(conn: sqlite3.Connection, ref: str) -> StoredDocument | None:
    """By id, unique id prefix (at least 6 characters), source path or URL."""
    row = conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id=?", (ref,)).fetchone()
    if row is None and len(ref) >= 6:
        rows = conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE id LIKE ? ESCAPE '\\' LIMIT 2",
            (ref.replace("%", "\\%").replace("_", "\\_") + "%",),
        ).fetchall()
        row = rows[0] if len(rows) == 1 else None
    if row is None:
        row = conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE source=? OR url=? ORDER BY seq LIMIT 1",
            (ref, ref),
        ).fetchone()
    if row is None and len(ref) >= 4:  # a unique part of a source path, e.g. a file name
        rows = conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE instr(source, ?) > 0 LIMIT 2", (ref,)
        ).fetchall()
        row = rows[0] if len(rows) == 1 else None
    return _document(conn, row) if row else None


def iter_documents(
    conn: sqlite3.Connection, include_duplicates: bool = True
) -> Iterator[StoredDocument]:
    """All documents in ingest order, streamed in pages so memory stays flat."""
    where = "" if include_duplicates else "AND duplicate_of IS NULL"
    last = 0
    while True:
        rows = conn.execute(
            f"SELECT seq, {_DOC_COLUMNS} FROM documents WHERE seq > ? {where} ORDER BY seq LIMIT 500",
            (last,),
        ).fetchall()
        if not rows:
            return
        for row in rows:
            values = dict(row)
            last = values.pop("seq")
            yield StoredDocument(**values, removed=_removed(conn, values["id"]))


def fts_query(text: str) -> str:
    """User words to an FTS5 query: words are ANDed, quoted phrases kept; operators never injected."""
    phrases = re.findall(r'"([^"]+)"', text)
    rest = re.sub(r'"[^"]*"', " ", text)
    terms = [f'"{p.replace(chr(34), "")}"' for p in phrases]
    terms += [f'"{w}"' for w in re.findall(r"\w+", rest, flags=re.UNICODE)]
    return " ".join(terms)


def search(conn: sqlite3.Connection, query: str, limit: int = 20) -> list[SearchHit]:
    match = fts_query(query)
    if not match:
        return []
    rows = conn.execute(
        "SELECT d.id, d.title, d.outlet, d.published,"
        " snippet(documents_fts, 1, char(2), char(3), ' … ', 12) AS snip, bm25(documents_fts) AS score"
        " FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid"
        " WHERE documents_fts MATCH ? ORDER BY score LIMIT ?",
        (match, limit),
    ).fetchall()
    return [SearchHit(r[0], r[1], r[2], r[3], r[4], round(-float(r[5]), 3)) for r in rows]


def lsh_candidates(
    conn: sqlite3.Connection, bands: list[tuple[int, bytes]]
) -> list[tuple[str, bytes]]:
    seen: dict[str, bytes] = {}
    for band, key in bands:
        for doc_id, sig in conn.execute(
            "SELECT b.doc_id, m.signature FROM lsh_bands b JOIN minhash m ON m.doc_id = b.doc_id"
            " WHERE b.band=? AND b.key=?",
            (band, key),
        ):
            seen.setdefault(doc_id, sig)
    return sorted(seen.items())


def copies(conn: sqlite3.Connection, doc_id: str) -> list[tuple[str, float]]:
    rows = conn.execute(
        "SELECT id, similarity FROM documents WHERE duplicate_of=? ORDER BY seq", (doc_id,)
    )
    return [(r[0], float(r[1])) for r in rows]


def stats(conn: sqlite3.Connection) -> dict[str, object]:
    one = conn.execute(
        "SELECT count(*), sum(duplicate_of IS NULL), sum(similarity = 1.0),"
        " sum(duplicate_of IS NOT NULL AND similarity < 1.0), sum(published IS NULL),"
        " min(published), max(published) FROM documents"
    ).fetchone()
    by = {
        col: dict(
            conn.execute(
                f"SELECT coalesce({col}, '(none)'), count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC"
            ).fetchall()
        )
        for col in ("outlet", "language", "published_source", "kind")
    }
    reasons = dict(
        conn.execute(
            "SELECT reason, count(*) FROM removed_lines GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall()
    )
    n_errors = conn.execute("SELECT count(*) FROM errors").fetchone()[0]
    return {
        "documents": one[0], "originals": one[1] or 0, "exact_duplicates": one[2] or 0,
        "near_duplicates": one[3] or 0, "undated": one[4] or 0,
        "first_published": one[5], "last_published": one[6], "errors": n_errors,
        "by_outlet": by["outlet"], "by_language": by["language"],
        "by_published_source": by["published_source"], "by_kind": by["kind"],
        "removed_lines": reasons,
    }  # fmt: skip


def errors(conn: sqlite3.Connection) -> list[dict[str, str]]:
    rows = conn.execute(
        "SELECT source, problem, level, first_seen, last_seen FROM errors ORDER BY source, problem"
    )
    return [dict(r) for r in rows]
