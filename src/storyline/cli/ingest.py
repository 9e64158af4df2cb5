"""Commands that write: run, ingest, fetch."""

from __future__ import annotations

import json

import typer

from storyline.cli.common import (
    EXIT_INPUT_ERRORS,
    EXIT_USAGE,
    Opts,
    app,
    fail,
    out,
    print_error,
    progress,
    service,
)
from storyline.errors import SourceError
from storyline.service import count_inputs
from storyline.types import IngestReport

PATHS = typer.Argument(..., help="Files, directories, glob patterns, or - for stdin.")
WORKERS = typer.Option(1, "--workers", "-w", min=1, help="Parser processes.")


def _finish(report: IngestReport, verb: str) -> None:
    if Opts.json:
        out.print_json(json.dumps({"db": str(Opts.db), **report.as_dict()}))
    elif not Opts.quiet:
        out.print(
            f"{verb}: {report.seen} records, {report.added} added, {report.skipped} already stored,"
            f" {report.duplicates} duplicates linked, {report.failed} failed -> {Opts.db}",
            markup=False,
            highlight=False,
        )
    if report.failed:
        raise typer.Exit(EXIT_INPUT_ERRORS)


def _ingest(paths: list[str], workers: int, verb: str) -> None:
    total = count_inputs(paths) if "-" not in paths else None
    with service() as sl, progress(verb, total) as advance:
        report = sl.run(paths, workers=workers, progress=advance, on_error=print_error)
    _finish(report, verb)


@app.command()
def run(paths: list[str] = PATHS, workers: int = WORKERS) -> None:
    """Ingest PATHS and run every analysis stage that exists."""
    _ingest(paths, workers, "run")


@app.command()
def ingest(paths: list[str] = PATHS, workers: int = WORKERS) -> None:
    """Read, clean, date and deduplicate articles into the database."""
    _ingest(paths, workers, "ingest")


@app.command()
def fetch(
    urls: list[str] = typer.Argument(None, help="Page URLs to download."),
    feed: str = typer.Option(None, "--feed", help="An RSS/Atom feed whose entries to download."),
    interval: float = typer.Option(
        1.0, "--interval", min=0.0, help="Seconds between requests to one host."
    ),
    timeout: float = typer.Option(15.0, "--timeout", min=0.1, help="Seconds per request."),
    ignore_robots: bool = typer.Option(False, "--ignore-robots", help="Do not honour robots.txt."),
) -> None:
    """Download pages politely (robots.txt, rate limit, timeouts), store their raw HTML, ingest them."""
    if not urls and not feed:
        raise fail("give at least one URL or --feed URL", EXIT_USAGE)
    with service() as sl, progress("fetch", len(urls or []) or None) as advance:
        try:
            report = sl.fetch(urls or [], feed=feed, progress=advance, on_error=print_error,
                              min_interval_s=interval, timeout_s=timeout,
                              respect_robots=not ignore_robots)  # fmt: skip
        except SourceError as exc:
            raise fail(str(exc), EXIT_INPUT_ERRORS) from None
    _finish(report, "fetch")
