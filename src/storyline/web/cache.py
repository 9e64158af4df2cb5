"""A small cache of whole-corpus aggregates (stats, coverage, outlet comparison, actors),
valid until the database changes: the key includes the size and modification time of the
database file and its write-ahead log, which every commit touches.

Answers to one reader's query (a search page, the count of one filter) are kept apart, in
`query`: there are as many of them as readers ask, and the aggregates, which take up to a
second to compute, must not be pushed out by them."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class DataCache:
    def __init__(self, db: Path, size: int = 256, queries: int = 512) -> None:
        self.db, self.size, self.queries = db, size, queries
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._queries: OrderedDict[Hashable, Any] = OrderedDict()
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
        return self._get(self._items, self.size, key, compute)

    def query(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The same for the answer to one query, kept among the last `queries` of them."""
        return self._get(self._queries, self.queries, ("query", key), compute)

    def _get(self, items: OrderedDict[Hashable, Any], size: int, key: Hashable,
             compute: Callable[[], T]) -> T:  # fmt: skip
        full = (self.version(), key)
        found, value = self._lookup(items, full)
        if found:
            return value
        with self._lock:
            gate = self._computing.setdefault(full, threading.Lock())
        with gate:
            found, value = self._lookup(items, full)
            if not found:
                value = compute()
                with self._lock:
                    items[full] = value
                    while len(items) > size:
                        items.popitem(last=False)
        with self._lock:
            self._computing.pop(full, None)
        return value

    def _lookup(self, items: OrderedDict[Hashable, Any], full: Hashable) -> tuple[bool, Any]:
        with self._lock:
            if full in items:
                items.move_to_end(full)
                return True, items[full]
        return False, None
