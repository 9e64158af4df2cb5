"""Shared fixtures: a database path in tmp_path and the real CLI, run in-process."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from storyline.cli import main as _register_commands  # noqa: F401  (imports every command module)
from storyline.cli.common import app


@pytest.fixture
def tmp_db(tmp_path: Path) -> Path:
    return tmp_path / "storyline.db"


@pytest.fixture(scope="session")
def cli() -> Callable[..., Result]:
    """`cli("--db", db, "ingest", path)` runs `storyline ...` in-process; stdout/stderr apart."""
    runner = CliRunner()

    def invoke(*args: object) -> Result:
        return runner.invoke(app, [str(a) for a in args], prog_name="storyline")

    return invoke
