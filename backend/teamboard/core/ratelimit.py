"""Sliding-window counters for log-in throttling.

In-process by default; the interface is async so a shared (Redis) store can stand in
when several instances must share the counts.
"""

from __future__ import annotations

import math
import time
from collections import deque
from typing import Protocol


class RateLimiter(Protocol):
    async def blocked_for(self, key: str, limit: int) -> int:
        """Seconds until ``key`` may try again, 0 if it may now."""

    async def hit(self, key: str) -> None: ...

    async def reset(self, key: str) -> None: ...


class MemoryRateLimiter:
    def __init__(self, window_seconds: int) -> None:
        self.window = float(window_seconds)
        self._hits: dict[str, deque[float]] = {}

    def _recent(self, key: str, now: float) -> deque[float]:
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        return hits

    async def blocked_for(self, key: str, limit: int) -> int:
        now = time.monotonic()
        hits = self._recent(key, now)
        if len(hits) < limit:
            if not hits:
                self._hits.pop(key, None)
            return 0
        return max(1, math.ceil(hits[-limit] + self.window - now))

    async def hit(self, key: str) -> None:
        self._recent(key, time.monotonic()).append(time.monotonic())
        if len(self._hits) > 100_000:
            # Bound memory under a flood of distinct keys: drop the stalest entries.
            for stale in list(self._hits)[:50_000]:
                self._hits.pop(stale, None)

    async def reset(self, key: str) -> None:
        self._hits.pop(key, None)
