"""Crash safety: `kill -9` in the middle of an ingest, then a rerun, leaves exactly the rows of a
clean run; and a reader process keeps reading while a write batch is open (WAL)."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.ingest.parse import parse_record
from storyline.store.sqlite import Store
from storyline.types import Document, RawRecord

pytestmark = pytest.mark.slow

ARTICLES = 400
SRC = str(Path(__file__).resolve().parents[1] / "src")

# Table -> columns compared (run-dependent ones left out: ingested_at, seq, first/last_seen).
TABLES = {
    "documents": "id, source, kind, url, outlet, title, author, published, published_source,"
    " published_confidence, language, language_confidence, text, text_hash, duplicate_of,"
    " similarity",
    "raw_records": "doc_id, kind, meta, encoding, content",
    "removed_lines": "doc_id, pos, line, reason",
    "minhash": "doc_id, signature",
    "lsh_bands": "band, key, doc_id",
    "errors": "source, problem, level",
}

_VOCABULARY = (
    "minister council harbour railway election budget court river village treaty factory union "
    "drought festival bridge museum hospital school airport border ceasefire envoy senator mayor "
    "farmers teachers nurses miners pilots judges voters students workers residents officials "
    "announced rejected approved delayed promised criticised welcomed questioned signed opened "
    "closed extended suspended blocked funded rebuilt flooded crossed visited warned said added "
    "northern southern coastal rural urban regional national foreign local early late annual new "
    "old small large sudden gradual public private quiet angry hopeful cautious brief long "
    "talks plan vote strike report inquiry deal protest storm harvest market season contract "
    "tax reform loan grant fleet shipment license permit survey census ruling appeal petition"
)
_WORDS = _VOCABULARY.split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(10, 18))]
    return " ".join(words).capitalize() + "."


def _article(rng: random.Random, n: int) -> str:
    title = f"{_sentence(rng)[:-1].title()} ({n})"
    paragraphs = [" ".join(_sentence(rng) for _ in range(3)) for _ in range(4)]
    return f"{title}\n\n" + "\n\n".join(paragraphs) + "\n"


def make_corpus(root: Path, articles: int = ARTICLES) -> Path:
    """Distinct word-salad articles, some near-duplicate and exact-text copies, two bad inputs."""
    rng = random.Random(20231124)
    root.mkdir(parents=True)
    texts = [_article(rng, n) for n in range(articles)]
    for n, text in enumerate(texts):
        (root / f"a{n:04d}.txt").write_text(text)
    for n in range(0, articles, 40):  # near-duplicates: one paragraph dropped, a word changed
        paragraphs = texts[n].split("\n\n")
        copy = "\n\n".join(paragraphs[:2] + paragraphs[3:]).replace(" the ", " a ", 1)
        (root / f"c{n:04d}-copy.txt").write_text(copy)
        (root / f"c{n:04d}-same.md").write_text(texts[n])  # same text, another kind: exact copy
    (root / "z-empty.txt").write_text("")
    (root / "z-notext.json").write_text('{"title": "no body"}')
    return root


def _ingest_cmd(db: Path, corpus: Path, output: str = "--quiet") -> list[str]:
    return [sys.executable, "-m", "storyline", "--db", str(db), output, "ingest", str(corpus)]


def _env() -> dict[str, str]:
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": SRC + (os.pathsep + path if path else "")}


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:  # not created or not migrated yet
        return 0


def _dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return {
            table: sorted(conn.execute(f"SELECT {cols} FROM {table}").fetchall(), key=repr)
            for table, cols in TABLES.items()
        }


def _remove_db(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def _kill_mid_run(db: Path, corpus: Path, total: int, attempts: int = 5) -> int:
    """Start an ingest, SIGKILL it once some but not all documents are committed; return count."""
    for _ in range(attempts):
        _remove_db(db)
        proc = subprocess.Popen(_ingest_cmd(db, corpus), env=_env(), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)  # fmt: skip
        deadline = time.monotonic() + 60
        try:
            while proc.poll() is None and time.monotonic() < deadline:
                if 0 < _count(db) < total:
                    os.kill(proc.pid, signal.SIGKILL)
                    proc.wait(10)
                    assert proc.returncode == -signal.SIGKILL
                    return _count(db)
                time.sleep(0.002)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
    pytest.fail(f"the ingest always finished before it could be killed ({attempts} tries)")


def test_kill_9_then_rerun_leaves_the_rows_of_a_clean_run(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    clean, crashed = tmp_path / "clean.db", tmp_path / "crashed.db"
    done = subprocess.run(_ingest_cmd(clean, corpus), env=_env(), capture_output=True, text=True)
    assert done.returncode == 1, done.stderr  # the two bad inputs
    expected = _dump(clean)
    total = len(expected["documents"])
    assert total >= ARTICLES
    assert any(row[14] for row in expected["documents"]), "no duplicate links exercised"

    left = _kill_mid_run(crashed, corpus, total)
    assert 0 < left < total

    cmd = _ingest_cmd(crashed, corpus, "--json")
    rerun = subprocess.run(cmd, env=_env(), capture_output=True, text=True)
    assert rerun.returncode == 1, rerun.stderr
    report = json.loads(rerun.stdout)
    assert (report["skipped"], report["added"]) == (left, total - left), report
    got = _dump(crashed)
    for table in TABLES:
        assert got[table] == expected[table], f"{table} differs after kill -9 at {left}/{total}"
    with sqlite3.connect(crashed) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _documents(n: int) -> list[Document]:
    docs = []
    for i in range(n):
        text = f"Reader test {i}\n\n" + _article(random.Random(i), i)
        parsed = parse_record(RawRecord(f"mem{i}.txt", text.encode(), "text"))
        assert isinstance(parsed, Document)
        docs.append(parsed)
    return docs


def _read_stats(db: Path) -> tuple[int, float]:
    """`storyline stats` in another process: (documents it sees, seconds it took)."""
    cmd = [sys.executable, "-m", "storyline", "--db", str(db), "--json", "stats"]
    start = time.monotonic()
    done = subprocess.run(cmd, env=_env(), capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return int(json.loads(done.stdout)["documents"]), time.monotonic() - start


def test_reader_process_reads_while_a_write_batch_is_open(tmp_path: Path, tmp_db: Path) -> None:
    first, second = _documents(3), _documents(5)[3:]
    store = Store(tmp_db)
    store.write_batch(first)
    seen: list[tuple[int, float]] = []

    def docs_reading_midway() -> Iterator[Document]:
        yield second[0]  # inserted, not committed: the batch's write transaction is open
        seen.append(_read_stats(tmp_db))
        yield second[1]

    try:
        assert store.write_batch(docs_reading_midway()).added == 2
    finally:
        store.close()
    count, seconds = seen[0]
    assert count == 3, "the reader must see the last committed state, not the open batch"
    assert seconds < 8, f"the reader waited {seconds:.1f}s for the writer (busy_timeout is 10s)"
    assert _read_stats(tmp_db)[0] == 5
