"""Storyline: raw news articles in, a sourced, structured record of the story out.

Importing the package loads no model and no heavy optional dependency.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Storyline", "__version__"]

if TYPE_CHECKING:
    from storyline.service import Storyline


def __getattr__(name: str) -> Any:
    # Lazy so that `import storyline` stays cheap (the service pulls in trafilatura and lxml).
    if name == "Storyline":
        from storyline.service import Storyline

        return Storyline
    raise AttributeError(name)
