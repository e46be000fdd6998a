"""Everything a process builds once from its settings, shared by the web app and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import BlockingConnectionPool, Redis

from teamboard.core.config import Settings
from teamboard.core.db import Database
from teamboard.core.metrics import EVENTS_PUBLISHED
from teamboard.core.ratelimit import MemoryRateLimiter, RateLimiter, RedisRateLimiter
from teamboard.core.security import AccessTokens, Passwords
from teamboard.oauth.providers import Gateway


@dataclass(frozen=True, slots=True)
class Actor:
    """The authenticated user of one request: a plain snapshot, safe after a rollback."""

    id: int
    email: str
    display_name: str
    is_admin: bool
    session_id: int | None = None  # set when authenticated by the browser session cookie
    csrf_token: str | None = None


class EventHub:
    """In-process fan-out of committed domain events to subscribers (real-time, tests)."""

    def __init__(self) -> None:
        self.listeners: list[Any] = []

    def publish(self, events: list[dict[str, Any]]) -> None:
        EVENTS_PUBLISHED.inc(len(events))
        for listener in list(self.listeners):
            listener(events)


@dataclass
class Runtime:
    settings: Settings
    db: Database
    passwords: Passwords
    tokens: AccessTokens
    login_limiter: RateLimiter
    lookup_limiter: RateLimiter
    oauth: Gateway
    hub: EventHub = field(default_factory=EventHub)
    # One client (and connection pool) per process for everything shared through Redis:
    # live events, presence, rate limits, readiness.
    redis: Redis | None = None

    @classmethod
    def build(cls, settings: Settings) -> Runtime:
        hub = EventHub()
        redis = connect_redis(settings.redis_url) if settings.redis_url else None

        def limiter(window: int) -> RateLimiter:
            return RedisRateLimiter(redis, window) if redis else MemoryRateLimiter(window)

        return cls(
            settings=settings,
            db=Database(settings, sink=hub.publish),
            passwords=Passwords(settings),
            tokens=AccessTokens(settings),
            login_limiter=limiter(settings.login_window_seconds),
            lookup_limiter=limiter(settings.lookup_window_seconds),
            oauth=Gateway(settings),
            hub=hub,
            redis=redis,
        )

    async def close(self) -> None:
        await self.db.dispose()
        if self.redis is not None:
            await self.redis.aclose()


def connect_redis(url: str) -> Redis:
    """No I/O here: connections are opened on first use, and again after an outage."""
    # Many sockets subscribing at once each read presence: wait for a connection rather
    # than fail when the pool is busy. The connect timeout keeps an unreachable server
    # from holding a request; pub/sub reads block on purpose, so no socket timeout.
    pool = BlockingConnectionPool.from_url(
        url, max_connections=64, timeout=10, health_check_interval=10, socket_connect_timeout=2
    )
    return Redis.from_pool(pool)
