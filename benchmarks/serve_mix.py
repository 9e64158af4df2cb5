"""The request mix of benchmarks/serve.py: which URLs the clients ask for, and how often.

Two URL sets. `narrow` (the first benchmark's): 500 sampled articles, the first 20 cursors of
the document list, 7 search words, the first 50 stories and story events; a server that keeps
answers serves nearly all of them from memory. `wide`: any of the documents, cursors from
anywhere in the list (documents and events), searches for any of 400 words of the corpus
(one or two words) at any of the first four result pages, any outlet from any start date,
every story and story event, timelines filtered by each event type; so most answers must be
computed, as they would be for many readers looking at different things.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ingest import OUTLETS

WORDS = ("hostages", "Doha", "ceasefire", "Qatar", '"prisoner release"', "truce extended", "Cairo")
ACTOR_KEYS = ("hamas", "qatar", "israel", "egypt")


@dataclass
class Pools:
    """The values the URLs are drawn from."""

    ids: list[str]
    cursors: list[str]  # `next` values of the document list
    words: list[str] = field(default_factory=lambda: list(WORDS))
    pages: int = 1  # search result pages drawn from (1: the first only)
    event_cursors: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)  # story event types, for timeline filters
    actors: list[str] = field(default_factory=lambda: ["qatar"])
    wide: bool = False


def _read(db: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        try:
            return conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError:  # a store from before the story stage
            return []


def narrow(db: Path, cursors: list[str]) -> Pools:
    ids = [str(r[0]) for r in _read(db, "SELECT id FROM documents ORDER BY random() LIMIT 500")]
    stories = [str(r[0]) for r in _read(db, "SELECT id FROM stories LIMIT 50")]
    events = [str(r[0]) for r in _read(db, "SELECT id FROM story_events LIMIT 50")]
    return Pools(ids, cursors, stories=stories, events=events)


def wide(db: Path, seed: int = 7) -> Pools:
    from storyline.service_queries import encode_cursor

    rng = random.Random(seed)
    docs = _read(db, "SELECT id, coalesce(published, ''), seq FROM documents")
    cursors = [
        encode_cursor([str(p), int(s)]) for _, p, s in rng.sample(docs, min(2000, len(docs)))
    ]  # type: ignore[call-overload]
    events = _read(db, "SELECT d.seq FROM documents d WHERE EXISTS (SELECT 1 FROM extractions e"
                       " WHERE e.doc_id = d.id AND e.kind = 'event')")  # fmt: skip
    event_cursors = [
        encode_cursor([int(s), 0]) for (s,) in rng.sample(events, min(2000, len(events)))
    ]  # type: ignore[call-overload]
    story_rows = _read(db, "SELECT id FROM stories")
    event_rows = _read(db, "SELECT id, json_extract(data, '$.type') FROM story_events")
    actors = [str(r[0]) for r in _read(db, "SELECT key FROM actors")] or ["qatar"]
    return Pools([str(r[0]) for r in docs], cursors, words=vocabulary(db, rng), pages=4,
                 event_cursors=event_cursors, stories=[str(r[0]) for r in story_rows],
                 events=[str(r[0]) for r in event_rows], actors=actors, wide=True,
                 types=sorted({str(r[1]) for r in event_rows if r[1]}))  # fmt: skip


def vocabulary(db: Path, rng: random.Random, n: int = 400) -> list[str]:
    """Words of the corpus that at least 5 documents use, as a reader might search them."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, documents_fts, 'row')")
        found = [str(r[0]) for r in conn.execute(
            "SELECT term FROM temp.vocab WHERE doc >= 5 AND length(term) >= 4 AND term GLOB '[a-z]*'")]  # fmt: skip
    words = rng.sample(found, min(n, len(found)))
    pairs = [f"{a} {b}" for a, b in zip(words[: n // 4], words[n // 4 : n // 2], strict=False)]
    return words + pairs


def _search(pools: Pools, rng: random.Random, limit: int) -> str:
    from storyline.service_queries import encode_cursor

    page = rng.randrange(pools.pages)
    cursor = f"&cursor={encode_cursor([page * limit])}" if page else ""
    return f"q={quote(rng.choice(pools.words))}{cursor}"


def _stories(pools: Pools, rng: random.Random) -> list[tuple[str, str, float]]:
    if not (pools.stories and pools.events):
        return []
    story, event = rng.choice(pools.stories), rng.choice(pools.events)
    typed = f"&type={quote(rng.choice(pools.types))}" if pools.types and rng.random() < 0.5 else ""
    return [("page", f"/stories/{story}", 3), ("page", "/stories", 1),
            ("api", f"/api/v1/stories/{story}/timeline?limit=20{typed}", 2),
            ("page", f"/story-events/{event}", 2), ("api", f"/api/v1/story-events/{event}", 1),
            ("page", f"/series?story={story}", 1)]  # fmt: skip


def request_mix(pools: Pools, rng: random.Random) -> list[tuple[str, str, float]]:
    """(kind, path, weight): kind is "page" or "api"."""
    outlet = quote(rng.choice(OUTLETS))
    doc, cursor, actor = rng.choice(pools.ids), rng.choice(pools.cursors), rng.choice(pools.actors)
    since = f"{rng.randint(2020, 2024)}-{rng.randint(1, 12):02d}-01" if pools.wide else "2022-01-01"
    events = f"&cursor={rng.choice(pools.event_cursors)}" if pools.event_cursors else ""
    return _stories(pools, rng) + [
        ("page", "/", 8), ("page", "/documents", 6), ("page", f"/documents?outlet={outlet}", 4),
        ("page", f"/documents?cursor={cursor}", 4), ("page", f"/search?{_search(pools, rng, 25)}", 5),
        ("page", f"/articles/{doc}", 14), ("page", "/outlets", 3), ("page", "/actors", 2),
        ("page", "/figures", 2), ("page", "/quotes", 2), ("page", "/events", 2),
        ("page", f"/actors/{actor}", 2),
        ("api", "/api/v1/documents?limit=50", 7), ("api", f"/api/v1/documents/{doc}", 12),
        ("api", f"/api/v1/documents?{_search(pools, rng, 20)}&limit=20", 5),
        ("api", "/api/v1/coverage", 3),
        ("api", f"/api/v1/documents?outlet={outlet}&from={since}", 4),
        ("api", "/api/v1/outlets", 2), ("api", f"/api/v1/events?limit=50{events}", 3),
        ("api", "/api/v1/quotes?q=official", 2), ("api", "/api/v1/stats", 2),
        ("api", "/api/v1/figures?category=hostages_held", 2),
    ]  # fmt: skip


def pick(pools: Pools, rng: random.Random) -> tuple[str, str]:
    mix = request_mix(pools, rng)
    kind, path, _ = rng.choices(mix, weights=[w for *_, w in mix])[0]
    return kind, path
