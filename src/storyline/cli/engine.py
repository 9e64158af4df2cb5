"""`storyline run --engine local|ray` and `storyline load`: the scale-out faces.

`run` without --engine/--address/--out keeps the staged path (ingest, then analyse); with them,
the engine runs parse, analysis and embedding per batch on local processes or Ray actors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from storyline.cli.common import (
    EXIT_USAGE,
    Opts,
    app,
    err,
    fail,
    out,
    print_error,
    progress,
    service,
)

ENGINE = typer.Option(
    None, "--engine", help="local (processes on this machine) or ray; default: local."
)
ADDRESS = typer.Option(
    None, "--address", help="Ray cluster to join: auto or HOST:PORT (default: start one here)."
)
OUT = typer.Option(
    None, "--out", help="Write Parquet shards here (shared storage) instead of the database."
)


def run_on_engine(paths: list[str], engine: str | None, workers: int, address: str | None,
                  out_dir: Path | None) -> tuple[Any, Any, dict[str, Any]]:  # fmt: skip
    """Returns (ingest report, analysis report, engine figures)."""
    from storyline.engine import ENGINES, EngineSettings, run_engine

    engine = engine or ("ray" if address else "local")
    if engine not in ENGINES:
        raise fail(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}", EXIT_USAGE)
    if address and engine != "ray":
        raise fail("--address needs --engine ray", EXIT_USAGE)
    settings = EngineSettings(engine=engine, workers=workers, address=address,
                              out=str(out_dir) if out_dir else None)  # fmt: skip
    with service() as sl, progress(f"run ({engine})", None) as advance:
        report = run_engine(sl.store, paths, settings, advance, print_error)
    figures = report.as_dict()
    if not (Opts.quiet or Opts.json):
        err.print(
            f"engine: {engine}, {workers} worker(s), start-up {report.startup_s:.1f} s"
            f" (cluster {report.cluster_s:.1f} s), {report.docs_per_s:.1f} documents/s"
            + (f", {report.shards} shards in {out_dir}" if out_dir else ""),
            markup=False,
            highlight=False,
        )
    return report.ingest, report.analysis, figures


@app.command()
def load(
    folder: Path = typer.Argument(..., help="A folder of shards written by `run --out`."),
    db: Path = typer.Option(
        None, "--db", help="Database to merge into (default: the global --db)."
    ),
) -> None:
    """Merge Parquet shards written by `storyline run --out DIR` into the database; loading the
    same shards twice adds nothing."""
    from storyline.engine import load_shards

    if not folder.is_dir():
        raise fail(f"{folder}: no such folder", EXIT_USAGE)
    if db is not None:
        Opts.db = db
    with service() as sl, progress("load", None) as advance:
        report = load_shards(sl.store, folder, progress=advance)
    summary = {"db": str(Opts.db), "shards": report.shards, **report.ingest.as_dict()}
    if Opts.json:
        out.print_json(json.dumps(summary))
    elif not Opts.quiet:
        out.print(
            f"load: {report.shards} shards, {report.ingest.seen} documents,"
            f" {report.ingest.added} added, {report.ingest.skipped} already stored,"
            f" {report.ingest.duplicates} duplicates linked -> {Opts.db}",
            markup=False,
            highlight=False,
        )
