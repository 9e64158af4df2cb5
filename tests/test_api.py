"""The HTTP API through the real app and a real database file (the demo corpus), plus
schemathesis over the OpenAPI schema. Extraction results are written through the store's own
write path by `seed_extractions` (the extraction components may not exist yet); the other web
test modules import these helpers."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from storyline import Storyline
from storyline.types import DocAnalysis, Item
from storyline.web import WebSettings, create_app

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"
TOKEN = "test-token-0123456789abcdef"

#: name as written -> (actor key, type)
ACTORS = {"Benjamin Netanyahu": ("netanyahu", "person"), "Netanyahu": ("netanyahu", "person"),
          "Hamas": ("hamas", "armed_group"), "Qatar": ("qatar", "state"),
          "Egypt": ("egypt", "state"), "Israel": ("israel", "state")}  # fmt: skip
NUMBER = re.compile(
    r"\b(\d{1,3}(?:,\d{3})+|\d+) (hostages|prisoners|Palestinians|people|children)\b"
)
QUOTE = re.compile(r"[\"“]([^\"”\n]{20,400})[\"”]")
SENTENCE = re.compile(r"[^.!?\s][^.!?\n]*[.!?]?")
RELEASE = re.compile(r"\b(freed|released)\b")
CATEGORY = {"hostages": "hostages_held", "prisoners": "prisoners_released", "Palestinians": "killed",
            "people": "killed", "children": "hostages_held"}  # fmt: skip


def _span(start: int, end: int, text: str) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


def _doc_items(text: str, published: str | None) -> tuple[list[Item], set[str]]:
    """Mentions, figures, quotes and release events found with plain patterns, shaped like
    the records of `storyline.nlp.records`."""
    items: list[Item] = []
    sentences = [(m.start(), m.end()) for m in SENTENCE.finditer(text) if m.group().strip()]

    def add(kind: str, start: int, end: int, data: dict[str, Any]) -> None:
        pos = sum(i.kind == kind for i in items)
        items.append(Item(kind, pos, start, end, json.dumps(data, sort_keys=True)))

    def sentence(pos: int) -> tuple[int, int]:
        return next(((a, b) for a, b in sentences if a <= pos < b), (pos, pos + 1))

    seen: set[str] = set()
    taken: list[tuple[int, int]] = []
    for name, (key, _) in ACTORS.items():
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            seen.add(key)
            add("mention", m.start(), m.end(), {**_span(m.start(), m.end(), text), "label": "PERSON"
                if key == "netanyahu" else "ORG", "actor": key})  # fmt: skip
    for m in NUMBER.finditer(text):
        a, b = sentence(m.start())
        add("figure", m.start(1), m.end(), {
            "value": float(m.group(1).replace(",", "")), "low": None, "high": None,
            "qualifier": "exact", "kind": "count", "counted": m.group(2),
            "category": CATEGORY[m.group(2)], "evidence": _span(m.start(1), m.end(), text),
            "sentence": _span(a, b, text), "unit": None, "as_of": published,
            "attributed_to": None, "status": "reported"})  # fmt: skip
    for m in QUOTE.finditer(text):
        a, b = sentence(m.start())
        speaker = next((k for n, (k, _) in ACTORS.items() if n in text[a:b]), None)
        add("quote", m.start(1), m.end(1), {
            "text": m.group(1), "kind": "direct", "evidence": _span(m.start(1), m.end(1), text),
            "speaker": speaker.title() if speaker else None, "speaker_actor": speaker,
            "cue": "say", "addressee": None, "sentence": _span(a, b, text), "extras": {}})  # fmt: skip
    for m in RELEASE.finditer(text):
        a, b = sentence(m.start())
        actor = next((k for n, (k, _) in ACTORS.items() if n in text[a:b]), None)
        add("event", a, b, {
            "type": "hostage_release", "subtype": None, "plover_type": "RELEASE",
            "plover_mode": None, "trigger": m.group(), "evidence": _span(a, b, text),
            "actor": actor, "recipient": None, "location": None, "date": published,
            "date_text": None, "date_granularity": "day", "status": "occurred",
            "attributed_to": None, "negated": False})  # fmt: skip
    return items, seen


def seed_extractions(db: Path) -> None:
    """Write extraction results and canonical actors for every document of `db`."""
    with Storyline(db) as sl:
        results, links = [], []
        for doc in sl.documents():
            items, keys = _doc_items(doc.text, doc.published)
            results.append(DocAnalysis(doc.id, "test-seed", None, "ok", None, tuple(items)))
            links += [(doc.id, key, key) for key in sorted(keys)]
        actors = {}
        for name, (key, kind) in ACTORS.items():
            entry = actors.setdefault(key, {"key": key, "name": name, "type": kind, "aliases": [],
                                            "roles": []})  # fmt: skip
            if entry["name"] != name:
                entry["aliases"].append(name)
        actors["netanyahu"]["roles"] = [
            {"role": "prime minister", "as_of": "2023-11-22",
             "evidence": {"start": 0, "end": 14, "text": "Prime Minister"}},
        ]  # fmt: skip
        sl.store.write_analyses(results)
        sl.store.replace_actors(list(actors.values()), links)


def ingest_demo(db: Path) -> Path:
    with Storyline(db) as sl:
        sl.ingest([str(DEMO)])
    return db


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus, ingested, without extraction results (as before `storyline analyze`)."""
    return ingest_demo(tmp_path_factory.mktemp("demo") / "demo.db")


@pytest.fixture(scope="session")
def analysed_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("analysed") / "analysed.db"
    shutil.copy(demo_db, db)
    seed_extractions(db)
    return db


def build_stories(db: Path) -> Path:
    """The story stage over the seeded extractions (the real stage: embeddings, clustering)."""
    with Storyline(db) as sl:
        sl.build_stories()
    return db


@pytest.fixture(scope="session")
def stories_db(analysed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("stories") / "stories.db"
    with Storyline(analysed_db, readonly=True) as sl:  # a consistent copy, WAL included
        sl.store.conn.execute("VACUUM INTO ?", (str(db),))
    return build_stories(db)


@pytest.fixture(scope="module")
def story_client(stories_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Storyline(stories_db, readonly=True))) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def client(analysed_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Storyline(analysed_db, readonly=True))) as test_client:
        yield test_client


def _all(client: TestClient, url: str, limit: int = 7) -> list[dict[str, Any]]:
    items, cursor, sep = [], None, "&" if "?" in url else "?"
    for _ in range(100):
        page = client.get(f"{url}{sep}limit={limit}" + (f"&cursor={cursor}" if cursor else ""))
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        if not (cursor := page.json()["next"]):
            return items
    raise AssertionError("pagination did not end")


def test_documents_page_through_every_document_once(client: TestClient) -> None:
    items = _all(client, "/api/v1/documents")
    assert len(items) == len({i["id"] for i in items}) == 41
    dates = [i["published"] for i in items if i["published"]]
    assert dates == sorted(dates, reverse=True)  # newest first, undated last
    assert all(i["published"] is None for i in items[len(dates) :])
    first = client.get("/api/v1/documents?limit=5").json()
    assert first["total"] == 41 and len(first["items"]) == 5


@pytest.mark.parametrize("limit", [1, 2, 5])
@pytest.mark.parametrize(
    "url",
    ["/api/v1/documents", "/api/v1/documents?outlet=Gulf%20Dispatch", "/api/v1/documents?to=2023-11-15",
     "/api/v1/documents?originals=true", "/api/v1/events", "/api/v1/quotes",
     "/api/v1/documents?q=hostages", "/api/v1/documents?q=hostages&outlet=Gulf%20Dispatch"],
)  # fmt: skip
def test_keyset_pages_join_up_to_the_whole_list(client: TestClient, url: str, limit: int) -> None:
    """Pages of any size, across the dated/undated boundary and within a document's records,
    give exactly the one-page answer in the same order."""
    sep = "&" if "?" in url else "?"
    whole = client.get(f"{url}{sep}limit=200").json()["items"]
    assert whole and [i["id"] for i in _all(client, url, limit)] == [i["id"] for i in whole]


def test_search_pages_past_the_kept_ranking(
    analysed_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages beyond the ranking the web keeps per search are ranked on their own, in order."""
    import storyline.service_queries as queries

    with TestClient(create_app(Storyline(analysed_db, readonly=True))) as client:
        whole = [
            i["id"] for i in client.get("/api/v1/documents?q=hostages&limit=200").json()["items"]
        ]
    monkeypatch.setattr(queries, "RANKED", 3)
    with TestClient(create_app(Storyline(analysed_db, readonly=True))) as client:
        assert (
            len(whole) > 6
            and [i["id"] for i in _all(client, "/api/v1/documents?q=hostages", 2)] == whole
        )


def test_document_filters(client: TestClient) -> None:
    gulf = _all(client, "/api/v1/documents?outlet=Gulf%20Dispatch")
    assert gulf and {i["outlet"] for i in gulf} == {"Gulf Dispatch"}
    french = client.get("/api/v1/documents?language=fr").json()["items"]
    assert [i["language"] for i in french] == ["fr"]
    window = _all(client, "/api/v1/documents?from=2023-11-01&to=2023-11-30")
    assert window and all("2023-11-01" <= i["published"] <= "2023-11-30" for i in window)
    originals = client.get("/api/v1/documents?originals=true&limit=200").json()
    assert originals["total"] == 38 and not any(i["duplicate_of"] for i in originals["items"])
    none = client.get("/api/v1/documents?outlet=(none)&limit=200").json()["items"]
    assert none and all(i["outlet"] is None for i in none)


def test_full_text_search_ranks_and_marks_matches(client: TestClient) -> None:
    found = client.get('/api/v1/documents?q="humanitarian aid"&limit=3').json()
    assert found["total"] >= 1
    for hit in found["items"]:
        marked = [hit["snippet"][a:b].lower() for a, b in hit["snippet_matches"]]
        assert marked and set(marked) == {"humanitarian aid"}
    every = _all(client, "/api/v1/documents?q=hostages", limit=4)
    assert (
        len(every)
        == len({i["id"] for i in every})
        == client.get("/api/v1/documents?q=hostages").json()["total"]
    )
    assert client.get("/api/v1/documents?q=%22%27%3B--").json() == {"items": [], "next": None,
                                                                   "total": 0}  # fmt: skip


def test_document_with_extractions_spans_and_copies(client: TestClient) -> None:
    docs = client.get("/api/v1/documents?limit=200").json()["items"]
    copy = next(d for d in docs if d["duplicate_of"])
    detail = client.get(f"/api/v1/documents/{copy['id']}").json()
    assert detail["original"]["id"] == copy["duplicate_of"] and "published" in detail["original"]
    original = client.get(f"/api/v1/documents/{copy['duplicate_of']}").json()
    assert copy["id"] in [c["id"] for c in original["copies"]]
    meridian = client.get("/api/v1/documents/07_meridian").json()  # a unique part of the path
    assert meridian["title"].startswith("Israel approves deal")
    assert {"line": "By Tomas Brandt and Omar Khalil", "reason": "byline"} in meridian["removed"]
    original, text = meridian, meridian["text"]
    assert original["extractions"]["figures"] and original["extractions"]["quotes"]
    assert set(original["extractions"]) == {"mentions", "timexes", "events", "figures", "quotes"}
    for kind in ("events", "figures", "quotes"):
        for item in original["extractions"][kind]:
            ev = item["evidence"]
            assert text[ev["start"] : ev["end"]] == ev["text"]
    for m in original["extractions"]["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]
    by_prefix = client.get(f"/api/v1/documents/{copy['id'][:10]}").json()
    assert by_prefix["id"] == copy["id"]
    assert client.get("/api/v1/documents/dnothere000").status_code == 404


def test_extraction_lists_filter_and_paginate(client: TestClient) -> None:
    figures = _all(client, "/api/v1/figures", limit=5)
    assert figures and all(f["evidence"]["text"] and f["doc_title"] for f in figures)
    killed = client.get("/api/v1/figures?category=killed&limit=200").json()["items"]
    assert killed and {f["category"] for f in killed} == {"killed"}
    series = client.get("/api/v1/figures/series").json()
    assert sum(len(s["points"]) for s in series) == len(figures)
    events = client.get("/api/v1/events?type=RELEASE&limit=200").json()
    assert events["total"] and all(e["plover_type"] == "RELEASE" for e in events["items"])
    dated = _all(client, "/api/v1/events?from=2024-01-01&to=2024-12-31")
    assert all("2024-01-01" <= e["date"] <= "2024-12-31" for e in dated)
    hamas = client.get("/api/v1/events?actor=hamas&limit=200").json()["items"]
    assert hamas and all(e["actor_key"] == "hamas" for e in hamas)
    quotes = client.get("/api/v1/quotes?q=first%20step").json()["items"]
    assert quotes and all("first step" in q["text"] for q in quotes)
    by_speaker = client.get("/api/v1/quotes?speaker=qatar&limit=200").json()["items"]
    assert by_speaker and all("qatar" in f"{q['speaker']} {q['speaker_actor']}".lower()
                              for q in by_speaker)  # fmt: skip


def test_actors_and_actor_profile(client: TestClient) -> None:
    actors = client.get("/api/v1/actors").json()["items"]
    counts = [a["mentions"] for a in actors]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0
    assert client.get("/api/v1/actors?q=benjamin").json()["items"][0]["id"] == "netanyahu"
    profile = client.get("/api/v1/actors/netanyahu").json()
    assert profile["aliases"] == ["Netanyahu"] and profile["roles"][0]["role"] == "prime minister"
    assert profile["documents"] and profile["mentions"] == sum(
        d["mentions"] for d in profile["documents"]
    )
    assert client.get("/api/v1/actors/nobody").status_code == 404


def test_outlet_comparison_and_coverage(client: TestClient) -> None:
    stats = client.get("/api/v1/stats").json()
    coverage = client.get("/api/v1/coverage").json()
    dated = stats["documents"] - stats["undated"]
    assert sum(o["total"] for o in coverage["outlets"]) == dated
    assert coverage["undated"] == stats["undated"]
    assert coverage["periods"] == sorted(coverage["periods"])
    assert all(len(o["counts"]) == len(coverage["periods"]) for o in coverage["outlets"])
    outlets = client.get("/api/v1/outlets?period=year").json()
    assert sum(o["documents"] for o in outlets["outlets"]) == stats["documents"]
    assert outlets["coverage"]["period"] == "year"
    assert any(o["copied_from"] for o in outlets["outlets"])
    assert client.get("/api/v1/stories").json() == {"items": [], "next": None, "total": 0}
    assert client.get("/api/v1/stories/s1/timeline").status_code == 404
    assert client.get("/api/v1/documents?story=s1").status_code == 404


def _article_span(client: TestClient, href: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The article and the extraction an evidence link (/articles/{doc}#{id}) points at."""
    path, _, anchor = href.partition("#")
    assert path.startswith("/articles/") and anchor, href
    doc = client.get("/api/v1/documents/" + path.removeprefix("/articles/")).json()
    found = [i for items in doc["extractions"].values() for i in items if i["id"] == anchor]
    assert len(found) == 1, href
    return doc, found[0]


def test_stories_timeline_and_events_link_to_their_sentences(story_client: TestClient) -> None:
    client = story_client
    stories = _all(client, "/api/v1/stories", limit=2)
    assert len(stories) >= 2 and len({s["id"] for s in stories}) == len(stories)
    story = client.get(f"/api/v1/stories/{stories[0]['id']}").json()
    assert story["n_documents"] == len(story["documents"]) and story["href"] == stories[0]["href"]
    events = _all(client, f"/api/v1/stories/{story['id']}/timeline", limit=3)
    assert len(events) == story["n_events"] > 0
    dates = [e["date"][:10] for e in events if e["date"]]
    assert dates == sorted(dates)  # the timeline runs in date order
    for event in events:
        outlets = set()
        for support in event["support"]:  # every supporting report opens on its sentence
            doc, extraction = _article_span(client, support["href"])
            assert extraction["id"] == support["event"] and doc["outlet"] == support["outlet"]
            outlets.add(support["outlet"])
        assert set(event["outlets"]) == outlets - {None}
        assert event["first_report"]["doc"] in {s["doc"] for s in event["support"]}
    one = client.get(events[0]["href"].replace("/story-events/", "/api/v1/story-events/")).json()
    assert one["id"] == events[0]["id"] and one["story_title"] == story["title"]
    for support in one["support"]:  # the sentence's words, cut from the article at its offsets
        doc, _ = _article_span(client, support["href"])
        span = support["sentence"]
        assert support["sentence_text"] == doc["text"][span["start"] : span["end"]]
    kind = events[0]["type"]
    typed = _all(client, f"/api/v1/stories/{story['id']}/timeline?type={kind}")
    assert typed and all(kind in (e["type"], e["subtype"]) for e in typed)
    day = dates[0]
    that_day = client.get(f"/api/v1/stories/{story['id']}/timeline?from={day}&to={day}").json()
    assert that_day["total"] == dates.count(day)
    docs = _all(client, f"/api/v1/documents?story={story['id']}")
    assert sorted(d["id"] for d in docs) == sorted(story["documents"])


def test_timeline_lists_the_first_reports_of_each_event(
    stories_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A timeline carries each event's first reports and their total; the story event has all
    (an event reported by hundreds of articles keeps a timeline page small)."""
    from storyline.web import stories

    monkeypatch.setattr(stories, "LISTED", 1)
    with TestClient(create_app(Storyline(stories_db, readonly=True))) as client:
        story = client.get("/api/v1/stories?limit=1").json()["items"][0]["id"]
        events = _all(client, f"/api/v1/stories/{story}/timeline")
        assert any(e["support_total"] > 1 for e in events)
        for event in events:
            one = client.get(f"/api/v1/story-events/{event['id']}").json()
            assert event["support"] == [
                {k: s.get(k) for k in event["support"][0]} for s in one["support"][:1]
            ]
            assert event["support_total"] == len(one["support"])
        page = client.get(f"/stories/{story}").text
        assert f"{events[0]['support_total']} report" in page


def test_series_and_story_outlets(story_client: TestClient) -> None:
    client = story_client
    every = _all(client, "/api/v1/series", limit=4)
    assert every and all(len(s["points"]) >= 2 for s in every)
    point = every[0]["points"][0]
    _, figure = _article_span(client, point["href"])
    assert figure["value"] == point["value"]
    story = every[0]["story"]
    own = _all(client, f"/api/v1/series?story={story}")
    assert {s["id"] for s in own} == {s["id"] for s in every if s["story"] == story}
    compared = client.get(f"/api/v1/stories/{story}/outlets").json()
    assert compared["story"] == story and compared["coverage"]["rows"]
    terms = compared["terms"]
    assert all({"outlet", "term", "log_odds", "z"} <= set(t) for t in terms)
    for outlet in {t["outlet"] for t in terms}:  # each outlet's most distinctive term first
        z = [t["z"] for t in terms if t["outlet"] == outlet]
        assert z == sorted(z, reverse=True)
    for url in ("/api/v1/stories/nope", "/api/v1/stories/nope/timeline", "/api/v1/stories/nope/outlets",
                "/api/v1/story-events/nope", "/api/v1/series?story=nope", "/api/v1/documents?story=nope"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert client.get(f"/api/v1/stories/{story}/timeline?cursor=WzFd").status_code == 200
    assert client.get(f"/api/v1/stories/{story}/timeline?cursor=abc").status_code == 400
    assert client.get(f"/api/v1/stories/{story}/timeline?from=2024-02-30").status_code == 400
    first = client.get(f"/api/v1/stories/{story}/timeline")
    again = client.get(
        f"/api/v1/stories/{story}/timeline", headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304


def test_etags_gzip_and_clear_errors(client: TestClient) -> None:
    first = client.get("/api/v1/documents?limit=50")
    tag = first.headers["etag"]
    again = client.get("/api/v1/documents?limit=50", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    plain = {"Accept-Encoding": "identity"}  # kept apart from the gzipped answer
    assert client.get("/api/v1/documents?limit=50", headers=plain).headers["etag"] == tag
    cached = client.get("/api/v1/documents?limit=50", headers=plain)
    assert cached.headers["x-storyline-cache"] == "hit" and cached.headers["etag"] == tag
    assert cached.content == first.content and "content-encoding" not in cached.headers
    page = client.get("/", headers={"If-None-Match": client.get("/").headers["etag"]})
    assert page.status_code == 304
    raw = client.get("/api/v1/documents?limit=50", headers={"Accept-Encoding": "gzip"})
    assert raw.headers["content-encoding"] == "gzip"
    for url, word in [("/api/v1/documents?limit=0", "limit"), ("/api/v1/documents?from=2024-13-01", "from"),
                      ("/api/v1/documents?cursor=%00%01", "cursor"), ("/api/v1/coverage?period=week", "period"),
                      ("/api/v1/events?cursor=WzFd", "cursor")]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 400, url
        assert word in response.json()["error"]["message"]
    assert client.post("/api/v1/documents").status_code == 405
    assert client.get("/api/v1/nothing").json()["error"]["status"] == 404


def test_workers_close_every_tenth_connection(analysed_db: Path) -> None:
    """Several server processes share one socket: their answers close the connection now and
    then, so clients reconnect and spread over the processes; one process keeps them open."""
    from storyline.web.app import ENV_SETTINGS, environment_for

    shared = json.loads(environment_for(analysed_db, WebSettings())[ENV_SETTINGS])
    assert shared["keepalive_requests"] == 10
    app = create_app(Storyline(analysed_db, readonly=True), WebSettings(keepalive_requests=3))
    with TestClient(app) as client:
        closing = [client.get("/api/v1/stats").headers.get("connection") for _ in range(6)]
    assert closing == [None, None, "close", None, None, "close"]
    with TestClient(create_app(Storyline(analysed_db, readonly=True))) as client:
        assert all(client.get("/api/v1/stats").headers.get("connection") is None for _ in range(12))


def test_exports_download(client: TestClient) -> None:
    lines = client.get("/api/v1/exports/documents.jsonl").text.splitlines()
    assert len(lines) == 41 and {"id", "text", "removed"} <= set(json.loads(lines[0]))
    response = client.get("/api/v1/exports/documents.csv")
    assert "attachment" in response.headers["content-disposition"]
    assert len(list(csv.DictReader(io.StringIO(response.text)))) == 41
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(client.get("/api/v1/exports/documents.parquet").content))
    assert table.num_rows == 41
    events = client.get("/api/v1/exports/events.jsonl").text.splitlines()
    assert events and json.loads(events[0])["doc"]
    assert client.get("/api/v1/exports/secrets.txt").status_code == 400


def test_ingest_is_off_by_default_and_needs_the_token(demo_db: Path, tmp_path: Path) -> None:
    with TestClient(create_app(Storyline(demo_db, readonly=True))) as ro:
        assert ro.post("/api/v1/ingest", content=b"x").status_code in (404, 405)
        assert "/api/v1/ingest" not in ro.get("/api/v1/openapi.json").json()["paths"]
    db = shutil.copy(demo_db, tmp_path / "rw.db")
    app = create_app(Storyline(db), WebSettings(ingest_token=TOKEN))
    body = b"date 2024-05-01 English\nA quiet day in Doha\n\n" + b"Mediators met again today. " * 20
    with TestClient(app) as rw:
        before = rw.get("/api/v1/documents?limit=1").json()["total"]
        again = rw.get("/api/v1/documents?limit=1")  # the same answer, from the response cache
        assert again.headers["x-storyline-cache"] == "hit" and again.json()["total"] == before
        assert rw.post("/api/v1/ingest", content=body).status_code == 401
        wrong = {"Authorization": "Bearer nope", "Content-Type": "text/plain"}
        assert rw.post("/api/v1/ingest", content=body, headers=wrong).status_code == 401
        auth = {"Authorization": f"Bearer {TOKEN}"}
        bad_type = rw.post(
            "/api/v1/ingest", content=body, headers={**auth, "Content-Type": "image/png"}
        )
        assert bad_type.status_code == 415
        ok = rw.post("/api/v1/ingest?name=quiet", content=body,
                     headers={**auth, "Content-Type": "text/plain"})  # fmt: skip
        assert ok.status_code == 200 and ok.json()["added"] == 1
        after = rw.get("/api/v1/documents?limit=1")  # the write changed the database version
        assert after.headers["x-storyline-cache"] == "miss" and after.json()["total"] == before + 1
        assert rw.get("/api/v1/stats").json()["documents"] == before + 1  # the cache saw the write
        hit = rw.get("/api/v1/documents?q=quiet%20Doha").json()["items"][0]
        assert hit["title"] == "A quiet day in Doha"
        record = {"title": "From JSON", "outlet": "Wire", "published": "2024-05-02",
                  "text": "Talks resumed in Cairo on Thursday. " * 10}  # fmt: skip
        added = rw.post("/api/v1/ingest", json=record, headers=auth).json()
        assert added["added"] == 1


def test_empty_state_before_analysis(demo_db: Path) -> None:
    with TestClient(create_app(Storyline(demo_db, readonly=True))) as c:
        assert c.get("/api/v1/events").json() == {"items": [], "next": None, "total": 0}
        for path in ("/actors", "/events", "/figures", "/quotes", "/"):
            page = c.get(path)
            assert page.status_code == 200 and "storyline analyze" in page.text, path


def test_serve_command_starts_a_real_server(demo_db: Path, tmp_path: Path) -> None:
    missing = subprocess.run([sys.executable, "-m", "storyline", "--db", str(tmp_path / "no.db"), "serve"],
                             capture_output=True, text=True, timeout=60)  # fmt: skip
    assert missing.returncode == 4 and "no database" in missing.stderr
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "storyline", "serve", "--db", str(demo_db),
                             "--port", str(port)], stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        for _ in range(200):
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/v1/stats", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert response.json()["documents"] == 41
        page = httpx.get(f"http://127.0.0.1:{port}/", headers={"Accept-Encoding": "gzip"})
        assert page.headers["content-encoding"] == "gzip" and "Coverage by outlet" in page.text
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert proc.stderr is not None and "127.0.0.1" in proc.stderr.read()


def test_web_goes_through_the_service() -> None:
    """The web face reads through `Storyline` (and its query mixin), never the store or SQLite."""
    import ast

    web = Path(__file__).resolve().parents[1] / "src" / "storyline" / "web"
    allowed = ("storyline.web", "storyline.service", "storyline.types", "storyline.errors")
    for path in web.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] if node.module != "storyline" else []
            for name in names:
                assert name != "sqlite3", path.name
                if name.startswith("storyline"):
                    assert name.startswith(allowed), (path.name, name)


# -- schemathesis over the OpenAPI schema ---------------------------------------------------

import schemathesis  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance, negative_data_rejection]  # fmt: skip
EXAMPLES = {
    GenerationMode.POSITIVE: int(os.environ.get("SCHEMA_EXAMPLES", 10)),
    GenerationMode.NEGATIVE: int(os.environ.get("SCHEMA_EXAMPLES", 10)) // 2,
}
#: Invalid input may also be refused as too large (413) or too long a URL (414).
CONFIG = schemathesis.Config.from_dict(
    {"checks": {"negative_data_rejection": {"expected-statuses": [400, 404, 405, 413, 414, 415]}}}
)


def test_api_conforms_to_its_schema(stories_db: Path) -> None:
    """Every operation, with valid and invalid inputs: no 500, responses match the schema,
    invalid inputs are rejected with a 4xx. (Driven directly: schemathesis's pytest plugin
    does not run under pytest 9.)"""
    app = create_app(Storyline(stories_db, readonly=True))
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app, config=CONFIG)
    calls: dict[str, int] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode, examples in EXAMPLES.items():

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=examples, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))  # fmt: skip
            def run(case: Any) -> None:
                case.call_and_validate(checks=CHECKS)
                calls[case.operation.label] = calls.get(case.operation.label, 0) + 1

            try:
                run()
            except Unsatisfiable:  # nothing invalid to send (an operation without parameters)
                assert mode is GenerationMode.NEGATIVE, operation.label
    assert len(calls) >= 19, sorted(calls)
    print(f"schemathesis: {len(calls)} operations, {sum(calls.values())} calls, no failures")
