"""The web face: one ASGI app (HTTP API under /api/v1 and server-rendered pages) over the
`Storyline` service. `storyline serve` runs it; `create_app` builds it for any ASGI server."""

from __future__ import annotations

from storyline.web.app import create_app
from storyline.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
