"""Engines: local processes and a real local Ray cluster give the same store as the staged
pipeline; a killed worker, a Ctrl-C and shards written for a cluster all end in exactly the rows
of one clean run. The small spaCy model and the hash embedder keep the runs short."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline import Storyline
from storyline.analysis import AnalysisSettings
from storyline.engine import EngineReport, EngineSettings, load_shards, run_engine
from storyline.engine.driver import worker_config

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"
SM = "en_core_web_sm"
Snapshot = dict[str, list[object]]
TABLES = {
    "documents": "id, source, title, outlet, published, language, text, duplicate_of, similarity",
    "extractions": "doc_id, kind, pos, start, end, data",
    "analyses": "doc_id, version, model, status, note",
    "embeddings": "doc_id, model, vector",
    "removed_lines": "doc_id, pos, line, reason",
}


def settings(engine: str = "local", workers: int = 1, **kw: Any) -> EngineSettings:
    return EngineSettings(engine=engine, workers=workers, model=SM, embedder="hash", **kw)


def snapshot(db: Path, tmp: Path) -> dict[str, list[object]]:
    """Every stored row that a run produces, and the exports, each sorted."""
    conn = sqlite3.connect(db)
    found: dict[str, list[object]] = {
        table: sorted(conn.execute(f"SELECT {cols} FROM {table}").fetchall(), key=repr)
        for table, cols in TABLES.items()
    }
    conn.close()
    with Storyline(db) as sl:
        sl.export(tmp / "export")
    for path in sorted((tmp / "export").glob("*.jsonl")):
        found[path.name] = list[object](sorted(path.read_text().splitlines()))
    return found


def run(db: Path, engine_settings: EngineSettings, **kw: Any) -> EngineReport:
    with Storyline(db) as sl:
        return run_engine(sl.store, [str(DEMO)], engine_settings, **kw)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[object]]:
    """The reference: the local engine, one process, one uninterrupted run."""
    tmp = tmp_path_factory.mktemp("clean")
    run(tmp / "clean.db", settings())
    found = snapshot(tmp / "clean.db", tmp)
    assert len(found["documents"]) > 30 and found["extractions"] and found["embeddings"]
    return found


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[None]:
    ray = pytest.importorskip("ray")
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_a_rerun_does_nothing_and_the_staged_pipeline_agrees(
    tmp_path: Path, clean: Snapshot
) -> None:
    db = tmp_path / "s.db"
    with Storyline(db) as sl:
        sl.run([str(DEMO)], analysis=AnalysisSettings(model=SM), stories=False)
    staged = snapshot(db, tmp_path)
    assert {k: v for k, v in staged.items() if k != "embeddings"} == {
        k: v for k, v in clean.items() if k != "embeddings"
    }
    again = run(db, settings())
    assert again.ingest.added == 0 and again.analysis.analysed == 0
    assert again.ingest.skipped == again.ingest.seen > 30


@pytest.mark.ray
def test_ray_and_local_give_identical_stores(
    ray_cluster: None, tmp_path: Path, clean: Snapshot
) -> None:
    report = run(tmp_path / "r.db", settings("ray", 2, batch_size=4))
    assert len(report.worker_rss_mb) == 2  # both actors worked
    assert snapshot(tmp_path / "r.db", tmp_path) == clean


@pytest.mark.ray
def test_a_killed_ray_worker_loses_and_repeats_nothing(ray_cluster: None, tmp_path: Path,
                                                      clean: Snapshot) -> None:  # fmt: skip
    from storyline.engine.ray_engine import RayExecutor

    chosen = settings("ray", 2, batch_size=3, in_flight=3)
    executor = RayExecutor(worker_config(chosen), 2, 3)
    killed: list[int] = []

    def kill_one_worker(_: int) -> None:  # after the first batch is stored, mid-job
        if not killed:
            killed.append(executor.pids()[0])
            os.kill(killed[0], signal.SIGKILL)

    report = run(tmp_path / "k.db", chosen, progress=kill_one_worker, executor=executor)
    assert killed and executor.replaced >= 1
    assert report.analysis.analysed == len(clean["analyses"])
    assert snapshot(tmp_path / "k.db", tmp_path) == clean


def test_ctrl_c_stops_and_the_next_run_resumes(tmp_path: Path, clean: Snapshot) -> None:
    batches: list[int] = []

    def interrupt(n: int) -> None:
        batches.append(n)
        if len(batches) == 3:
            raise KeyboardInterrupt

    db = tmp_path / "i.db"
    with pytest.raises(KeyboardInterrupt):
        run(db, settings(batch_size=4), progress=interrupt)
    conn = sqlite3.connect(db)
    stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    status = conn.execute("SELECT status FROM runs ORDER BY id DESC").fetchone()[0]
    conn.close()
    assert 0 < stored < len(clean["documents"]) and status == "interrupted"
    resumed = run(db, settings(batch_size=4))
    assert resumed.ingest.skipped == stored
    assert snapshot(db, tmp_path) == clean


def test_shards_are_atomic_named_by_content_and_load_idempotently(tmp_path: Path,
                                                                   clean: Snapshot) -> None:  # fmt: skip
    out = tmp_path / "shards"
    first = run(tmp_path / "driver.db", settings(out=str(out), batch_size=8))
    names = sorted(p.name for p in out.iterdir())
    assert first.shards == len(names) >= 4
    assert all(re.fullmatch(r"[0-9a-f]{24}\.parquet", n) for n in names), names
    again = run(tmp_path / "driver.db", settings(out=str(out), batch_size=8))
    assert again.shards == 0 and sorted(p.name for p in out.iterdir()) == names
    db = tmp_path / "loaded.db"
    with Storyline(db) as sl:
        loaded = load_shards(sl.store, out)
        assert loaded.ingest.added == len(clean["documents"])
        assert load_shards(sl.store, out).ingest.added == 0
    assert snapshot(db, tmp_path) == clean


def test_load_command_merges_shards_once(tmp_path: Path, cli: Any) -> None:
    out = tmp_path / "shards"
    run(tmp_path / "driver.db", settings(out=str(out), batch_size=16))
    db = tmp_path / "cli.db"
    first = cli("--json", "load", out, "--db", db)
    second = cli("--json", "load", out, "--db", db)
    assert first.exit_code == second.exit_code == 0, first.output
    assert json.loads(first.stdout)["added"] > 30 and json.loads(second.stdout)["added"] == 0
    assert cli("load", tmp_path / "missing", "--db", db).exit_code == 2


def test_the_engine_package_does_not_import_ray() -> None:
    code = "import sys, storyline.engine; print('ray' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False"
