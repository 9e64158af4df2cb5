"""Commands over extraction results: actors, events, figures, quotes (all with --json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from storyline.cli.common import EXIT_NOT_FOUND, Opts, app, fail, out, service


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
    series: bool = typer.Option(False, "--series", help="Linked series, each point's kind."),
    story: str = typer.Option(None, "--story", help="With --series: one story's series."),
    chart: Path = typer.Option(None, "--chart", help="With --series: one SVG per series here."),
    limit: int = typer.Option(0, "--limit", "-n", min=0, help="With --series: at most N."),
) -> None:
    """Numeric claims with value, qualifier, counted thing, category and source; with
    --series, the same count across reports (first, same, update, revision, contradiction,
    rounding)."""
    if series or chart:
        return _series(category, story, chart, limit)
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


def _series(category: str | None, story: str | None, chart: Path | None, limit: int) -> None:
    with service(readonly=True) as sl:
        found = sl.figure_series(story)
        if found is None:
            raise fail(f"no story {story!r} (unknown or ambiguous id)", EXIT_NOT_FOUND)
        found = [s for s in found if category in (None, s["category"])][: limit or None]
        charts = sl.series_charts(found) if chart else {}
    for series_id, svg in charts.items():
        chart.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
        (chart / f"{series_id}.svg").write_text(svg, encoding="utf-8")  # type: ignore[operator]
    if Opts.json:
        out.print_json(json.dumps(found, ensure_ascii=False, default=str))
        return
    for item in found:
        table = Table("as of", "value", "qualifier", "kind", "outlet", "according to",
                      title=f"{item['label']}  [{item['id']}]")  # fmt: skip
        for p in item["points"]:
            cells = [p["as_of"], f"{p['value']:,.0f}", p["qualifier"], p["kind"], p["outlet"],
                     p["attributed_to"]]  # fmt: skip
            table.add_row(*[Text("" if c is None else str(c)) for c in cells])
        out.print(table)
    if chart:
        out.print(f"{len(charts)} charts written to {chart}", markup=False, highlight=False)
