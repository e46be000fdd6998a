"""Sliding-window counters for the limits on log-in, sign-up and e-mail lookups.

In-process by default; with ``TEAMBOARD_REDIS_URL`` the counts live in Redis, shared by
every instance (several instances must not each allow the full number of attempts).
"""

from __future__ import annotations

import asyncio
import logging
import math
import secrets
import time
from collections import deque
from collections.abc import Awaitable
from typing import Any, Protocol

from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class RateLimiter(Protocol):
    async def blocked_for(self, key: str, limit: int) -> int:
        """Seconds until ``key`` may try again, 0 if it may now."""

    async def take(self, key: str, limit: int) -> int:
        """``blocked_for`` and, when 0, ``hit`` in one atomic step: a burst of concurrent
        requests cannot all pass the check before any of them is counted."""

    async def count(self, key: str) -> int:
        """Hits of ``key`` within the window."""

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

    async def take(self, key: str, limit: int) -> int:
        # No await inside: nothing else runs between the check and the count.
        wait = await self.blocked_for(key, limit)
        if not wait:
            await self.hit(key)
        return wait

    async def count(self, key: str) -> int:
        count = len(self._recent(key, time.monotonic()))
        if not count:
            self._hits.pop(key, None)
        return count

    async def hit(self, key: str) -> None:
        self._recent(key, time.monotonic()).append(time.monotonic())
        if len(self._hits) > 100_000:
            # Bound memory under a flood of distinct keys: drop the stalest entries.
            for stale in list(self._hits)[:50_000]:
                self._hits.pop(stale, None)

    async def reset(self, key: str) -> None:
        self._hits.pop(key, None)


# Sliding windows in sorted sets, timed by the Redis server's clock so that instances
# whose clocks differ still agree. Each script is one atomic step.
_BLOCKED_FOR = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then return '0' end
local oldest = redis.call('ZRANGE', KEYS[1], -limit, -limit, 'WITHSCORES')
return tostring(tonumber(oldest[2]) + window - now)
"""
_HIT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local window = tonumber(ARGV[1])
redis.call('ZADD', KEYS[1], now, t[1] .. '.' .. t[2] .. ':' .. ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -1001)
redis.call('EXPIRE', KEYS[1], math.ceil(window))
return 1
"""
# Only the newest ``limit`` hits decide, so no more are kept.
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], -limit, -limit, 'WITHSCORES')
  return tostring(tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', KEYS[1], now, t[1] .. '.' .. t[2] .. ':' .. ARGV[3])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -limit - 1)
redis.call('EXPIRE', KEYS[1], math.ceil(window))
return '0'
"""
_COUNT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
return redis.call('ZCARD', KEYS[1])
"""


class RedisRateLimiter:
    """Counts shared by every instance on one Redis. When Redis cannot answer (within
    ``timeout``), the in-process limiter answers instead: log-in keeps working and stays
    limited per instance. Every hit is also counted locally, so that fallback starts
    from this instance's recent history rather than from zero."""

    def __init__(
        self, redis: Any, window_seconds: int, *, prefix: str = "teamboard:", timeout: float = 1.0
    ) -> None:
        self.redis = redis
        self.window = window_seconds
        self.prefix = f"{prefix}ratelimit:"
        self.timeout = timeout
        self.local = MemoryRateLimiter(window_seconds)
        self._blocked_for = redis.register_script(_BLOCKED_FOR)
        self._hit = redis.register_script(_HIT)
        self._take = redis.register_script(_TAKE)
        self._count = redis.register_script(_COUNT)
        self._down = False

    async def _call(self, work: Awaitable[Any]) -> Any:
        try:
            async with asyncio.timeout(self.timeout):
                result = await work
        except (RedisError, OSError) as exc:  # TimeoutError is an OSError
            if not self._down:
                log.warning("rate limits: redis unavailable (%r); counting in this process", exc)
            self._down = True
            return _FAILED
        if self._down:
            log.info("rate limits: redis is back")
            self._down = False
        return result

    async def blocked_for(self, key: str, limit: int) -> int:
        result = await self._call(
            self._blocked_for(keys=[self.prefix + key], args=[self.window, limit])
        )
        if result is _FAILED:
            return await self.local.blocked_for(key, limit)
        return _seconds(result)

    async def take(self, key: str, limit: int) -> int:
        result = await self._call(
            self._take(keys=[self.prefix + key], args=[self.window, limit, _nonce()])
        )
        if result is _FAILED:
            return await self.local.take(key, limit)
        wait = _seconds(result)
        if not wait:
            await self.local.hit(key)
        return wait

    async def count(self, key: str) -> int:
        result = await self._call(self._count(keys=[self.prefix + key], args=[self.window]))
        if result is _FAILED:
            return await self.local.count(key)
        return int(result)

    async def hit(self, key: str) -> None:
        await self.local.hit(key)
        await self._call(self._hit(keys=[self.prefix + key], args=[self.window, _nonce()]))

    async def reset(self, key: str) -> None:
        await self.local.reset(key)
        await self._call(self.redis.delete(self.prefix + key))


_FAILED = object()


def _seconds(result: Any) -> int:
    if result in (b"0", "0"):
        return 0
    return max(1, math.ceil(float(result)))


def _nonce() -> str:
    return secrets.token_hex(6)
