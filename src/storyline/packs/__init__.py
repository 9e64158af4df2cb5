"""Domain packs: data files that teach Storyline a story domain (actors, events, figures, framing).

A pack is a folder of YAML files. `load_pack("hostage-talks")` reads a built-in pack;
`load_pack("/path/to/my-pack")` reads any folder with the same layout. Adding a pack needs no code.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

BUILTIN = Path(__file__).resolve().parent
DEFAULT_PACK = "hostage-talks"


def pack_dir(name: str) -> Path:
    path = Path(name)
    if path.is_dir():
        return path
    builtin = BUILTIN / name
    if builtin.is_dir():
        return builtin
    known = sorted(p.name for p in BUILTIN.iterdir() if p.is_dir() and not p.name.startswith("_"))
    raise FileNotFoundError(f"no pack {name!r}: not a folder, and not one of {', '.join(known)}")


@lru_cache(maxsize=32)
def load_pack_file(name: str, part: str) -> dict[str, Any]:
    """One YAML file of a pack (e.g. part="events"); an absent file is an empty mapping."""
    import yaml  # deferred: only extraction needs it

    path = pack_dir(name) / f"{part}.yaml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data
