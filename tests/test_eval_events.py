"""The PLOVER event-type scorer (storyline.eval.plover) and a small run on the gold records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from storyline.eval import plover
from storyline.eval.report import print_tables, resolve_benchmarks

GSR = resolve_benchmarks() / plover.DATASET


def test_05b1_labels_map_to_2021_types() -> None:
    assert plover.map_label("DEMAND") == "REQUEST"
    assert plover.map_label("DISAPPROVE") == "ACCUSE"
    assert plover.map_label("INVESTIGATE") == "ACCUSE"
    assert plover.map_label("FIGHT") == "ASSAULT"
    for same in ("AGREE", "CONSULT", "RETREAT", "ASSAULT", "REJECT"):
        assert plover.map_label(same) == same
    assert plover.map_label("fight") == "ASSAULT"


def test_accuracy_and_coverage() -> None:
    pairs = [("AGREE", "AGREE"), ("REQUEST", "AGREE"), ("ASSAULT", plover.NONE), ("AID", "AID")]
    assert plover.accuracy(pairs) == 0.5
    assert plover.coverage(pairs) == 0.75
    assert plover.accuracy([]) is None and plover.coverage([]) is None


def test_per_class_and_macro_f1() -> None:
    pairs = [("AGREE", "AGREE"), ("AGREE", "REJECT"), ("REJECT", "REJECT"), ("AID", plover.NONE)]
    classes = plover.per_class(pairs)
    assert classes["AGREE"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3)}
    assert classes["REJECT"]["precision"] == 0.5 and classes["REJECT"]["recall"] == 1.0
    assert classes["AID"] == {"precision": None, "recall": 0.0, "f1": None}  # never predicted
    assert plover.macro_f1(pairs) == pytest.approx((2 / 3 + 2 / 3 + 0) / 3)


def test_confusion_and_majority() -> None:
    pairs = [("AGREE", "AGREE"), ("AGREE", "REJECT"), ("AGREE", "REJECT")]
    assert plover.confusion(pairs)[("AGREE", "REJECT")] == 2
    assert plover.majority_label(["B", "A", "B", "A", "C"]) == "A"  # tie: alphabetical
    table = plover.render_confusion(pairs)
    assert table.row_count == 1


def test_load_gold_skips_header_and_maps(tmp_path: Path) -> None:
    records = [
        {"id": "DOC", "event": "DOCUMENT", "eventText": "header"},
        {"id": "a", "event": "FIGHT", "text": "Rebels fought troops."},
        {"id": "b", "event": "AGREE", "text": "They agreed."},
    ]
    (tmp_path / plover.GSR_FILE).write_text(json.dumps(records), encoding="utf-8")
    gold = plover.load_gold(tmp_path)
    assert [(g.id, g.label, g.original) for g in gold] == [
        ("a", "ASSAULT", "FIGHT"),
        ("b", "AGREE", "AGREE"),
    ]
    assert len(plover.load_gold(tmp_path, limit=1)) == 1
    with pytest.raises(FileNotFoundError):
        plover.load_gold(tmp_path / "missing")


@pytest.mark.skipif(not (GSR / plover.GSR_FILE).is_file(), reason="PLOVER GSR data not present")
def test_run_task_smoke() -> None:
    summary, by_type = plover.run_task(limit=10, show_confusion=False)
    assert summary.task == "events" and summary.n_items == 10
    ours, majority, published = summary.rows
    assert ours.scores["accuracy"] is not None and 0.0 <= ours.scores["accuracy"] <= 1.0
    assert majority.scores["coverage"] == 1.0
    assert published.scores == {} and "none published" in published.note
    assert by_type.task == "events per type" and by_type.rows
    console = Console(width=200, record=True)
    print_tables([summary, by_type], console)
    assert "majority class" in console.export_text()
