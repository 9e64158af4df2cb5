"""Shared CLI plumbing: the Typer app, global options, consoles, progress and exit codes.

Exit codes: 0 success; 1 some inputs failed (the rest were stored); 2 usage error;
3 the requested document or data does not exist; 4 the database cannot be opened or written;
5 internal error (a bug); 130 interrupted (Ctrl-C; stored batches are kept).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from storyline import __version__
from storyline.errors import StoreError
from storyline.service import DEFAULT_DB, Storyline
from storyline.types import InputError

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_USAGE, EXIT_NOT_FOUND, EXIT_STORE, EXIT_INTERNAL = 0, 1, 2, 3, 4, 5

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)  # one error, one line, however long


class Opts:
    db: Path = Path(DEFAULT_DB)
    quiet: bool = False
    json: bool = False


def _version(value: bool) -> None:
    if value:
        out.print(f"storyline {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    db: Path = typer.Option(
        Path(DEFAULT_DB), "--db", envvar="STORYLINE_DB", help="SQLite database file."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars or summaries."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable JSON on stdout."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True),
) -> None:
    """Storyline: raw news articles in, a sourced, structured record out.

    Exit codes: 0 ok, 1 some inputs failed, 2 usage error, 3 not found, 4 database error,
    5 internal error, 130 interrupted.
    """
    Opts.db, Opts.quiet, Opts.json = db, quiet, as_json


@contextmanager
def service(readonly: bool = False) -> Iterator[Storyline]:
    try:
        if readonly and not Opts.db.exists():
            raise StoreError(f"{Opts.db}: no database here (run `storyline run PATH` first)")
        with Storyline(Opts.db, readonly=readonly) as sl:
            yield sl
    except StoreError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        raise typer.Exit(EXIT_STORE) from None


class RateColumn(ProgressColumn):
    """Items per second, so a long run shows its pace beside the ETA."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f}/s" if speed else "–/s", style="progress.data.speed")


@contextmanager
def progress(label: str, total: int | None) -> Iterator[Callable[[int], None]]:
    if Opts.quiet or Opts.json:
        yield lambda n: None
        return
    columns = (
        TextColumn(label), BarColumn(), MofNCompleteColumn(), RateColumn(),
        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
    )  # fmt: skip
    with Progress(*columns, console=err, transient=not err.is_terminal) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def print_error(error: InputError) -> None:
    if not Opts.json:
        err.print(f"{error.level}: {error.source}: {error.problem}", markup=False, highlight=False)


def fail(message: str, code: int) -> typer.Exit:
    err.print(f"error: {message}", markup=False, highlight=False)
    return typer.Exit(code)
