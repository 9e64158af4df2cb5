"""`storyline eval`: our figures beside published scores of other tools, on public benchmarks."""

from __future__ import annotations

import importlib
import json

import typer
from rich.console import Console

from storyline.cli.common import EXIT_USAGE, Opts, app, err, fail, out

#: Extraction tasks live in their own modules, each exposing run_task(limit) -> list[EvalTable].
EXTRA_TASKS = {
    "time": "storyline.eval.timeml",
    "events": "storyline.eval.plover",
    "figures": "storyline.eval.newsquant",
    "quotes": "storyline.eval.quotes",
    "cluster": "storyline.eval.ecbplus",
}
TASK_NAMES = ("all", "extraction", "dates", *EXTRA_TASKS)


@app.command("eval")
def evaluate(
    task: str = typer.Option(
        "all",
        "--task",
        help="extraction, dates, all (both), time, events, figures, quotes or cluster.",
    ),
    limit: int = typer.Option(
        None, "--limit", min=1, help="Only the first N items of each dataset."
    ),
) -> None:
    """Score our extraction on public benchmarks (../shared/benchmarks) beside published scores."""
    from storyline.eval.report import print_tables, run_eval, tables_to_json

    if task not in TASK_NAMES:
        raise fail(f"unknown task {task!r}; choose one of {', '.join(TASK_NAMES)}", EXIT_USAGE)
    try:
        if task in EXTRA_TASKS:
            tables = importlib.import_module(EXTRA_TASKS[task]).run_task(limit=limit)
        else:
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
