"""The analysis stage end to end: real models, a real database file, the demo corpus.

Provenance is checked for every item extracted from the demo corpus: the stored offsets cut
exactly the evidence text out of the stored clean text.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from storyline import Storyline
from storyline.service import AnalysisSettings

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("analysis") / "demo.db"
    with Storyline(db) as sl:
        sl.ingest([str(DEMO)])
        report = sl.analyze(AnalysisSettings())
    assert report.analysed >= 33
    assert report.by_status.get("error", 0) == 0
    return db


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_every_item_points_at_its_evidence(analysed: Path) -> None:
    texts = dict(_rows(analysed, "SELECT id, text FROM documents"))
    rows = _rows(analysed, "SELECT doc_id, kind, start, end, data FROM extractions")
    assert {kind for _, kind, *_ in rows} >= {"mention", "timex", "event", "figure", "quote"}
    for doc_id, kind, start, end, data in rows:
        record = json.loads(str(data))
        text = str(texts[doc_id])
        spans = [record] if "start" in record else []
        spans += [record[k] for k in ("evidence", "sentence") if isinstance(record.get(k), dict)]
        if kind == "actor":
            continue
        assert spans, f"{kind} record without a span: {record}"
        assert (start, end) == (spans[0]["start"], spans[0]["end"])
        for span in spans:
            assert text[span["start"] : span["end"]] == span["text"], (kind, span)


def test_rerun_is_idempotent_and_force_redoes_everything(analysed: Path) -> None:
    before = _rows(analysed, "SELECT kind, count(*) FROM extractions GROUP BY kind ORDER BY kind")
    with Storyline(analysed) as sl:
        assert sl.analyze().analysed == 0
        forced = sl.analyze(AnalysisSettings(force=True))
    assert forced.analysed == _rows(analysed, "SELECT count(*) FROM documents")[0][0]
    assert (
        _rows(analysed, "SELECT kind, count(*) FROM extractions GROUP BY kind ORDER BY kind")
        == before
    )


def test_other_languages_are_never_parsed_as_english(analysed: Path) -> None:
    [(status, note)] = _rows(
        analysed,
        "SELECT a.status, a.note FROM analyses a JOIN documents d ON d.id = a.doc_id WHERE d.language='fr'",
    )
    if status == "unsupported_language":
        assert "fr" in str(note) and "not" in str(note)
    else:  # a French model is installed: only language-neutral components ran
        assert status == "ok"
    kinds = _rows(
        analysed,
        "SELECT DISTINCT e.kind FROM extractions e JOIN documents d ON d.id = e.doc_id WHERE d.language='fr'",
    )
    assert {k for (k,) in kinds} <= {"mention", "actor"}


def test_hard_inputs_do_not_crash_the_batch(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "long.txt").write_text(("word " * 200_000).strip())  # 1 MB, no sentence end
    (src / "table.txt").write_text(
        "\n".join(" ".join(str(i * j) for j in range(12)) for i in range(300))
    )
    (src / "caps.txt").write_text("MEDIATORS SAID ON MONDAY THAT 50 HOSTAGES WOULD BE FREED. " * 20)
    with Storyline(tmp_path / "hard.db") as sl:
        sl.ingest([str(src)])
        report = sl.analyze()
    assert report.analysed == 3 and report.by_status == {"ok": 3}


def test_exports_beside_documents(analysed: Path, tmp_path: Path) -> None:
    with Storyline(analysed) as sl:
        sl.export(tmp_path, "jsonl")
        sl.export(tmp_path, "plover")
    for name in ("documents", "actors", "mentions", "events", "figures", "quotes"):
        lines = (tmp_path / f"{name}.jsonl").read_text().splitlines()
        assert lines, name
    event = json.loads((tmp_path / "events.jsonl").read_text().splitlines()[0])
    assert set(event) >= {"id", "doc", "type", "plover_type", "status", "evidence", "date"}
    plover = json.loads((tmp_path / "events.plover.jsonl").read_text().splitlines()[0])
    assert set(plover) >= {"event_id", "event_type", "event_mode", "source_actor", "target_actor"}


def test_a_pack_change_reanalyses_and_components_are_versioned(tmp_path: Path) -> None:
    import shutil

    from storyline.packs import pack_dir

    pack = tmp_path / "pack"
    shutil.copytree(pack_dir("hostage-talks"), pack)
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Qatar said on Monday that the truce would be extended by two days.")
    (src / "b.txt").write_text("Mediators met Hamas officials in Cairo on Tuesday, officials said.")
    settings = AnalysisSettings(model="en_core_web_sm", pack=str(pack))
    with Storyline(tmp_path / "p.db") as sl:
        sl.ingest([str(src)])
        assert sl.analyze(settings).analysed == 2
        assert sl.analyze(settings).analysed == 0
        events = pack / "events.yaml"
        events.write_text(events.read_text() + "\n# a comment is enough to change the version\n")
        assert sl.analyze(settings).analysed == 2
    [(components,)] = _rows(tmp_path / "p.db", "SELECT DISTINCT components FROM analyses")
    assert set(json.loads(str(components))) >= {"model", "storyline_time", "storyline_events"}
