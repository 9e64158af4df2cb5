"""The story stage (issue 6): documents and their extractions in, stories out. Incremental.

One run takes the documents not yet placed in a story, in ingest order, and

1. dates the undated ones from their content (`dating.infer_date`, with the events and running
   counts of dated documents as anchors), stores the date with `published_source = content`,
   its confidence and window, and resolves their relative time expressions against it (the
   service has them extracted again with the date, so event dates and offices follow too);
2. embeds them (vectors are stored per model, so a rebuild or another engine reuses them);
3. adds them, oldest first, to the clusterer restored from its stored state: nothing already
   placed moves, so a new article costs a nearest-neighbour search, not a recomputation;
4. rebuilds the summaries (story record, timeline of story events, figure series, distinctive
   terms) of the stories that received documents or whose documents were analysed again
   since, and only those.

A run with no new documents changes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from storyline.store import stories as db
from storyline.store.sqlite import Store
from storyline.story import stage_events, stage_views
from storyline.story.cluster import ClusterSettings, DocInfo, StoryClusterer
from storyline.story.cluster_state import ClusterState
from storyline.story.embed import Embedder, HashEmbedder, document_vectors

Progress = Callable[[int], None]
#: Analyses documents again (by id) once they have a date: the service's extraction pipeline.
Reanalyse = Callable[[list[str]], None]
EMBEDDERS = ("minilm", "hash")


@dataclass(frozen=True)
class StorySettings:
    #: minilm (all-MiniLM-L6-v2, the default) or hash (no model: tests, machines without torch)
    embedder: str = field(default_factory=lambda: os.environ.get("STORYLINE_EMBEDDER", "minilm"))
    cluster: ClusterSettings | None = None


def make_embedder(name: str) -> tuple[str, Embedder]:
    """(model name stored beside the vectors, embedder)."""
    if name == "hash":
        return "hash-256", HashEmbedder(256)
    if name == "minilm":
        from storyline.story.embed import MiniLMEmbedder

        return "all-MiniLM-L6-v2", MiniLMEmbedder()
    raise ValueError(f"unknown embedder {name!r}; choose one of {', '.join(EMBEDDERS)}")


def build(store: Store, settings: StorySettings | None = None, progress: Progress | None = None,
          rebuild: bool = False, reanalyse: Reanalyse | None = None) -> dict[str, Any]:  # fmt: skip
    """Run the stage; `reanalyse`, when given, extracts the documents dated here again with
    their new date (without it, only their relative time expressions are resolved)."""
    settings = settings or StorySettings()
    model, embedder = make_embedder(settings.embedder)
    if rebuild or db.other_models(store.conn, model):
        db.clear(store)  # vectors of another model cannot join this model's index
    new = db.unassigned(store.conn)
    counts: dict[str, Any] = {"embedder": model, "documents_added": len(new), "dated": 0}
    touched: set[str] = set()
    if new:
        dated = _date_undated(store, new)
        counts["dated"] = len(dated)
        if dated and reanalyse is not None:
            # read against the date, "on Friday" dates its event, "the prime minister" names
            # the holder of that day and a running count gets its as-of day
            reanalyse(dated)
        clusterer = _restore(store, model, embedder.dim, settings.cluster)
        touched = _place(store, clusterer, model, embedder, new, progress)
    # documents analysed again (a new pack or model) change their stories' summaries
    touched.update(db.stale_stories(store.conn))
    for story_id, doc_ids in db.story_docs(store.conn, touched).items():
        _summarise(store, story_id, doc_ids)
    counts["stories_refreshed"] = len(touched)
    row = store.conn.execute(
        "SELECT (SELECT count(*) FROM stories), (SELECT count(*) FROM story_events),"
        " (SELECT count(*) FROM figure_series)"
    ).fetchone()
    counts.update(stories=row[0], story_events=row[1], series=row[2])
    return counts


# --- 1. dating ---------------------------------------------------------------------------------


def _date_undated(store: Store, new: list[dict[str, Any]]) -> list[str]:
    from storyline.story import dating  # only needed for undated documents

    undated = [d["id"] for d in new if not d.get("published")]
    if not undated:
        return []
    known, counts = _anchors(store)
    copied = dict(store.conn.execute(_COPY_DATES).fetchall())
    timexes = _by_doc(db.items(store.conn, "timex", undated))
    clues = _doc_clues(store, undated)
    found = []
    for doc_id in undated:
        guess = dating.copy_date(copied[doc_id]) if doc_id in copied else dating.infer_date(
            timexes.get(doc_id, []), known_events=known, known_counts=counts, **clues[doc_id])  # fmt: skip
        if guess.date is None:
            continue
        resolved = dating.resolve_timexes(timexes.get(doc_id, []), guess.date)
        changed = [t for t, old in zip(resolved, timexes.get(doc_id, []), strict=True) if t != old]
        found.append((doc_id, guess.as_dict(), changed))
    db.save_dates(store, found)
    dated = {doc_id: guess["date"] for doc_id, guess, _ in found}
    for doc in new:
        doc["published"] = dated.get(doc["id"], doc.get("published"))
    return list(dated)


def _anchors(store: Store) -> tuple[list[Any], list[Any]]:
    """Known events and running counts, from documents whose date the input states: an
    inferred date as an anchor would let a wrong guess spread."""
    from storyline.story import dating

    inferred = {r[0] for r in store.conn.execute(_INFERRED)}
    events = [e for e in db.items(store.conn, "event") if e.get("_published")]
    figures = [f for f in db.items(store.conn, "figure") if f.get("_published")]
    events = [e for e in events if e["doc"] not in inferred]
    figures = [f for f in figures if f["doc"] not in inferred]
    return dating.known_events(events), dating.known_counts(figures)


def _doc_clues(store: Store, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
    """doc id -> `infer_date` keywords: its events, figures, offices, and when it was captured
    (a pull towards that day unless the collection's pages are captured long after)."""
    from storyline.story import dating_capture as capture

    events = _by_doc(db.items(store.conn, "event", doc_ids))
    figures = _by_doc(db.items(store.conn, "figure", doc_ids))
    captured = db.capture_days(store.conn, doc_ids)
    typical = capture.typical_lag(db.capture_lags(store.conn))
    roles = _role_spans(store, doc_ids)
    return {
        doc_id: {"events": events.get(doc_id, []), "figures": figures.get(doc_id, []),
                 "roles": roles.get(doc_id, []),
                 **capture.capture_args(captured.get(doc_id), typical)}
        for doc_id in doc_ids
    }  # fmt: skip


def _role_spans(store: Store, doc_ids: list[str]) -> dict[str, Any]:
    """doc id -> the offices it gives actors whose terms the analysis pack knows."""
    from storyline.nlp.actors_pack import load_actor_pack
    from storyline.nlp.models import read_config
    from storyline.story.dating_roles import role_spans

    pack = load_actor_pack(read_config().get("pack"))
    by_doc = _by_doc(db.items(store.conn, "actor", doc_ids))
    return {doc_id: role_spans(actors, pack) for doc_id, actors in by_doc.items()}


_INFERRED = "SELECT id FROM documents WHERE published_source = 'content'"
#: An undated document whose near-duplicate (its original, a copy of it or of its original)
#: states a date: syndicated copies run the same day or the next.
_COPY_DATES = (
    "SELECT a.id, min(b.published) FROM documents a JOIN documents b"
    " ON b.id = a.duplicate_of OR b.duplicate_of = a.id"
    " OR (b.duplicate_of = a.duplicate_of AND b.id != a.id)"
    " WHERE a.published IS NULL AND b.published IS NOT NULL AND b.published_source != 'content'"
    " GROUP BY a.id"
)


def _by_doc(items: Any) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        out.setdefault(item["doc"], []).append(item)
    return out


# --- 2 and 3. embedding and clustering -------------------------------------------------------


def _restore(
    store: Store, model: str, dim: int, settings: ClusterSettings | None
) -> StoryClusterer:
    blob = db.cluster_state(store.conn, model)
    if blob is None:
        return StoryClusterer(dim, settings)
    state = ClusterState.from_bytes(blob)
    if not state.records:
        return StoryClusterer(dim, settings)
    return StoryClusterer.from_state(state, settings)


def _place(store: Store, clusterer: StoryClusterer, model: str, embedder: Embedder,
           new: list[dict[str, Any]], progress: Progress | None) -> set[str]:  # fmt: skip
    ids = [d["id"] for d in new]
    vectors = db.embeddings(store.conn, model, ids)
    missing = [d for d in new if d["id"] not in vectors]
    if missing:
        rows = document_vectors([(d.get("title"), d["text"]) for d in missing], embedder)
        fresh = {d["id"]: rows[i] for i, d in enumerate(missing)}
        db.save_embeddings(store, model, fresh)
        vectors.update(fresh)
    actors = db.doc_actors(store.conn, ids)
    keys = _by_doc(db.items(store.conn, "event", ids))
    # oldest first: the clusterer's time windows then see a thread grow as it did; copies
    # last, so each finds its original placed (a copy joins it, whatever its own date)
    order = sorted(
        new, key=lambda d: (bool(d.get("duplicate_of")), str(d.get("published") or "9999"))
    )
    placed = []
    for doc in order:
        info = DocInfo(
            doc["id"], np.asarray(vectors[doc["id"]], dtype=np.float32),
            (doc.get("published") or None) and str(doc["published"])[:10],
            frozenset(actors.get(doc["id"], ())), doc.get("duplicate_of"),
            frozenset(str(e["type"]) for e in keys.get(doc["id"], []) if e.get("type")),
        )  # fmt: skip
        a = clusterer.add(info)
        placed.append((a.doc_id, a.story_id, a.event_id, a.score))
        if progress:
            progress(1)
    db.save_clustering(store, model, clusterer.state().to_bytes(), len(clusterer), placed)
    return {story for _, story, _, _ in placed}


# --- 4. summaries ------------------------------------------------------------------------------


def _summarise(store: Store, story_id: str, doc_ids: list[str]) -> None:
    docs = db.doc_rows(store.conn, doc_ids)
    names = stage_views.outlet_names(d.get("outlet") for d in docs)
    seq = {d["id"]: d["seq"] for d in docs}
    for doc in docs:
        doc["outlet"] = names.get(doc.get("outlet") or "", doc.get("outlet"))
    events = list(db.items(store.conn, "event", doc_ids))
    figures = list(db.items(store.conn, "figure", doc_ids))
    for item in (*events, *figures):
        item["_outlet"] = names.get(item.get("_outlet") or "", item.get("_outlet"))
        item["_seq"] = seq[item["doc"]]
    timeline = stage_events.timeline(story_id, events)
    series = stage_views.story_series(story_id, figures)
    texts: dict[str, list[str]] = {}
    for doc in docs:
        if doc.get("outlet") and not doc.get("duplicate_of"):
            texts.setdefault(doc["outlet"], []).append(doc["text"])
    terms = stage_views.story_terms(story_id, texts)
    story = stage_views.story_record(story_id, docs, len(timeline))
    story["analysed"] = db.last_analysed(store.conn, doc_ids)
    db.replace_story(store, story, timeline, series, terms)
