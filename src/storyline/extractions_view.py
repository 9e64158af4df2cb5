"""Extraction results shaped for people and files: filters, canonical actor keys, export rows.

Reads go through the store; nothing here writes. The export field names are a contract.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from storyline.store.sqlite import Store

EXPORT_FIELDS = {
    "events": ("id", "doc", "type", "subtype", "plover_type", "plover_mode", "actor", "recipient",
               "location", "date", "date_text", "date_granularity", "status", "attributed_to",
               "negated", "evidence"),
    "figures": ("id", "doc", "value", "low", "high", "qualifier", "kind", "counted", "category",
                "unit", "as_of", "attributed_to", "status", "evidence"),
    "quotes": ("id", "doc", "speaker", "speaker_actor", "text", "kind", "cue", "addressee", "evidence"),
    "mentions": ("doc", "actor", "start", "end", "text", "label"),
}  # fmt: skip


STORED_KIND = {
    "mentions": "mention", "timexes": "timex", "events": "event", "figures": "figure",
    "quotes": "quote", "actors": "actor",
}  # fmt: skip


def actor_links(store: Store, doc_id: str | None = None) -> dict[tuple[str, str], str]:
    sql, params = "SELECT doc_id, local_key, actor_key FROM actor_links", tuple[str, ...]()
    if doc_id:
        sql, params = sql + " WHERE doc_id = ?", (doc_id,)
    return {(doc, local): key for doc, local, key in store.conn.execute(sql, params)}


def actors(store: Store) -> list[dict[str, Any]]:
    counts = dict(
        store.conn.execute(
            "SELECT l.actor_key, count(*) FROM extractions e JOIN actor_links l"
            " ON l.doc_id = e.doc_id AND l.local_key = json_extract(e.data, '$.actor')"
            " WHERE e.kind = 'mention' GROUP BY 1"
        ).fetchall()
    )
    rows = store.conn.execute("SELECT key, name, type, aliases, roles FROM actors ORDER BY name")
    return [
        {"id": key, "name": name, "type": kind, "aliases": json.loads(aliases),
         "roles": json.loads(roles), "mentions": counts.get(key, 0)}
        for key, name, kind, aliases, roles in rows
    ]  # fmt: skip


def _canonical(links: dict[tuple[str, str], str], doc: str, local: str | None) -> str | None:
    return links.get((doc, local), local) if local else None


def items(store: Store, kind: str, doc_id: str | None = None,
          links: dict[tuple[str, str], str] | None = None) -> Iterator[dict[str, Any]]:  # fmt: skip
    """Records of a kind with actor keys made canonical (a mention's actor, a quote's speaker).
    Pass `links` when calling for several kinds, so the link table is read once."""
    links = actor_links(store, doc_id) if links is None else links
    for item in store.extraction_items(STORED_KIND[kind], doc_id):
        doc = item["doc"]
        if "actor" in item and kind == "mentions":
            item["actor"] = _canonical(links, doc, item["actor"])
        if item.get("speaker_actor"):
            item["speaker_actor"] = _canonical(links, doc, item["speaker_actor"])
        yield item


def events(store: Store, type_: str | None = None, actor: str | None = None,
           date_from: str | None = None, date_to: str | None = None) -> list[dict[str, Any]]:  # fmt: skip
    found = []
    for event in items(store, "events"):
        if type_ and type_ not in (
            event.get("type"),
            event.get("plover_type"),
            event.get("subtype"),
        ):
            continue
        if actor and actor.lower() not in f"{event.get('actor')} {event.get('recipient')}".lower():
            continue
        date = (event.get("date") or "")[:10]
        if (date_from and (not date or date < date_from)) or (
            date_to and (not date or date > date_to)
        ):
            continue
        found.append(event)
    return found


def export_row(kind: str, item: dict[str, Any]) -> dict[str, Any]:
    return {key: item.get(key) for key in EXPORT_FIELDS[kind]}


PLOVER_FIELDS = {
    "id": "event_id", "date": "event_date", "type": "storyline_type", "plover_type": "event_type",
    "plover_mode": "event_mode", "actor": "source_actor", "recipient": "target_actor",
    "location": "location", "status": "event_status", "negated": "negated", "doc": "story_id",
}  # fmt: skip


def plover_row(item: dict[str, Any]) -> dict[str, Any]:
    """An event in PLOVER/POLECAT field names (event_type, event_mode, source/target actor)."""
    row = {target: item.get(source) for source, target in PLOVER_FIELDS.items()}
    evidence = item.get("evidence") or {}
    row["event_text"] = evidence.get("text")
    row["date_text"] = item.get("date_text")
    return row
