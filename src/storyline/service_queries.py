"""Read methods of `Storyline` for the HTTP API and web pages: filtered, cursor-paged documents
and extraction records, coverage by outlet and date, actor profiles. Mixed into `Storyline`;
they read through `self.store.conn` with parameterised SQL only. Lists come back as
`Page(items, next, total)`: `next` is an opaque cursor; `total` is counted only when asked."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from storyline.store.listing import (
    KINDS,
    BadQuery,
    DocFilter,
    ItemFilter,
    Page,
    decode_cursor,
    encode_cursor,
    where_docs,
    where_items,
)
from storyline.store.queries import fts_query

if TYPE_CHECKING:
    import sqlite3

    from storyline.store.sqlite import Store

_SUMMARY = ("d.seq, d.id, d.title, d.outlet, d.published, d.published_source, d.language, d.kind,"
            " d.url, d.duplicate_of, d.similarity, substr(d.text, 1, 280) AS lead")  # fmt: skip
# Documents drive extraction lists (CROSS JOIN keeps that order): a page reads one index range
# per document in ingest order and stops early, instead of sorting every record.
_ITEMS = "FROM documents d CROSS JOIN extractions e ON e.doc_id = d.id AND e.kind = ?"
PERIODS = {"day": 10, "month": 7, "year": 4}
RANKED = 200  # search matches ranked at once: eight pages of 25


__all__ = ["KINDS", "BadQuery", "DocFilter", "ItemFilter", "Page", "QueryMixin", "decode_cursor",
           "encode_cursor"]  # fmt: skip


class QueryMixin:
    """Queries for the web faces; every method is a plain read through the store."""

    @property
    def store(self) -> Store:  # provided by Storyline
        raise NotImplementedError

    def _all(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[Any]:
        return self.store.conn.execute(sql, params).fetchall()

    def _one(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> Any:
        return self._all(sql, params)[0][0]

    # -- documents --------------------------------------------------------------------------

    def document_page(self, flt: DocFilter | None = None, cursor: str | None = None,
                      limit: int = 50, count: bool = True, ranked: list[int] | None = None) -> Page:  # fmt: skip
        """Documents newest first (undated last), or ranked by `flt.q` when searching
        (`ranked`: this search's `search_ranking`, if the caller kept it)."""
        flt = flt or DocFilter()
        if flt.q is not None:
            return self._search_page(flt, cursor, limit, count, ranked)
        where, params = where_docs(flt)
        after = decode_cursor(cursor, str, int)
        if after is None:
            rows = self._doc_rows(where, params, limit + 1)
        elif after[0]:  # a range of the date index (`<=`), then the undated after the dated
            rows = self._doc_rows(f"{where} AND d.published <= ? AND (d.published < ? OR d.seq < ?)",
                                  [*params, after[0], after[0], after[1]], limit + 1)  # fmt: skip
            if len(rows) <= limit:
                undated = f"{where} AND d.published IS NULL"
                rows += self._doc_rows(undated, params, limit + 1 - len(rows))
        else:
            rows = self._doc_rows(f"{where} AND d.published IS NULL AND d.seq < ?",
                                  [*params, after[1]], limit + 1)  # fmt: skip
        last = rows[limit - 1] if len(rows) > limit else None
        nxt = encode_cursor([last["published"] or "", last["seq"]]) if last else None
        items = [_summary(r) for r in rows[:limit]]
        return Page(items, nxt, self.document_count(flt) if count else None)

    def _doc_rows(self, where: str, params: list[Any], n: int) -> list[Any]:
        sql = f"SELECT {_SUMMARY} FROM documents d WHERE 1 {where} ORDER BY d.published DESC, d.seq DESC LIMIT ?"  # fmt: skip
        return self._all(sql, [*params, n])

    def document_count(self, flt: DocFilter | None = None) -> int:
        flt = flt or DocFilter()
        where, params = where_docs(flt)
        if flt.q is None:
            return int(self._one(f"SELECT count(*) FROM documents d WHERE 1 {where}", params))
        match = fts_query(flt.q)
        if match and not where:  # the index alone (every row of it is a document): no join
            return int(self._one(f"SELECT count(*) {_FTS_ONLY}", [match]))
        return int(self._one(f"SELECT count(*) {_FTS} {where}", [match, *params])) if match else 0

    def search_ranking(self, flt: DocFilter, n: int | None = None) -> list[int]:
        """The first `n` matches of `flt.q` in rank order (document seqs). Ranking reads every
        match (15 ms for a word most documents use); one ranking serves each page within it."""
        match = fts_query(flt.q or "")
        return self._ranked(flt, match, 0, RANKED if n is None else n) if match else []

    def _ranked(self, flt: DocFilter, match: str, offset: int, n: int) -> list[int]:
        where, params = where_docs(flt)
        sql = (f"SELECT d.seq {_FTS} {where} ORDER BY bm25(documents_fts), d.seq LIMIT ? OFFSET ?"
               if where else f"SELECT rowid {_FTS_ONLY} ORDER BY rank, rowid LIMIT ? OFFSET ?")  # fmt: skip
        return [r[0] for r in self._all(sql, [match, *params, n, offset])]

    def _search_page(self, flt: DocFilter, cursor: str | None, limit: int, count: bool,
                     ranked: list[int] | None) -> Page:  # fmt: skip
        match = fts_query(flt.q or "")
        offset = max((decode_cursor(cursor, int) or [0])[0], 0)
        if not match:
            return Page([], None, 0)
        if ranked is not None and (offset + limit < len(ranked) or len(ranked) < RANKED):
            seqs = ranked[offset : offset + limit + 1]  # within the ranking the caller kept
        else:
            seqs = self._ranked(flt, match, offset, limit + 1)
        shown = seqs[:limit]
        marks = ",".join("?" * len(shown))
        rows = {
            r["seq"]: r
            for r in self._all(
                f"SELECT {_SUMMARY} FROM documents d WHERE d.seq IN ({marks})", shown
            )
        }
        snippets = dict(self._all(
            "SELECT rowid, snippet(documents_fts, 1, char(2), char(3), ' … ', 16) FROM documents_fts"
            f" WHERE documents_fts MATCH ? AND rowid IN ({marks})", [match, *shown],
        ))  # fmt: skip
        items = [{**_summary(rows[q]), "snippet": snippets.get(q, "")} for q in shown if q in rows]
        nxt = encode_cursor([offset + limit]) if len(seqs) > limit else None
        return Page(items, nxt, self.document_count(flt) if count else None)

    def document_labels(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Title, outlet and date of each id, to label links to copies and originals."""
        sql = f"SELECT id, title, outlet, published FROM documents WHERE id IN ({','.join('?' * len(ids))})"  # fmt: skip
        return {r["id"]: dict(r) for r in self._all(sql, ids)}

    def document_texts(self, ids: list[str]) -> dict[str, str]:
        """The clean text of each id (one query for many evidence sentences)."""
        sql = f"SELECT id, text FROM documents WHERE id IN ({','.join('?' * len(ids))})"
        return {r[0]: r[1] for r in self._all(sql, ids)}

    def document_extractions(self, doc_id: str) -> dict[str, list[dict[str, Any]]]:
        """What `extractions(doc_id)` gives, by kind, with list-style fields (canonical actor
        keys, document title); reads only this document's rows and actor links."""
        rows = self._all(
            "SELECT e.kind, e.doc_id, e.pos, e.data, d.seq, d.title, d.outlet, d.published,"
            " d.duplicate_of FROM extractions e JOIN documents d ON d.id = e.doc_id"
            " WHERE e.doc_id = ? ORDER BY e.kind, e.pos",
            (doc_id,),
        )
        return {kind: self._records(kind, [r for r in rows if r["kind"] == stored])
                for kind, stored in KINDS.items()}  # fmt: skip

    # -- outlets and coverage ---------------------------------------------------------------

    def coverage(self, period: str = "month", originals_only: bool = False) -> dict[str, Any]:
        """Documents per outlet per period (periods without documents are left out)."""
        if period not in PERIODS:
            raise BadQuery(f"unknown period {period!r}; choose one of {', '.join(PERIODS)}")
        where = " AND duplicate_of IS NULL" if originals_only else ""
        rows = self._all(
            "SELECT coalesce(outlet, '(none)'), substr(published, 1, ?), count(*) FROM documents"
            f" WHERE published IS NOT NULL {where} GROUP BY 1, 2",
            (PERIODS[period],),
        )
        undated = self._one(f"SELECT count(*) FROM documents WHERE published IS NULL {where}")
        periods = sorted({r[1] for r in rows})
        index = {p: i for i, p in enumerate(periods)}
        series: dict[str, list[int]] = {}
        for outlet, when, n in rows:
            series.setdefault(outlet, [0] * len(periods))[index[when]] += n
        outlets = sorted(series.items(), key=lambda kv: (-sum(kv[1]), kv[0]))
        return {"period": period, "periods": periods, "undated": undated,
                "outlets": [{"outlet": o, "total": sum(c), "counts": c} for o, c in outlets]}  # fmt: skip

    def outlet_stats(self) -> list[dict[str, Any]]:
        """Per outlet: documents, copies (and whose), dates, languages, extraction counts."""
        rows = self._all(
            "SELECT coalesce(outlet, '(none)') AS outlet, count(*) AS documents,"
            " sum(duplicate_of IS NULL) AS originals, sum(duplicate_of IS NOT NULL) AS copies,"
            " sum(published IS NULL) AS undated, min(published) AS first_published,"
            " max(published) AS last_published, group_concat(DISTINCT language) AS languages"
            " FROM documents GROUP BY 1 ORDER BY 2 DESC, 1"
        )
        counts: dict[str, dict[str, int]] = {}
        for outlet, kind, n in self._all(
            "SELECT coalesce(d.outlet, '(none)'), e.kind, count(*) FROM extractions e"
            " JOIN documents d ON d.id = e.doc_id GROUP BY 1, 2"
        ):
            counts.setdefault(outlet, {})[kind] = n
        sources: dict[str, dict[str, int]] = {}
        for copier, origin, n in self._all(
            "SELECT coalesce(c.outlet, '(none)'), coalesce(o.outlet, '(none)'), count(*)"
            " FROM documents c JOIN documents o ON o.id = c.duplicate_of GROUP BY 1, 2"
        ):
            sources.setdefault(copier, {})[origin] = n
        return [
            {**dict(r), "languages": sorted(filter(None, (r["languages"] or "").split(","))),
             "extractions": counts.get(r["outlet"], {}), "copied_from": sources.get(r["outlet"], {})}
            for r in rows
        ]  # fmt: skip

    def analysis_summary(self) -> dict[str, Any]:
        """How far analysis got: documents analysed, by status, and records by kind."""
        by_status = dict(self._all("SELECT status, count(*) FROM analyses GROUP BY 1"))
        kinds = dict(self._all("SELECT kind, count(*) FROM extractions GROUP BY 1"))
        return {"analysed": sum(by_status.values()), "by_status": by_status, "extractions": kinds,
                "actors": self._one("SELECT count(*) FROM actors")}  # fmt: skip

    # -- extraction records -----------------------------------------------------------------

    def item_page(self, kind: str, flt: ItemFilter | None = None, cursor: str | None = None,
                  limit: int = 50, count: bool = True) -> Page:  # fmt: skip
        """Records of a kind in ingest order, with document fields and canonical `*_key`s."""
        where, params = where_items(kind, flt or ItemFilter())
        after = decode_cursor(cursor, int, int)
        keyset = " AND d.seq >= ? AND (d.seq > ? OR e.pos > ?)" if after else ""  # a rowid range
        rows = self._all(
            "SELECT e.doc_id, e.pos, e.data, d.seq, d.title, d.outlet, d.published, d.duplicate_of"
            f" {_ITEMS} WHERE 1 {where}{keyset} ORDER BY d.seq, e.pos LIMIT ?",
            [KINDS[kind], *params, *([after[0], after[0], after[1]] if after else []), limit + 1],
        )
        last = rows[limit - 1] if len(rows) > limit else None
        nxt = encode_cursor([last["seq"], last["pos"]]) if last else None
        total = self.item_count(kind, flt) if count else None
        return Page(self._records(kind, rows[:limit]), nxt, total)

    def item_count(self, kind: str, flt: ItemFilter | None = None) -> int:
        where, params = where_items(kind, flt or ItemFilter())
        return int(self._one(f"SELECT count(*) {_ITEMS} WHERE 1 {where}", [KINDS[kind], *params]))

    def _records(self, kind: str, rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
        docs = sorted({r["doc_id"] for r in rows})
        links = {
            (d, local): key
            for d, local, key in self._all(
                "SELECT doc_id, local_key, actor_key FROM actor_links"
                f" WHERE doc_id IN ({','.join('?' * len(docs))})",
                docs,
            )
        }
        records = []
        for row in rows:
            data, doc = json.loads(row["data"]), row["doc_id"]
            item = {"id": f"{KINDS[kind][0]}-{doc}-{row['pos']}", "doc": doc, **data,
                    "doc_title": row["title"], "outlet": row["outlet"],
                    "published": row["published"], "duplicate_of": row["duplicate_of"]}  # fmt: skip
            for field in ("actor", "recipient", "speaker_actor"):
                if isinstance(local := data.get(field), str) and local:
                    own = local if kind == "mentions" else None  # a mention's key is its actor's
                    item[f"{field}_key"] = links.get((doc, local), own)
            canonical = {"mentions": "actor", "quotes": "speaker_actor"}.get(kind)
            if canonical:  # as `mentions()` and `quotes()` give them
                item[canonical] = item.get(f"{canonical}_key") or data.get(canonical)
            records.append(item)
        return records

    def figure_categories(self) -> list[str]:
        sql = "SELECT DISTINCT json_extract(data, '$.category') FROM extractions WHERE kind = 'figure'"
        return sorted(str(r[0]) for r in self._all(sql) if r[0] is not None)

    # -- actors -----------------------------------------------------------------------------

    def actor_page(self, type_: str | None = None, q: str | None = None,
                   cursor: str | None = None, limit: int = 50) -> Page:  # fmt: skip
        """Canonical actors, most mentioned first; `q` matches the name or an alias."""
        offset = max((decode_cursor(cursor, int) or [0])[0], 0)
        needle = (q or "").lower()
        found = [a for a in self._actor_rows() if type_ in (None, a["type"])
                 and needle in " ".join([a["name"], *a["aliases"]]).lower()]  # fmt: skip
        found.sort(key=lambda a: (-a["mentions"], a["name"]))
        nxt = encode_cursor([offset + limit]) if offset + limit < len(found) else None
        return Page(found[offset : offset + limit], nxt, len(found))

    def _actor_rows(self) -> list[dict[str, Any]]:
        counts = dict(self._all(
            "SELECT l.actor_key, count(*) FROM actor_links l CROSS JOIN extractions e"
            " ON e.doc_id = l.doc_id AND e.kind = 'mention'"
            " WHERE json_extract(e.data, '$.actor') = l.local_key GROUP BY 1"
        ))  # fmt: skip
        return [
            {"id": key, "name": name, "type": kind, "aliases": _list(aliases),
             "roles": _list(roles), "mentions": counts.get(key, 0)}
            for key, name, kind, aliases, roles in self._all("SELECT key, name, type, aliases, roles FROM actors")
        ]  # fmt: skip

    def actor_profile(self, key: str, limit: int = 50) -> dict[str, Any] | None:
        """An actor's aliases, roles by date, and (the first `limit` of) documents, events, quotes."""
        row = self.store.conn.execute("SELECT * FROM actors WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        docs = self._all(
            "SELECT d.id, d.title, d.outlet, d.published, count(*) AS mentions FROM actor_links l"
            " CROSS JOIN extractions e ON e.doc_id = l.doc_id AND e.kind = 'mention'"
            " AND json_extract(e.data, '$.actor') = l.local_key JOIN documents d ON d.id = l.doc_id"
            " WHERE l.actor_key = ? GROUP BY d.id ORDER BY d.published IS NULL, d.published, d.seq",
            (key,),
        )
        by_actor = ItemFilter(actor=key)
        return {"id": key, "name": row["name"], "type": row["type"],
                "aliases": _list(row["aliases"]), "roles": sorted(_list(row["roles"]), key=_as_of),
                "mentions": sum(d["mentions"] for d in docs), "documents": [dict(d) for d in docs[:limit]],
                "events": self.item_page("events", by_actor, limit=limit, count=False).items,
                "quotes": self.item_page("quotes", by_actor, limit=limit, count=False).items}  # fmt: skip

    # -- stories (built by a later stage) ---------------------------------------------------

    def story_page(self, cursor: str | None = None, limit: int = 50) -> Page:
        """Stories with their coverage (none until the story stage exists)."""
        decode_cursor(cursor, int)
        return Page([], None, 0)

    def story(self, story_id: str) -> dict[str, Any] | None:  # with "timeline": [events]
        return None


_FTS = "FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid WHERE documents_fts MATCH ?"  # fmt: skip
_FTS_ONLY = "FROM documents_fts WHERE documents_fts MATCH ?"


def _summary(row: sqlite3.Row) -> dict[str, Any]:
    return {key: row[key] for key in row.keys() if key != "seq"}  # noqa: SIM118 (a Row, not a dict)


def _list(value: str | None) -> list[Any]:
    return loaded if isinstance(loaded := json.loads(value or "[]"), list) else []


def _as_of(role: Any) -> tuple[bool, str]:  # roles by date, undated last
    return (when := role.get("as_of") if isinstance(role, dict) else None) is None, str(when or "")
