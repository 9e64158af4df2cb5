"""Story and event clustering on small texts of our own, with the hash embedder."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from storyline.story.cluster import (
    ClusterSettings,
    ClusterState,
    DocInfo,
    StoryClusterer,
    cluster_all,
)
from storyline.story.cluster_index import IndexSettings, VectorIndex
from storyline.story.cluster_mentions import (
    EventMention,
    MentionSettings,
    cluster_mentions,
    mention_vectors,
)
from storyline.story.embed import HashEmbedder

EMBED = HashEmbedder()
# Bag-of-words vectors are less similar than MiniLM's, so the thresholds are lower here.
SETTINGS = ClusterSettings(story_threshold=0.25, event_threshold=0.45)

TRUCE = "Qatar mediators Hamas Israel truce hostages Gaza"
ARTICLES = [
    ("t1", "2023-11-22", f"{TRUCE}: the truce was agreed and the first hostages will be freed",
     {"Qatar", "Hamas", "Israel"}),
    ("q1", "2023-11-24", "Earthquake of magnitude 6.1 strikes Aceh province in Indonesia, "
     "buildings collapse and villagers flee", {"Indonesia"}),
    ("t2", "2023-11-27", f"{TRUCE}: the truce was extended by two days, Qatar mediators said",
     {"Qatar", "Hamas"}),
    ("t3", "2023-11-27", f"{TRUCE}: Qatar mediators said the truce was extended by two days "
     "more", {"Qatar", "Israel"}),
    ("q2", "2023-11-25", "Aftershocks rattle Aceh province in Indonesia a day after the "
     "earthquake of magnitude 6.1 as villagers flee", {"Indonesia"}),
    ("t4", "2023-12-01", f"{TRUCE}: fighting resumed after the truce collapsed, hostages remain",
     {"Israel", "Hamas"}),
]  # fmt: skip


def _docs(articles: list[tuple[str, str, str, set[str]]] = ARTICLES) -> list[DocInfo]:
    vectors = EMBED.embed([text for _, _, text, _ in articles])
    return [
        DocInfo(doc_id, vector, published, frozenset(actors))
        for (doc_id, published, _, actors), vector in zip(articles, vectors, strict=True)
    ]


def _pairs(assignments: list) -> list[tuple[str, str, str]]:
    return [(a.doc_id, a.story_id, a.event_id) for a in assignments]


def test_unrelated_stories_stay_apart_and_reports_of_one_happening_share_an_event() -> None:
    result = {a.doc_id: a for a in cluster_all(_docs(), EMBED.dim, SETTINGS)}
    assert result["t1"].new_story and result["q1"].new_story
    truce = {result[d].story_id for d in ("t1", "t2", "t3", "t4")}
    quake = {result[d].story_id for d in ("q1", "q2")}
    assert truce == {"story-t1"} and quake == {"story-q1"}
    assert result["t2"].event_id == result["t3"].event_id == "event-t2"
    assert result["t1"].event_id != result["t2"].event_id  # five days apart, another happening


def test_incremental_with_a_saved_state_equals_the_batch_result() -> None:
    docs = _docs()
    batch = cluster_all(docs, EMBED.dim, SETTINGS)
    first = StoryClusterer(EMBED.dim, SETTINGS)
    head = first.add_many(docs[:3])
    blob = first.state().to_bytes()
    resumed = StoryClusterer.from_state(ClusterState.from_bytes(blob), SETTINGS)
    tail = resumed.add_many(docs[3:])
    assert _pairs(head + tail) == _pairs(batch)
    assert resumed.stories() == _stories(batch)


def _stories(assignments: list) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for a in assignments:
        out.setdefault(a.story_id, []).append(a.doc_id)
    return out


def test_same_input_order_gives_the_same_ids() -> None:
    docs = _docs()
    assert _pairs(cluster_all(docs, EMBED.dim, SETTINGS)) == _pairs(
        cluster_all(docs, EMBED.dim, SETTINGS)
    )


def test_a_syndicated_copy_joins_its_original_and_is_not_indexed() -> None:
    clusterer = StoryClusterer(EMBED.dim, SETTINGS)
    docs = _docs()
    clusterer.add_many(docs)
    unrelated = EMBED.embed(["Football results from the weekend league"])[0]
    copy = DocInfo("wire-copy", unrelated, "2024-02-01", duplicate_of="q2")
    placed = clusterer.add(copy)
    original = clusterer.assignment("q2")
    assert original is not None
    assert (placed.story_id, placed.event_id, placed.score) == (
        original.story_id,
        original.event_id,
        1.0,
    )
    assert clusterer.state().vectors.shape[0] == len(docs)


def test_articles_far_apart_in_time_do_not_share_an_event() -> None:
    text = "Qatar mediators said the truce between Hamas and Israel was extended by two days"
    articles = [("a", "2023-11-27", text, {"Qatar"}), ("b", "2023-11-28", text, {"Qatar"}),
                ("c", "2023-12-20", text, {"Qatar"}), ("d", "2024-03-01", text, {"Qatar"})]  # fmt: skip
    result = {a.doc_id: a for a in cluster_all(_docs(articles), EMBED.dim, SETTINGS)}
    assert result["a"].event_id == result["b"].event_id
    assert result["c"].event_id not in {result["a"].event_id}
    assert result["c"].story_id == result["a"].story_id  # within the story's 30-day window
    assert result["d"].story_id != result["a"].story_id  # the thread went quiet for months


def test_a_pinned_story_and_a_repeated_add() -> None:
    clusterer = StoryClusterer(EMBED.dim, SETTINGS)
    first = clusterer.add(_docs()[0], story_id="hostage-talks")
    assert (first.story_id, first.new_story) == ("hostage-talks", True)
    again = clusterer.add(_docs()[0])
    assert (again.story_id, again.event_id) == (first.story_id, first.event_id)
    assert len(clusterer) == 1
    with pytest.raises(ValueError):
        clusterer.add(DocInfo("bad", np.ones(3, dtype=np.float32)))


def test_the_hnsw_index_gives_the_brute_force_result() -> None:
    docs = _docs()
    graph = dataclasses.replace(SETTINGS, index=IndexSettings(brute_force_max=2))
    with_graph = StoryClusterer(EMBED.dim, graph)
    head = with_graph.add_many(docs[:4])
    state = with_graph.state()
    assert state.graph is not None  # past the brute-force size the graph is saved, not rebuilt
    resumed = StoryClusterer.from_state(ClusterState.from_bytes(state.to_bytes()), graph)
    tail = resumed.add_many(docs[4:])
    assert _pairs(head + tail) == _pairs(cluster_all(docs, EMBED.dim, SETTINGS))


def test_vector_index_search_is_exact_and_ordered() -> None:
    rng = np.random.default_rng(0)
    rows = rng.standard_normal((50, 16)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    brute, graph = VectorIndex(16), VectorIndex(16, IndexSettings(brute_force_max=10))
    for row in rows:
        brute.add(row)
        graph.add(row)
    assert graph.uses_graph and not brute.uses_graph
    assert [r for r, _ in brute.search(rows[7], 5)] == [r for r, _ in graph.search(rows[7], 5)]
    assert brute.search(rows[7], 1)[0][0] == 7


def test_event_mentions_cluster_inside_their_story() -> None:
    def mention(mid: str, doc: str, trigger: str, sentence: str, lemma: str) -> EventMention:
        return EventMention(mid, doc, trigger, sentence, lemma)

    mentions = [
        mention("m1", "d1", "arrested", "Police arrested two polygamist leaders in Canada", "arrest"),
        mention("m2", "d2", "arrest", "The arrest of two polygamist leaders in Canada", "arrest"),
        mention("m3", "d2", "said", "The attorney general said on Wednesday", "say"),
        mention("m4", "d3", "arrested", "Police arrested two polygamist leaders in Canada", "arrest"),
    ]  # fmt: skip
    vectors = mention_vectors(mentions, EMBED, 0.5)
    stories = {"d1": "s1", "d2": "s1", "d3": "s2"}
    settings = MentionSettings(cluster=ClusterSettings(event_threshold=0.4, key_weight=0.2))
    events = cluster_mentions(mentions, stories, vectors, settings)
    assert events["m1"] == events["m2"] != events["m3"]
    assert events["m4"] != events["m1"]  # same words, other story: never the same event
