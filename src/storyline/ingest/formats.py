"""Split one input into article-sized records: a file may hold one article (txt, md, html),
many (jsonl, WARC, RSS/Atom) or a list of them (json).

Each record keeps its own raw bytes, so the store can re-analyse it without the source file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

from storyline.ingest.decode import DecodeError, decode
from storyline.types import InputError, InputItem, RawRecord

_TEXT_KINDS = {".txt": "text", ".md": "markdown", ".markdown": "markdown"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_RECORD_FIELDS = ("id", "url", "outlet", "title", "published", "language", "author", "text", "html")


def split_records(item: InputItem) -> Iterator[RawRecord | InputError]:
    """Dispatch on the suffix, sniffing content when the suffix says nothing (stdin, .xml)."""
    head = item.head()
    if not head.strip():
        yield InputError(item.source, "empty input")
        return
    suffix = item.suffix or _sniff(head)
    if suffix in (".warc", ".warc.gz", ".arc.gz") or head[:4] == b"WARC":
        yield from _warc_records(item)
    elif suffix in (".jsonl", ".ndjson"):
        yield from _jsonl_records(item)
    elif suffix == ".json":
        yield from _json_records(item)
    elif suffix in (".rss", ".atom", ".xml") or _is_feed(item.content):
        yield from _feed_records(item)
    elif suffix in _HTML_SUFFIXES:
        yield from _single(item, "html")
        if _truncated_html(item.content):
            yield InputError(
                item.source,
                "truncated HTML (no closing </body> or </html>); stored what was there",
                "warning",
            )
    else:
        kind = _TEXT_KINDS.get(suffix, "text")
        if kind == "text" and _sniff(item.content) == ".html":
            kind = "html"
        yield from _single(item, kind)


def _sniff(content: bytes) -> str:
    head = content[:2048].lstrip().lower()
    if head.startswith(b"\x1f\x8b") or head.startswith(b"warc/"):
        return ".warc.gz" if head.startswith(b"\x1f\x8b") else ".warc"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return ".html"
    if head.startswith((b"<?xml", b"<rss", b"<feed")):
        return ".xml"
    if head.startswith((b"{", b"[")):
        return ".jsonl" if head.startswith(b"{") and b"\n{" in content[:65536] else ".json"
    return ".txt"


def _truncated_html(content: bytes) -> bool:
    tail = content[-4096:].lower()
    return b"<html" in content[:4096].lower() and b"</html>" not in tail and b"</body>" not in tail


def _is_feed(content: bytes) -> bool:
    head = content[:1024].lstrip().lower()
    return head.startswith((b"<rss", b"<feed")) or (
        head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head)
    )


def _single(item: InputItem, kind: str) -> Iterator[RawRecord | InputError]:
    try:
        decode(item.content)
    except DecodeError as exc:
        yield InputError(item.source, str(exc))
        return
    # A fetched page's source is its URL: keep it as the record's URL (metadata may refine it).
    meta = {"url": item.source} if item.source.startswith(("http://", "https://")) else {}
    yield RawRecord(item.source, item.content, kind, {**meta, **item.meta})


def _jsonl_records(item: InputItem) -> Iterator[RawRecord | InputError]:
    """Streamed line by line, so a multi-gigabyte dump needs no more memory than one record."""
    with item.open() as handle:
        for lineno, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            source = f"{item.source}#L{lineno}"
            try:
                obj = json.loads(decode(raw)[0])
            except DecodeError as exc:
                yield InputError(source, str(exc))
                continue
            except json.JSONDecodeError as exc:
                yield InputError(source, f"line is not JSON ({exc.msg}: column {exc.colno})")
                continue
            yield _record_from_obj(obj, source)


def _json_records(item: InputItem) -> Iterator[RawRecord | InputError]:
    try:
        text, _ = decode(item.content)
        obj = json.loads(text)
    except DecodeError as exc:
        yield InputError(item.source, str(exc))
        return
    except json.JSONDecodeError as exc:
        yield InputError(
            item.source,
            f"invalid or truncated JSON ({exc.msg}: line {exc.lineno} column {exc.colno})",
        )
        return
    items = (
        obj
        if isinstance(obj, list)
        else obj.get("articles", [obj])
        if isinstance(obj, dict)
        else [obj]
    )
    for index, entry in enumerate(items):
        yield _record_from_obj(entry, item.source if len(items) == 1 else f"{item.source}#{index}")


def _record_from_obj(obj: Any, source: str) -> RawRecord | InputError:
    if not isinstance(obj, dict):
        return InputError(source, f"expected a JSON object, got {type(obj).__name__}")
    body = obj.get("text") or obj.get("html") or obj.get("content") or obj.get("body")
    body = body or obj.get("maintext")  # news-please's name for the article text
    if not isinstance(body, str) or not body.strip():
        return InputError(
            source, "record has no text (fields text, html, content, body or maintext)"
        )
    meta = {
        k: obj[k] for k in _RECORD_FIELDS if obj.get(k) is not None and k not in ("text", "html")
    }
    kind = "html" if obj.get("html") and not obj.get("text") else "text"
    canonical = json.dumps(obj, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return RawRecord(source, canonical, "record", dict({**meta, "body_kind": kind}))


def _warc_records(item: InputItem) -> Iterator[RawRecord | InputError]:
    """HTML response records, streamed; a truncated archive keeps the records before the cut."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    count = 0
    try:
        with item.open() as handle:
            archive = ArchiveIterator(handle, arc2warc=True)
            for record in archive:
                payload = _html_payload(record)
                if payload is None:
                    continue
                count += 1
                url = record.rec_headers.get_header("WARC-Target-URI")
                # WARC-Date is when the crawler got the page: the article is no later than that.
                meta = {"url": url, "captured": record.rec_headers.get_header("WARC-Date")}
                yield RawRecord(f"{item.source}#{url or count}", payload, "html", meta)
            # warcio stops quietly at a cut; bytes left unread mean the archive was truncated.
            if archive.offset < _size(item):
                raise EOFError("the archive ends inside a record")
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        problem = f"truncated or invalid WARC after {count} records ({exc})"
        yield InputError(item.source, " ".join(problem.split()))
        return
    if count == 0:
        yield InputError(item.source, "WARC holds no HTML response records")


def _size(item: InputItem) -> int:
    return os.path.getsize(item.path) if item.path else len(item.content)


def _html_payload(record: Any) -> bytes | None:
    if record.rec_type != "response":
        return None
    headers = record.http_headers
    ctype = (headers.get_header("Content-Type") or "") if headers else ""
    if ctype and "html" not in ctype.lower():
        return None
    payload = bytes(record.content_stream().read())
    if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than Content-Length promised
        raise EOFError("a record ends before its Content-Length")
    return payload


def _feed_records(item: InputItem) -> Iterator[RawRecord | InputError]:
    import feedparser

    parsed = feedparser.parse(item.content)
    if not parsed.entries:
        problem = str(parsed.get("bozo_exception") or "no entries").replace("\n", " ")
        yield InputError(item.source, f"not a usable RSS/Atom feed ({problem})")
        return
    outlet = parsed.feed.get("title")
    for index, entry in enumerate(parsed.entries):
        body = (entry.get("content") or [{}])[0].get("value") or entry.get("summary")
        if not body:
            yield InputError(f"{item.source}#{index}", "feed entry has no content or summary")
            continue
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        meta = {
            "url": entry.get("link"), "title": entry.get("title"), "author": entry.get("author"),
            "outlet": outlet, "body_kind": "html",
            "published": "{:04d}-{:02d}-{:02d}".format(*published[:3]) if published else None,
        }  # fmt: skip
        obj = {k: v for k, v in meta.items() if v} | {"html": body}
        canonical = json.dumps(obj, sort_keys=True, ensure_ascii=False).encode("utf-8")
        yield RawRecord(
            f"{item.source}#{entry.get('link') or index}",
            canonical,
            "record",
            dict(obj),
        )
