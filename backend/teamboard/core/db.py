"""The database: its engine, and the unit of work every request, command and job writes
through.

A :class:`UnitOfWork` is an ``AsyncSession`` that also carries what a write needs beyond
SQL, typed rather than hidden in ``session.info``: the process's caches, its hot-path
writer, the reactions of other domains, and the events the work recorded. Writes go
through :meth:`UnitOfWork.transaction`. On SQLite it serialises writers inside the process
(SQLite has one writer anyway; waiting on an asyncio lock is cheaper than on a file lock
and never fails with "database is locked"). The events a transaction recorded are handed
to the publisher only after its commit succeeded; a rollback drops them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator, Hashable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy import event
from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_dbapi
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from teamboard.core import connections, sqlite_async
from teamboard.core.cache import AccessCache, Memo
from teamboard.core.config import Settings
from teamboard.core.events import Event, Publisher
from teamboard.core.lanes import Attempt
from teamboard.core.metrics import PoolGauges
from teamboard.core.reactions import Reactions
from teamboard.core.writes import PostgresWrites, SqliteWrites, Unit, Writes

T = TypeVar("T")
log = logging.getLogger(__name__)


class Follower(Protocol):
    """A process-local cache kept by events (see :meth:`Database.follow`)."""

    def apply(self, events: list[Event]) -> None: ...

    def clear(self) -> None: ...


class Database:
    """The engine and what the process shares across units of work."""

    def __init__(
        self,
        settings: Settings,
        publisher: Publisher | None = None,
        reactions: Reactions | None = None,
    ) -> None:
        """``publisher`` and ``reactions``: the process's (core/runtime.py); tools that only
        need the engine (migrations, backups) leave them out."""
        url = settings.resolved_database_url
        # Reactions that write mail in the change's transaction need the site's address
        # and sender (notifications/mailing.py): they reach them through the unit of work.
        self.settings = settings
        self.is_sqlite = settings.is_sqlite
        kwargs: dict[str, Any] = {"echo": settings.db_echo}
        if self.is_sqlite:
            path = url.split(":///", 1)[-1]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                connections.private_sqlite_file(Path(path))
                # Every connection opened is kept: one is a thread and a file, cheap to
                # keep and dear to open (the thread, the pragmas). The dialect's default
                # pool kept five and closed the rest after each use, so past five requests
                # at a time most of them opened and closed a connection of their own.
                kwargs.update(
                    pool_size=settings.db_pool_size + settings.db_max_overflow,
                    max_overflow=0,
                    pool_timeout=settings.db_pool_timeout,
                )
            kwargs["connect_args"] = {"timeout": 30}
            # One thread hop per statement at most (see core/sqlite_async.py).
            kwargs["module"] = AsyncAdapt_aiosqlite_dbapi(sqlite_async, sqlite3)
        else:
            # A connection that died with a restarted server is replaced, not handed to a
            # request (core/connections.py). The connect timeout keeps an unreachable server
            # from holding requests (and readiness probes) for asyncpg's default minute.
            kwargs.update(
                pool_size=settings.db_pool_size,
                max_overflow=settings.db_max_overflow,
                pool_timeout=settings.db_pool_timeout,
                connect_args={"timeout": min(settings.db_pool_timeout, 5.0)},
            )
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", connections.sqlite_pragmas)
        else:
            event.listen(self.engine.sync_engine, "connect", connections.fresh)
            event.listen(self.engine.sync_engine, "checkout", connections.ping)
        gauges = PoolGauges(self.engine.sync_engine.pool)
        event.listen(self.engine.sync_engine, "checkout", gauges.on_checkout)
        event.listen(self.engine.sync_engine, "checkin", gauges.on_checkin)
        self.publisher = publisher or Publisher()
        self.reactions = reactions or Reactions()
        self.memo = Memo()
        self.access = AccessCache(settings.cache_seconds)
        self._followers: list[Follower] = []
        # Whether every other process's committed events reach this one as they happen
        # (realtime/relay.py sets it while its Redis subscription is live): only then may a
        # cache that follows events answer without asking the database whether it is behind.
        self.hears_all = False
        # SQLite: the process's one writer at a time (see the module's docstring).
        self.write_lock: asyncio.Lock | None = asyncio.Lock() if self.is_sqlite else None
        self.writes: Writes = (
            SqliteWrites(self.engine, self.write_lock, self.committed)
            if self.write_lock is not None
            else PostgresWrites(self.engine, self.committed)
        )
        self._factory = async_sessionmaker(
            self.engine, class_=UnitOfWork, expire_on_commit=False, database=self
        )

    def session(self) -> UnitOfWork:
        return self._factory()

    def follow(self, follower: Follower) -> None:
        """Keep another process-local cache exact with the events as they happen (e.g. the
        board states of cards/board_cache.py), the way the access cache is kept."""
        self._followers.append(follower)

    def resync(self) -> None:
        """Events may have been missed (Redis was away): forget what followed them."""
        self.access.clear()
        for follower in self._followers:
            follower.clear()

    def changed(self, events: list[Event]) -> None:
        """Events as they happen — committed here, or relayed from another process
        (realtime/relay.py) — in their live form. (Events read back from the log carry
        today's text, not that of their time: those only refresh the access cache.)"""
        self.access.apply(events)
        for follower in self._followers:
            try:
                follower.apply(events)
            except Exception:  # a cache that cannot follow must not fail the write
                log.exception("a cache following committed events failed")

    def committed(self, events: list[Event]) -> None:
        """Every committed event passes here, whichever way it was written."""
        # Invalidate first: anyone told of the change must not then read stale access.
        self.changed(events)
        self.publisher.publish(events)

    async def dispose(self) -> None:
        await self.engine.dispose()


class UnitOfWork(AsyncSession):
    """One request's (or command's) database work. Services take it as ``db``."""

    def __init__(self, *args: Any, database: Database, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.database = database
        self._events: list[Event] = []

    @property
    def access(self) -> AccessCache:
        return self.database.access

    @property
    def memo(self) -> Memo:
        return self.database.memo

    @property
    def settings(self) -> Settings:
        return self.database.settings

    @property
    def serialised(self) -> bool:
        """Whether this process lets one write at a time through (SQLite): nothing else
        can change what a transaction has read."""
        return self.database.write_lock is not None

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[UnitOfWork]:
        """One atomic write: commit on success, roll back on any error."""
        if self.in_transaction():
            # End any read-only transaction so the write starts from a fresh snapshot.
            await self.commit()
        lock = self.database.write_lock
        async with lock if lock is not None else contextlib.nullcontext():
            try:
                yield self
                await self.commit()
            except BaseException:
                await self.rollback()
                raise

    def stage(self, event: Event) -> None:
        """Publish ``event`` once this transaction commits (no domain reacts to it)."""
        self._events.append(event)

    async def record(self, event: Event) -> None:
        """Publish ``event`` once this transaction commits, and let the domains that react
        to its type do so now, in this transaction."""
        self._events.append(event)
        await self.react(event)

    async def react(self, event: Event) -> None:
        """Let the domains that react to ``event``'s type do so now, in this transaction,
        without publishing it: a signal between domains (e.g. a user's new name, which the
        boards they belong to record as events of their own)."""
        for reaction in self.database.reactions.to(str(event.get("type"))):
            await reaction(self, event)

    async def commit(self) -> None:
        await super().commit()
        events, self._events = self._events, []
        if events:
            self.database.committed(events)

    async def rollback(self) -> None:
        self._events.clear()
        await super().rollback()

    async def run(
        self, unit: Unit[T], *, attempt: Attempt[T] | None = None, row: Hashable = None
    ) -> T:
        """A hot-path write (core/writes.py), as its own transaction."""
        if self.in_transaction():
            # Fresh snapshot; and a request must not hold one pooled connection while its
            # write waits for another (a burst of them would exhaust the pool).
            await self.commit()
        return await self.database.writes.run(unit, attempt=attempt, row=row)


def stage_user_change(db: UnitOfWork, user_id: int) -> None:
    """After commit, forget what is cached about the user's credentials."""
    db.stage({"type": "user.changed", "user_id": user_id})
