"""Commands that read: stats, show, search, errors, export."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from storyline.cli.common import EXIT_NOT_FOUND, EXIT_USAGE, Opts, app, fail, out, progress, service
from storyline.service import EXPORT_FORMATS as FORMATS


def _json(data: object) -> None:
    out.print_json(json.dumps(data, ensure_ascii=False, default=str))


@app.command()
def stats() -> None:
    """Counts: documents, duplicates, undated, outlets, languages, removed-line reasons."""
    with service(readonly=True) as sl:
        data = sl.stats()
    if Opts.json:
        _json(data)
        return
    table = Table(title=f"{Opts.db}", show_header=False)
    for key, value in data.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items())
        table.add_row(key, escape(str(value)))
    out.print(table)


@app.command()
def show(
    doc: str = typer.Argument(..., help="Document id (or unique prefix), source path or URL."),
    removed: bool = typer.Option(
        False, "--removed", help="List every removed line with its reason."
    ),
    raw: bool = typer.Option(False, "--raw", help="Print the raw input as stored."),
) -> None:
    """Show one document: metadata, clean text, and optionally the removed lines."""
    with service(readonly=True) as sl:
        found = sl.document(doc)
        if found is None:
            raise fail(f"no document matches {doc!r}", EXIT_NOT_FOUND)
        copies = sl.copies(found.id)
        raw_bytes = sl.raw(found.id) if raw else None
        extracted = sl.extractions(found.id)
    if Opts.json:
        _json({**found.to_export(), "copies": [{"id": c, "similarity": s} for c, s in copies],
               "extractions": extracted})  # fmt: skip
        return
    if raw_bytes is not None:
        out.print(raw_bytes.decode("utf-8", "replace"), markup=False, highlight=False)
        return
    _print_document(found, copies, removed, extracted)


#: How `show` marks each kind of extraction in the text (and the legend it prints).
HIGHLIGHTS = {
    "quotes": "italic magenta",
    "mentions": "bold cyan",
    "timexes": "green",
    "figures": "bold yellow",
}


def _highlighted_text(text: str, extracted: dict[str, list[dict[str, Any]]]) -> Text:
    rich_text = Text(text)
    for kind, style in HIGHLIGHTS.items():
        for item in extracted.get(kind, []):
            span = item if "start" in item else item.get("evidence") or {}
            if 0 <= span.get("start", -1) < span.get("end", -1) <= len(text):
                rich_text.stylize(style, span["start"], span["end"])
    return rich_text


def _print_document(found: object, copies: list[tuple[str, float]], removed: bool,
                    extracted: dict[str, list[dict[str, Any]]]) -> None:  # fmt: skip
    data = found.to_export()  # type: ignore[attr-defined]
    meta = Table(show_header=False, box=None)
    for key in ("id", "title", "outlet", "author", "url", "source", "language", "published"):
        meta.add_row(key, escape(str(data[key])))
    meta.add_row(
        "published from", f"{data['published_source']} (confidence {data['published_confidence']})"
    )
    if data["duplicate_of"]:
        meta.add_row("copy of", f"{data['duplicate_of']} (similarity {data['similarity']})")
    for copy_id, sim in copies:
        meta.add_row("copied by", f"{copy_id} (similarity {sim})")
    out.print(meta)
    counts = ", ".join(f"{len(v)} {k}" for k, v in extracted.items())
    legend = "  ".join(f"[{style}]{kind}[/]" for kind, style in HIGHLIGHTS.items())
    out.rule(f"text ({counts})" if counts else "text")
    if any(extracted.values()):
        out.print(legend)
    out.print(_highlighted_text(data["text"], extracted))
    for event in extracted.get("events", []):
        out.print(f"event {event.get('type')} [{event.get('status')}] {event.get('date') or ''}: "
                  f"{(event.get('evidence') or {}).get('text', '')}", markup=False, highlight=False)  # fmt: skip
    if removed:
        out.rule(f"removed lines ({len(data['removed'])})")
        table = Table("reason", "line")
        for item in data["removed"]:
            table.add_row(item["reason"], escape(item["line"]))
        out.print(table)


@app.command()
def search(
    query: str = typer.Argument(..., help='Words (all must match) or "quoted phrases".'),
    limit: int = typer.Option(20, "--limit", "-n", min=1, max=1000),
) -> None:
    """Full-text search over titles and clean text."""
    with service(readonly=True) as sl:
        hits = sl.search(query, limit)
    if Opts.json:
        _json([hit.__dict__ for hit in hits])
        return
    table = Table("id", "published", "outlet", "title", "snippet")
    for hit in hits:
        table.add_row(hit.id[:12], hit.published or "", Text(hit.outlet or ""), Text(hit.title or ""),
                      _highlighted(hit.snippet))  # fmt: skip
    out.print(table if hits else f"no document matches {query!r}")


def _highlighted(snippet: str) -> Text:
    """The store marks matches with \x02...\x03; show them bold, the rest as literal text."""
    text = Text()
    for i, part in enumerate(re.split(r"[\x02\x03]", snippet)):
        text.append(part, style="bold" if i % 2 else "")
    return text


@app.command()
def errors() -> None:
    """Inputs that failed (or were stored with a warning), with the problem."""
    with service(readonly=True) as sl:
        rows = sl.errors()
    if Opts.json:
        _json(rows)
        return
    table = Table("level", "source", "problem", "last seen")
    for row in rows:
        table.add_row(row["level"], escape(row["source"]), escape(row["problem"]), row["last_seen"])
    out.print(table if rows else "no errors recorded")


@app.command()
def export(
    fmt: str = typer.Option("jsonl", "--format", "-f", help=f"One of: {', '.join(FORMATS)}."),
    out_dir: Path = typer.Option(Path("export"), "--out", "-o", help="Directory to write into."),
) -> None:
    """Write documents.<format> (the export contract) into --out."""
    if fmt not in FORMATS:
        raise fail(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}", EXIT_USAGE)
    with service(readonly=True) as sl:
        total = int(sl.stats()["documents"])  # type: ignore[call-overload]
        with progress("export", total) as advance:
            path, count = sl.export(out_dir, fmt, advance)
    if Opts.json:
        _json({"path": str(path), "documents": count})
    elif not Opts.quiet:
        out.print(f"wrote {count} documents to {path}", markup=False, highlight=False)
