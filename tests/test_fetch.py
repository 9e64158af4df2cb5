"""Tests for the polite fetcher, against a real HTTP server on 127.0.0.1 (no internet needed)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from storyline.ingest.http import (
    MAX_RETRY_AFTER_S,
    Fetcher,
    FetchError,
    FetchSettings,
    _retry_delay,
)

ARTICLE = b"<html><head><title>Hello</title></head><body><p>News.</p></body></html>"
BIG_SIZE = 5000
SLOW_S = 1.0


@dataclass
class ServerState:
    base: str = ""
    paths: list[str] = field(default_factory=list)
    flaky_hits: int = 0
    robots_status: int = 200
    lock: threading.Lock = field(default_factory=threading.Lock)


class Handler(BaseHTTPRequestHandler):
    server: Any  # a ThreadingHTTPServer carrying a `state` attribute

    def log_message(self, format: str, *args: Any) -> None:  # keep the test output quiet
        pass

    def do_GET(self) -> None:
        state: ServerState = self.server.state
        with state.lock:
            state.paths.append(self.path)
        # The client hangs up on purpose in the timeout and max_bytes tests.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route(state)

    def _send(self, status: int, body: bytes, ctype: str = "text/html", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _route(self, state: ServerState) -> None:
        if self.path == "/robots.txt":
            robots = b"User-agent: *\nDisallow: /private\n"
            self._send(state.robots_status, robots, "text/plain")
        elif self.path in ("/article.html", "/article2.html", "/private/x.html"):
            self._send(200, ARTICLE, "text/html; charset=utf-8")
        elif self.path == "/slow":
            time.sleep(SLOW_S)
            self._send(200, b"finally")
        elif self.path == "/big":
            self._send(200, b"x" * BIG_SIZE)
        elif self.path == "/big-stream":  # no Content-Length: the size is only seen while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(10):
                self.wfile.write(b"y" * (BIG_SIZE // 10))
        elif self.path == "/feed.xml":
            self._send(200, feed_xml(state.base), "application/rss+xml")
        elif self.path == "/flaky":
            with state.lock:
                state.flaky_hits += 1
                first = state.flaky_hits == 1
            if first:
                self._send(503, b"busy", Retry_After="0")
            else:
                self._send(200, b"recovered", "text/plain")
        else:
            self._send(404, b"not found", "text/plain")


def feed_xml(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>Test feed</title><link>{base}/</link><description>d</description>
  <item><title>One</title><link>{base}/article.html</link>
    <pubDate>Fri, 24 Nov 2023 09:30:00 GMT</pubDate></item>
  <item><title>Two</title><link>{base}/article2.html</link></item>
</channel></rss>""".encode()


@pytest.fixture()
def server() -> Iterator[ServerState]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state = ServerState(base=f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.state = state  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture()
def client() -> Iterator[httpx.Client]:
    with httpx.Client(trust_env=False, follow_redirects=True) as c:  # never via a proxy
        yield c


def make_fetcher(
    client: httpx.Client, sleeps: list[float] | None = None, **overrides: Any
) -> Fetcher:
    settings = FetchSettings(**{"min_interval_s": 0.0, "timeout_s": 5.0, **overrides})
    record = sleeps if sleeps is not None else []
    return Fetcher(settings, client, sleep=record.append)


def test_fetch_ok(server: ServerState, client: httpx.Client) -> None:
    result = make_fetcher(client).fetch(f"{server.base}/article.html")
    assert result.error is None
    assert result.status == 200
    assert result.content == ARTICLE
    assert result.content_type == "text/html; charset=utf-8"
    assert result.final_url == f"{server.base}/article.html"
    assert result.fetched_at.endswith("+00:00")


def test_robots_disallow_never_requests_page(server: ServerState, client: httpx.Client) -> None:
    fetcher = make_fetcher(client)
    url = f"{server.base}/private/x.html"
    result = fetcher.fetch(url)
    assert result.error == f"robots.txt disallows {url}"
    assert result.status is None and result.content is None
    assert fetcher.fetch(f"{server.base}/article.html").error is None
    assert "/private/x.html" not in server.paths
    assert server.paths.count("/robots.txt") == 1  # cached per host


def test_robots_ignored_when_disabled(server: ServerState, client: httpx.Client) -> None:
    result = make_fetcher(client, respect_robots=False).fetch(f"{server.base}/private/x.html")
    assert result.error is None and result.content == ARTICLE
    assert "/robots.txt" not in server.paths


def test_robots_404_allows_all(server: ServerState, client: httpx.Client) -> None:
    server.robots_status = 404
    result = make_fetcher(client).fetch(f"{server.base}/private/x.html")
    assert result.error is None and result.status == 200


def test_robots_403_disallows_all(server: ServerState, client: httpx.Client) -> None:
    server.robots_status = 403
    result = make_fetcher(client).fetch(f"{server.base}/article.html")
    assert result.error is not None and result.error.startswith("robots.txt disallows")
    assert "/article.html" not in server.paths


def test_timeout(server: ServerState, client: httpx.Client) -> None:
    fetcher = make_fetcher(client, timeout_s=0.2, respect_robots=False)
    result = fetcher.fetch(f"{server.base}/slow")
    assert result.error == "timeout after 0.2s"
    assert result.status is None and result.content is None


@pytest.mark.parametrize("path", ["/big", "/big-stream"])
def test_max_bytes(server: ServerState, client: httpx.Client, path: str) -> None:
    result = make_fetcher(client, max_bytes=1000).fetch(server.base + path)
    assert result.error == "response larger than 1000 bytes"
    assert result.content is None
    assert result.status == 200


def test_http_404(server: ServerState, client: httpx.Client) -> None:
    result = make_fetcher(client).fetch(f"{server.base}/missing")
    assert result.error == "HTTP 404"
    assert result.status == 404 and result.content is None


def test_retry_on_503_then_success(server: ServerState, client: httpx.Client) -> None:
    sleeps: list[float] = []
    result = make_fetcher(client, sleeps).fetch(f"{server.base}/flaky")
    assert result.error is None
    assert result.status == 200 and result.content == b"recovered"
    assert server.paths.count("/flaky") == 2
    assert sleeps == []  # Retry-After: 0 and no rate limit: nothing to wait for


def test_no_retries_reports_503(server: ServerState, client: httpx.Client) -> None:
    result = make_fetcher(client, retries=0).fetch(f"{server.base}/flaky")
    assert result.error == "HTTP 503" and result.status == 503
    assert server.paths.count("/flaky") == 1


def test_retry_delay_parsing() -> None:
    assert _retry_delay("0", 0) == 0.0
    assert _retry_delay("7", 0) == 7.0
    assert _retry_delay("3600", 0) == MAX_RETRY_AFTER_S
    assert _retry_delay(None, 0) == 1.0 and _retry_delay(None, 1) == 2.0
    assert _retry_delay("Wed, 21 Oct 2015 07:28:00 GMT", 0) == 0.0  # a date in the past
    assert _retry_delay("soon-ish", 1) == 2.0


def test_feed_urls(server: ServerState, client: httpx.Client) -> None:
    links = make_fetcher(client).feed_urls(f"{server.base}/feed.xml")
    assert links == [f"{server.base}/article.html", f"{server.base}/article2.html"]
    entries = make_fetcher(client).feed_entries(f"{server.base}/feed.xml")
    assert list(entries.values()) == ["2023-11-24", None]  # the second entry gives no date


def test_feed_urls_missing_feed_raises(server: ServerState, client: httpx.Client) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        make_fetcher(client).feed_urls(f"{server.base}/missing")


def test_rate_limit_sleeps_between_requests_to_same_host(
    server: ServerState, client: httpx.Client
) -> None:
    sleeps: list[float] = []
    fetcher = make_fetcher(client, sleeps, min_interval_s=0.2)
    first = fetcher.fetch(f"{server.base}/article.html")  # robots.txt, then the page
    second = fetcher.fetch(f"{server.base}/article2.html")
    assert first.error is None and second.error is None
    assert server.paths == ["/robots.txt", "/article.html", "/article2.html"]
    # The fake sleep does not advance the clock, so each request after the first waits ~0.2 s.
    assert len(sleeps) == 2
    assert all(0.1 < s <= 0.2 for s in sleeps)


def test_fetch_many(server: ServerState, client: httpx.Client) -> None:
    urls = [f"{server.base}/article.html", f"{server.base}/missing"]
    results = list(make_fetcher(client).fetch_many(urls))
    assert [r.url for r in results] == urls
    assert [r.error for r in results] == [None, "HTTP 404"]


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1/file.txt", "file:///etc/passwd", "not a url", "http://"]
)
def test_non_http_url_is_an_error(client: httpx.Client, url: str) -> None:
    result = make_fetcher(client).fetch(url)
    assert result.error == f"not an http(s) URL: {url}"
    assert result.status is None and result.content is None


@pytest.mark.parametrize("respect_robots", [True, False])
def test_connection_refused_is_an_error(client: httpx.Client, respect_robots: bool) -> None:
    probe = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = probe.server_address[1]
    probe.server_close()  # nothing listens on this port any more
    fetcher = make_fetcher(client, respect_robots=respect_robots)
    result = fetcher.fetch(f"http://127.0.0.1:{port}/x")
    assert result.error is not None and "network error: ConnectError" in result.error
    assert result.status is None
    if respect_robots:  # the robots.txt failure is reported, and remembered for the host
        assert result.error.startswith(f"robots.txt for http://127.0.0.1:{port} unreachable")
        assert fetcher.fetch(f"http://127.0.0.1:{port}/y").error == result.error


def test_own_client_and_context_manager(
    server: ServerState, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    with Fetcher(FetchSettings(min_interval_s=0.0)) as fetcher:
        result = fetcher.fetch(f"{server.base}/article.html")
    assert result.status == 200 and result.content == ARTICLE


def test_cli_fetch_stores_pages_and_names_refusals(server: ServerState, tmp_path: Path) -> None:
    """The whole path: `storyline fetch` downloads politely, stores raw HTML, ingests it."""
    import json
    import sqlite3

    from typer.testing import CliRunner

    from storyline.cli.common import app

    db = tmp_path / "f.db"
    args = ["--db", str(db), "--json", "fetch", f"{server.base}/private/x.html"]
    before = datetime.now(UTC).date().isoformat()
    result = CliRunner().invoke(
        app, [*args, "--feed", f"{server.base}/feed.xml", "--interval", "0"]
    )
    today = {before, datetime.now(UTC).date().isoformat()}
    report = json.loads(result.stdout)
    assert result.exit_code == 1  # the robots-disallowed page failed; the rest were stored
    assert (report["added"], report["skipped"], report["failed"]) == (1, 1, 1)
    assert "robots.txt disallows" in report["errors"][0]["problem"]
    assert "/private/x.html" not in server.paths
    conn = sqlite3.connect(db)
    [(url, raw_len, published, source, meta)] = conn.execute(
        "SELECT d.url, length(r.content), d.published, d.published_source, r.meta"
        " FROM documents d JOIN raw_records r ON r.doc_id = d.id"
    ).fetchall()
    assert url == f"{server.base}/article.html" and raw_len > 0
    # the page states no date: its feed entry's is taken, as a feed file's entries are
    assert (published, source) == ("2023-11-24", "metadata")
    # when it was fetched bounds the date of an undated page (dating from content uses it)
    assert json.loads(meta)["captured"] in today
