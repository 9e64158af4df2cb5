"""`storyline eval`: our extraction and dating beside published scores of other tools."""

from __future__ import annotations

import json

import typer
from rich.console import Console

from storyline.cli.common import EXIT_USAGE, Opts, app, err, fail, out


@app.command("eval")
def evaluate(
    task: str = typer.Option("all", "--task", help="extraction, dates or all."),
    limit: int = typer.Option(
        None, "--limit", min=1, help="Only the first N items of each dataset."
    ),
) -> None:
    """Score main-text extraction and publication dates on public benchmarks (../shared/benchmarks)."""
    from storyline.eval.report import print_tables, run_eval, tables_to_json

    if task not in ("all", "extraction", "dates"):
        raise fail(f"unknown task {task!r}; choose extraction, dates or all", EXIT_USAGE)
    try:
        tables = run_eval(task, limit=limit)
    except FileNotFoundError as exc:
        raise fail(f"benchmark data not found: {exc}", EXIT_USAGE) from None
    if Opts.json:
        out.print_json(json.dumps(tables_to_json(tables)))
    else:
        # Tables are wide; when piped (CI logs, files) do not squeeze them into 80 columns.
        wide = out if out.is_terminal else Console(width=200, soft_wrap=True)
        print_tables(tables, wide)
        err.print("scores: ours measured in this run; others as published (see SOURCE.md).")
