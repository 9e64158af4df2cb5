"""The quote gold set (eval/quotes_gold.jsonl), the scorer, and `run_task` end to end."""

from __future__ import annotations

import html
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from storyline.eval import quotes as task
from storyline.eval.quotes import (
    Item,
    pair_up,
    relaxed_match,
    score_passage,
    scores,
    speaker_match,
    strict_match,
)
from storyline.eval.report import EvalTable

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"
REQUIRED_TAGS = {
    "partial", "group", "anonymous", "earlier", "pronoun", "according_to", "multi_paragraph",
    "nested", "no_speaker", "speaker_after", "addressee",
}  # fmt: skip


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    with task.gold_path().open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# --- the gold file ---------------------------------------------------------------------------


def test_gold_has_enough_well_formed_records(records: list[dict[str, Any]]) -> None:
    assert len(records) >= 150
    assert len({r["id"] for r in records}) == len(records)
    for r in records:
        assert {"id", "source", "text", "quote", "kind", "speaker", "cue"} <= set(r)
        assert r["kind"] in ("direct", "indirect")
        assert r["split"] in ("dev", "heldout")
        assert r["speaker"] is None or r["speaker"].strip() == r["speaker"] != ""


def test_gold_spans_lie_in_their_text(records: list[dict[str, Any]]) -> None:
    for r in records:
        start, end = r["quote"]["start"], r["quote"]["end"]
        assert 0 <= start < end <= len(r["text"]), r["id"]
        assert r["text"][start:end] == r["quote"]["text"], r["id"]
        assert r["text"][start:end] == r["text"][start:end].strip(), r["id"]


def test_gold_covers_every_hard_case(records: list[dict[str, Any]]) -> None:
    tags = Counter(t for r in records for t in r["tags"])
    assert set(tags) >= REQUIRED_TAGS
    assert Counter(r["kind"] for r in records)["direct"] >= 40
    assert sum(r["speaker"] is None for r in records) >= 3
    assert {r["source"] == "written" for r in records} == {True, False}


def test_demo_passages_are_copied_verbatim(records: list[dict[str, Any]]) -> None:
    texts = {}
    for r in records:
        if r["source"] == "written":
            continue
        name = r["source"].split("#")[0]
        if name not in texts:
            texts[name] = _readable(DEMO / name)
        for paragraph in r["text"].split("\n\n"):
            assert paragraph in texts[name], (r["id"], paragraph[:60])


def _readable(path: Path) -> str:
    """The file as text, with HTML entities and JSON string escapes undone."""
    raw = path.read_text(encoding="utf-8")
    parts = [raw, html.unescape(raw)]
    if path.suffix in (".json", ".jsonl"):
        for line in raw.splitlines() if path.suffix == ".jsonl" else [raw]:
            record = json.loads(line)
            parts.append(html.unescape(record.get("text") or record.get("html") or ""))
    return "\n".join(parts)


def test_records_sharing_a_passage_do_not_overlap(records: list[dict[str, Any]]) -> None:
    """Every quote of a passage is annotated once: no two gold spans are the same."""
    spans = Counter((r["text"], r["quote"]["start"], r["quote"]["end"]) for r in records)
    assert max(spans.values()) == 1


# --- the scorer ------------------------------------------------------------------------------


def test_span_matching() -> None:
    gold = Item(10, 30, "indirect")
    assert strict_match(gold, Item(10, 30, "indirect"))
    assert not strict_match(gold, Item(10, 29, "indirect"))
    assert relaxed_match(gold, Item(12, 32, "indirect"))
    assert not relaxed_match(gold, Item(0, 100, "indirect"))  # covers gold but is mostly other text
    assert not relaxed_match(gold, Item(25, 40, "indirect"))


def test_speaker_matching() -> None:
    assert speaker_match(None, None)
    assert not speaker_match("Hamas", None) and not speaker_match(None, "Hamas")
    assert speaker_match("Majed al-Ansari", "Majed al-Ansari, the spokesman of the ministry")
    assert speaker_match("Qatar’s foreign ministry", "Qatar's foreign ministry")
    assert speaker_match("a senior Israeli official", "the senior Israeli official")
    assert not speaker_match("Majed al-Ansari", "he")
    assert not speaker_match("Hamas", "Israel")


def test_pairs_are_one_to_one_best_overlap_first() -> None:
    gold = [Item(0, 50, "indirect"), Item(20, 30, "direct")]
    pred = [Item(20, 30, "direct"), Item(0, 48, "indirect")]
    pairs = pair_up(gold, pred, relaxed_match)
    assert sorted((g.start, p.start) for g, p in pairs) == [(0, 0), (20, 20)]


def test_passage_counts_and_scores() -> None:
    gold = [
        Item(0, 20, "direct", "Lina Haddad", "say"),
        Item(30, 60, "indirect", "officials", "say"),
    ]
    pred = [
        Item(0, 20, "direct", "Lina Haddad", "say"),  # exact, right speaker
        Item(30, 55, "indirect", "he", "say"),  # relaxed only, wrong speaker
        Item(70, 90, "indirect", "the army", "say"),  # not in gold
    ]
    counts = score_passage(gold, pred)
    assert (counts.strict, counts.relaxed, counts.speaker_right) == (1, 2, 1)
    got = scores(counts)
    assert got["strict_p"] == pytest.approx(1 / 3) and got["strict_r"] == pytest.approx(1 / 2)
    assert got["relaxed_f1"] == pytest.approx(0.8)
    assert got["speaker_acc"] == pytest.approx(0.5)
    assert got["speaker_p"] == pytest.approx(1 / 3) and got["speaker_r"] == pytest.approx(1 / 2)
    assert counts.per_tag["direct"] == [1, 1, 1]


def test_empty_inputs_score_as_none_not_zero_division() -> None:
    got = scores(score_passage([], []))
    assert got["strict_p"] is None and got["relaxed_f1"] is None


def test_load_gold_groups_records_by_passage(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "source": "written", "text": "T", "quote": {"start": 0, "end": 1},
         "kind": "direct", "speaker": None, "cue": None},
        {"id": "b", "source": "written", "text": "T", "quote": {"start": 0, "end": 1},
         "kind": "indirect", "speaker": "x", "cue": "say", "split": "heldout"},
    ]  # fmt: skip
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    (passage,) = task.load_gold(path)
    assert len(passage.gold) == 2 and passage.origin == "written" and passage.split == "dev"


# --- run_task --------------------------------------------------------------------------------


def test_run_task_smoke() -> None:
    tables = task.run_task(limit=10)
    assert [t.task for t in tables] == ["quotes", "quotes by case"]
    main: EvalTable = tables[0]
    assert main.n_items == 10
    assert {"strict_f1", "relaxed_f1", "speaker_acc", "speaker_p", "speaker_r"} <= set(main.metrics)
    first = main.rows[0]
    assert first.system == "storyline_quotes: all"
    assert "gold" in first.note and first.scores["relaxed_f1"] is not None
    assert first.scores["relaxed_f1"] > 0.5
    assert any(row.system.startswith("quote marks only") for row in main.rows)
