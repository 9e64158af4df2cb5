"""Commands that write: run, ingest, fetch."""

from __future__ import annotations

import json
from pathlib import Path

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
from storyline.cli.engine import ADDRESS, ENGINE, OUT, run_on_engine
from storyline.errors import SourceError, StorylineError
from storyline.service import AnalysisReport, AnalysisSettings, count_inputs
from storyline.types import IngestReport

PATHS = typer.Argument(..., help="Files, directories, glob patterns, or - for stdin.")
WORKERS = typer.Option(1, "--workers", "-w", min=1, help="Parser processes.")


def _finish(report: IngestReport, verb: str, extra: dict[str, object] | None = None) -> None:
    if Opts.json:
        out.print_json(json.dumps({"db": str(Opts.db), **report.as_dict(), **(extra or {})}))
    elif not Opts.quiet:
        out.print(
            f"{verb}: {report.seen} records, {report.added} added, {report.skipped} already stored,"
            f" {report.duplicates} duplicates linked, {report.failed} failed -> {Opts.db}",
            markup=False,
            highlight=False,
        )
    if report.failed:
        raise typer.Exit(EXIT_INPUT_ERRORS)


def _ingest(paths: list[str], workers: int, verb: str) -> IngestReport:
    total = count_inputs(paths) if "-" not in paths else None
    with service() as sl, progress(verb, total) as advance:
        return sl.ingest(paths, workers=workers, progress=advance, on_error=print_error)


def _analyze(settings: AnalysisSettings) -> AnalysisReport:
    with service() as sl:
        total = sl.pending_analysis(settings)
        with progress("analyze", total) as advance:
            try:
                return sl.analyze(settings, advance)
            except StorylineError as exc:
                raise fail(str(exc), EXIT_USAGE) from None


def _print_analysis(report: AnalysisReport) -> None:
    if Opts.json or Opts.quiet:
        return
    plural = {"timex": "time expressions", "quote": "quotes", "mention": "actor mentions",
              "actor": "document actors", "event": "events", "figure": "figures"}  # fmt: skip
    found = (
        ", ".join(f"{n} {plural.get(k, k)}" for k, n in sorted(report.items.items()))
        or "nothing new"
    )
    status = ", ".join(f"{n} {s}" for s, n in sorted(report.by_status.items()))
    out.print(f"analyze: {report.analysed} documents ({status or 'all current'}): {found}",
              markup=False, highlight=False)  # fmt: skip


@app.command()
def run(
    paths: list[str] = PATHS,
    workers: int = WORKERS,
    no_stories: bool = typer.Option(False, "--no-stories", help="Stop after extraction."),
    engine: str = ENGINE,
    address: str = ADDRESS,
    out_dir: Path = OUT,
) -> None:
    """Ingest PATHS and run every analysis stage (extraction, then stories), on this machine's
    processes or on a Ray cluster (--engine ray)."""
    extra: dict[str, object] = {}
    if engine or address or out_dir:
        report, analysis, extra["engine"] = run_on_engine(paths, engine, workers, address, out_dir)
        no_stories = no_stories or out_dir is not None  # shards: stories come after `load`
    else:
        report = _ingest(paths, workers, "run")
        analysis = _analyze(AnalysisSettings(workers=workers))
    _print_analysis(analysis)
    extra["analysis"] = analysis.as_dict()
    if not no_stories:
        extra["stories"] = _stories(workers)
    _finish(report, "ingest", extra)


def _stories(workers: int = 1) -> dict[str, object]:
    with service() as sl, progress("stories", sl.pending_stories() or None) as advance:
        found = sl.build_stories(advance, workers=workers)
    if not (Opts.json or Opts.quiet):
        out.print(
            f"stories: {found['documents_added']} documents placed, {found['dated']} dated from"
            f" content; {found['stories']} stories, {found['story_events']} story events,"
            f" {found['series']} figure series",
            markup=False,
            highlight=False,
        )
    return found


@app.command()
def ingest(paths: list[str] = PATHS, workers: int = WORKERS) -> None:
    """Read, clean, date and deduplicate articles into the database."""
    _finish(_ingest(paths, workers, "ingest"), "ingest")


@app.command()
def analyze(
    force: bool = typer.Option(False, "--force", help="Re-analyse every document, current or not."),
    workers: int = WORKERS,
    model: str = typer.Option(None, "--model", help="spaCy model (default: nlp/pipeline.toml)."),
    pack: str = typer.Option(None, "--pack", help="Domain pack name or folder."),
) -> None:
    """Extract actors, time, events, figures and quotes from documents not yet analysed by the
    current pipeline version (after a pack or model change, or with --force, all of them)."""
    report = _analyze(AnalysisSettings(model=model, pack=pack, workers=workers, force=force))
    if Opts.json:
        out.print_json(json.dumps(report.as_dict()))
    _print_analysis(report)


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
