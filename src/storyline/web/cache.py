"""A small cache of whole-corpus aggregates (stats, coverage, outlet comparison, actors),
valid until the database changes: the key includes the size and modification time of the
database file and its write-ahead log, which every commit touches."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class DataCache:
    def __init__(self, db: Path, size: int = 256) -> None:
        self.db, self.size = db, size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    def version(self) -> tuple[int, ...]:
        stamp: list[int] = []
        for path in (self.db, Path(f"{self.db}-wal")):
            try:
                st = os.stat(path)
            except FileNotFoundError:
                stamp += [0, 0]
            else:
                stamp += [st.st_mtime_ns, st.st_size]
        return tuple(stamp)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value, or `compute()` run once however many threads ask at the same time
        (the others wait for it instead of repeating a slow aggregate)."""
        full = (self.version(), key)
        found, value = self._lookup(full)
        if found:
            return value
        with self._lock:
            gate = self._computing.setdefault(full, threading.Lock())
        with gate:
            found, value = self._lookup(full)
            if not found:
                value = compute()
                with self._lock:
                    self._items[full] = value
                    while len(self._items) > self.size:
                        self._items.popitem(last=False)
        with self._lock:
            self._computing.pop(full, None)
        return value

    def _lookup(self, full: Hashable) -> tuple[bool, Any]:
        with self._lock:
            if full in self._items:
                self._items.move_to_end(full)
                return True, self._items[full]
        return False, None
