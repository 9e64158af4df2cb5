"""End to end: the real `storyline` command on the bundled demo corpus and a real database file.

The expectations come from examples/README.md (which file is a copy of which, which are
undated); the code under test knows nothing about these files.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli.common import app

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"


def storyline(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "storyline", *args], input=stdin, capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    result = storyline("--db", str(db), "run", str(DEMO))
    assert result.returncode == 0, result.stderr
    assert "0 failed" in result.stdout
    return db


def _export(db: Path, out: Path) -> dict[str, dict[str, object]]:
    result = CliRunner().invoke(app, ["--db", str(db), "--quiet", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in (out / "documents.jsonl").read_text().splitlines()]
    return {Path(str(r["source"])).name: r for r in rows}


@pytest.fixture(scope="module")
def docs(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    return _export(demo_db, tmp_path_factory.mktemp("export"))


def _by_prefix(docs: dict[str, dict[str, object]], prefix: str) -> dict[str, object]:
    [match] = [d for name, d in docs.items() if name.startswith(prefix)]
    return match


def test_demo_corpus_is_fully_ingested(docs: dict[str, dict[str, object]]) -> None:
    assert len(docs) >= 33
    outlets = {d["outlet"] for d in docs.values() if d["outlet"]}
    assert len(outlets) >= 6
    assert {d["language"] for d in docs.values()} == {"en", "fr"}
    assert all(d["text"] and d["removed"] is not None for d in docs.values())


def test_syndicated_copies_and_exact_duplicate_are_linked(
    docs: dict[str, dict[str, object]],
) -> None:
    wire = _by_prefix(docs, "07_")
    for copy in ("08_", "09_"):
        doc = _by_prefix(docs, copy)
        assert doc["duplicate_of"] == wire["id"]
        assert 0.5 <= float(doc["similarity"]) < 1.0  # type: ignore[arg-type]
    exact = _by_prefix(docs, "28_")
    assert exact["duplicate_of"] == _by_prefix(docs, "27_")["id"] and exact["similarity"] == 1.0
    originals = [d for d in docs.values() if d["duplicate_of"] is None]
    assert len(originals) == len(docs) - 3


def test_dates_are_stated_inferred_or_null(docs: dict[str, dict[str, object]]) -> None:
    for prefix in ("03_", "06_", "13_", "20_", "27_", "33_", "36_"):
        doc = _by_prefix(docs, prefix)
        if doc["published_source"] == "content":  # no stated date: the story stage infers one
            assert doc["published"] and 0.0 < float(doc["published_confidence"]) < 1.0  # type: ignore[arg-type]
            continue
        assert (doc["published"], doc["published_source"], doc["published_confidence"]) == (
            None,
            "unknown",
            0.0,
        )
    for prefix in ("12_", "19_", "31_"):  # date only in HTML meta / JSON-LD
        assert _by_prefix(docs, prefix)["published_source"] == "html"
    assert _by_prefix(docs, "01_")["published"] == "2023-10-08"
    assert _by_prefix(docs, "04_")["published"] == "2023-10-15"  # "Date: October 15, 2023"
    assert _by_prefix(docs, "18_")["language"] == "fr"


def test_show_search_stats_errors(demo_db: Path) -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["--db", str(demo_db), "show", "10_jerusalem", "--removed"])
    assert shown.exit_code == 0 and "byline" in shown.output and "caption" in shown.output
    found = runner.invoke(app, ["--db", str(demo_db), "--json", "search", "Barnea"])
    assert found.exit_code == 0 and len(json.loads(found.output)) >= 2
    stats = json.loads(runner.invoke(app, ["--db", str(demo_db), "--json", "stats"]).output)
    assert stats["exact_duplicates"] == 1 and stats["near_duplicates"] == 2 and stats["errors"] == 0
    assert runner.invoke(app, ["--db", str(demo_db), "show", "no-such-doc"]).exit_code == 3
    assert runner.invoke(app, ["--db", str(demo_db), "export", "--format", "xml"]).exit_code == 2


def test_rerun_is_idempotent(demo_db: Path) -> None:
    result = storyline("--db", str(demo_db), "--json", "run", str(DEMO))
    report = json.loads(result.stdout)
    assert (result.returncode, report["added"], report["failed"]) == (0, 0, 0)
    assert report["skipped"] == report["seen"] >= 33


def test_two_workers_give_the_same_export(
    docs: dict[str, dict[str, object]], tmp_path: Path
) -> None:
    db = tmp_path / "w2.db"
    assert (
        storyline("--db", str(db), "--quiet", "ingest", "--workers", "2", str(DEMO)).returncode == 0
    )
    assert _export(db, tmp_path / "out") == {name: _stated(d) for name, d in docs.items()}


def _stated(doc: dict[str, object]) -> dict[str, object]:
    """A document as ingest left it: before the story stage dated it from its content."""
    if doc["published_source"] != "content":
        return doc
    return {**doc, "published": None, "published_source": "unknown", "published_confidence": 0.0}


def test_stdin_and_bad_database(tmp_path: Path) -> None:
    text = (
        "Mediators met in Cairo on Monday.\nThey will meet again on Thursday, officials said today."
    )
    db = tmp_path / "stdin.db"
    result = storyline("--db", str(db), "--json", "ingest", "-", stdin=text)
    assert result.returncode == 0 and json.loads(result.stdout)["added"] == 1
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"\x00garbage" * 200)
    broken = storyline("--db", str(bad), "stats")
    assert broken.returncode == 4 and "bad.db" in broken.stderr
