"""Hot-path writes: one interface, :class:`Writes`, and how each database runs it.

Most writes are ORM code in a transaction of the request's unit of work (core/db.py).
The write measured in requests per second — a card move — is instead a *unit*: plain
synchronous code over prepared statements (core/prepared.py) that returns its result and
the events it recorded. ``UnitOfWork.run(unit)`` hands it to the process's ``Writes``:

- **SQLite** (:class:`SqliteWrites`): SQLite has one writer; every write of the process
  holds the write lock, and units that arrive while another holds it are run back to back
  in one trip to the connection's thread, each its own transaction.
- **PostgreSQL** (:class:`PostgresWrites`): a unit may come with an *attempt* — the same
  write without any lock: one read, Python decides, one statement commits only if the
  board's log still ends where the read saw it (core/lanes.py queues a board's attempts on
  one connection). When the attempt gives way (a lost race, or anything but the plain
  case), the unit runs in one greenlet on a pooled asyncpg connection, in a transaction
  whose first statement write-locks the board: it has the last word.

Either way the events are published once committed, in commit order, through the same
callback as the unit of work's (``Database.committed``).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Hashable
from typing import Any, Protocol, TypeVar

from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import greenlet_spawn

from teamboard.core.events import Event
from teamboard.core.lanes import Attempt, Lanes, Miss
from teamboard.core.prepared import (
    Asyncpg,
    AsyncpgStatements,
    SqliteStatements,
    Statements,
    driver_of,
)

T = TypeVar("T")
Unit = Callable[[Statements], tuple[T, list[Event]]]
"""A write: returns its result and the domain events to publish once it is committed."""
Committed = Callable[[list[Event]], None]


class Writes(Protocol):
    async def run(
        self, unit: Unit[T], *, attempt: Attempt[T] | None = None, row: Hashable = None
    ) -> T:
        """Run ``unit`` as one transaction (``attempt`` first where the database allows it;
        ``row`` names what it writes, for the attempt's queue) and publish its events."""


def _run_batch(
    raw: sqlite3.Connection, units: list[Unit[Any]], dialect: Dialect
) -> list[tuple[bool, Any]]:
    """In the SQLite thread: each unit its own transaction, back to back."""
    outcomes: list[tuple[bool, Any]] = []
    statements = SqliteStatements(raw, dialect)
    for unit in units:
        try:
            outcomes.append((True, unit(statements)))
            raw.commit()
        except Exception as exc:  # this unit's failure (NotFound, Conflict …) only
            raw.rollback()
            outcomes.append((False, exc))
    return outcomes


class SqliteWrites:
    """Units of work on SQLite, run in batches by the connection's thread.

    Every write in the process holds ``write_lock`` (SQLite has one writer anyway), and a
    unit alone would hold it for two turns of the event loop: its thread's answer and the
    hand-over to the next writer. Under load a turn serves every other request in flight,
    so the lock, not the CPU, set the pace. Units that arrive meanwhile are queued and
    the next holder of the lock runs all of them in one trip to the thread.
    """

    def __init__(self, engine: AsyncEngine, write_lock: asyncio.Lock, committed: Committed) -> None:
        self.engine = engine
        self.write_lock = write_lock
        self.committed = committed
        self._queue: list[tuple[Unit[Any], asyncio.Future[Any]]] = []
        self._draining: asyncio.Task[None] | None = None

    async def run(
        self, unit: Unit[T], *, attempt: Attempt[T] | None = None, row: Hashable = None
    ) -> T:
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.append((unit, future))
        if self._draining is None:
            self._draining = asyncio.create_task(self._drain())
        # Shielded: a caller that goes away leaves its unit to run (and publish) anyway.
        return await asyncio.shield(future)

    async def _drain(self) -> None:
        try:
            while self._queue:
                async with self.write_lock:
                    batch, self._queue = self._queue, []
                    try:
                        outcomes = await self._execute([unit for unit, _ in batch])
                    except BaseException as exc:
                        for _, future in batch:
                            if not future.done():
                                future.set_exception(exc)
                        raise
                for (_, future), (ok, value) in zip(batch, outcomes, strict=True):
                    if not ok:
                        future.set_exception(value)
                        continue
                    result, events = value
                    self.committed(events)  # in commit order
                    future.set_result(result)
        finally:
            self._draining = None

    async def _execute(self, units: list[Unit[Any]]) -> list[tuple[bool, Any]]:
        async with self.engine.connect() as conn:
            driver = await driver_of(conn)
            outcomes: list[tuple[bool, Any]] = await driver.run(
                _run_batch, units, conn.sync_engine.dialect
            )
            return outcomes


class PostgresWrites:
    """An attempt first, through the board's lane, when the caller has one; else, or when
    it gives way, the locking unit of work."""

    def __init__(self, engine: AsyncEngine, committed: Committed) -> None:
        self.engine = engine
        self.committed = committed
        self.lanes = Lanes(engine, committed)

    async def run(
        self, unit: Unit[T], *, attempt: Attempt[T] | None = None, row: Hashable = None
    ) -> T:
        if attempt is not None:
            outcome = await self.lanes.run(row, attempt)
            if not isinstance(outcome, Miss):
                return outcome
        result, events = await self._locked(unit)
        if attempt is not None:
            self.lanes.learn(row, events)  # the row's next attempt queues behind its board
        return result

    async def _locked(self, unit: Unit[T]) -> tuple[T, list[Event]]:
        async with self.engine.connect() as conn:
            raw = await driver_of(conn)
            async with raw.transaction():
                statements = AsyncpgStatements(Asyncpg(raw, self.engine.dialect))
                result, events = await greenlet_spawn(unit, statements)
        self.committed(events)
        return result, events
