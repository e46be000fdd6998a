"""Engine, sessions and the unit of work.

Writes go through :func:`transaction`. On SQLite it serialises writers inside the process
(SQLite has one writer anyway; waiting on an asyncio lock is cheaper than on a file lock
and never fails with "database is locked"). Domain events collected during the
transaction are handed to the publisher only after the commit succeeded.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import BigInteger, DateTime, Integer, MetaData, event
from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_dbapi
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.types import TypeDecorator
from sqlalchemy.util import greenlet_spawn

from teamboard.core import connections, sqlite_async
from teamboard.core.cache import AccessCache
from teamboard.core.config import Settings
from teamboard.core.lanes import Attempt, Lanes, Miss
from teamboard.core.metrics import PoolGauges
from teamboard.core.prepared import (
    Asyncpg,
    AsyncpgStatements,
    SqliteWrites,
    Unit,
    driver_of,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# SQLite otherwise hands a deleted row's id to the next insert, so a client holding an
# old id (and version) could address a different card.
AUTOINCREMENT = {"sqlite_autoincrement": True}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    # SQLite only makes "INTEGER PRIMARY KEY" an alias of the rowid, hence the variant.
    type_annotation_map = {
        datetime: UTCDateTime(),
        int: BigInteger().with_variant(Integer(), "sqlite"),
    }


def utcnow() -> datetime:
    return datetime.now(UTC)


T = TypeVar("T")
EventSink = Callable[[list[dict[str, Any]]], None]


class Memo:
    """A small LRU for values that are pure functions of their key — e.g. a board's
    rendering keyed by its event seq — so it never needs invalidating, only bounding."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._building: dict[Hashable, asyncio.Future[Any]] = {}

    def get(self, key: Hashable) -> Any:
        value = self._data.get(key)
        if value is not None:
            self._data.move_to_end(key)
        return value

    def clear(self) -> None:
        self._data.clear()

    async def once(self, key: Hashable, build: Callable[[], Awaitable[T]]) -> T:
        """The value for ``key``, built by one caller while the others wait for it: after a
        change, every concurrent reader of a board would otherwise render it again."""
        value = self.get(key)
        if value is not None:
            return cast(T, value)
        building = self._building.get(key)
        if building is not None:
            # Shielded: a waiter's cancellation must not cancel the shared build's result.
            value = await asyncio.shield(building)
            if value is not None:
                return cast(T, value)
            return await build()  # the builder failed (or was cancelled): try ourselves
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._building[key] = future
        try:
            value = await build()
            self.put(key, value)
        finally:
            del self._building[key]
            future.set_result(value)
        return value

    def put(self, key: Hashable, value: Any) -> None:
        self._data[key] = value
        self._data.move_to_end(key)
        while len(self._data) > self.size:
            self._data.popitem(last=False)


class Database:
    def __init__(self, settings: Settings, sink: EventSink | None = None) -> None:
        url = settings.resolved_database_url
        self.is_sqlite = settings.is_sqlite
        kwargs: dict[str, Any] = {"echo": settings.db_echo}
        if self.is_sqlite:
            path = url.split(":///", 1)[-1]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                connections.private_sqlite_file(Path(path))
            kwargs["connect_args"] = {"timeout": 30}
            # One thread hop per statement instead of four (see core/sqlite_async.py).
            kwargs["module"] = AsyncAdapt_aiosqlite_dbapi(sqlite_async, sqlite3)
        else:
            # A connection that died with a restarted server is replaced, not handed to a
            # request (core/connections.py). The connect timeout keeps an unreachable server from
            # holding requests (and readiness probes) for asyncpg's default minute.
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
        self.write_lock = asyncio.Lock() if self.is_sqlite else None
        self.sqlite_writes = (
            SqliteWrites(self.engine, self.write_lock, self._committed)
            if self.write_lock is not None
            else None
        )
        self.lanes = None if self.is_sqlite else Lanes(self.engine, self._committed)
        self.sink = sink
        self.memo = Memo()
        self.access = AccessCache(settings.cache_seconds)
        self._factory = async_sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> AsyncSession:
        session = self._factory()
        session.info["write_lock"] = self.write_lock
        session.info["sqlite_writes"] = self.sqlite_writes
        session.info["lanes"] = self.lanes
        session.info["sink"] = self._committed
        session.info["memo"] = self.memo
        session.info["access"] = self.access
        return session

    def _committed(self, events: list[dict[str, Any]]) -> None:
        # Invalidate first: anyone told of the change must not then read stale access.
        self.access.apply(events)
        if self.sink is not None:
            self.sink(events)

    async def dispose(self) -> None:
        await self.engine.dispose()


@contextlib.asynccontextmanager
async def transaction(session: AsyncSession) -> AsyncIterator[AsyncSession]:
    """One atomic write: commit on success, roll back on any error."""
    if session.in_transaction():
        # End any read-only transaction so the write starts from a fresh snapshot.
        await session.commit()
    lock: asyncio.Lock | None = session.info.get("write_lock")
    async with lock if lock is not None else contextlib.nullcontext():
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


def stage_event(session: AsyncSession, payload: dict[str, Any]) -> None:
    session.info.setdefault("pending_events", []).append(payload)


def stage_user_change(session: AsyncSession, user_id: int) -> None:
    """After commit, forget what is cached about the user's credentials."""
    stage_event(session, {"type": "user.changed", "user_id": user_id})


@event.listens_for(Session, "after_commit")
def _publish_after_commit(sync_session: Session) -> None:
    events = sync_session.info.pop("pending_events", None)
    sink: EventSink | None = sync_session.info.get("sink")
    if events and sink is not None:
        sink(events)


@event.listens_for(Session, "after_rollback")
def _drop_on_rollback(sync_session: Session) -> None:
    sync_session.info.pop("pending_events", None)


async def run_write(
    db: AsyncSession,
    unit: Unit[T],
    *,
    attempt: Attempt[T] | None = None,
    row: Hashable = None,
) -> T:
    """Run ``unit`` as one transaction and publish its events after the commit: on SQLite
    batched with other writes in the connection's thread (:class:`SqliteWrites`), on
    PostgreSQL in one greenlet on a pooled asyncpg connection of its own.

    On PostgreSQL a hot write may first try ``attempt`` (core/lanes.py), queued behind the
    other writes to the board of ``row``; the unit runs when the attempt gives way."""
    if db.in_transaction():
        # Fresh snapshot; and a request must not hold one pooled connection while its
        # write waits for another (a burst of them would exhaust the pool).
        await db.commit()
    writes: SqliteWrites | None = db.info.get("sqlite_writes")
    if writes is not None:
        return await writes.run(unit)
    lanes: Lanes | None = db.info.get("lanes")
    if attempt is None or lanes is None:
        return (await _run_locked(db, unit))[0]
    outcome = await lanes.run(row, attempt)
    if not isinstance(outcome, Miss):
        return outcome
    result, events = await _run_locked(db, unit)
    lanes.learn(row, events)  # the row's next attempt queues behind its board's writes
    return result


async def _run_locked(db: AsyncSession, unit: Unit[T]) -> tuple[T, list[dict[str, Any]]]:
    engine = cast(AsyncEngine, db.bind)
    async with engine.connect() as conn:
        raw = await driver_of(conn)
        async with raw.transaction():
            statements = AsyncpgStatements(Asyncpg(raw, engine.dialect))
            result, events = await greenlet_spawn(unit, statements)
    if events:
        db.info["sink"](events)
    return result, events
