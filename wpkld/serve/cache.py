"""Keep rendered answers in memory: the data never changes while the server runs."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable


class Cache:
    """Answers by key (e.g. path, format, base URL) within a byte budget, the least recently used dropped first.

    >>> cache = Cache(max_bytes=2)
    >>> cache.put("a", b"1"); cache.put("b", b"22")
    >>> cache.get("a"), cache.get("b")
    (None, b'22')
    """

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_bytes, self.size = max_bytes, 0
        self._items = OrderedDict[Hashable, bytes]()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
            return self._items.get(key)

    def put(self, key: Hashable, value: bytes) -> None:
        with self._lock:
            if key in self._items:
                self.size -= len(self._items.pop(key))
            self._items[key] = value
            self.size += len(value)
            while self.size > self.max_bytes and self._items:
                self.size -= len(self._items.popitem(last=False)[1])
