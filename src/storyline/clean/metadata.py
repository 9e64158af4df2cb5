"""Metadata found in the text itself: header blocks, titles, bylines, outlets and dates in URLs.

These are pure functions over strings; the readers decide which source wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlparse

from storyline.clean.boilerplate import DESK_LINE
from storyline.types import RemovedLine

_LANG_NAMES = {
    "english": "en", "french": "fr", "français": "fr", "francais": "fr", "arabic": "ar",
    "hebrew": "he", "german": "de", "spanish": "es", "persian": "fa", "farsi": "fa",
    "russian": "ru", "turkish": "tr", "hindi": "hi", "italian": "it", "portuguese": "pt",
}  # fmt: skip
_DATE_LINE = re.compile(r"^date\s+(\d{4}-\d{2}-\d{2})(?:\s+([A-Za-z\u00c0-\u024f]+))?\s*$", re.I)
_KV_LINE = re.compile(r"^([A-Za-z][A-Za-z _-]{1,24}):\s*(.+?)\s*$")
_HEADER_KEYS = {
    "date": "published", "published": "published", "publication date": "published",
    "published on": "published", "updated": "updated", "title": "title", "headline": "title",
    "author": "author", "by": "author", "byline": "author", "outlet": "outlet",
    "source": "outlet", "publisher": "outlet", "url": "url", "link": "url",
    "language": "language", "lang": "language",
}  # fmt: skip
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[-_]|$)"
)
_URL_DATE_COMPACT = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])/")
_GLUED_TITLE = re.compile(r"^([A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,3}?[a-z])([A-Z][a-z]+.*)$")
_SECTIONS = frozenset(
    [
        "foreign",
        "national",
        "metro",
        "city",
        "business",
        "sports",
        "world",
        "international",
        "politics",
        "news",
        "middle",
        "east",
        "editorial",
        "opinion",
        "web",
        "online",
        "digital",
    ]
) | {"middle east", "world news", "city news"}
_BY = re.compile(r"^(?:by|par|written by|reporting by|words by)\s+(.+)$", re.I)
_STAFF = re.compile(
    r"\b(?:edited by|reviewed by|by)\s+(?:the\s+)?([A-Z][\w&.' -]{1,40}?)\s+(?:staff|editors|desk)\b"
    r"|\b(?:from the headline,|apart from the headline,)\s+([A-Z][\w&.' -]{1,40}?)\s+(?:staff|editors)\b",
    re.I,
)
_COPYRIGHT_OWNER = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?"
    r"([A-Z][\w&.' -]{1,50}?)(?:,?\s+\d{4})?\s*(?:[.,;|–—]|\s-\s|all rights|tous droits|$)",
    re.I,
)
_ROLE = re.compile(
    r"\b(?:correspondent|correspondante?|reporter|editor|writer|journalist|bureau|chief|staff"
    r"|envoyée?|columnist|contributor|analyst|in|à|at|from)\b",
    re.I,
)
_TEAM = re.compile(r"^The ([A-Z][\w&.' -]{1,40}?) (?:Staff|Team|Desk|Newsroom)\b")


def language_code(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    if len(name) in (2, 3) and name.isalpha():
        return name
    if len(name) == 5 and name[2] in "-_":
        return name[:2]
    return _LANG_NAMES.get(name)


@dataclass
class Header:
    """Fields read from the top of a plain-text article, and the lines they came from."""

    fields: dict[str, str] = field(default_factory=dict)
    removed: list[RemovedLine] = field(default_factory=list)
    body: str = ""
    source: str = "header"  # "metadata" when the fields came from YAML front matter


def read_header(text: str) -> Header:
    """Parse front matter, a `date YYYY-MM-DD Language` line or a `Key: value` block."""
    text = text.lstrip("\ufeff")
    if text.startswith("---\n") or text.startswith("---\r\n"):
        end = text.find("\n---", 4)
        if end > 0:
            header = _read_kv_block(text[4:end].splitlines(), strict=False)
            header.source = "metadata"
            header.body = text[end + 4 :].lstrip("-\r\n")
            return header
    lines = text.splitlines()
    first = next((i for i, ln in enumerate(lines) if ln.strip()), 0)
    match = _DATE_LINE.match(lines[first].strip()) if lines else None
    if match:
        header = Header(
            {"published": match.group(1)}, [RemovedLine(lines[first].strip(), "metadata_header")]
        )
        if match.group(2):
            header.fields["language"] = match.group(2)
        header.body = "\n".join(lines[first + 1 :])
        return header
    return _leading_kv(lines)


def _leading_kv(lines: list[str]) -> Header:
    """A `Key: value` block counts only when it is at the top and uses known keys."""
    block: list[str] = []
    for line in lines:
        if not line.strip():
            if block:
                break
            continue
        match = _KV_LINE.match(line.strip())
        if not match or match.group(1).strip().lower() not in _HEADER_KEYS or len(block) > 10:
            break
        block.append(line)
    header = _read_kv_block(block, strict=True) if block else Header()
    consumed = 0
    for idx, line in enumerate(lines):
        if line in block:
            consumed = idx + 1
    header.body = "\n".join(lines[consumed:]) if header.fields else "\n".join(lines)
    if not header.fields:
        header.removed = []
    return header


def _read_kv_block(lines: list[str], strict: bool) -> Header:
    header = Header()
    for line in lines:
        match = _KV_LINE.match(line.strip())
        if not match:
            continue
        key = _HEADER_KEYS.get(match.group(1).strip().lower())
        if key is None and strict:
            continue
        value = match.group(2).strip().strip("\"'")
        header.fields[key or match.group(1).strip().lower()] = value
        header.removed.append(RemovedLine(line.strip(), "metadata_header"))
    return header


def looks_like_title(line: str, next_line: str | None) -> bool:
    """Headlines are short and do not end like a sentence; a lone paragraph is not a title."""
    words = len(line.split())
    if next_line is None or not 2 <= words <= 25 or len(line) > 200:
        return False
    return not line.rstrip().endswith((".", ":", ";", ","))


def looks_like_deck(line: str, next_line: str | None) -> bool:
    """The standfirst under a headline ("Cabinet meets to weigh the offer as talks stall"):
    a headline-like line of several words, followed by longer prose that ends like a sentence.
    A dateline ("GAZA CITY —") or a kicker of a word or two is not one."""
    words = line.split()
    if next_line is None or not 5 <= len(words) <= 30 or len(line) > 250 or line.isupper():
        return False
    if line.rstrip().endswith((".", ":", ";", ",", "—", "–", "-")) or not line[0].isupper():
        return False
    if " | " in line:  # a strip of page furniture ("Outlet | Section"), not a sentence
        return False
    prose = next_line.rstrip().rstrip("\"'”’)")
    return len(next_line.split()) > len(words) and prose.endswith((".", "!", "?"))


def author_from_byline(line: str) -> tuple[str | None, str | None]:
    """(author, outlet) from `By Jane Doe`, `Jane DoeSenior Editor, Outlet | @jd` and the like."""
    line = re.sub(r"\s*\|?\s*@\w+\s*$", "", line).strip()
    desk = DESK_LINE.match(line)
    if desk:  # a desk credit names the outlet, not a person
        name = desk.group(1).strip()
        if name.lower() in _SECTIONS:  # "Foreign desk" names a section, not the outlet
            return None, None
        return None, name.title() if name.isupper() else name
    match = _BY.match(line)
    if match:
        name, _, rest = match.group(1).partition(",")
        return _clean_name(name), _outlet_part(rest)
    head, _, rest = line.partition(",")
    glued = _GLUED_TITLE.match(head)
    if glued:
        return _clean_name(glued.group(1)), _outlet_part(rest)
    return None, None


def _outlet_part(rest: str) -> str | None:
    """The last comma part of a byline is an outlet unless it reads like a role or a place."""
    part = rest.split(",")[-1].strip() if rest.strip() else ""
    return part if part and not _ROLE.search(part) and len(part.split()) <= 5 else None


def _clean_name(name: str) -> str | None:
    name = re.split(r"\s+[|\-–—]\s+", name)[0].strip(" .")
    return name if 1 <= len(name.split()) <= 6 else None


def outlet_from_lines(lines: list[RemovedLine]) -> str | None:
    """Outlet named by a staff blurb or syndication note ("...not edited by NDTV staff")."""
    for removed in lines:
        for pattern in (_STAFF, _TEAM, _COPYRIGHT_OWNER):
            match = pattern.search(removed.line)
            name = next((g for g in match.groups() if g), None) if match else None
            if name and name.strip().lower() not in ("all rights reserved", "the"):
                return name.strip()
    return None


def outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    host = re.sub(r"^(?:www\d?|m|amp|edition|news)\.", "", host)
    return host or None


def date_from_url(url: str | None) -> str | None:
    """A day-resolution date in the URL path (`/2023/11/24/`), validated; else None."""
    if not url:
        return None
    path = urlparse(url).path
    for pattern in (_URL_DATE, _URL_DATE_COMPACT):
        match = pattern.search(path)
        if match:
            try:
                return date(
                    int(match.group(1)), int(match.group(2)), int(match.group(3))
                ).isoformat()
            except ValueError:
                continue
    return None
