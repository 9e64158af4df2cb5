"""One raw record to one clean, dated Document: the per-record stage, safe to run in workers.

Metadata precedence, most to least trusted: fields the container states (JSON record, feed
entry, front matter) > a header line in the text > what the HTML declares > the URL > the
byline and footer. A date is never invented: if none is stated, `published` stays null.
"""

from __future__ import annotations

import json
import re
from typing import Any, cast

from storyline.clean import dedupe
from storyline.clean.boilerplate import clean_lines
from storyline.clean.dates import parse_stated_date
from storyline.clean.language import detect_language
from storyline.clean.metadata import (
    author_from_byline,
    date_from_url,
    language_code,
    looks_like_deck,
    looks_like_title,
    outlet_from_lines,
    outlet_from_url,
    read_header,
)
from storyline.ingest.decode import DecodeError, decode
from storyline.ingest.html import extract_html
from storyline.types import Document, InputError, Published, RawRecord, RemovedLine

_CONFIDENCE = {"metadata": 0.95, "header": 0.9}
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_IMAGE = re.compile(r"^\s*!\[([^\]]*)\]\([^)]*\)\s*$")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)]*)\)")


def parse_record(record: RawRecord) -> Document | InputError:
    try:
        return _parse(record)
    except (DecodeError, ValueError) as exc:
        return InputError(
            record.source, str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        )


def _parse(record: RawRecord) -> Document | InputError:
    text, encoding = decode(record.content)
    meta: dict[str, Any] = dict(record.meta)
    if record.kind == "record":
        obj = json.loads(text)
        meta.update({k: v for k, v in obj.items() if k not in ("text", "html") and v is not None})
        meta.update(_aliased(meta))
        body = obj.get("text") or obj.get("html") or obj.get("content") or obj.get("body")
        body = body or obj.get("maintext") or ""
        kind = meta.pop("body_kind", "text")
        fields = _from_html(body, meta) if kind == "html" else _from_text(body, "text", meta)
    elif record.kind == "html":
        fields = _from_html(text, meta)
    else:
        fields = _from_text(text, record.kind, meta)
    if not fields["text"].strip():
        return InputError(record.source, "no article text left after cleaning")
    language, lang_score = language_code(fields.get("language")), cast(float | None, 1.0)
    if language is None:
        language, lang_score = detect_language(fields["text"])
    return Document(
        id=record.id, source=record.source, kind=record.kind, raw=record.content,
        text=fields["text"], removed=tuple(fields["removed"]), published=fields["published"],
        url=fields.get("url"), outlet=fields.get("outlet"), title=fields.get("title"),
        author=fields.get("author"), language=language, language_confidence=lang_score,
        encoding=encoding, raw_meta=json.dumps(_container_meta(record.meta, meta), sort_keys=True,
                                               default=str),
        text_hash=dedupe.text_hash(fields["text"]), signature=dedupe.signature(fields["text"]),
    )  # fmt: skip


#: Other names crawlers give our fields (news-please, which CC-News dumps use, writes
#: date_publish, source_domain and maintext): used when our own name is absent.
_ALIASES = {
    "published": ("date_publish", "published_at", "publish_date", "pubDate", "datePublished"),
    "outlet": ("source_domain", "site_name"),
}


def _aliased(meta: dict[str, Any]) -> dict[str, Any]:
    found = {}
    for key, names in _ALIASES.items():
        given = [meta[n] for n in names if isinstance(meta.get(n), str) and meta[n].strip()]
        if meta.get(key) in (None, "") and given:
            found[key] = given[0]
    return found


#: Fields that say when a crawler or a fetch got the page (news-please writes date_download):
#: never the publication date, but an upper bound on it that dating from content can use.
_CAPTURE_FIELDS = ("captured", "captured_at", "fetched_at", "date_download", "crawled_at",
                   "downloaded_at", "retrieved_at")  # fmt: skip


def _container_meta(given: Any, merged: dict[str, Any]) -> dict[str, Any]:
    """What the container said of the record, with the capture day as `captured` (YYYY-MM-DD)
    under whichever name it came."""
    out = dict(given)
    for key in _CAPTURE_FIELDS:
        day = parse_stated_date(merged.get(key) if isinstance(merged.get(key), str) else None)
        if day:
            out["captured"] = day
            break
    else:
        out.pop("captured", None)
    return out


def _stated(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    return str(value).strip() if value not in (None, "") else None


def _from_text(text: str, kind: str, meta: dict[str, Any]) -> dict[str, Any]:
    header = read_header(text)
    body = _markdown_to_text(header.body) if kind == "markdown" else header.body
    cleaned = clean_lines(body)
    removed = list(header.removed) + list(cleaned.removed)
    paragraphs = cleaned.text.split("\n\n") if cleaned.text else []
    title = _stated(meta, "title") or header.fields.get("title")
    if paragraphs and looks_like_title(
        paragraphs[0], paragraphs[1] if len(paragraphs) > 1 else None
    ):
        title = title or paragraphs[0]
        if paragraphs[0] == title or not _stated(meta, "title"):
            removed.append(RemovedLine(paragraphs.pop(0), "title"))
    if title and paragraphs and looks_like_deck(paragraphs[0], _second(paragraphs)):
        removed.append(RemovedLine(paragraphs.pop(0), "subtitle"))
    bylines = [r.line for r in removed if r.reason == "byline"]
    by_author, by_outlet = author_from_byline(bylines[0]) if bylines else (None, None)
    url = _stated(meta, "url") or header.fields.get("url")
    return {
        "text": "\n\n".join(paragraphs),
        "removed": removed,
        "title": title,
        "author": _stated(meta, "author") or header.fields.get("author") or by_author,
        "outlet": _stated(meta, "outlet") or header.fields.get("outlet") or by_outlet
        or outlet_from_lines(removed) or outlet_from_url(url),
        "url": url,
        "language": _stated(meta, "language") or header.fields.get("language"),
        "published": _published(meta, header.fields, header.source, url),
    }  # fmt: skip


def _second(paragraphs: list[str]) -> str | None:
    return paragraphs[1] if len(paragraphs) > 1 else None


def _published(
    meta: dict[str, Any], fields: dict[str, str], header_source: str, url: str | None
) -> Published:
    stated = parse_stated_date(meta.get("published"))
    if stated:
        return Published(stated, "metadata", _CONFIDENCE["metadata"])
    from_header = parse_stated_date(fields.get("published"))
    if from_header:
        return Published(from_header, header_source, _CONFIDENCE[header_source])
    from_url = date_from_url(url)
    return Published(from_url, "url", 0.6) if from_url else Published(None)


def _from_html(html: str, meta: dict[str, Any]) -> dict[str, Any]:
    result = extract_html(html, _stated(meta, "url"))
    stated = parse_stated_date(meta.get("published"))
    published = (
        Published(stated, "metadata", _CONFIDENCE["metadata"]) if stated else result.published
    )
    bylines = [r.line for r in result.removed if r.reason == "byline"]
    by_author = author_from_byline(bylines[0])[0] if bylines else None
    return {
        "text": result.text,
        "removed": list(result.removed),
        "title": _stated(meta, "title") or result.title,
        "author": _stated(meta, "author") or result.author or by_author,
        "outlet": _stated(meta, "outlet") or result.outlet,
        "url": result.url,
        "language": _stated(meta, "language") or result.language,
        "published": published,
    }


def _markdown_to_text(body: str) -> str:
    """Headings, images and links to plain lines; an image becomes its alt text (a caption)."""
    lines = []
    for line in body.splitlines():
        image = _MD_IMAGE.match(line)
        if image:
            line = f"{image.group(1)} (Image)" if image.group(1) else ""
        line = _MD_LINK.sub(r"\1", _MD_HEADING.sub("", line))
        line = line.replace("**", "").replace("__", "")
        lines.append(re.sub(r"^\s*[*_](\S.*\S)[*_]\s*$", r"\1", line))  # a wholly emphasised line
    return "\n".join(lines)
