"""The polite fetcher behind `storyline fetch URL... [--feed URL]`.

This is the only module in the package that imports an HTTP client. Everything else works on
bytes that are already on disk, so a reader can audit every network call Storyline makes by
reading this one file; nothing happens behind the user's back (feedparser, for instance, is only
ever handed bytes, never a URL it could fetch by itself).

Politeness rules, all driven by `FetchSettings`:

* robots.txt is fetched once per origin with the same client and obeyed (a 4xx robots.txt means
  "no rules"; 401/403 or a 5xx mean "keep out", as RFC 9309 says; an unreachable host is
  reported as such and not tried again in this session);
* at least `min_interval_s` passes between two requests to the same host, robots.txt included;
* 429 and 503 are retried a few times, honouring Retry-After (capped, so a server cannot park us);
* bodies are streamed and abandoned past `max_bytes`, so a huge or endless response costs little;
* every request carries an honest User-Agent.

Redirects are followed by httpx; robots.txt and the rate limit apply to the requested URL, not
to each hop. `Fetcher.fetch` never raises for network or HTTP problems: it returns a
`FetchResult` whose `error` is one readable line, so a batch of URLs always runs to the end.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import feedparser
import httpx

from storyline.errors import SourceError

#: Ceiling on any Retry-After we honour: a server asking for an hour gets 30 seconds.
MAX_RETRY_AFTER_S = 30.0
RETRY_STATUSES = frozenset({429, 503})  # "try again later" rather than "no"
ALLOWED_SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str = "Storyline/0.1 (+offline research tool)"
    timeout_s: float = 15.0
    min_interval_s: float = 1.0  # between two requests to the same host
    max_bytes: int = 20_000_000
    respect_robots: bool = True
    retries: int = 2  # extra attempts after a 429/503


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int | None
    content: bytes | None
    content_type: str | None
    fetched_at: str
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class FetchError(SourceError):
    """Raised by `Fetcher.feed_urls` when the feed itself cannot be downloaded."""


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _split(url: str) -> SplitResult | None:
    """The parsed URL if it is an absolute http(s) URL with a host and a valid port, else None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    return parts if parts.scheme.lower() in ALLOWED_SCHEMES and parts.hostname else None


def _retry_delay(header: str | None, attempt: int) -> float:
    """Seconds to wait before retrying: Retry-After (seconds or HTTP date) or 1, 2, 4... s."""
    delay = 2.0**attempt
    value = (header or "").strip()
    if value.isdigit():
        delay = float(value)
    elif value:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            pass
        else:
            when = when if when.tzinfo else when.replace(tzinfo=UTC)
            delay = (when - datetime.now(UTC)).total_seconds()
    return min(max(delay, 0.0), MAX_RETRY_AFTER_S)


def _entry_day(entry: Any) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return "{:04d}-{:02d}-{:02d}".format(*stamp[:3]) if stamp else None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class Fetcher:
    """Fetches URLs politely; see the module docstring. Use as a context manager or `close()`."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        client: httpx.Client | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings or FetchSettings()
        # Sent on every request, so an injected client is just as honest as our own.
        self._headers = {"User-Agent": self.settings.user_agent}
        self._owns_client = client is None
        self._client = client or httpx.Client(
            timeout=httpx.Timeout(self.settings.timeout_s), follow_redirects=True
        )
        self._sleep = sleep  # injectable so tests can check the rate limit without waiting
        self._last_request: dict[str, float] = {}  # host -> time.monotonic() of last request
        self._robots: dict[str, RobotFileParser | str] = {}  # origin -> rules or error

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._owns_client:  # an injected client belongs to the caller
            self._client.close()

    def fetch_many(self, urls: Iterable[str]) -> Iterator[FetchResult]:
        for url in urls:
            yield self.fetch(url)

    def fetch(self, url: str) -> FetchResult:
        parts = _split(url)
        if parts is None:
            return self._failure(url, f"not an http(s) URL: {url}")
        if self.settings.respect_robots and (refusal := self._robots_refusal(parts, url)):
            return self._failure(url, refusal)
        attempt = 0
        while True:
            result, delay = self._attempt(url, attempt)
            if delay is None or attempt >= self.settings.retries:
                return result
            attempt += 1
            if delay > 0:
                self._sleep(delay)

    def feed_urls(self, feed_url: str) -> list[str]:
        """Entry links of an RSS/Atom feed, absolute, deduplicated, in feed order."""
        return list(self.feed_entries(feed_url))

    def feed_entries(self, feed_url: str) -> dict[str, str | None]:
        """Entry link -> the date the entry gives (YYYY-MM-DD, or None), in feed order."""
        result = self.fetch(feed_url)
        if result.error is not None or result.content is None:
            raise FetchError(f"cannot fetch feed {feed_url}: {result.error}")
        parsed = feedparser.parse(result.content)  # bytes in: feedparser makes no request
        entries: dict[str, str | None] = {}
        for entry in parsed.entries:
            link = entry.get("link")
            if not isinstance(link, str) or not link.strip():
                continue
            absolute = urljoin(result.final_url, link.strip())
            if _split(absolute) is not None and absolute not in entries:
                entries[absolute] = _entry_day(entry)
        return entries

    # -- internals -------------------------------------------------------------------------

    def _failure(self, url: str, error: str, status: int | None = None) -> FetchResult:
        return FetchResult(url, url, status, None, None, _now_iso(), error)

    def _wait_for_turn(self, url: str) -> None:
        """Sleep until `min_interval_s` has passed since the last request to this host."""
        host = (urlsplit(url).hostname or "").lower()
        last = self._last_request.get(host)
        if last is not None:
            remaining = self.settings.min_interval_s - (time.monotonic() - last)
            if remaining > 0:
                self._sleep(remaining)
        self._last_request[host] = time.monotonic()

    def _attempt(self, url: str, attempt: int) -> tuple[FetchResult, float | None]:
        """One GET. Returns the result and, when the server asked us to come back, the delay."""
        self._wait_for_turn(url)
        timeout = self.settings.timeout_s
        try:
            with self._client.stream(
                "GET", url, headers=self._headers, timeout=timeout, follow_redirects=True
            ) as response:
                status = response.status_code
                if status in RETRY_STATUSES:
                    delay = _retry_delay(response.headers.get("retry-after"), attempt)
                    return self._failure(url, f"HTTP {status}", status), delay
                if status >= 400:
                    return self._failure(url, f"HTTP {status}", status), None
                content = self._read_limited(response)
                if content is None:
                    message = f"response larger than {self.settings.max_bytes} bytes"
                    return self._failure(url, message, status), None
                ctype = response.headers.get("content-type")
                return FetchResult(url, str(response.url), status, content, ctype, _now_iso()), None
        except httpx.TimeoutException:
            return self._failure(url, f"timeout after {timeout:g}s"), None
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            return self._failure(url, f"network error: {_one_line(exc)}"), None

    def _read_limited(self, response: httpx.Response) -> bytes | None:
        """The (decoded) body, or None as soon as it is known to exceed `max_bytes`."""
        limit = self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return None
        # httpx timeouts are per read; this deadline also stops a server that drips bytes.
        deadline = time.monotonic() + self.settings.timeout_s
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                return None
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout("overall deadline exceeded")
            chunks.append(chunk)
        return b"".join(chunks)

    def _robots_refusal(self, parts: SplitResult, url: str) -> str | None:
        """Why robots.txt keeps us away from `url`, or None when it may be fetched."""
        host_port = parts.netloc.rpartition("@")[2].lower()  # never send credentials for robots
        origin = f"{parts.scheme.lower()}://{host_port}"
        rules = self._robots.get(origin)
        if rules is None:
            rules = self._robots[origin] = self._load_robots(origin)
        if isinstance(rules, str):
            return rules
        allowed = rules.can_fetch(self.settings.user_agent, url)
        return None if allowed else f"robots.txt disallows {url}"

    def _load_robots(self, origin: str) -> RobotFileParser | str:
        """Parsed robots.txt, or (host unreachable) the error to report for every URL there."""
        robots_url = f"{origin}/robots.txt"
        result, _ = self._attempt(robots_url, attempt=0)  # no retries: one polite request
        status = result.status
        if status is None:  # cached too: a dead host should not cost a timeout per URL
            return f"robots.txt for {origin} unreachable ({result.error})"
        if status in (401, 403) or status >= 500:
            lines = ["User-agent: *", "Disallow: /"]  # forbidden or failing: keep out (RFC 9309)
        elif status >= 400 or result.content is None:
            lines = []  # no robots.txt (or an oversized one): no rules
        else:
            lines = result.content.decode("utf-8", errors="replace").splitlines()
        parser = RobotFileParser(robots_url)
        parser.parse(lines)
        return parser
