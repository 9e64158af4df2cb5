"""HTML pages to clean text and metadata.

trafilatura finds the main text; our line rules (clean.boilerplate) then remove what it lets
through (captions, share prompts, syndication notes). Metadata comes from the page's own
declarations first (JSON-LD, Open Graph, meta tags), then trafilatura's guesses, then the URL.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import lxml.html
import trafilatura
from htmldate import find_date

from storyline.clean.boilerplate import clean_lines
from storyline.clean.metadata import date_from_url, outlet_from_url
from storyline.types import Published, RemovedLine

_ISO_DAY = re.compile(r"((?:19|20)\d{2})-(\d{2})-(\d{2})")
_PUBLISHED_META = (
    "article:published_time", "og:published_time", "datepublished", "publishdate", "pubdate",
    "publish-date", "publication_date", "sailthru.date", "dc.date.issued", "dcterms.created",
    "date", "dc.date", "parsely-pub-date", "cxenseparse:recs:publishtime", "article.published",
)  # fmt: skip


@dataclass(frozen=True)
class HtmlResult:
    text: str
    removed: tuple[RemovedLine, ...]
    title: str | None
    author: str | None
    outlet: str | None
    url: str | None
    language: str | None
    published: Published


def extract_html(html: str, url: str | None = None, *, find_dates: bool = True) -> HtmlResult:
    """Main text, boilerplate-filtered, plus metadata. Raises ValueError on unusable HTML."""
    tree = parse_tree(html)
    meta = _page_meta(tree)
    url = meta.get("url") or url
    body = trafilatura.extract(
        tree, url=url, include_comments=False, favor_precision=False, deduplicate=False,
        with_metadata=False,
    )  # fmt: skip
    if not body:
        body = _fallback_text(tree)
    cleaned = clean_lines(body or "")
    published = _published(tree, html, meta, url) if find_dates else Published(None)
    title = meta.get("title")
    return HtmlResult(
        text=cleaned.text,
        removed=cleaned.removed,
        title=title,
        author=meta.get("author"),
        outlet=meta.get("outlet") or outlet_from_url(url),
        url=url,
        language=meta.get("language"),
        published=published,
    )


_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def parse_tree(html: str) -> Any:
    """An lxml tree without comments (they split text nodes and cost trafilatura recall);
    an XML declaration is dropped because lxml refuses one in an already-decoded string."""
    try:
        return lxml.html.fromstring(_XML_DECL.sub("", html, count=1), parser=_PARSER)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ValueError(f"unparsable HTML ({exc})") from exc


def published_date(html: str, url: str | None = None) -> Published:
    """The publication date a page states (no text extraction: cheap enough for dating alone)."""
    tree = parse_tree(html)
    meta = _page_meta(tree)
    return _published(tree, html, meta, meta.get("url") or url)


def _fallback_text(tree: Any) -> str:
    """trafilatura returns nothing for very short pages; keep their paragraphs rather than lose them."""
    paragraphs = [p.text_content().strip() for p in tree.iter("p", "h1", "h2", "li")]
    return "\n".join(p for p in paragraphs if p)


def _page_meta(tree: Any) -> dict[str, str]:
    """Title, author, outlet, canonical URL, language and dates the page declares about itself."""
    found: dict[str, str] = {}
    for node in _json_ld(tree):
        _from_json_ld(node, found)
    metas: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if key and el.get("content"):
            metas.setdefault(key, el.get("content").strip())
    found.setdefault("title", metas.get("og:title") or metas.get("twitter:title") or "")
    found.setdefault("outlet", metas.get("og:site_name") or metas.get("application-name") or "")
    found.setdefault("author", metas.get("author") or metas.get("article:author") or "")
    for key in _PUBLISHED_META:
        if metas.get(key):
            found.setdefault("published", metas[key])
            break
    canonical = tree.xpath("//link[@rel='canonical']/@href") or [metas.get("og:url", "")]
    found.setdefault("url", canonical[0] if canonical and canonical[0].startswith("http") else "")
    lang = tree.get("lang") or metas.get("og:locale") or metas.get("language") or ""
    found.setdefault("language", lang[:2].lower() if lang else "")
    if not found["title"]:
        titles = tree.xpath("//h1") or tree.xpath("//title")
        found["title"] = titles[0].text_content().strip() if titles else ""
    return {k: re.sub(r"\s+", " ", v).strip() for k, v in found.items() if v and v.strip()}


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text_content())
        except (json.JSONDecodeError, TypeError):
            continue
        stack = data if isinstance(data, list) else [data]
        for item in stack:
            if isinstance(item, dict):
                nodes.extend(g for g in item.get("@graph", [item]) if isinstance(g, dict))
    return nodes


def _from_json_ld(node: dict[str, Any], found: dict[str, str]) -> None:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    if not any(isinstance(k, str) and ("Article" in k or k == "BlogPosting") for k in kinds):
        return
    if isinstance(node.get("headline"), str):
        found.setdefault("title", node["headline"])
    if isinstance(node.get("datePublished"), str):
        found.setdefault("published", node["datePublished"])
    if isinstance(node.get("url"), str):
        found.setdefault("url", node["url"])
    for key, target in (("author", "author"), ("publisher", "outlet")):
        value = node.get(key)
        value = value[0] if isinstance(value, list) and value else value
        name = value.get("name") if isinstance(value, dict) else value
        if isinstance(name, str):
            found.setdefault(target, name)


def _published(tree: Any, html: str, meta: dict[str, str], url: str | None) -> Published:
    """htmldate's reading of the page first (it weighs meta tags, JSON-LD and visible dates, and
    measured better than trusting the first declared timestamp); then the declared date; then
    the URL. Agreement between htmldate and the declaration raises the confidence."""
    declared_match = _ISO_DAY.search(meta.get("published", ""))
    declared = "-".join(declared_match.groups()) if declared_match else None
    guessed = _htmldate(tree, url, extensive=False)
    if guessed:
        return Published(guessed, "html", 0.9 if guessed == declared else 0.8)
    if declared:
        return Published(declared, "html", 0.7)
    from_url = date_from_url(url)
    if from_url:
        return Published(from_url, "url", 0.6)
    # Last resort: htmldate's extensive search reads dates in the visible text too; it is
    # still a date the page states, but the least certain one, and says so.
    guessed = _htmldate(tree, url, extensive=True)
    return Published(guessed, "html", 0.5) if guessed else Published(None)


def _htmldate(tree: Any, url: str | None, extensive: bool) -> str | None:
    try:
        found = find_date(tree, url=url, original_date=True, extensive_search=extensive)
    except Exception:  # htmldate raises assorted errors on odd markup; a date is optional
        return None
    return str(found) if found else None
