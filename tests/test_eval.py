"""The benchmark scorers (extraction shingles, publication dates) and the eval runner."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from rich.console import Console

from storyline.eval import dates, extraction
from storyline.eval.report import (
    EvalTable,
    print_tables,
    resolve_benchmarks,
    run_eval,
    tables_to_json,
)

BENCH = resolve_benchmarks()
EXTRACTION = BENCH / extraction.DATASET


# --- extraction scorer on hand-made strings -----------------------------------------------------


def test_tokenize_keeps_word_characters_and_case() -> None:
    assert extraction.tokenize("Hello, wörld! It's 2024_x.") == [
        "Hello",
        "wörld",
        "It",
        "s",
        "2024_x",
    ]
    assert extraction.tokenize(None) == []


def test_short_text_is_one_short_shingle() -> None:
    assert extraction.shingles("a b") == {("a", "b"): 1}
    assert extraction.shingles("") == {}
    assert sum(extraction.shingles("a b c d e f").values()) == 3


def test_perfect_match_ignores_punctuation_and_whitespace() -> None:
    truth = "Hello, world! This is a fine article body."
    pred = "Hello world\n\nThis is a fine article body"
    counts = extraction.match_shingles(truth, pred)
    assert counts == (1.0, 0.0, 0.0)
    assert extraction.page_precision(counts) == extraction.page_recall(counts) == 1.0
    scores = extraction.score([(truth, pred)], n_resamples=0)
    assert scores == {"f1": 1.0, "precision": 1.0, "recall": 1.0, "accuracy": 1.0}


def test_empty_prediction_has_zero_recall_and_no_precision() -> None:
    for pred in ("", None, "!!"):
        counts = extraction.match_shingles("a b c d e", pred)
        assert counts == (0.0, 0.0, 1.0)
        assert extraction.page_precision(counts) is None
        assert extraction.page_recall(counts) == 0.0
    assert extraction.match_shingles("", None) == (0.0, 0.0, 0.0)


def test_partial_overlap_hand_computed() -> None:
    # one shared shingle (a b c d), one extra (b c d x), one missed (b c d e): 1/3 each
    first = extraction.match_shingles("a b c d e", "a b c d x")
    assert first == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    # 3 true shingles, 1 predicted and correct: tp 1, fp 0, fn 2 -> P 1, R 1/3
    second = extraction.match_shingles("one two three four five six", "one two three four")
    assert second == pytest.approx((1 / 3, 0.0, 2 / 3))
    scores = extraction.score(
        [("a b c d e", "a b c d x"), ("one two three four five six", "one two three four")],
        n_resamples=0,
    )
    precision, recall = (0.5 + 1.0) / 2, (0.5 + 1 / 3) / 2
    assert scores["precision"] == pytest.approx(precision)
    assert scores["recall"] == pytest.approx(recall)
    assert scores["f1"] == pytest.approx(2 * precision * recall / (precision + recall))
    assert scores["accuracy"] == 0.0


def test_repeated_shingles_are_matched_as_a_multiset() -> None:
    tp, fp, fn = extraction.match_shingles("a b c d a b c d", "a b c d")
    # truth: abcd x2, bcda, cdab, dabc; prediction: abcd once
    assert (tp, fp, fn) == pytest.approx((1 / 5, 0.0, 4 / 5))


def test_pages_with_nothing_to_judge_leave_the_means() -> None:
    scores = extraction.score([("a b c d", "a b c d"), ("", "")], n_resamples=0)
    assert scores["precision"] == scores["recall"] == 1.0
    assert scores["accuracy"] == 1.0  # two empty token lists are equal


def test_bootstrap_is_seeded_and_reports_std() -> None:
    pairs = [("a b c d e", "a b c d x"), ("a b c d", "a b c d"), ("x y z w", "")]
    first, again = (
        extraction.score(pairs, n_resamples=200),
        extraction.score(pairs, n_resamples=200),
    )
    assert first == again
    assert set(first) >= {"f1_std", "precision_std", "recall_std", "accuracy_std"}
    assert first["f1_std"] > 0
    same = extraction.score([("a b c d", "a b c d")] * 3, n_resamples=50)
    assert same["f1_std"] == 0.0


def test_rescored_trafilatura_reference_reproduces_published_scores() -> None:
    scores, version = extraction.rescore_reference(EXTRACTION, "trafilatura")
    assert version == "2.0.0"
    assert scores["f1"] == pytest.approx(0.958, abs=0.005)
    assert scores["precision"] == pytest.approx(0.938, abs=0.005)
    assert scores["recall"] == pytest.approx(0.978, abs=0.005)
    assert scores["accuracy"] == pytest.approx(0.293, abs=0.005)
    assert scores["f1_std"] == pytest.approx(0.006, abs=0.003)


def test_every_copied_reference_output_reproduces_its_published_f1() -> None:
    matched = [p for p in extraction.PUBLISHED if p.reference]
    assert len(matched) == len(extraction.reference_files(EXTRACTION)) == 7
    for pub in matched:
        assert pub.reference is not None
        scores, _ = extraction.rescore_reference(EXTRACTION, pub.reference, n_resamples=0)
        assert scores["f1"] == pytest.approx(pub.f1, abs=0.005), pub.system
        assert scores["accuracy"] == pytest.approx(pub.accuracy, abs=0.005), pub.system


# --- date scorer --------------------------------------------------------------------------------


def test_date_judging_rules() -> None:
    assert dates.judge("2020-01-01", "2020-01-01") == dates.Confusion(tp=1)
    assert dates.judge("2020-01-02", "2020-01-01") == dates.Confusion(fp=1)
    assert dates.judge("2020-01-01", None) == dates.Confusion(fp=1)
    assert dates.judge(None, "2020-01-01") == dates.Confusion(fn=1)
    assert dates.judge(None, None) == dates.Confusion(tn=1, fn=1)


def test_date_metrics_hand_computed() -> None:
    pairs = [
        ("2020-01-01", "2020-01-01"),
        ("2021-05-05", "2021-05-05"),
        ("2020-01-02", "2020-01-01"),
        ("2020-01-01", None),
        (None, "2020-01-01"),
        (None, None),
    ]  # tp 2, fp 2, tn 1, fn 2
    scores = dates.score(pairs)
    assert (scores["tp"], scores["fp"], scores["tn"], scores["fn"]) == (2, 2, 1, 2)
    assert scores["precision"] == pytest.approx(0.5)
    assert scores["recall"] == pytest.approx(0.5)
    assert scores["accuracy"] == pytest.approx(3 / 7)
    assert scores["fscore"] == pytest.approx(0.5)
    assert dates.score([])["precision"] == 0.0


def test_decode_html_falls_back_from_utf8() -> None:
    assert dates.decode_html("Grüße".encode()) == "Grüße"
    text = "<p>Les élèves ont déjà célébré la fête à l'école, près du théâtre.</p>" * 5
    decoded = dates.decode_html(text.encode("cp1252"))  # a single-byte guess, never an error
    assert decoded.startswith("<p>Les ") and len(decoded) == len(text)
    assert dates.decode_html(b"\x00\x01\x02\x03\xff") == "\x00\x01\x02\x03\xff"


def test_date_pages_read_from_a_solid_tarball(tmp_path: Path) -> None:
    with tarfile.open(tmp_path / "html.tar.xz", "w:xz") as archive:
        for name, body in (("html/a.html", b"<p>a</p>"), ("html/b.html", b"<p>b</p>")):
            info = tarfile.TarInfo(name)
            info.size = len(body)
            archive.addfile(info, io.BytesIO(body))
    gold = {
        "https://x/1": {"file": "html/b.html", "date": "2020-01-01"},
        "https://x/2": {"file": "html/b.html", "date": None},
        "https://x/3": {"file": "html/missing.html", "date": "2020-01-02"},
    }
    (tmp_path / "ground-truth.json").write_text(json.dumps(gold))
    pages = dates.load_gold(tmp_path)
    got = {page.url: html for page, html in dates.iter_pages(tmp_path, pages)}
    assert got == {"https://x/1": "<p>b</p>", "https://x/2": "<p>b</p>", "https://x/3": ""}
    assert [p.url for p in dates.load_gold(tmp_path, limit=1)] == ["https://x/1"]


# --- runner -------------------------------------------------------------------------------------


def test_benchmarks_dir_honours_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_BENCHMARKS", "/somewhere/else")
    assert resolve_benchmarks() == Path("/somewhere/else")
    assert resolve_benchmarks(Path("/explicit")) == Path("/explicit")


def _row(table: EvalTable, prefix: str) -> dict[str, float | None]:
    return next(r.scores for r in table.rows if r.system.startswith(prefix))


def test_run_eval_extraction_smoke() -> None:
    seen: list[tuple[int, int]] = []
    tables = run_eval(
        "extraction", limit=5, progress=lambda done, total: seen.append((done, total))
    )
    assert len(tables) == 1
    table = tables[0]
    assert (table.task, table.n_items) == ("extraction", 5)
    assert seen[-1] == (5, 5)
    ours = _row(table, "storyline")
    for metric in ("f1", "precision", "recall", "accuracy"):
        value = ours[metric]
        assert value is not None and 0.0 <= value <= 1.0
    assert _row(table, "trafilatura 2.0.0 (reference output, rescored here)")["f1"] is not None
    assert _row(table, "trafilatura 2.0.0")["f1"] == 0.958
    out = io.StringIO()
    print_tables(tables, Console(file=out, width=200))
    assert "storyline (run here)" in out.getvalue()
    assert (
        json.loads(json.dumps(tables_to_json(tables)))[0]["rows"][0]["system"]
        == "storyline (run here)"
    )


def test_run_eval_dates_smoke() -> None:
    (table,) = run_eval("dates", limit=3)
    assert (table.task, table.n_items) == ("dates", 3)
    ours = _row(table, "storyline (run here, gold URL passed)")
    assert ours["tp"] is not None and ours["tp"] + (ours["fp"] or 0) + (ours["fn"] or 0) >= 3
    assert _row(table, "htmldate[all] 1.10.0 (fast)")["fscore"] == 0.925


def test_run_eval_rejects_unknown_task() -> None:
    with pytest.raises(ValueError, match="unknown eval task"):
        run_eval("summaries")
    with pytest.raises(ValueError, match="limit"):
        run_eval("extraction", limit=-1)


def test_run_eval_names_missing_benchmark_data(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="STORYLINE_BENCHMARKS"):
        run_eval("dates", benchmarks_dir=tmp_path)
