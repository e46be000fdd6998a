"""Everything a process builds once from its settings, shared by the web app and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from teamboard.core.config import Settings
from teamboard.core.db import Database
from teamboard.core.ratelimit import MemoryRateLimiter, RateLimiter
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
        for listener in list(self.listeners):
            listener(events)


@dataclass
class Runtime:
    settings: Settings
    db: Database
    passwords: Passwords
    tokens: AccessTokens
    login_limiter: RateLimiter
    oauth: Gateway
    hub: EventHub = field(default_factory=EventHub)

    @classmethod
    def build(cls, settings: Settings) -> Runtime:
        hub = EventHub()
        return cls(
            settings=settings,
            db=Database(settings, sink=hub.publish),
            passwords=Passwords(settings),
            tokens=AccessTokens(settings),
            login_limiter=MemoryRateLimiter(settings.login_window_seconds),
            oauth=Gateway(settings),
            hub=hub,
        )

    async def close(self) -> None:
        await self.db.dispose()
