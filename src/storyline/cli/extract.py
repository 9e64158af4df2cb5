"""Commands over extraction results: actors, events, figures, quotes (all with --json)."""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from storyline.cli.common import Opts, app, out, service


def _emit(rows: list[dict[str, Any]], columns: list[tuple[str, str]], title: str) -> None:
    rows = [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows]
    if Opts.json:
        out.print_json(json.dumps(rows, ensure_ascii=False, default=str))
        return
    table = Table(*[label for label, _ in columns], title=f"{title} ({len(rows)})")
    for row in rows:
        table.add_row(*[Text(_cell(row, key)) for _, key in columns])
    out.print(table)


def _cell(row: dict[str, Any], key: str) -> str:
    value: Any = row
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, list):
        return ", ".join(v if isinstance(v, str) else v.get("role", str(v)) for v in value)
    return "" if value is None else str(value)


@app.command()
def actors(
    type_: str = typer.Option(None, "--type", help="person, government, state, ..."),
) -> None:
    """Canonical actors across documents, with aliases, roles and mention counts."""
    with service(readonly=True) as sl:
        rows = [a for a in sl.actors() if type_ in (None, a["type"])]
    rows.sort(key=lambda a: -int(a["mentions"]))
    cols = [
        ("actor", "name"),
        ("type", "type"),
        ("mentions", "mentions"),
        ("aliases", "aliases"),
        ("roles", "roles"),
    ]
    _emit(rows, cols, "actors")


@app.command()
def events(
    type_: str = typer.Option(None, "--type", help="Domain type, subtype or PLOVER type."),
    actor: str = typer.Option(None, "--actor", help="Part of the source or target actor."),
    date_from: str = typer.Option(None, "--from", help="YYYY-MM-DD"),
    date_to: str = typer.Option(None, "--to", help="YYYY-MM-DD"),
) -> None:
    """Events with type, status, actors and date, each with its evidence sentence."""
    with service(readonly=True) as sl:
        rows = sl.events(type_, actor, date_from, date_to)
    cols = [("date", "date"), ("type", "type"), ("plover", "plover_type"), ("status", "status"),
            ("actor", "actor"), ("recipient", "recipient"), ("evidence", "evidence.text")]  # fmt: skip
    _emit(rows, cols, "events")


@app.command()
def figures(
    category: str = typer.Option(None, "--category", help="killed, hostages_held, ..."),
) -> None:
    """Numeric claims with value, qualifier, counted thing, category and source."""
    with service(readonly=True) as sl:
        rows = sl.figures(category)
    cols = [("value", "value"), ("qualifier", "qualifier"), ("counted", "counted"), ("category", "category"),
            ("as of", "as_of"), ("according to", "attributed_to"), ("evidence", "evidence.text")]  # fmt: skip
    _emit(rows, cols, "figures")


@app.command()
def quotes(
    speaker: str = typer.Option(None, "--speaker", help="Part of the speaker's name."),
) -> None:
    """Direct and indirect quotes with their speakers."""
    with service(readonly=True) as sl:
        rows = sl.quotes(speaker)
    cols = [("speaker", "speaker"), ("kind", "kind"), ("cue", "cue"), ("quote", "text")]
    _emit(rows, cols, "quotes")
