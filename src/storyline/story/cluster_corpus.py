"""Gold-mention corpora (ECB+, MEANTIME) turned into clustering inputs.

A `Corpus` is articles as token lists plus their gold event mentions. `annotate` runs spaCy
(`en_core_web_sm`) over the given tokens for each mention's head lemma and the actor names (NER)
of each sentence and article; `document_infos` and `event_mentions` build what `StoryClusterer`
and `cluster_mentions` take. Used by `storyline.eval.ecbplus` and `storyline.eval.meantime`, and
by anyone who wants to run the clusterer on another annotated corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from storyline.story.cluster import DocInfo
from storyline.story.cluster_mentions import EventMention
from storyline.story.embed import Embedder, document_vectors

#: spaCy entity labels that name actors (people, organisations, states, groups, places).
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})


@dataclass(frozen=True)
class CorpusDoc:
    doc_id: str
    topic: str  # gold story
    subtopic: str  # gold document event ("" where the corpus has none)
    sentences: tuple[tuple[str, ...], ...]  # tokens, indexed by sentence number
    first_sentence: int = 0  # sentences before it are not article text
    published: str | None = None

    def text(self) -> list[str]:
        return [" ".join(s) for s in self.sentences[self.first_sentence :] if s]


@dataclass(frozen=True)
class GoldMention:
    mention_id: str
    doc_id: str
    sentence: int
    tokens: tuple[int, ...]  # token numbers within the sentence
    chain: str  # gold event


@dataclass(frozen=True)
class Corpus:
    name: str
    docs: tuple[CorpusDoc, ...]  # in stream order
    mentions: tuple[GoldMention, ...]  # in document order, then text order


@dataclass(frozen=True)
class Annotation:
    lemmas: dict[str, str]  # mention id -> head lemma
    sentence_actors: dict[tuple[str, int], frozenset[str]]
    doc_actors: dict[str, frozenset[str]]


def ordered_mentions(
    mentions: Iterable[GoldMention], docs: Sequence[CorpusDoc]
) -> tuple[GoldMention, ...]:
    rank = {doc.doc_id: i for i, doc in enumerate(docs)}
    return tuple(sorted(mentions, key=lambda m: (rank[m.doc_id], m.sentence, m.tokens)))


def annotate(corpus: Corpus, model: str = "en_core_web_sm") -> Annotation:
    """Head lemmas of the mentions and actor names (NER) per sentence and per document."""
    from spacy.tokens import Doc

    from storyline.nlp.models import load_base

    nlp = load_base(model)
    keys = [(d.doc_id, n) for d in corpus.docs for n in range(d.first_sentence, len(d.sentences))]
    by_id = {d.doc_id: d for d in corpus.docs}
    words = [[w or "_" for w in by_id[doc_id].sentences[n]] or ["_"] for doc_id, n in keys]
    parsed = dict(zip(keys, nlp.pipe(Doc(nlp.vocab, words=w) for w in words), strict=True))
    actors = {key: _actors(sdoc) for key, sdoc in parsed.items()}
    doc_actors: dict[str, frozenset[str]] = {}
    for (doc_id, _), names in actors.items():
        doc_actors[doc_id] = doc_actors.get(doc_id, frozenset()) | names
    lemmas = {
        m.mention_id: _head_lemma(parsed.get((m.doc_id, m.sentence)), m) for m in corpus.mentions
    }
    return Annotation(lemmas, actors, doc_actors)


def _actors(sdoc: Any) -> frozenset[str]:
    return frozenset(e.text.lower() for e in sdoc.ents if e.label_ in ACTOR_LABELS)


def _head_lemma(sdoc: Any, mention: GoldMention) -> str:
    """The lemma of the mention's syntactic head: the token whose head lies outside it."""
    if sdoc is None:  # a mention outside the article text (never seen in ECB+ or MEANTIME)
        return ""
    inside = set(mention.tokens)
    heads = [sdoc[i] for i in mention.tokens if i < len(sdoc)]
    for token in heads:
        if token.head.i == token.i or token.head.i not in inside:
            return str(token.lemma_).lower()
    return str(heads[0].lemma_).lower() if heads else ""


def document_infos(
    corpus: Corpus, notes: Annotation, embedder: Embedder, use_dates: bool = True
) -> list[DocInfo]:
    """One DocInfo per article: first sentence as title, the rest as text, NER actors."""
    items = [(doc.text()[0] if doc.text() else "", " ".join(doc.text()[1:])) for doc in corpus.docs]
    vectors = document_vectors(items, embedder)
    return [
        DocInfo(doc.doc_id, vector, doc.published if use_dates else None,
                notes.doc_actors.get(doc.doc_id, frozenset()))
        for doc, vector in zip(corpus.docs, vectors, strict=True)
    ]  # fmt: skip


def event_mentions(corpus: Corpus, notes: Annotation) -> list[EventMention]:
    by_id = {d.doc_id: d for d in corpus.docs}
    out = []
    for m in corpus.mentions:
        words = by_id[m.doc_id].sentences[m.sentence]
        trigger = " ".join(words[i] for i in m.tokens if i < len(words))
        actors = notes.sentence_actors.get((m.doc_id, m.sentence), frozenset())
        out.append(EventMention(m.mention_id, m.doc_id, trigger, " ".join(words),
                                notes.lemmas[m.mention_id], by_id[m.doc_id].published, actors))  # fmt: skip
    return out
