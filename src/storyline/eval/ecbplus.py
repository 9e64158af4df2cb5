"""`storyline eval --task cluster`: story/event clustering and cross-document event coreference.

On ECB+ (Cybulska & Vossen 2014) test topics 36-45 (the standard split), two things are scored:

* **Documents into stories and events.** Every test article (without the URL line of the ECB+
  half) goes through `StoryClusterer` in a fixed shuffled order (topics interleave, as in a news
  stream). Gold stories are the topics, gold events the sub-topics: each topic holds two seminal
  events of one kind (two polygamist arrests, two earthquakes), the `ecb` and the `ecbplus`
  documents. ECB+ has no publication dates, so time plays no part.
* **Event mentions into coreference chains.** The gold event mentions (ACTION_*, NEG_*) of the
  validated sentences (`ECBplus_coreference_sentences.csv`, as everyone evaluates), placed by
  `cluster_mentions` inside the document event our clustering gave their article. Gold chains:
  the CROSS_DOC_COREF instance, else the INTRA_DOC_COREF chain, else a singleton, as in Barhom
  et al. (2019)'s data preparation; scored over all test mentions pooled, singletons in.

Baselines run here: same head lemma = same event, within the gold topic, and within our
document events (the analogue of Barhom et al.'s CLUSTER+LEMMA, whose documents were
pre-clustered by K-means). Lemmas and actor names (NER) come from `en_core_web_sm` on the ECB+
tokens. Every threshold was chosen on the dev topics (2, 5, 12, 18, 21, 23, 34, 35), never on
test. `storyline.eval.meantime` scores MEANTIME the same way; its tables are appended.
"""

from __future__ import annotations

import csv
import hashlib
import io
import tarfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from storyline.eval.coref_metrics import score_labels
from storyline.eval.report import EvalRow, EvalTable, resolve_benchmarks
from storyline.story.cluster import Assignment, StoryClusterer
from storyline.story.cluster_corpus import (
    Annotation,
    Corpus,
    CorpusDoc,
    GoldMention,
    annotate,
    document_infos,
    event_mentions,
    ordered_mentions,
)
from storyline.story.cluster_mentions import MentionSettings, cluster_mentions, mention_vectors
from storyline.story.embed import Embedder, HashEmbedder, MiniLMEmbedder

DATASET = "ecbplus"
TEST_TOPICS = tuple(range(36, 46))
DEV_TOPICS = (2, 5, 12, 18, 21, 23, 34, 35)
SENTENCES = "ECBplus_coreference_sentences.csv"
DOC_METRICS = ("story_b3_f1", "story_b3_p", "story_b3_r", "story_conll_f1",
               "event_b3_f1", "event_b3_p", "event_b3_r", "event_conll_f1", "seconds")  # fmt: skip
MENTION_METRICS = ("conll_f1", "muc_f1", "b3_f1", "b3_p", "b3_r", "ceafe_f1", "seconds")

#: Published cross-document event coreference on ECB+ test, gold mentions, predicted document
#: clusters, singletons in. Numbers re-read from Min et al. (2024, "Synergetic Event
#: Understanding", Table 2 and Table 5), which tabulates them from the original papers.
PUBLISHED = (
    EvalRow("Barhom et al. 2019, joint model (published)",
            {"conll_f1": 79.5, "muc_f1": 80.9, "b3_r": 76.1, "b3_p": 85.1, "b3_f1": 80.3,
             "ceafe_f1": 77.3}, "supervised (train topics); as tabulated by Min et al. 2024"),
    EvalRow("Barhom et al. 2019, CLUSTER+LEMMA baseline (published)",
            {"b3_r": 71.7, "b3_p": 85.0, "b3_f1": 77.8},
            "B3 from Min et al. 2024 Table 5; its CoNLL F1 (76.5 in SOURCE.md, from memory) "
            "could not be re-read here, so it is left out"),
    EvalRow("Caciularu et al. 2021, CDLM (published)",
            {"conll_f1": 85.6, "muc_f1": 88.1, "b3_r": 84.9, "b3_p": 87.9, "b3_f1": 86.4,
             "ceafe_f1": 82.2}, "supervised, long-context LM; as tabulated by Min et al. 2024"),
    EvalRow("Held et al. 2021 (published)",
            {"conll_f1": 85.7, "muc_f1": 87.5, "b3_r": 85.6, "b3_p": 87.7, "b3_f1": 86.6,
             "ceafe_f1": 82.9}, "supervised; as tabulated by Min et al. 2024"),
)  # fmt: skip


def run_task(limit: int | None = None) -> list[EvalTable]:
    """ECB+ test topics (first `limit` topics), then MEANTIME's four corpora."""
    from storyline.eval.meantime import DATASET as MEANTIME
    from storyline.eval.meantime import run_meantime

    base = resolve_benchmarks()
    topics = TEST_TOPICS[:limit] if limit else TEST_TOPICS
    return run_ecbplus(base / DATASET, topics) + run_meantime(base / MEANTIME, limit)


def run_ecbplus(folder: Path, topics: Iterable[int] = TEST_TOPICS) -> list[EvalTable]:
    started = time.perf_counter()
    corpus = load_corpus(folder, topics)
    label = f"{DATASET} test topics {_span(topics)}"
    doc_table, mention_table = evaluate(corpus, label, by_subtopic=True)
    mention_table = with_rows(mention_table, PUBLISHED, time.perf_counter() - started)
    return [doc_table, mention_table]


# --- reading ECB+ ------------------------------------------------------------------------------


def load_corpus(folder: Path, topics: Iterable[int]) -> Corpus:
    """The documents and gold event mentions of `topics`, from ECB+.tar.xz and the sentence list."""
    wanted = {str(t) for t in topics}
    archive = folder / "ECB+.tar.xz"
    if not archive.is_file():
        raise FileNotFoundError(f"{archive}: ECB+ benchmark missing (set STORYLINE_BENCHMARKS)")
    selected = read_selected_sentences(folder / SENTENCES)
    docs, mentions = [], []
    with tarfile.open(archive, "r:xz") as tar:
        for member in tar.getmembers():
            parts = member.name.split("/")
            if len(parts) != 3 or parts[1] not in wanted or not parts[2].endswith(".xml"):
                continue
            handle = tar.extractfile(member)
            if handle is None:
                continue
            doc, doc_mentions = parse_document(handle.read(), parts[1], parts[2][:-4], selected)
            docs.append(doc)
            mentions.extend(doc_mentions)
    docs.sort(key=lambda d: stream_order(d.doc_id))
    return Corpus(DATASET, tuple(docs), ordered_mentions(mentions, docs))


def stream_order(doc_id: str) -> str:
    """A fixed pseudo-random order: topics interleave as in a news stream, same every run."""
    return hashlib.blake2b(doc_id.encode(), digest_size=8).hexdigest()


def read_selected_sentences(path: Path) -> set[tuple[str, int]]:
    """(document name, sentence number) pairs of the validated sentences."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {(f"{r['Topic']}_{r['File']}", int(r["Sentence Number"])) for r in rows}


def parse_document(
    data: bytes, topic: str, name: str, selected: set[tuple[str, int]]
) -> tuple[CorpusDoc, list[GoldMention]]:
    root = ET.parse(io.BytesIO(data)).getroot()
    position, sentences = token_positions(root)
    plus = name.endswith("ecbplus")
    chains = _chains(root, name)
    mentions = []
    markables = root.find("Markables")
    for markable in list(markables) if markables is not None else []:
        anchors = [a.get("t_id", "") for a in markable.findall("token_anchor")]
        if "ACTION" not in markable.tag or not anchors:
            continue
        sentence = position[anchors[0]][0]
        if (name, sentence) not in selected:
            continue
        m_id = markable.get("m_id", "")
        chain = chains.get(m_id, f"singleton:{name}:{m_id}")
        tokens = tuple(sorted(position[a][1] for a in anchors))
        mentions.append(GoldMention(f"{name}:{m_id}", name, sentence, tokens, chain))
    ordered = tuple(tuple(sentences.get(i, ())) for i in range(max(sentences, default=-1) + 1))
    subtopic = f"{topic}{'plus' if plus else ''}"
    # The ECB+ half starts with the page URL as sentence 0: not article text.
    doc = CorpusDoc(name, topic, subtopic, ordered, first_sentence=1 if plus else 0)
    return doc, mentions


def token_positions(
    root: ET.Element,
) -> tuple[dict[str, tuple[int, int]], dict[int, list[str]]]:
    """(token id -> (sentence, position in it), sentence -> words) of a CAT-style XML file
    (ECB+ and MEANTIME share the format)."""
    position: dict[str, tuple[int, int]] = {}
    sentences: dict[int, list[str]] = {}
    for token in root.iter("token"):
        # The position inside the sentence is counted here: MEANTIME's "number" runs over the
        # whole document, ECB+'s restarts at every sentence.
        words = sentences.setdefault(int(token.get("sentence", 0)), [])
        position[token.get("t_id", "")] = (int(token.get("sentence", 0)), len(words))
        words.append(token.text or "")
    return position, sentences


def _chains(root: ET.Element, name: str) -> dict[str, str]:
    """Markable id -> gold chain: cross-document instance id, else within-document chain."""
    chains: dict[str, str] = {}
    relations = root.find("Relations")
    if relations is None:
        return chains
    for relation in relations.findall("INTRA_DOC_COREF"):
        for source in relation.findall("source"):
            chains[source.get("m_id", "")] = f"intra:{name}:{relation.get('r_id')}"
    for relation in relations.findall("CROSS_DOC_COREF"):
        for source in relation.findall("source"):
            chains[source.get("m_id", "")] = f"cross:{relation.get('note')}"
    return chains


def _span(topics: Iterable[int]) -> str:
    values = sorted(topics)
    return f"{values[0]}-{values[-1]}" if values else "none"


# --- scoring (shared with eval.meantime) ----------------------------------------------------


def evaluate(
    corpus: Corpus, label: str, by_subtopic: bool, embedder: Embedder | None = None
) -> tuple[EvalTable, EvalTable]:
    """The document table (stories, events) and the mention table (coreference) of a corpus."""
    embedder = embedder or MiniLMEmbedder()
    started = time.perf_counter()
    notes = annotate(corpus)
    clock = time.perf_counter()
    infos = document_infos(corpus, notes, embedder)
    docs = StoryClusterer(embedder.dim).add_many(infos)
    dated = any(d.published for d in corpus.docs)
    note = "title + lead, NER actors, " + ("dates" if dated else "no dates in this corpus")
    doc_rows = [_doc_row("StoryClusterer + MiniLM (run here)", corpus, docs, by_subtopic,
                         time.perf_counter() - clock, note)]  # fmt: skip
    if dated:
        undated = [replace(info, published=None) for info in infos]
        doc_rows.append(_doc_row("StoryClusterer + MiniLM, dates ignored (run here)", corpus,
                                 StoryClusterer(embedder.dim).add_many(undated), by_subtopic,
                                 None, "the same without the time windows"))  # fmt: skip
    hashed = StoryClusterer(HashEmbedder().dim).add_many(
        document_infos(corpus, notes, HashEmbedder())
    )
    doc_rows.append(_doc_row("StoryClusterer + HashEmbedder (run here)", corpus, hashed,
                             by_subtopic, None, "bag of word n-grams instead of MiniLM"))  # fmt: skip
    doc_rows += _trivial_doc_rows(corpus, by_subtopic)
    n_docs = f"{len(corpus.docs)} documents, {len({d.topic for d in corpus.docs})} gold stories"
    doc_table = EvalTable("cluster-documents", DOC_METRICS, tuple(doc_rows), len(corpus.docs),
                          f"{label}: {n_docs}", time.perf_counter() - started)  # fmt: skip
    mention_table = _mention_table(corpus, notes, docs, embedder, label)
    return doc_table, mention_table


def _mention_table(
    corpus: Corpus, notes: Annotation, docs: list[Assignment], embedder: Embedder, label: str
) -> EvalTable:
    started = time.perf_counter()
    gold = {m.mention_id: m.chain for m in corpus.mentions}
    mentions = event_mentions(corpus, notes)
    settings = MentionSettings()
    vectors = mention_vectors(mentions, embedder, settings.trigger_weight)
    story = {a.doc_id: a.story_id for a in docs}
    event = {a.doc_id: a.event_id for a in docs}
    topic = {d.doc_id: d.topic for d in corpus.docs}
    ours = cluster_mentions(mentions, event, vectors, settings)
    seconds = time.perf_counter() - started
    runs = [
        ("ours: cluster_mentions + MiniLM, in our document events (run here)", ours, seconds,
         "trigger vectors + lemma key; document events from the document table"),
        ("ours, in our stories (run here)", cluster_mentions(mentions, story, vectors, settings),
         None, "the same, scoped by our document stories instead"),
        ("ours, in gold topics (run here)", cluster_mentions(mentions, topic, vectors, settings),
         None, "the same, scoped by the gold topic"),
        ("same lemma within gold topic (baseline, run here)",
         {m.mention_id: f"{topic[m.doc_id]}|{m.lemma}" for m in mentions}, None,
         "the standard lemma baseline: spaCy head lemma"),
        ("same lemma within our document events (CLUSTER+LEMMA analogue, run here)",
         {m.mention_id: f"{event[m.doc_id]}|{m.lemma}" for m in mentions}, None,
         "Barhom et al. pre-clustered documents with K-means; here our document events"),
    ]  # fmt: skip
    rows = [_mention_row(name, gold, labels, secs, note) for name, labels, secs, note in runs]
    chains = len(set(gold.values()))
    dataset = f"{label}: {len(gold)} gold event mentions, {chains} gold chains"
    return EvalTable("cluster-mentions", MENTION_METRICS, tuple(rows), len(gold), dataset)


def _mention_row(
    name: str, gold: dict[str, str], labels: dict[str, str], seconds: float | None, note: str
) -> EvalRow:
    scores: dict[str, float | None] = {
        k: v for k, v in score_labels(gold, labels).as_dict().items() if k in MENTION_METRICS
    }
    return EvalRow(name, scores | {"seconds": seconds}, note)


def _doc_row(
    name: str,
    corpus: Corpus,
    assigned: Sequence[Assignment],
    by_subtopic: bool,
    seconds: float | None,
    note: str,
) -> EvalRow:
    story = {a.doc_id: a.story_id for a in assigned}
    event = {a.doc_id: a.event_id for a in assigned}
    return EvalRow(
        name, _doc_scores(corpus, story, event, by_subtopic) | {"seconds": seconds}, note
    )


def _doc_scores(
    corpus: Corpus, story: dict[str, str], event: dict[str, str], by_subtopic: bool
) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    levels = [("story", {d.doc_id: d.topic for d in corpus.docs}, story)]
    if by_subtopic:
        levels.append(("event", {d.doc_id: d.subtopic for d in corpus.docs}, event))
    for level, gold, predicted in levels:
        scores = score_labels(gold, predicted)
        out |= {f"{level}_b3_p": 100 * scores.b3.precision, f"{level}_b3_r": 100 * scores.b3.recall,
                f"{level}_b3_f1": 100 * scores.b3.f1, f"{level}_conll_f1": 100 * scores.conll_f1}  # fmt: skip
    return out


def _trivial_doc_rows(corpus: Corpus, by_subtopic: bool) -> list[EvalRow]:
    alone = {d.doc_id: d.doc_id for d in corpus.docs}
    together = {d.doc_id: "all" for d in corpus.docs}
    return [
        EvalRow("one story per document (run here)",
                _doc_scores(corpus, alone, alone, by_subtopic), "every document alone"),
        EvalRow("one story for everything (run here)",
                _doc_scores(corpus, together, together, by_subtopic), "all documents together"),
    ]  # fmt: skip


def with_rows(table: EvalTable, rows: Iterable[EvalRow], seconds: float) -> EvalTable:
    return replace(table, rows=table.rows + tuple(rows), seconds=seconds)
