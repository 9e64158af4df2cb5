"""Where inputs come from: files, directories (recursive), glob patterns and stdin (`-`).

Yields `InputItem`s or `InputError`s in a deterministic order, so that two runs over the same
inputs see documents in the same order (duplicate links depend on it).
"""

from __future__ import annotations

import glob
import gzip
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.types import InputError, InputItem

#: A single-article file larger than this is refused rather than loaded whole: no article is
#: 32 MiB (and a gzipped one is refused once it unpacks past it, so a zip bomb costs nothing).
#: Container files (JSONL, WARC) are streamed record by record and have no limit.
MAX_FILE_BYTES = 32 * 1024 * 1024
STREAMED_SUFFIXES = (".jsonl", ".ndjson", ".warc", ".warc.gz", ".arc.gz")
#: Compressed as a whole by gzip ("dump.jsonl.gz", "page.html.gz"); a WARC's own per-record
#: gzip is warcio's to read.
_GZIP = ".gz"

SUPPORTED_SUFFIXES = (
    ".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".json", ".jsonl", ".ndjson",
    ".warc", ".warc.gz", ".arc.gz", ".rss", ".atom", ".xml",
)  # fmt: skip


def suffix_of(name: str) -> str:
    """The format suffix: ".jsonl" for "dump.jsonl.gz" too (the file is gunzipped on read)."""
    lower = name.lower()
    for suffix in (".warc.gz", ".arc.gz"):
        if lower.endswith(suffix):
            return suffix
    if lower.endswith(_GZIP):
        return Path(lower[: -len(_GZIP)]).suffix or _GZIP
    return Path(lower).suffix


def _gzipped(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(_GZIP) and not lower.endswith((".warc.gz", ".arc.gz"))


def iter_inputs(
    paths: Iterable[str], stdin_suffix: str = ".txt"
) -> Iterator[InputItem | InputError]:
    for spec in paths:
        if spec == "-":
            yield InputItem("<stdin>", sys.stdin.buffer.read(), stdin_suffix)
        elif any(ch in spec for ch in "*?[") and not os.path.exists(spec):
            matches = sorted(glob.glob(spec, recursive=True))
            if not matches:
                yield InputError(spec, "no file matches this pattern")
            for match in matches:
                yield from _iter_path(Path(match))
        else:
            yield from _iter_path(Path(spec))


def _iter_path(path: Path) -> Iterator[InputItem | InputError]:
    if path.is_dir():
        yield from _walk(path)
    elif path.is_symlink() and not path.exists():
        yield InputError(str(path), "broken symlink or symlink loop")
    elif not path.exists():
        yield InputError(str(path), "no such file or directory")
    else:
        yield _read(path)


def _walk(root: Path) -> Iterator[InputItem | InputError]:
    """Recursive walk that follows directory symlinks once and reports loops instead of hanging."""
    seen: set[tuple[int, int]] = set()

    def visit(directory: Path) -> Iterator[InputItem | InputError]:
        try:
            st = directory.stat()
        except OSError as exc:
            yield InputError(str(directory), _os_problem(exc))
            return
        key = (st.st_dev, st.st_ino)
        if key in seen:
            yield InputError(str(directory), "symlink loop: directory already visited")
            return
        seen.add(key)
        try:
            entries = sorted(directory.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            yield InputError(str(directory), _os_problem(exc))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                yield from visit(entry)
            elif entry.is_symlink() and not entry.exists():
                yield InputError(str(entry), "broken symlink or symlink loop")
            elif suffix_of(entry.name) in SUPPORTED_SUFFIXES:
                yield _read(entry)

    yield from visit(root)


def _read(path: Path) -> InputItem | InputError:
    suffix = suffix_of(path.name)
    if suffix in STREAMED_SUFFIXES:  # read record by record when split, whatever its size
        return InputItem(str(path), b"", suffix, path=str(path), gzipped=_gzipped(path.name))
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return InputError(str(path), _too_big(size))
        with gzip.open(path, "rb") if _gzipped(path.name) else path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except (OSError, EOFError) as exc:
        return InputError(str(path), _os_problem(exc))
    if len(data) > MAX_FILE_BYTES:
        return InputError(
            str(path), f"unpacks to more than the {MAX_FILE_BYTES // 2**20} MiB limit"
        )
    return InputItem(str(path), data, suffix)


def _too_big(size: int) -> str:
    return f"file is {size / 1e6:.0f} MB, over the {MAX_FILE_BYTES // 2**20} MiB limit"


def _os_problem(exc: OSError | EOFError) -> str:
    if isinstance(exc, gzip.BadGzipFile | EOFError):
        return f"not a readable gzip file ({exc or 'it ends early'})"
    if exc.errno == 40:  # ELOOP
        return "symlink loop"
    return f"cannot read: {exc.strerror or exc}"


def count_inputs(paths: Iterable[str]) -> int:
    """How many files `iter_inputs` will read, found without reading them (for progress bars)."""
    total = 0
    for spec in paths:
        if spec == "-":
            total += 1
            continue
        matches = (
            [spec]
            if os.path.exists(spec) or not any(c in spec for c in "*?[")
            else glob.glob(spec, recursive=True)
        )
        for match in matches:
            path = Path(match)
            if path.is_dir():
                total += sum(
                    1
                    for _, _, files in os.walk(path, followlinks=False)
                    for name in files
                    if not name.startswith(".") and suffix_of(name) in SUPPORTED_SUFFIXES
                )
            else:
                total += 1
    return total
