"""A small thread-safe memory of recent results, for work worth doing once per input."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Memo(Generic[T]):
    """Keeps the results of the last `size` distinct keys; computing happens outside the lock."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The remembered result for `key`, or `compute()` remembered now."""
        found = self.find(key)
        if found is not None:
            return found
        value = compute()
        self.keep(key, value)
        return value

    def find(self, key: Hashable) -> T | None:
        """The remembered result for `key` (results are never None), or None; for callers that compute elsewhere."""
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def keep(self, key: Hashable, value: T) -> None:
        """Remember `value` for `key`, forgetting the oldest beyond `size`."""
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
