"""Read-only `Storyline` objects for request handlers. SQLite connections belong to one thread:
either each worker thread keeps its own (`thread`, the default) or each request opens and
closes one (`request`); `benchmarks/serve.py --connections` measures both."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storyline.service import Storyline

#: Read connections map the file: its pages are shared by every connection and process of
#: the server instead of copied from the OS into each connection's own 2 MiB page cache
#: (one per worker thread); and they refuse to write.
PRAGMAS = ("PRAGMA mmap_size = 1073741824", "PRAGMA query_only = 1")


def reader(db: Path) -> Storyline:
    sl = Storyline(db, readonly=True)
    for pragma in PRAGMAS:
        sl.store.conn.execute(pragma)
    return sl


class Readers:
    def __init__(self, db: Path, mode: str = "thread") -> None:
        self.db, self.mode = db, mode
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list[Storyline] = []

    @contextmanager
    def reader(self) -> Iterator[Storyline]:
        """A read-only service for the calling thread; never share it with another thread."""
        if self.mode == "request":
            with reader(self.db) as own:
                yield own
            return
        yield self._thread_reader()

    def _thread_reader(self) -> Storyline:
        sl: Storyline | None = getattr(self._local, "sl", None)
        if sl is None:
            sl = self._local.sl = reader(self.db)
            with self._lock:
                self._open.append(sl)
        return sl

    def close(self) -> None:
        with self._lock:
            for sl in self._open:
                sl.close()
            self._open.clear()
        self._local = threading.local()
