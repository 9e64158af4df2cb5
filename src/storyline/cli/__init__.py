"""The `storyline` command line: thin commands over the `Storyline` service object."""

from __future__ import annotations

import sys
from typing import Any

from storyline.cli import evaluate, ingest, read  # noqa: F401  (each module registers its commands)
from storyline.cli.common import app


def main(argv: list[str] | None = None) -> Any:
    return app(args=argv if argv is not None else sys.argv[1:], prog_name="storyline")
