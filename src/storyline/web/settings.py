"""Settings of the web app: where it listens, limits, and whether ingest is open."""

from __future__ import annotations

from dataclasses import dataclass, field

LOOPBACK = ("127.0.0.1", "::1", "localhost")


@dataclass(frozen=True)
class WebSettings:
    host: str = "127.0.0.1"  # loopback only unless asked
    port: int = 8000
    #: POST /api/v1/ingest exists only when a token is set; callers send `Authorization: Bearer`.
    ingest_token: str | None = field(default=None, repr=False)
    max_body_bytes: int = 64 * 1024  # any request body, except ingest
    max_ingest_bytes: int = 10 * 1024 * 1024
    max_url_chars: int = 4096
    #: "thread": one read-only Storyline per worker thread, reused; "request": one per request.
    connections: str = "thread"
    threads: int = 40  # worker threads for handlers (each keeps its own read connection)
    gzip_level: int = 1  # fastest: most of gzip's gain for a fraction of the CPU
    #: keep finished GET responses until the database changes (web/response_cache.py)
    response_cache: bool = True
    #: close a connection after every this many answers (0: never), so that several server
    #: processes share the clients evenly (middleware.KeepAliveLimit; `environment_for` sets
    #: it for `--workers` 2 and more)
    keepalive_requests: int = 0

    @property
    def ingest_enabled(self) -> bool:
        return bool(self.ingest_token)

    def __post_init__(self) -> None:
        if self.connections not in ("thread", "request"):
            raise ValueError("connections must be 'thread' or 'request'")
        if self.ingest_token is not None and len(self.ingest_token) < 16:
            raise ValueError("the ingest token must be at least 16 characters")
