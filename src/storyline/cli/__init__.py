"""The `storyline` command line: thin commands over the `Storyline` service object."""

from __future__ import annotations

import sys
import traceback
from typing import Any

from storyline.cli import engine, evaluate, extract, ingest, read, serve, stories  # noqa: F401  (each module registers its commands)
from storyline.cli.common import EXIT_INTERNAL, app


def main(argv: list[str] | None = None) -> Any:
    """Run the app; an unexpected crash exits 5, so scripts can tell it from failed inputs (1)."""
    try:
        return app(
            args=argv if argv is not None else sys.argv[1:],
            prog_name="storyline",
            standalone_mode=True,
        )
    except SystemExit:
        raise
    except KeyboardInterrupt:
        print("interrupted: stored batches are kept; rerun to resume", file=sys.stderr)
        sys.exit(130)
    except Exception:
        traceback.print_exc()
        print("internal error: this is a bug in storyline, please report it", file=sys.stderr)
        sys.exit(EXIT_INTERNAL)
