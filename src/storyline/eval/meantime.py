"""Story clustering and cross-document event coreference on MEANTIME (Minard et al. 2016).

MEANTIME's English part: 120 Wikinews articles in four corpora (Airbus, Apple, GM, stock
market), read from `intra_cross-doc_annotation/`. Compared with ECB+ it brings what news has:
a document creation time on every article (so the time windows work) and corpora that run over
years, whose events are mostly told by one or two articles.

* **Documents** are added in publication order (the DCT, then the file name). Gold stories are
  the four corpora; they are topics spanning years rather than threads, so a clusterer that
  closes a story after a quiet month is expected to split them (story recall is low by design;
  precision says whether unrelated articles were merged). There are no gold document events.
* **Event mentions** are every EVENT_MENTION markable. Gold chains: the cross-document event
  instance (`instance_id`) a mention REFERS_TO, else its document-level instance, else a
  singleton. Scored pooled over the corpora, singletons in, as for ECB+.

Published scores: none. SOURCE.md found no tool results on MEANTIME's cross-document event
annotation, and none were found while writing this; only our runs and the baselines appear.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from pathlib import Path

from storyline.eval.ecbplus import evaluate, token_positions
from storyline.eval.report import EvalRow, EvalTable
from storyline.story.cluster_corpus import Corpus, CorpusDoc, GoldMention, ordered_mentions

DATASET = "meantime-en"
ANNOTATION = "intra_cross-doc_annotation"
NOT_PUBLISHED = EvalRow(
    "published tools", {}, "none published on MEANTIME cross-document event coreference"
)


def run_meantime(folder: Path, limit: int | None = None) -> list[EvalTable]:
    """The MEANTIME tables; `limit` keeps the first N articles of each corpus."""
    started = time.perf_counter()
    corpus = load_corpus(folder, limit)
    doc_table, mention_table = evaluate(corpus, f"{DATASET} ({ANNOTATION})", by_subtopic=False)
    rows = (*mention_table.rows, NOT_PUBLISHED)
    seconds = time.perf_counter() - started
    return [doc_table, EvalTable(mention_table.task, mention_table.metrics, rows,
                                 mention_table.n_items, mention_table.dataset, seconds)]  # fmt: skip


def load_corpus(folder: Path, limit: int | None = None) -> Corpus:
    base = folder / ANNOTATION
    if not base.is_dir():
        raise FileNotFoundError(f"{base}: MEANTIME benchmark missing (set STORYLINE_BENCHMARKS)")
    docs, mentions = [], []
    for corpus_dir in sorted(p for p in base.iterdir() if p.is_dir()):
        topic = corpus_dir.name.removeprefix("corpus_")
        for path in sorted(corpus_dir.glob("*.xml"))[:limit]:
            doc, doc_mentions = parse_document(path.read_bytes(), topic, path.stem)
            docs.append(doc)
            mentions.extend(doc_mentions)
    docs.sort(key=lambda d: (d.published or "", d.doc_id))
    return Corpus(DATASET, tuple(docs), ordered_mentions(mentions, docs))


def parse_document(data: bytes, topic: str, name: str) -> tuple[CorpusDoc, list[GoldMention]]:
    root = ET.fromstring(data)
    position, sentences = token_positions(root)
    markables = root.find("Markables")
    items = list(markables) if markables is not None else []
    chains = _chains(root, items, name)
    mentions = []
    for markable in items:
        anchors = [a.get("t_id", "") for a in markable.findall("token_anchor")]
        if markable.tag != "EVENT_MENTION" or not anchors:
            continue
        m_id = markable.get("m_id", "")
        sentence = position[anchors[0]][0]
        tokens = tuple(sorted(position[a][1] for a in anchors))
        chain = chains.get(m_id, f"singleton:{name}:{m_id}")
        mentions.append(GoldMention(f"{name}:{m_id}", name, sentence, tokens, chain))
    count = max(sentences, default=-1) + 1
    ordered = tuple(tuple(sentences.get(i, ())) for i in range(count))
    return CorpusDoc(name, topic, "", ordered, 0, _creation_time(items)), mentions


def _chains(root: ET.Element, items: list[ET.Element], name: str) -> dict[str, str]:
    """Event mention id -> its instance: the corpus-wide instance_id, else a document one."""
    instances = {
        e.get("m_id", ""): e.get("instance_id") or f"local:{name}:{e.get('m_id')}"
        for e in items
        if e.tag == "EVENT"
    }
    chains: dict[str, str] = {}
    relations = root.find("Relations")
    for relation in relations.findall("REFERS_TO") if relations is not None else []:
        target = relation.find("target")
        instance = instances.get(target.get("m_id", "") if target is not None else "")
        if instance is None:
            continue  # an entity coreference link
        for source in relation.findall("source"):
            chains[source.get("m_id", "")] = instance
    return chains


def _creation_time(items: list[ET.Element]) -> str | None:
    for item in items:
        if item.tag == "TIMEX3" and item.get("functionInDocument") == "CREATION_TIME":
            value = item.get("value") or ""
            return value[:10] if len(value) >= 10 else None
    return None
