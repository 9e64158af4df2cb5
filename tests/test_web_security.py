"""Security of the web face: hostile articles shown in a real browser run no script and show
their text literally; headers, limits, parameterised SQL and read-only mode over HTTP."""

from __future__ import annotations

import inspect
import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import BrowserContext, expect
from test_api import TOKEN, build_stories, ingest_demo
from test_web_ui import Watch, close_browser, launch_browser, shot

from storyline import Storyline
from storyline.types import DocAnalysis, Item
from storyline.web import WebSettings, create_app
from storyline.web.server import BackgroundServer

TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "storyline" / "web" / "templates"

TITLE = "<script>alert('title')</script><img src=x onerror=alert('img')>\"'><b>bold</b>"
OUTLET = "<script>alert('outlet')</script>\"'><svg onload=alert('svg')>"
AUTHOR = "</title><script>window.__xss='author'</script>"
URL = "javascript:alert('url')"
LINES = [
    "Officials said <script>window.__xss='text';alert('text')</script> talks would resume.",
    "A witness wrote <img src=x onerror=\"window.__xss='img'\"> on a sign in Doha.",
    "Readers were told to <a href=\"javascript:alert('link')\">click here</a> for updates.",
    "Quote-breaking: \"'><iframe src=\"javascript:alert('iframe')\"></iframe> and `${alert(1)}`.",
    "Template text {{ 7 * 7 }} and {% if true %}jinja{% endif %} stays as written.",
    "Closing tags </textarea></style></script><script>alert('close')</script> end here.",
]
TEXT = "\n\n".join(LINES * 2)
QUOTE = "<script>alert('quote')</script> we will not stop"
ACTOR_KEY = "evil\"'><svg onload=alert('key')>"
ACTOR_NAME = "<img src=x onerror=alert('actor')>"
HTML = f"""<html><head><title>&lt;script&gt;alert('html')&lt;/script&gt; Evil headline</title>
<meta property="og:site_name" content="&lt;img src=x onerror=alert('site')&gt;"></head>
<body><article><h1>&lt;script&gt;alert('html')&lt;/script&gt; Evil headline</h1>
<p>{" ".join(LINES[:3])}</p><p>Paragraph with an escaped &lt;script&gt;alert('esc')&lt;/script&gt;
and a <a href="javascript:alert('a')">javascript link</a> that must not survive as a link.</p>
<p>{" ".join(LINES[3:])}</p><script>alert('raw script element')</script></article></body></html>"""


def _hostile_db(tmp: Path) -> tuple[Path, str]:
    """The demo corpus plus hostile articles sent through POST /api/v1/ingest, with extraction
    records (a quote, a figure, an event, an actor) that carry the same strings."""
    db = ingest_demo(tmp / "hostile.db")
    app = create_app(Storyline(db), WebSettings(ingest_token=TOKEN))
    record = {"title": TITLE, "outlet": OUTLET, "author": AUTHOR, "url": URL,
              "published": "2024-03-01", "language": "en", "text": TEXT}  # fmt: skip
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(app) as client:
        assert (
            client.post("/api/v1/ingest?name=evil", json=record, headers=auth).json()["added"] == 1
        )
        html = client.post("/api/v1/ingest?name=evil-html", content=HTML.encode(),
                           headers={**auth, "Content-Type": "text/html"})  # fmt: skip
        assert html.json()["added"] == 1
    with Storyline(db) as sl:
        doc = next(d for d in sl.documents() if d.title == TITLE)
        sl.store.write_analyses([DocAnalysis(doc.id, "test", None, "ok", None, _records(doc.text))])
        actors = [{"key": ACTOR_KEY, "name": ACTOR_NAME, "type": "person", "aliases": [OUTLET],
                   "roles": [{"role": TITLE, "as_of": "2024-03-01", "doc": doc.id}]}]  # fmt: skip
        sl.store.replace_actors(actors, [(doc.id, "a1", ACTOR_KEY)])
    return build_stories(db), doc.id


def _records(text: str) -> tuple[Item, ...]:
    at = text.index("<script>")
    end = text.index("talks")
    ev = {"start": at, "end": end, "text": text[at:end]}
    line = {"start": 0, "end": len(LINES[0]), "text": LINES[0]}
    name = text.index("Doha")
    data: list[tuple[str, dict[str, Any]]] = [
        ("mention", {"start": name, "end": name + 4, "text": "Doha", "label": "GPE", "actor": "a1"}),
        ("quote", {"text": QUOTE, "kind": "direct", "evidence": ev, "speaker": ACTOR_NAME,
                   "speaker_actor": "a1", "cue": "say", "sentence": line}),
        ("figure", {"value": 7.0, "qualifier": "exact", "kind": "count", "counted": TITLE,
                    "category": "<b>cat</b>", "evidence": ev, "sentence": line, "as_of": "2024-03-01"}),
        ("figure", {"value": 12.0, "qualifier": "exact", "kind": "count", "counted": TITLE,
                    "category": "killed", "evidence": ev, "sentence": line, "as_of": "2024-03-01",
                    "attributed_to": AUTHOR, "status": "reported"}),
        ("figure", {"value": 30.0, "qualifier": "exact", "kind": "count", "counted": TITLE,
                    "category": "killed", "evidence": ev, "sentence": line, "as_of": "2024-03-04",
                    "attributed_to": AUTHOR, "status": "reported"}),
        ("event", {"type": "<script>alert('type')</script>", "plover_type": "CONSULT",
                   "trigger": "said", "evidence": line, "actor": "a1", "recipient": OUTLET,
                   "date": "2024-03-01", "status": "claimed"}),
    ]  # fmt: skip
    items, start = [], {"mention": name, "quote": at, "figure": at, "event": 0}
    for kind, record in data:
        end = record.get("end") or record["evidence"]["end"]
        pos = sum(i.kind == kind for i in items)
        items.append(Item(kind, pos, start[kind], end, json.dumps(record)))
    return tuple(items)


@pytest.fixture(scope="session")
def chromium() -> Iterator[BrowserContext]:
    """The session's one browser (started by whichever web test module needs it first)."""
    yield launch_browser()[1]
    close_browser()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    db, doc_id = _hostile_db(tmp_path_factory.mktemp("hostile"))
    with BackgroundServer(create_app(Storyline(db, readonly=True))) as url:
        yield url, doc_id, db


def test_hostile_text_runs_no_script_and_shows_literally(
    hostile: tuple[str, str, Path], chromium: BrowserContext
) -> None:
    url, doc_id, db = hostile
    with Storyline(db, readonly=True) as sl:
        html_doc = next(d.id for d in sl.documents() if "Evil headline" in (d.title or ""))
        story = next(s["id"] for s in sl.stories() if doc_id in s["documents"])
        event = (sl.timeline(story) or [{}])[0]["id"]
    evil = _q("<script>alert(1)</script>")
    watch = Watch(chromium)
    pages = [
        "/", "/documents", "/documents?outlet=" + _q(OUTLET), "/search?q=alert",
        "/search?q=" + _q("<script>alert(1)</script>"), f"/articles/{doc_id}#q-{doc_id}-0",
        f"/articles/{html_doc}", "/outlets", "/actors", "/actors/" + _q(ACTOR_KEY), "/quotes",
        "/quotes?q=" + _q("<script>"), "/figures", "/events", "/stories", f"/stories/{story}",
        f"/stories/{story}/outlets", f"/story-events/{event}", f"/series?story={story}", "/series",
        f"/documents?story={story}", f"/stories/{story}?actor={evil}&outlet={_q(OUTLET)}",
        f"/stories/{story}?type={_q(chr(34) + '><script>alert(2)</script>')}",
        f"/stories/{story}?from=2024-03-01&to=2024-03-01", "/stories/" + evil,
        "/story-events/" + evil, "/series?story=" + evil, "/articles/" + evil,
    ]  # fmt: skip
    for path in pages:
        page = watch.open(url + path)
        assert page.evaluate("window.__xss") is None, path
        assert page.locator("script:not([src]):not([type='application/json'])").count() == 0, path
        assert (
            page.locator("img[src='x'], iframe, svg[onload], a[href^='javascript:']").count() == 0
        ), path
        assert page.locator("[onerror], [onload]").count() == 0, path
    watch.errors = [e for e in watch.errors if "status of 404" not in e]  # the last pages are 404s
    assert watch.dialogs == [], watch.dialogs
    assert watch.errors == [], watch.errors

    page = watch.open(f"{url}/articles/{doc_id}")
    expect(page.locator("h1")).to_have_text(TITLE)  # shown as text, not markup
    expect(page.locator(".facts")).to_contain_text(OUTLET)
    expect(page.locator(".facts")).to_contain_text(URL)  # the URL as text, never a link
    expect(page.locator(".facts")).to_contain_text(AUTHOR)
    assert page.locator(".text").inner_text() == TEXT
    assert page.title() == f"{TITLE} · Storyline"
    shot(page, "security-article")
    page = watch.open(f"{url}/stories/{story}")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("a.event-link").first).to_have_text("<script>alert('type')</script>")
    expect(page.locator("#outlet")).to_contain_text(OUTLET)
    shot(page, "security-story")
    page = watch.open(f"{url}/story-events/{event}")
    expect(page.locator("p.meta a").first).to_have_text(f"← {TITLE}")
    expect(page.locator(".first-report")).to_contain_text(OUTLET)
    page = watch.open(f"{url}/stories/{story}/outlets")
    expect(page.locator("table.matrix").first).to_contain_text(OUTLET)
    page = watch.open(url + "/actors/" + _q(ACTOR_KEY))
    expect(page.locator("h1")).to_have_text(ACTOR_NAME)
    expect(page.locator("blockquote")).to_have_text(QUOTE)
    page = watch.open(url + "/search?q=" + _q("<script>alert(1)</script>"))
    assert page.locator("#q").input_value() == "<script>alert(1)</script>"
    page = watch.open(f"{url}/articles/{html_doc}")
    assert "<script>alert('esc')</script>" in page.locator(".text").inner_text()
    assert watch.dialogs == [] and watch.errors == [], (watch.dialogs, watch.errors)
    watch.page.close()


def test_series_chart_escapes_every_string() -> None:
    """The inline SVG chart is markup built on the server: every string from the articles in
    it must stay text (parsed back, it holds only the chart's own elements)."""
    import xml.etree.ElementTree as ET

    from storyline.web.chart import series_svg

    points = [{"value": v, "as_of": f"2024-03-0{d}", "doc": "d1", "figure": "f-d1-0", "kind": TITLE,
               "outlet": OUTLET, "href": f"/articles/d1#x\"onmouseover=\"alert({d})"}
              for d, v in ((1, 12.0), (3, 30.0))]  # fmt: skip
    svg = str(series_svg({"points": points}, TITLE))
    root = ET.fromstring(svg)
    tags = {el.tag.split("}")[-1] for el in root.iter()}
    assert tags <= {"svg", "title", "line", "text", "polyline", "a", "g", "circle"}, tags
    assert root.find("{http://www.w3.org/2000/svg}title").text == TITLE  # type: ignore[union-attr]
    assert not [k for el in root.iter() for k in el.attrib if k.lower().startswith("on")]
    links = [el.get("href") for el in root.iter("{http://www.w3.org/2000/svg}a")]
    assert links == [p["href"] for p in points]  # quotes stayed inside the attribute


def _q(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = ingest_demo(tmp_path_factory.mktemp("sec") / "sec.db")
    with TestClient(create_app(Storyline(db, readonly=True))) as test_client:
        yield test_client


def test_security_headers_on_every_kind_of_response(client: TestClient) -> None:
    responses = [client.get("/"), client.get("/api/v1/documents"), client.get("/static/app.js"),
                 client.get("/nothing"), client.get("/api/v1/documents?limit=-1"),
                 client.post("/api/v1/documents", content=b"x" * 70_000)]  # fmt: skip
    for response in responses:
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "http" not in csp
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
    assert responses[-1].status_code == 413


def test_templates_have_no_inline_code_or_unescaped_output() -> None:
    for path in TEMPLATES.glob("*.html"):
        source = path.read_text()
        assert "|safe" not in source.replace(" ", "") and "autoescape false" not in source, (
            path.name
        )
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", source), path.name
        for tag in re.findall(r"<script[^>]*>", source):
            assert "src=" in tag or 'type="application/json"' in tag, (path.name, tag)
    renderer = create_app.__globals__["Renderer"]()
    assert renderer.env.autoescape is True


def test_static_assets_are_local(client: TestClient) -> None:
    page = client.get("/").text
    for ref in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert ref.startswith(("/", "#")), ref  # nothing from another host: works offline
    vendor = client.get("/static/vendor/uplot/uPlot.iife.min.js")
    assert vendor.status_code == 200 and "uPlot" in vendor.text
    assert client.get("/static/vendor/uplot/LICENSE").status_code == 200
    assert client.get("/static/../service.py").status_code == 404


@pytest.mark.parametrize("hostile_value", [
    "' OR 1=1 --", "\") OR 1=1 --", "x'; DROP TABLE documents; --", "%' OR '%'='", "\x00",
    "NEAR(a b)", "title:* OR text:*", "\"unbalanced", "*", "\\",
])  # fmt: skip
def test_parameters_never_reach_sql_as_code(client: TestClient, hostile_value: str) -> None:
    total = client.get("/api/v1/documents?limit=1").json()["total"]
    for name in ("outlet", "language", "q"):
        response = client.get("/api/v1/documents", params={name: hostile_value})
        assert response.status_code == 200, (name, response.text)
        assert response.json()["total"] <= total
    for path in ("/api/v1/documents/", "/api/v1/actors/", "/articles/"):
        assert client.get(path + _q(hostile_value)).status_code in (400, 404)
    for path, name in (
        ("/api/v1/events", "actor"),
        ("/api/v1/quotes", "q"),
        ("/api/v1/figures", "category"),
    ):
        assert client.get(path, params={name: hostile_value}).status_code == 200
    assert client.get("/api/v1/documents?limit=1").json()["total"] == total


def test_request_size_and_url_limits(tmp_path: Path) -> None:
    db = ingest_demo(tmp_path / "limits.db")
    settings = WebSettings(ingest_token=TOKEN, max_ingest_bytes=50_000)
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"}
    with TestClient(create_app(Storyline(db), settings)) as client:
        big = client.post("/api/v1/ingest", content=b"x" * 60_000, headers=auth)
        assert big.status_code == 413 and "50000" in big.json()["error"]["message"]
        streamed = client.post("/api/v1/ingest", content=iter([b"y" * 30_000] * 3), headers=auth)
        assert streamed.status_code == 413  # no Content-Length: counted as it arrives
        assert client.get("/api/v1/documents?q=" + "a" * 5000).status_code == 414
        assert client.post("/api/v1/ingest", content=b"", headers=auth).status_code == 400


def test_read_only_by_default(tmp_path: Path) -> None:
    db = ingest_demo(tmp_path / "ro.db")
    app = create_app(Storyline(db, readonly=True))
    methods = {m for route in app.routes for m in getattr(route, "methods", None) or ()}
    assert methods <= {"GET", "HEAD"}
    with TestClient(app) as client:
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            assert client.request(method, "/api/v1/documents").status_code == 405
            assert client.request(method, "/api/v1/ingest").status_code in (404, 405)
        with (
            app.state.ctx.reader() as sl,
            pytest.raises(sqlite3.OperationalError, match="readonly"),
        ):
            sl.store.conn.execute("DELETE FROM documents")
    assert WebSettings().host == "127.0.0.1" and not WebSettings().ingest_enabled
    from storyline.cli.serve import serve

    assert inspect.signature(serve).parameters["host"].default.default == "127.0.0.1"
    with pytest.raises(ValueError, match="16 characters"):
        WebSettings(ingest_token="short")
