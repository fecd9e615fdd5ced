"""A sliding-window limit on how many messages one chat may send."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Hashable

WINDOW_SECONDS = 60.0


class RateLimiter:
    """Allows at most `per_minute` events per key in any 60-second window."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._events: dict[Hashable, deque[float]] = {}

    def allow(self, key: Hashable) -> bool:
        """Record an event for `key` if it is within the limit; False if it is not."""
        now = self.clock()
        events = self._events.setdefault(key, deque())
        while events and now - events[0] >= WINDOW_SECONDS:
            events.popleft()
        if len(events) >= self.per_minute:
            return False
        events.append(now)
        self._prune(now)
        return True

    def _prune(self, now: float) -> None:
        # Forget quiet chats now and then so the table does not grow with every chat ever seen.
        if len(self._events) > 10_000:
            self._events = {k: q for k, q in self._events.items() if q and now - q[-1] < WINDOW_SECONDS}
