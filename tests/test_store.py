"""The SQLite store, really written and read: dedupe links, idempotency, search, export."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from storyline import Storyline
from storyline.clean import dedupe
from storyline.store.migrations import MIGRATIONS
from storyline.store.sqlite import Store, StoreError

WIRE = (
    "Negotiators from Qatar, Egypt and the United States met in Doha on Sunday to discuss a "
    "phased agreement that would pause the fighting in Gaza for six weeks. Under the draft, "
    "captives held in Gaza would be released in stages in exchange for Palestinian prisoners, "
    "and aid convoys would be allowed to enter through several crossings each day. A senior "
    "official said the gaps between the two sides had narrowed but that the question of a "
    "permanent end to the war remained unresolved. Another round was expected later in the week."
)
OTHER = (
    "Thousands marched through central Tel Aviv on Saturday night calling on the government to "
    "accept a deal that would bring the captives home, while relatives addressed the crowd from "
    "a stage near the defence ministry and urged ministers to put the lives of the hostages first."
)


def _write(directory: Path, name: str, text: str) -> str:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    _write(src, "01_wire.txt", "date 2024-01-28 English\nTalks in Doha\n" + WIRE)
    edited = WIRE.replace("met in Doha on Sunday", "gathered in the Qatari capital on Sunday")
    _write(src, "02_copy.txt", "Doha talks make progress\nBy Staff Writer\n" + edited)
    _write(src, "03_exact.md", "---\ntitle: Exact copy\n---\n" + WIRE.upper())
    _write(src, "04_other.txt", OTHER)
    return src


def test_duplicates_are_linked_to_the_original(corpus: Path, tmp_path: Path) -> None:
    with Storyline(tmp_path / "s.db") as sl:
        report = sl.ingest([str(corpus)])
        docs = {Path(d.source).name: d for d in sl.documents()}
    assert (report.added, report.duplicates, report.failed) == (4, 2, 0)
    original = docs["01_wire.txt"]
    assert original.duplicate_of is None
    assert docs["03_exact.md"].duplicate_of == original.id and docs["03_exact.md"].similarity == 1.0
    near = docs["02_copy.txt"]
    assert near.duplicate_of == original.id and 0.5 <= (near.similarity or 0) < 1.0
    assert docs["04_other.txt"].duplicate_of is None


def test_rerun_adds_nothing_and_originals_can_be_counted_once(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Storyline(db) as sl:
        sl.ingest([str(corpus)])
    with Storyline(db) as sl:
        again = sl.ingest([str(corpus)])
        originals = list(sl.documents(include_duplicates=False))
    assert (again.added, again.skipped) == (0, 4)
    assert len(originals) == 2
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 4
    assert conn.execute("SELECT count(*) FROM runs").fetchone()[0] == 2
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_search_and_lookup(corpus: Path, tmp_path: Path) -> None:
    with Storyline(tmp_path / "s.db") as sl:
        sl.ingest([str(corpus)])
        hits = sl.search('"defence ministry" Tel Aviv')
        assert [Path(sl.document(h.id).source).name for h in hits] == ["04_other.txt"]  # type: ignore[union-attr]
        assert sl.search("AND OR NOT (") == []  # operators are words, never FTS syntax errors
        doc = sl.document("01_wire")
        assert doc is not None and doc.title == "Talks in Doha"
        assert sl.document(doc.id[:8]) == doc
        assert sl.store.raw(doc.id) == (corpus / "01_wire.txt").read_bytes()


def test_export_contract(corpus: Path, tmp_path: Path) -> None:
    with Storyline(tmp_path / "s.db") as sl:
        sl.ingest([str(corpus)])
        path, count = sl.export(tmp_path / "out")
        sl.export(tmp_path / "out", "csv")
        sl.export(tmp_path / "out", "parquet")
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    assert count == len(rows) == 4
    assert list(rows[0]) == [
        "id", "source", "url", "outlet", "title", "author", "published", "published_source",
        "published_confidence", "language", "text", "removed", "duplicate_of", "similarity",
    ]  # fmt: skip
    assert (
        rows[0]["published"] == "2024-01-28"
        and rows[0]["removed"][0]["reason"] == "metadata_header"
    )
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "out" / "documents.parquet").num_rows == 4
    assert (tmp_path / "out" / "documents.csv").read_text().count("\n") >= 5


def test_ids_are_stable_across_databases(corpus: Path, tmp_path: Path) -> None:
    ids = []
    for name in ("a.db", "b.db"):
        with Storyline(tmp_path / name) as sl:
            sl.ingest([str(corpus)])
            ids.append(sorted(d.id for d in sl.documents()))
    assert ids[0] == ids[1]


def test_migrations_are_recorded_once(tmp_path: Path) -> None:
    Store(tmp_path / "m.db").close()
    Store(tmp_path / "m.db").close()
    conn = sqlite3.connect(tmp_path / "m.db")
    assert conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)


def test_readonly_store_on_missing_or_corrupt_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open"):
        Store(tmp_path / "missing.db", readonly=True)
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="bad.db"):
        Store(bad)


def test_similarity_estimates() -> None:
    a, b = dedupe.signature(WIRE), dedupe.signature(OTHER)
    assert dedupe.similarity(a, a) == 1.0
    assert dedupe.similarity(a, b) < 0.2
    assert dedupe.text_hash("Hello,  World!") == dedupe.text_hash("hello world")
