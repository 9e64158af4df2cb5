"""`storyline serve`: the web app and HTTP API over the database, on loopback by default."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import typer

from storyline.cli.common import EXIT_STORE, EXIT_USAGE, Opts, app, err, fail
from storyline.errors import StoreError
from storyline.service import Storyline

#: `--workers 0` takes one server process per CPU, up to this many.
MAX_AUTO_WORKERS = 4


@app.command()
def serve(  # noqa: PLR0913 (one option each)
    db: Path = typer.Option(None, "--db", help="SQLite database file (default: the global --db)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to bind; loopback by default."),
    port: int = typer.Option(8000, "--port", min=0, max=65535),
    ingest_token: str = typer.Option(
        None,
        "--ingest-token",
        envvar="STORYLINE_INGEST_TOKEN",
        help="Enable POST /api/v1/ingest for callers sending this bearer token (16+ characters).",
    ),  # fmt: skip
    connections: str = typer.Option(
        "thread",
        "--connections",
        help="Read connections: one per worker 'thread' or per 'request'.",
    ),
    threads: int = typer.Option(40, "--threads", min=1, max=256, help="Handler threads a process."),
    workers: int = typer.Option(
        0,
        "--workers",
        min=0,
        max=64,
        help="Server processes; 0 (the default): one per CPU up to 4 when read-only, else 1.",
    ),  # fmt: skip
    log_level: str = typer.Option("warning", "--log-level", help="uvicorn log level."),
    response_cache: bool = typer.Option(
        True,
        "--response-cache/--no-response-cache",
        help="Keep finished GET responses until the database changes.",
    ),  # fmt: skip
) -> None:
    """Serve the pages and the HTTP API (read-only unless --ingest-token is given)."""
    import uvicorn  # deferred: only this command needs the web stack

    from storyline.web import WebSettings, create_app
    from storyline.web.app import environment_for
    from storyline.web.settings import LOOPBACK

    path = db or Opts.db
    try:
        settings = WebSettings(host=host, port=port, ingest_token=ingest_token or None,
                               connections=connections, threads=threads,
                               response_cache=response_cache)  # fmt: skip
    except ValueError as exc:
        raise fail(str(exc), EXIT_USAGE) from None
    if workers == 0:  # one process runs one core's worth of Python at most
        workers = (
            1 if settings.ingest_enabled else max(1, min(os.cpu_count() or 1, MAX_AUTO_WORKERS))
        )
    if workers > 1 and settings.ingest_enabled:
        raise fail("--workers needs a read-only server: one process writes (drop --ingest-token)",
                   EXIT_USAGE)  # fmt: skip
    if not settings.ingest_enabled and not path.exists():
        raise fail(f"{path}: no database here (run `storyline run PATH` first)", EXIT_STORE)
    try:
        storyline = Storyline(path, readonly=not settings.ingest_enabled)
        storyline.stats()  # open it now: a bad file fails here, with exit code 4
    except StoreError as exc:
        raise fail(str(exc), EXIT_STORE) from None
    if host not in LOOPBACK:
        err.print(f"warning: listening on {host}: anyone who can reach it can read the database",
                  markup=False, highlight=False)  # fmt: skip
    if not Opts.quiet:
        mode = "ingest enabled" if settings.ingest_enabled else "read-only"
        processes = f", {workers} processes" if workers > 1 else ""
        err.print(f"serving {path} on http://{host}:{port}/ ({mode}{processes}); Ctrl-C stops",
                  markup=False, highlight=False)  # fmt: skip
    options: dict[str, Any] = dict(host=host, port=port, log_level=log_level, server_header=False,
                   limit_concurrency=512, timeout_keep_alive=10)  # fmt: skip
    if workers > 1:
        storyline.close()
        os.environ.update(environment_for(path.resolve(), settings))
        uvicorn.run("storyline.web.app:from_environment", factory=True, workers=workers, **options)
        return
    with storyline:
        uvicorn.run(create_app(storyline, settings), **options)
