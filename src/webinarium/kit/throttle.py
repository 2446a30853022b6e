"""A sliding-window throttle: at most ``limit`` events per key within ``window``
seconds.

Kept in the process's memory: several server processes each keep their own
count (a client spread over them gets that many times the limit), and a restart
forgets every count. A shared store (Redis) can take its place behind the same
three calls when the server runs as several processes.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable


class SlidingWindow:
    # Keys are dropped when next looked at after their window; past this many
    # (many addresses, each seen once), every key is looked at.
    SWEEP_AT = 10_000

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._events: dict[str, deque[float]] = {}

    def _recent(self, key: str) -> deque[float] | None:
        events = self._events.get(key)
        if events is None:
            return None
        horizon = self.clock() - self.window
        while events and events[0] <= horizon:
            events.popleft()
        if not events:
            # Keys seen once must not accumulate: an attacker can send many.
            del self._events[key]
            return None
        return events

    def retry_after(self, key: str) -> int | None:
        """Whole seconds until ``key`` may act again, or None while it is under the limit."""
        events = self._recent(key)
        if events is None or len(events) < self.limit:
            return None
        return max(1, math.ceil(events[0] + self.window - self.clock()))

    def record(self, key: str) -> None:
        if len(self._events) >= self.SWEEP_AT:
            for stale in list(self._events):
                self._recent(stale)
        events = self._recent(key)
        if events is None:
            events = self._events[key] = deque()
        events.append(self.clock())
        # Only the newest ``limit`` events can decide: older ones leave first.
        while len(events) > self.limit:
            events.popleft()

    def forget(self, key: str) -> None:
        self._events.pop(key, None)
