"""TempEval-3 Task A scoring (storyline.eval.timeml) on hand-built gold and system lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.eval import timeml
from storyline.eval.report import EvalTable
from storyline.eval.timeml import Counts, TimexSpan, align, count, read_tml, scores


def span(start: int, end: int, value: str | None = "2013-03-22", type_: str = "DATE") -> TimexSpan:
    return TimexSpan(start, end, "x" * (end - start), type_, value)


def test_strict_needs_identical_extents_relaxed_any_overlap() -> None:
    gold = [span(0, 6), span(10, 20), span(30, 35)]
    system = [span(0, 6), span(12, 18), span(40, 45)]
    counts = count(gold, system)
    assert (counts.gold, counts.system, counts.strict, counts.relaxed) == (3, 3, 1, 2)


def test_matching_is_one_to_one_and_prefers_the_exact_extent() -> None:
    gold = [span(0, 10)]
    system = [span(0, 4), span(0, 10), span(6, 10)]
    assert align(gold, system) == [(0, 1)]
    counts = count(gold, system)
    assert (counts.strict, counts.relaxed, counts.system) == (1, 1, 3)


def test_attributes_are_judged_on_relaxed_matches_only() -> None:
    gold = [span(0, 6, "2013-03-22"), span(10, 20, "P2W", "DURATION"), span(30, 35, "2013")]
    system = [
        span(0, 6, "2013-03-22"),  # right type and value
        span(12, 20, "P3W", "DURATION"),  # overlaps: right type, wrong value
        span(50, 55, "2013"),  # no gold: counts against precision only
    ]
    counts = count(gold, system)
    assert (counts.relaxed, counts.type_ok, counts.value_ok) == (2, 2, 1)


def test_scores_follow_the_tempeval3_definitions() -> None:
    counts = Counts(gold=10, system=8, strict=5, relaxed=8, type_ok=7, value_ok=6)
    got = scores(counts)
    assert got["strict_p"] == pytest.approx(5 / 8)
    assert got["strict_r"] == pytest.approx(5 / 10)
    assert got["relaxed_p"] == pytest.approx(1.0)
    assert got["relaxed_r"] == pytest.approx(0.8)
    relaxed_f1 = 2 * 1.0 * 0.8 / 1.8
    assert got["relaxed_f1"] == pytest.approx(relaxed_f1)
    assert got["type_acc"] == pytest.approx(7 / 8)
    assert got["value_acc"] == pytest.approx(6 / 8)
    # value F1 = value accuracy x relaxed F1 = harmonic mean of acc*P and acc*R
    assert got["value_f1"] == pytest.approx(6 / 8 * relaxed_f1)
    p, r = 6 / 8 * 1.0, 6 / 8 * 0.8
    assert got["value_f1"] == pytest.approx(2 * p * r / (p + r))
    assert got["type_f1"] == pytest.approx(7 / 8 * relaxed_f1)


def test_empty_inputs_give_no_ratios_instead_of_dividing_by_zero() -> None:
    got = scores(Counts())
    assert got["relaxed_f1"] is None and got["value_f1"] is None
    assert scores(Counts(gold=3))["relaxed_r"] == 0.0


def test_counts_add_up_over_documents() -> None:
    total = timeml.score_documents([([span(0, 3)], [span(0, 3)]), ([span(0, 3)], [])])
    assert total == Counts(gold=2, system=1, strict=1, relaxed=1, type_ok=1, value_ok=1)


def test_blank_gold_timexes_are_not_scored() -> None:
    blank = TimexSpan(0, 1, " ", "DATE", "2013")
    assert count([blank], []).gold == 0


TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>demo</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-22T10:00" functionInDocument="CREATION_TIME">March 22, 2013</TIMEX3></DCT>
<TEXT>
The flu <EVENT eid="e1" class="OCCURRENCE">season</EVENT> started <TIMEX3 tid="t1" type="DURATION" value="P1M">a month</TIMEX3> early and was <EVENT eid="e2" class="REPORTING">reported</EVENT> <TIMEX3 tid="t2" type="DATE" value="2013-03-22">Friday</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_read_tml_strips_tags_and_keeps_offsets(tmp_path: Path) -> None:
    path = tmp_path / "demo.tml"
    path.write_text(TML, encoding="utf-8")
    doc = read_tml(path)
    assert (doc.doc_id, doc.dct) == ("demo", "2013-03-22")
    assert "<" not in doc.text and "season started a month early" in doc.text
    assert [(t.text, t.type, t.value) for t in doc.timexes] == [
        ("a month", "DURATION", "P1M"),
        ("Friday", "DATE", "2013-03-22"),
    ]
    assert all(doc.text[t.start : t.end] == t.text for t in doc.timexes)


def test_platinum_text_equals_the_official_system_input() -> None:
    """Stripping the gold tags gives the same text the task handed to systems."""
    base = timeml.resolve_benchmarks() / timeml.DATASET
    gold = read_tml(base / timeml.PLATINUM / "AP_20130322.tml")
    given = read_tml(base / "te3-platinum-test-input" / "AP_20130322.tml.TE3input")
    assert gold.text == given.text and gold.dct == given.dct and given.timexes == ()


def test_published_rows_carry_the_caveat() -> None:
    rows = timeml._published_rows()
    assert [r.system for r in rows][:2] == ["HeidelTime-t", "SUTime"]
    assert rows[0].scores["value_f1"] == pytest.approx(0.7761)
    assert all("verify" in r.note for r in rows)


@pytest.mark.slow
def test_run_task_smoke() -> None:
    tables = timeml.run_task(limit=2)
    assert [t.task for t in tables] == ["time", "time"]
    assert all(isinstance(t, EvalTable) and t.n_items == 2 for t in tables)
    ours = tables[0].rows[0]
    assert ours.system.startswith("storyline")
    assert 0.0 <= (ours.scores["value_f1"] or 0.0) <= 1.0
    assert {"HeidelTime-t", "SUTime"} <= {r.system for r in tables[0].rows}
    assert [r.system for r in tables[1].rows] == [ours.system, "spaCy NER DATE/TIME (run here)"]
    assert tables[1].rows[1].scores["value_f1"] == 0.0  # the baseline gives no values
