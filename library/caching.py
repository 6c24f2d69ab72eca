"""The one in-memory cache type: values computed once per key and kept within a bound.

The threads of a worker (gunicorn's, or `flask run`'s thread per request) share one cache,
so reading and storing take a lock; computing does not, so one slow computation holds up
no other request (two threads that miss the same key at once both compute it).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from cachetools import LRUCache

Value = TypeVar("Value")


class BoundedCache(Generic[Value]):
    """Values up to `limit`, the least recently used going first.

    Without `size_of` the limit counts entries; with it, the sum of the values' sizes
    (e.g. bytes), so a few large values cannot grow a worker without bound.
    """

    def __init__(self, limit: int, size_of: Callable[[Value], int] | None = None) -> None:
        self._values: LRUCache[Hashable, Value] = LRUCache(maxsize=limit, getsizeof=size_of)
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Value]) -> Value:
        """The value kept for key, or the one compute() gives, which is then kept."""
        with self._lock:
            try:
                return self._values[key]
            except KeyError:
                pass
        value = compute()
        # A value larger than the whole cache is used once, not kept.
        with self._lock, contextlib.suppress(ValueError):
            self._values[key] = value
        return value
