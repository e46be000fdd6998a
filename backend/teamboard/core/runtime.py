"""Everything a process builds once from its settings, shared by the web app and the CLI:
no domain in it, only the means every domain uses (database, passwords, tokens, rate
limits, the publisher of committed events, Redis)."""

from __future__ import annotations

from dataclasses import dataclass, field

from redis.asyncio import BlockingConnectionPool, Redis

from teamboard.core.config import Settings
from teamboard.core.db import Database
from teamboard.core.events import Publisher
from teamboard.core.ratelimit import MemoryRateLimiter, RateLimiter, RedisRateLimiter
from teamboard.core.reactions import Reactions
from teamboard.core.security import AccessTokens, Passwords
from teamboard.core.storage import Storage, open_storage


@dataclass
class Runtime:
    settings: Settings
    db: Database
    passwords: Passwords
    tokens: AccessTokens
    login_limiter: RateLimiter
    # Sign-ups and e-mail lookups: their own, longer window (core/config.py).
    lookup_limiter: RateLimiter
    # Two-factor codes: their own window (core/config.py).
    code_limiter: RateLimiter
    publisher: Publisher = field(default_factory=Publisher)
    # One client (and connection pool) per process for everything shared through Redis:
    # live events, presence, rate limits, readiness.
    redis: Redis | None = None
    # Uploaded files' bytes (core/storage.py): a folder, or an S3-compatible store.
    storage: Storage | None = None

    @classmethod
    def build(cls, settings: Settings, reactions: Reactions | None = None) -> Runtime:
        """``reactions``: what the domains do in a write's transaction when another
        records an event (teamboard/wiring.py assembles them)."""
        publisher = Publisher()
        redis = connect_redis(settings.redis_url) if settings.redis_url else None

        def limiter(window: int) -> RateLimiter:
            return RedisRateLimiter(redis, window) if redis else MemoryRateLimiter(window)

        return cls(
            settings=settings,
            db=Database(settings, publisher, reactions or Reactions()),
            passwords=Passwords(settings),
            tokens=AccessTokens(settings),
            login_limiter=limiter(settings.login_window_seconds),
            lookup_limiter=limiter(settings.lookup_window_seconds),
            code_limiter=limiter(settings.two_factor_window_seconds),
            publisher=publisher,
            redis=redis,
            storage=open_storage(settings),
        )

    @property
    def files(self) -> Storage:
        """The storage; built with the runtime (``storage`` is None only in a hand-made one)."""
        if self.storage is None:
            self.storage = open_storage(self.settings)
        return self.storage

    async def close(self) -> None:
        await self.db.dispose()
        if self.redis is not None:
            await self.redis.aclose()
        if self.storage is not None:
            await self.storage.close()


def connect_redis(url: str) -> Redis:
    """No I/O here: connections are opened on first use, and again after an outage."""
    # Many sockets subscribing at once each read presence: wait for a connection rather
    # than fail when the pool is busy. The connect timeout keeps an unreachable server
    # from holding a request; pub/sub reads block on purpose, so no socket timeout.
    pool = BlockingConnectionPool.from_url(
        url, max_connections=64, timeout=10, health_check_interval=10, socket_connect_timeout=2
    )
    return Redis.from_pool(pool)
