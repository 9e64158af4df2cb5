"""Filters, cursors and WHERE clauses of the read lists (documents and extraction records)
that the service's query methods (`service_queries.py`) page through. Parameterised SQL only:
values always travel as parameters, never in the SQL text."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

#: Extraction kinds as the API names them -> as the store names them.
KINDS = {"events": "event", "figures": "figure", "quotes": "quote", "mentions": "mention",
         "timexes": "timex"}  # fmt: skip
_J = "json_extract(e.data, '$.{}')"
_TYPES = ", ".join(_J.format(f) for f in ("type", "plover_type", "subtype"))
_LINKED = "(SELECT local_key FROM actor_links l WHERE l.doc_id = e.doc_id AND l.actor_key = ?)"


class BadQuery(ValueError):
    """A parameter the store cannot use (a cursor from another listing); the message says."""


@dataclass(frozen=True)
class DocFilter:
    outlet: str | None = None  # "(none)" selects documents without an outlet
    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None
    language: str | None = None
    q: str | None = None  # full-text search; results come ranked instead of newest first
    originals_only: bool = False


@dataclass(frozen=True)
class ItemFilter:
    """Filters for extraction records; each kind uses the ones that make sense for it."""

    doc: str | None = None
    outlet: str | None = None
    type: str | None = None  # events: domain type, subtype or PLOVER type
    actor: str | None = None  # canonical actor key, or part of the name as written
    category: str | None = None  # figures
    q: str | None = None  # quotes: part of the text or the speaker
    date_from: str | None = None  # events: on the event date
    date_to: str | None = None


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    next: str | None = None
    total: int | None = None


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, *types: type) -> list[Any] | None:
    if not cursor:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or [type(v) for v in values] != list(types):
        raise BadQuery("invalid cursor: pass the `next` value of the previous page unchanged")
    return values


def where_docs(flt: DocFilter) -> tuple[str, list[Any]]:
    sql, params = "", list[Any]()
    for column, value in (("outlet", flt.outlet), ("language", flt.language)):
        if value == "(none)":
            sql += f" AND d.{column} IS NULL"
        elif value:  # an outlet's documents by date: one range of documents_outlet_published
            sql, params = sql + f" AND d.{column} = ?", [*params, value]
    if flt.date_from:
        sql, params = sql + " AND d.published >= ?", [*params, flt.date_from]
    if flt.date_to:
        sql, params = sql + " AND d.published <= ?", [*params, flt.date_to]
    if flt.originals_only:  # `+`: most documents are originals, so walk the date index instead
        sql += " AND +d.duplicate_of IS NULL"
    return sql, params


def where_items(kind: str, flt: ItemFilter) -> tuple[str, list[Any]]:
    if kind not in KINDS:
        raise BadQuery(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    clauses: list[tuple[str, tuple[Any, ...]]] = []
    if flt.doc:
        clauses.append(("d.id = ?", (flt.doc,)))
    if flt.outlet:
        none = flt.outlet == "(none)"
        clauses.append(("d.outlet IS NULL", ()) if none else ("d.outlet = ?", (flt.outlet,)))
    if flt.type and kind == "events":
        clauses.append((f"? IN ({_TYPES})", (flt.type,)))
    if flt.category and kind == "figures":
        clauses.append((f"{_J.format('category')} = ?", (flt.category,)))
    fields = {"events": ("actor", "recipient"), "quotes": ("speaker_actor", "speaker"),
              "mentions": ("actor", "text")}.get(kind)  # fmt: skip
    if flt.actor and fields:
        text = " || ' ' || ".join(f"coalesce({_J.format(f)}, '')" for f in fields)
        linked = f"{_J.format(fields[0])} IN {_LINKED}"
        clauses.append((f"({linked} OR instr(lower({text}), lower(?)) > 0)", (flt.actor,) * 2))
    if flt.q and kind == "quotes":
        text = f"coalesce({_J.format('text')}, '') || ' ' || coalesce({_J.format('speaker')}, '')"
        clauses.append((f"instr(lower({text}), lower(?)) > 0", (flt.q,)))
    for value, op in ((flt.date_from, ">="), (flt.date_to, "<=")):
        if value and kind == "events":
            clauses.append((f"substr({_J.format('date')}, 1, 10) {op} ?", (value,)))
    return "".join(f" AND {c}" for c, _ in clauses), [v for _, values in clauses for v in values]
