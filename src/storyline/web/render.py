"""Jinja2 for the pages: autoescaping everywhere, filters that never trust a URL or a string,
and static file URLs that change when the file does."""

from __future__ import annotations

import hashlib
from importlib import resources
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChainableUndefined, Environment, PackageLoader
from markupsafe import Markup, escape

from storyline import __version__

NAV = (
    ("/", "Home"), ("/stories", "Stories"), ("/documents", "Documents"), ("/search", "Search"), ("/actors", "Actors"),
    ("/events", "Events"), ("/figures", "Figures"), ("/quotes", "Quotes"),
    ("/outlets", "Outlets"), ("/api/v1/docs", "API"),
)  # fmt: skip


def http_url(url: object) -> str | None:
    """Only http(s) URLs become links; anything else (javascript:, data:) stays text."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def marks(text: str | None, spans: list[tuple[int, int]] | None) -> Markup:
    """Text with the given [start, end) spans in <mark>; every piece escaped."""
    text, out, pos = text or "", [], 0
    for start, end in spans or []:
        out += [
            escape(text[pos:start]),
            Markup("<mark>"),
            escape(text[start:end]),
            Markup("</mark>"),
        ]
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int | float) else ("" if value is None else str(value))


def _asset_version() -> str:
    digest = hashlib.sha256()
    root = resources.files("storyline.web") / "static"
    for name in ("app.css", "app.js"):
        digest.update((root / name).read_bytes())
    return digest.hexdigest()[:10]


class _Environment(Environment):
    """`x.y` on a dict reads the key first: templates get plain dicts from `data`, and Jinja's
    default (attribute, then key) pays for an exception on every lookup."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class Renderer:
    def __init__(self) -> None:
        self.env = _Environment(
            loader=PackageLoader("storyline.web", "templates"),
            autoescape=True,  # every template, whatever its name
            undefined=ChainableUndefined,
            trim_blocks=True,
            auto_reload=False,  # templates ship with the package; never re-read per request
            lstrip_blocks=True,
        )
        self.env.filters.update(http_url=http_url, marks=marks, number=number)
        version = _asset_version()
        self.env.globals.update(
            nav=NAV, version=__version__, static=lambda path: f"/static/{path}?v={version}"
        )

    def page(self, request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(self.html(request, name, status, **context), status_code=status)

    def html(self, request: Request, name: str, status: int = 200, **context: Any) -> str:
        def url(**changes: Any) -> str:
            """This page's URL with some query parameters changed (None drops one)."""
            params = {**request.query_params, **changes}
            query = urlencode({k: v for k, v in params.items() if v not in (None, "", False)})
            return request.url.path + (f"?{query}" if query else "")

        return self.env.get_template(name).render(
            request=request, status=status, path=request.url.path, query=request.query_params,
            url=url, **context,
        )  # fmt: skip
