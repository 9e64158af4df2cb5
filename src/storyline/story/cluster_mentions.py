"""Cross-document event coreference: event mentions clustered into chains inside a scope.

The same `StoryClusterer` that groups articles groups event mentions (a trigger such as
"arrested" in its sentence). The story is pinned to a scope given per article, normally the
article's document event (the articles reporting one happening) or its story: mentions of
different scopes never corefer, and inside a scope an event is a coreference chain.

A mention's vector mixes the embedding of its trigger with the embedding of its sentence, its
head lemma is its event key (same lemma: the key bonus), its actors and date count as for
articles. On the ECB+ dev topics the trigger alone worked best (CoNLL F1 76.2 against 75.9 with
10% sentence and 72.6 half and half: MiniLM's sentence vector says what the sentence is about,
not which of its events the mention is), and scoping by document events beat scoping by
stories (76.2 against 73.8), so those are the defaults. Mentions are added in the order given:
a new article's mentions join existing chains incrementally.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from storyline.story.cluster import ClusterSettings, DocInfo, StoryClusterer
from storyline.story.embed import Embedder, normalise_rows


@dataclass(frozen=True)
class EventMention:
    mention_id: str
    doc_id: str
    trigger: str  # the mention's text
    sentence: str  # the sentence it occurs in
    lemma: str  # head lemma of the trigger: the event key
    published: str | None = None
    actors: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MentionSettings:
    """Defaults chosen on the ECB+ dev topics (storyline.eval.ecbplus); sentence actors did not
    help there (75.7 with a 0.1 bonus against 76.2 without), so their weight is 0."""

    trigger_weight: float = 1.0  # share of the trigger embedding in the mention vector
    cluster: ClusterSettings = field(
        default_factory=lambda: ClusterSettings(
            event_threshold=0.6, key_weight=0.1, actor_weight=0.0
        )
    )


def mention_vectors(
    mentions: Sequence[EventMention], embedder: Embedder, trigger_weight: float
) -> np.ndarray:
    """Unit vectors mixing trigger and sentence embeddings (each distinct text embedded once)."""
    if not mentions:
        return np.zeros((0, embedder.dim), np.float32)
    texts = set()
    if trigger_weight > 0.0:
        texts |= {m.trigger for m in mentions}
    if trigger_weight < 1.0:
        texts |= {m.sentence for m in mentions}
    ordered = sorted(texts)
    rows = dict(zip(ordered, embedder.embed(ordered), strict=True))
    zero = np.zeros(embedder.dim, dtype=np.float32)
    mixed = [
        trigger_weight * rows.get(m.trigger, zero)
        + (1.0 - trigger_weight) * rows.get(m.sentence, zero)
        for m in mentions
    ]
    return normalise_rows(np.array(mixed))


def cluster_mentions(
    mentions: Sequence[EventMention],
    scope_of_doc: Mapping[str, str],
    vectors: np.ndarray,
    settings: MentionSettings | None = None,
) -> dict[str, str]:
    """Mention id -> event id, each mention placed inside its article's scope, in input order."""
    settings = settings or MentionSettings()
    clusterer = StoryClusterer(vectors.shape[1], settings.cluster)
    events = {}
    for mention, vector in zip(mentions, vectors, strict=True):
        info = DocInfo(
            doc_id=mention.mention_id,
            vector=vector,
            published=mention.published,
            actors=mention.actors,
            event_keys=frozenset({mention.lemma}) if mention.lemma else frozenset(),
        )
        events[mention.mention_id] = clusterer.add(info, scope_of_doc[mention.doc_id]).event_id
    return events
