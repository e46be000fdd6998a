"""Hot writes on PostgreSQL that hold no lock across round trips.

A card move under its board's row lock took five round trips with the lock held, and
under load each round trip waits for a turn of the event loop, so the lock, not the CPU
or the database, set the pace (~200 moves/s on one board). Here such a write is first
tried as an *attempt*: one statement reads (one snapshot, no transaction), Python
decides, and one guarded statement commits: it applies only if the board's event log
still ends where the read saw it (``activity.service.append_if_current``). PostgreSQL
re-checks that guard on the row's newest version after any wait, so a concurrent commit
is never overwritten; the attempt is repeated instead.

Attempts for one board run back to back on one connection in arrival order, so within a
process they never invalidate each other: only another process's write can. After a few
lost races, or whenever the attempt meets anything but the plain case, the caller runs
the locking unit of work, which has the last word.
"""

from __future__ import annotations

import asyncio
import enum
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine

from teamboard.core.outages import database_unavailable
from teamboard.core.prepared import Asyncpg, driver_of

T = TypeVar("T")


class Miss(enum.Enum):
    STALE = "stale"  # the board moved on between read and write: try again
    FALLBACK = "fallback"  # not the plain case: the locking unit must decide


STALE = Miss.STALE
FALLBACK = Miss.FALLBACK
Done = tuple[T, list[dict[str, Any]]]
"""An attempt's success: its result and the events it committed."""
Attempt = Callable[[Asyncpg], Awaitable[Done[T] | Miss]]


# How long a lane keeps its connection once its queue is empty: writes to a busy board
# follow each other closely, and a fresh checkout costs round trips (the pool's ping).
LINGER = 0.02


@dataclass
class _Lane:
    queue: deque[tuple[Hashable, Attempt[Any], asyncio.Future[Any]]] = field(default_factory=deque)
    draining: asyncio.Task[None] | None = None
    idle: asyncio.Future[None] | None = None  # set while lingering, woken by new work

    async def wait(self) -> bool:
        """Whether work is queued, now or within LINGER."""
        if self.queue:
            return True
        loop = asyncio.get_running_loop()
        self.idle = loop.create_future()
        timer = loop.call_later(LINGER, self.wake)
        try:
            await self.idle
        finally:
            timer.cancel()
            self.idle = None
        return bool(self.queue)

    def wake(self) -> None:
        if self.idle is not None and not self.idle.done():
            self.idle.set_result(None)

    def fail(self, exc: BaseException) -> None:
        """Nothing queued may wait for ever: whatever stopped the drain fails it."""
        while self.queue:
            *_, future = self.queue.popleft()
            if not future.done():
                future.set_exception(exc)


class Lanes:
    """Per-board queues of attempts, each drained by one task on one connection."""

    def __init__(
        self,
        engine: AsyncEngine,
        publish: Callable[[list[dict[str, Any]]], None],
        *,
        tries: int = 3,
        remembered: int = 100_000,
    ) -> None:
        self.engine = engine
        self.publish = publish
        self.tries = tries
        self._lanes: dict[Hashable, _Lane] = {}
        # Which board a row (a card) belongs to, learnt from the events of its first write
        # here: a card never changes board, so the map needs bounding, not invalidating.
        self._boards: OrderedDict[Hashable, int] = OrderedDict()
        self._remembered = remembered

    async def run(self, row: Hashable, attempt: Attempt[T]) -> T | Miss:
        """The attempt's result, or FALLBACK when the locking unit of work must run."""
        key = self._boards.get(row)  # None: not known yet, such attempts share a lane
        lane = self._lanes.get(key)
        if lane is None:
            lane = self._lanes[key] = _Lane()
        future: asyncio.Future[T | Miss] = asyncio.get_running_loop().create_future()
        lane.queue.append((row, attempt, future))
        if lane.draining is None:
            lane.draining = asyncio.create_task(self._drain(key, lane))
        else:
            lane.wake()
        # Shielded: a caller that goes away leaves its write to finish (and publish).
        outcome = await asyncio.shield(future)
        return outcome

    async def _drain(self, key: Hashable, lane: _Lane) -> None:
        try:
            while lane.queue:
                async with self.engine.connect() as conn:
                    db = Asyncpg(await driver_of(conn), self.engine.dialect)
                    while await lane.wait():
                        row, attempt, future = lane.queue[0]
                        try:
                            outcome = await self._try(db, attempt)
                        except Exception as exc:
                            lane.queue.popleft()
                            future.set_exception(exc)
                            if database_unavailable(exc):
                                await conn.invalidate()
                                break  # the rest on a fresh connection
                            continue
                        lane.queue.popleft()
                        future.set_result(self._settle(row, outcome))
        except Exception as exc:  # no connection: the waiters get the error, not a hang
            lane.fail(exc)
        except BaseException as exc:  # cancelled
            lane.fail(exc)
            raise
        finally:
            lane.draining = None
            if not lane.queue and self._lanes.get(key) is lane:
                del self._lanes[key]

    async def _try(self, db: Asyncpg, attempt: Attempt[Any]) -> Done[Any] | Miss:
        for _ in range(self.tries):
            outcome = await attempt(db)
            if outcome is not STALE:
                return outcome
        return FALLBACK

    def _settle(self, row: Hashable, outcome: Done[Any] | Miss) -> Any:
        if isinstance(outcome, Miss):
            return outcome
        result, events = outcome
        if events:
            self.publish(events)  # committed, in commit order
            self.learn(row, events)
        return result

    def learn(self, row: Hashable, events: list[dict[str, Any]]) -> None:
        """``row`` belongs to the board of the events its write committed."""
        if not events:
            return
        self._boards[row] = events[0]["board_id"]
        self._boards.move_to_end(row)
        while len(self._boards) > self._remembered:
            self._boards.popitem(last=False)
