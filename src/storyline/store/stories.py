"""Story-stage tables (migration 4): embeddings, cluster state, assignments and the derived
stories, story events, figure series, outlet terms and content dates.

Writes run inside one `Store.transaction()` each (one writer); derived rows are replaced per
story, so rebuilding a story twice leaves the same rows.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from storyline.store.sqlite import Store, now

DERIVED = ("stories", "story_events", "figure_series", "outlet_terms")


# --- reads for the stage ---------------------------------------------------------------------


def unassigned(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Documents not yet placed in a story, in ingest order."""
    rows = conn.execute(
        "SELECT d.id, d.title, d.text, d.outlet, d.published, d.published_source, d.duplicate_of"
        " FROM documents d LEFT JOIN story_assignments a ON a.doc_id = d.id"
        " WHERE a.doc_id IS NULL ORDER BY d.seq"
    ).fetchall()
    return [dict(row) for row in rows]


def count_unassigned(conn: sqlite3.Connection) -> int:
    sql = (
        "SELECT count(*) FROM documents d LEFT JOIN story_assignments a ON a.doc_id = d.id"
        " WHERE a.doc_id IS NULL"
    )
    return int(conn.execute(sql).fetchone()[0])


def doc_rows(conn: sqlite3.Connection, doc_ids: Sequence[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for chunk in _chunks(doc_ids):
        marks = ",".join("?" * len(chunk))
        out += [
            dict(r)
            for r in conn.execute(
                "SELECT id, title, text, outlet, published, published_source, duplicate_of, seq"
                f" FROM documents WHERE id IN ({marks})",
                chunk,
            )
        ]
    return sorted(out, key=lambda r: r["seq"])


def capture_days(conn: sqlite3.Connection, doc_ids: Sequence[str]) -> dict[str, str]:
    """doc id -> the day a crawl or fetch captured it, for those whose container said: the
    article carries no later date."""
    out: dict[str, str] = {}
    for chunk in _chunks(doc_ids):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT doc_id, meta FROM raw_records WHERE doc_id IN ({marks})"
        for doc_id, meta in conn.execute(sql, chunk):
            if captured := _captured(meta):
                out[doc_id] = captured
    return out


def capture_lags(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(stated date, capture day) of every document with both: how long after its date the
    collection's pages were captured."""
    sql = (
        "SELECT d.published, r.meta FROM documents d JOIN raw_records r ON r.doc_id = d.id"
        " WHERE d.published IS NOT NULL AND d.published_source NOT IN ('content', 'unknown')"
        " AND r.meta LIKE '%\"captured\"%'"
    )
    return [(str(published), c) for published, meta in conn.execute(sql) if (c := _captured(meta))]


def _captured(meta: str | None) -> str | None:
    """The capture day ingest put in a raw record's container metadata, if any."""
    captured = json.loads(meta or "{}").get("captured")
    return captured if isinstance(captured, str) else None


def items(conn: sqlite3.Connection, kind: str, doc_ids: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:  # fmt: skip
    """Extraction records shaped like `store.extractions.items`, for many documents at once."""
    base = (
        "SELECT e.doc_id, e.pos, e.start, e.end, e.data, d.outlet, d.published, d.duplicate_of"
        " FROM extractions e JOIN documents d ON d.id = e.doc_id WHERE e.kind = ?"
    )
    chunks: Iterable[Sequence[str] | None] = [None] if doc_ids is None else _chunks(doc_ids)
    for chunk in chunks:
        sql, params = base, [kind]
        if chunk is not None:
            sql += f" AND e.doc_id IN ({','.join('?' * len(chunk))})"
            params += list(chunk)
        for row in conn.execute(sql + " ORDER BY d.seq, e.pos", params):
            yield {
                "id": f"{kind[0]}-{row[0]}-{row[1]}", "doc": row[0], **json.loads(row[4]),
                "_pos": row[1], "_outlet": row[5], "_published": row[6], "_duplicate_of": row[7],
            }  # fmt: skip


def doc_actors(conn: sqlite3.Connection, doc_ids: Sequence[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for chunk in _chunks(doc_ids):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT doc_id, actor_key FROM actor_links WHERE doc_id IN ({marks})"
        for doc_id, key in conn.execute(sql, chunk):
            out.setdefault(doc_id, set()).add(key)
    return out


def embeddings(conn: sqlite3.Connection, model: str, doc_ids: Sequence[str]) -> dict[str, np.ndarray]:  # fmt: skip
    out: dict[str, np.ndarray] = {}
    for chunk in _chunks(doc_ids):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT doc_id, vector FROM embeddings WHERE model = ? AND doc_id IN ({marks})"
        for doc_id, blob in conn.execute(sql, [model, *chunk]):
            out[doc_id] = np.frombuffer(blob, dtype=np.float32).copy()
    return out


def cluster_state(conn: sqlite3.Connection, model: str) -> bytes | None:
    row = conn.execute("SELECT blob FROM cluster_state WHERE model = ?", (model,)).fetchone()
    return bytes(row[0]) if row else None


def stale_stories(conn: sqlite3.Connection) -> list[str]:
    """Stories whose documents were analysed again since their summary was built (the story
    records the latest analysis time of its documents)."""
    sql = (
        "SELECT a.story_id FROM story_assignments a JOIN analyses n ON n.doc_id = a.doc_id"
        " LEFT JOIN stories s ON s.id = a.story_id GROUP BY a.story_id"
        " HAVING max(n.analysed_at) IS NOT max(json_extract(s.data, '$.analysed'))"
    )
    return [row[0] for row in conn.execute(sql)]


def last_analysed(conn: sqlite3.Connection, doc_ids: Sequence[str]) -> str | None:
    found: list[str] = []
    for chunk in _chunks(doc_ids):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT max(analysed_at) FROM analyses WHERE doc_id IN ({marks})"
        row = conn.execute(sql, chunk).fetchone()
        if row and row[0]:
            found.append(row[0])
    return max(found) if found else None


def other_models(conn: sqlite3.Connection, model: str) -> bool:
    sql = "SELECT 1 FROM cluster_state WHERE model != ? LIMIT 1"
    return conn.execute(sql, (model,)).fetchone() is not None


def story_docs(conn: sqlite3.Connection, story_ids: Iterable[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for chunk in _chunks(sorted(set(story_ids))):
        marks = ",".join("?" * len(chunk))
        sql = (
            "SELECT a.story_id, a.doc_id FROM story_assignments a JOIN documents d"
            f" ON d.id = a.doc_id WHERE a.story_id IN ({marks}) ORDER BY d.seq"
        )
        for story_id, doc_id in conn.execute(sql, chunk):
            out.setdefault(story_id, []).append(doc_id)
    return out


def all_outlets(conn: sqlite3.Connection) -> list[str]:
    sql = "SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL ORDER BY outlet"
    return [row[0] for row in conn.execute(sql)]


# --- writes ----------------------------------------------------------------------------------


def save_embeddings(store: Store, model: str, vectors: dict[str, np.ndarray]) -> None:
    with store.transaction() as conn:
        conn.executemany(
            "INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)",
            [(d, model, np.asarray(v, dtype=np.float32).tobytes()) for d, v in vectors.items()],
        )


def save_clustering(store: Store, model: str, blob: bytes, documents: int,
                    assignments: Sequence[tuple[str, str, str, float]]) -> None:  # fmt: skip
    """The clusterer's state and the new documents' places, in one transaction."""
    with store.transaction() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO cluster_state VALUES (?, ?, ?, ?)",
            (model, documents, blob, now()),
        )
        conn.executemany(
            "INSERT OR REPLACE INTO story_assignments VALUES (?, ?, ?, ?)", assignments
        )


def save_dates(store: Store, dated: Sequence[tuple[str, dict[str, Any], list[dict[str, Any]]]]) -> None:  # fmt: skip
    """Content dates: (doc id, guess dict, re-resolved timexes with their `_pos`)."""
    with store.transaction() as conn:
        for doc_id, guess, timexes in dated:
            conn.execute(
                "UPDATE documents SET published = ?, published_source = 'content',"
                " published_confidence = ? WHERE id = ?",
                (guess["date"], guess["confidence"], doc_id),
            )
            conn.execute(
                "INSERT OR REPLACE INTO content_dates VALUES (?, ?)", (doc_id, json.dumps(guess))
            )
            for timex in timexes:
                data = {k: v for k, v in timex.items() if k not in _ITEM_KEYS}
                conn.execute(
                    "UPDATE extractions SET data = ? WHERE doc_id = ? AND kind = 'timex' AND pos = ?",
                    (json.dumps(data, ensure_ascii=False), doc_id, timex["_pos"]),
                )


_ITEM_KEYS = frozenset({"id", "doc", "_pos", "_outlet", "_published", "_duplicate_of"})


def replace_story(store: Store, story: dict[str, Any], events: list[dict[str, Any]],
                  series: list[dict[str, Any]], terms: list[dict[str, Any]]) -> None:  # fmt: skip
    """One story's derived rows, replaced whole."""
    sid = story["id"]
    with store.transaction() as conn:
        for table in DERIVED:
            key = "id" if table == "stories" else "story_id"
            conn.execute(f"DELETE FROM {table} WHERE {key} = ?", (sid,))
        conn.execute(
            "INSERT INTO stories VALUES (?, ?, ?, ?, ?)",
            (sid, story["first_date"], story["last_date"], story["n_documents"], _dump(story)),
        )
        conn.executemany(
            "INSERT INTO story_events VALUES (?, ?, ?, ?, ?)",
            [(e["id"], sid, e["date"], i, _dump(e)) for i, e in enumerate(events)],
        )
        conn.executemany(
            "INSERT INTO figure_series VALUES (?, ?, ?, ?)",
            [(s["id"], sid, i, _dump(s)) for i, s in enumerate(series)],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO outlet_terms VALUES (?, ?, ?, ?, ?, ?)",
            [(sid, t["outlet"], t["term"], t["log_odds"], t["z"], t["uses"]) for t in terms],
        )


def clear(store: Store) -> None:
    """Forget clustering and derived rows (embeddings and content dates are kept)."""
    with store.transaction() as conn:
        for table in (*DERIVED, "story_assignments", "cluster_state"):
            conn.execute(f"DELETE FROM {table}")


# --- reads for the faces ---------------------------------------------------------------------


def list_stories(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    sql = "SELECT data FROM stories ORDER BY n_documents DESC, first_date, id"
    return [json.loads(row[0]) for row in conn.execute(sql)]


def find_id(conn: sqlite3.Connection, table: str, ref: str) -> str | None:
    """A full id or a unique prefix of one; None when unknown or ambiguous."""
    if conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (ref,)).fetchone():
        return ref
    escaped = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = conn.execute(
        f"SELECT id FROM {table} WHERE id LIKE ? ESCAPE '\\' LIMIT 2", (escaped + "%",)
    ).fetchall()
    return rows[0][0] if len(rows) == 1 else None


def get_json(conn: sqlite3.Connection, table: str, id_: str) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT data FROM {table} WHERE id = ?", (id_,)).fetchone()
    return json.loads(row[0]) if row else None


def story_rows(conn: sqlite3.Connection, table: str, story_id: str | None) -> list[dict[str, Any]]:
    """story_events or figure_series rows of one story (all with None), in their order."""
    sql, params = f"SELECT data FROM {table}", ()  # type: tuple[str, tuple[str, ...]]
    if story_id is not None:
        sql, params = sql + " WHERE story_id = ?", (story_id,)
    return [json.loads(r[0]) for r in conn.execute(sql + " ORDER BY story_id, pos", params)]


def terms(conn: sqlite3.Connection, story_id: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT story_id, outlet, term, log_odds, z, uses FROM outlet_terms"
    params: tuple[str, ...] = ()
    if story_id is not None:
        sql, params = sql + " WHERE story_id = ?", (story_id,)
    rows = conn.execute(sql + " ORDER BY story_id, outlet, z DESC, term", params)
    keys = ("story", "outlet", "term", "log_odds", "z", "uses")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def content_date(conn: sqlite3.Connection, doc_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT data FROM content_dates WHERE doc_id = ?", (doc_id,)).fetchone()
    return json.loads(row[0]) if row else None


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _chunks(ids: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
