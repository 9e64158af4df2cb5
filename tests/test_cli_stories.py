"""The story commands in-process on our own small corpus: run builds stories (--no-stories
does not), stories/timeline/outlets/figures --series with tables, --json and clear errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from stories_corpus import ARTICLES, write
from typer.testing import Result

Cli = Callable[..., Result]


@pytest.fixture(autouse=True)
def hash_embedder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_EMBEDDER", "hash")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write(tmp_path / "corpus", ARTICLES)


def _json(result: Result) -> object:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_story_commands(cli: Cli, corpus: Path, tmp_db: Path, tmp_path: Path) -> None:
    ran = _json(cli("--db", tmp_db, "--json", "run", corpus))
    assert isinstance(ran, dict) and ran["stories"]["stories"] == 4
    stories = _json(cli("--db", tmp_db, "stories", "--json"))
    assert isinstance(stories, list) and stories[0]["n_documents"] == 6
    ref = stories[0]["id"][:14]

    table = cli("--db", tmp_db, "stories")
    assert table.exit_code == 0 and stories[0]["id"][:16] in table.stdout

    events = _json(cli("--db", tmp_db, "timeline", ref, "--json"))
    assert isinstance(events, list) and any(e["type"] == "truce_start" for e in events)
    shown = cli("--db", tmp_db, "timeline", ref, "--limit", "3")
    assert shown.exit_code == 0 and "status path" in shown.stdout
    shared = _json(cli("--db", tmp_db, "timeline", ref, "--min-reports", "2", "--json"))
    assert isinstance(shared, list) and 0 < len(shared) < len(events)
    assert all(e["n_documents"] >= 2 for e in shared)

    compared = _json(cli("--db", tmp_db, "--json", "outlets", ref))
    assert isinstance(compared, dict) and "North Star Daily" in compared["coverage"]["blind_spots"]
    text = cli("--db", tmp_db, "outlets", ref)
    assert text.exit_code == 0 and "blind spots" in text.stdout and "framing" in text.stdout

    charts = tmp_path / "charts"
    series = cli("--db", tmp_db, "figures", "--series", "--chart", charts)
    assert series.exit_code == 0 and "revision" in series.stdout
    assert sorted(p.suffix for p in charts.iterdir()) and all(
        p.read_text().startswith("<svg") for p in charts.iterdir()
    )

    for command in ("timeline", "outlets"):
        missing = cli("--db", tmp_db, command, "no-such-story")
        assert missing.exit_code == 3 and "no story" in missing.stderr
    assert cli("--db", tmp_db, "figures", "--series", "--story", "nope").exit_code == 3


def test_rebuild_gives_the_same_stories(cli: Cli, corpus: Path, tmp_db: Path) -> None:
    assert cli("--db", tmp_db, "--quiet", "run", corpus).exit_code == 0
    first = _json(cli("--db", tmp_db, "--json", "stories"))
    assert _json(cli("--db", tmp_db, "--json", "stories", "--rebuild")) == first
    assert _json(cli("--db", tmp_db, "--json", "run", corpus))["stories"]["documents_added"] == 0  # type: ignore[index]


def test_run_without_stories(cli: Cli, corpus: Path, tmp_db: Path) -> None:
    assert cli("--db", tmp_db, "--quiet", "run", "--no-stories", corpus).exit_code == 0
    assert _json(cli("--db", tmp_db, "--json", "stories")) == []
    assert "9 documents are in no story yet" in cli("--db", tmp_db, "stories").stderr
    placed = cli("--db", tmp_db, "stories", "--update")
    assert placed.exit_code == 0 and "9 documents placed" in placed.stdout
