"""Hot writes on PostgreSQL that hold no lock across round trips.

A card move under its board's row lock took five round trips with the lock held, and
under load each round trip waits for a turn of the event loop, so the lock, not the CPU
or the database, set the pace (~200 moves/s on one board). Here such a write is first
tried as an *attempt*: one statement reads (one snapshot, no transaction), Python
decides, and one guarded statement commits: it applies only if the board's event log
still ends where the read saw it (``boards.log.append_if_current``). PostgreSQL
re-checks that guard on the row's newest version after any wait, so a concurrent commit
is never overwritten; the attempt is repeated instead.

Attempts for one board run back to back on one connection in arrival order, so within a
process they never invalidate each other: only another process's write can. After a few
lost races, or whenever the attempt meets anything but the plain case, the caller runs
the locking unit of work, which has the last word.

Under load the attempts queue: one after another, each paid two round trips and a commit
(a WAL flush), and a lane drained ~100 of them a second however idle the CPU (at 64
connections a move waited ~300 ms in the queue for ~10 ms of attempt). An attempt that
comes :class:`Together` runs with the ones of its kind queued behind it: one read for all
of them, each decided in order against the board as the ones before it left it, and one
guarded statement that commits them all, their events with consecutive seqs — or none.
"""

from __future__ import annotations

import asyncio
import enum
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine

from teamboard.core.outages import database_unavailable
from teamboard.core.prepared import Asyncpg, driver_of

T = TypeVar("T")
A = TypeVar("A")


class Miss(enum.Enum):
    STALE = "stale"  # the board moved on between read and write: try again
    FALLBACK = "fallback"  # not the plain case: the locking unit must decide


STALE = Miss.STALE
FALLBACK = Miss.FALLBACK
Done = tuple[T, list[dict[str, Any]]]
"""An attempt's success: its result and the events it committed."""


@dataclass
class Run(Generic[A]):
    """What attempts run together are given besides the connection."""

    wanted: list[A]  # the attempts, in arrival order
    # Some of them lost a race already: take the board's lock first, so that this time
    # they cannot (two processes writing one board would otherwise keep failing each
    # other's guards, and each loser fall back to a locking unit of its own).
    lost: bool = False
    # What the lane's previous run kept for this one (forgotten with the lane).
    kept: dict[str, Any] = field(default_factory=dict)
    # Rows the run found on the lane's board besides its own: remembered, so that their
    # first attempt joins the lane at once instead of being located first.
    found: list[Hashable] = field(default_factory=list)


Many = Callable[[Asyncpg, Run[A]], Awaitable[list[Done[T] | Miss]]]
"""Attempts run together: each one's outcome, in their order. STALE for one that was not
committed this time (another board's, or the guard failed): it is tried again."""
Locate = Callable[[Asyncpg, list[A]], Awaitable[list[Hashable | None]]]
"""The lane (board) of each attempt, or None when it has none (no such row)."""


@dataclass(frozen=True)
class Together(Generic[A, T]):
    """An attempt that shares its read and its commit with the attempts of the same
    ``many`` queued right behind it in its lane (up to MAX_TOGETHER): ``one`` is what it
    wants done, ``many`` does it for a list of them."""

    many: Many[A, T]
    one: A
    # Where a row not seen yet belongs. Two lanes on one board would make each other's
    # guards fail: the shared lane of unknown rows only looks their boards up.
    locate: Locate[A] | None = None


Attempt = Callable[[Asyncpg], Awaitable[Done[T] | Miss]] | Together[Any, T]


# How long a lane keeps its connection once its queue is empty: writes to a busy board
# follow each other closely, and a fresh checkout costs round trips (the pool's ping).
LINGER = 0.02
# Attempts decided and committed together at most: one statement's worth, and a bounded
# amount of work (deciding them, then applying their events) in one turn of the loop.
MAX_TOGETHER = 32


@dataclass(eq=False)  # each one is itself
class _Entry:
    row: Hashable
    attempt: Attempt[Any]
    future: asyncio.Future[Any]
    tries: int = 0  # lost races so far


@dataclass
class _Lane:
    queue: deque[_Entry] = field(default_factory=deque)
    draining: asyncio.Task[None] | None = None
    idle: asyncio.Future[None] | None = None  # set while lingering, woken by new work
    kept: dict[str, Any] = field(default_factory=dict)  # see Run.kept

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
            future = self.queue.popleft().future
            if not future.done():
                future.set_exception(exc)

    def front(self) -> list[_Entry]:
        """What runs next: the first attempt, with the ones that go :class:`Together`
        with it."""
        first = self.queue[0]
        if not isinstance(first.attempt, Together):
            return [first]
        many = first.attempt.many
        batch = []
        for entry in self.queue:
            if not (isinstance(entry.attempt, Together) and entry.attempt.many == many):
                break
            batch.append(entry)
            if len(batch) == MAX_TOGETHER:
                break
        return batch


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
        self._boards: OrderedDict[Hashable, Hashable] = OrderedDict()
        self._remembered = remembered

    async def run(self, row: Hashable, attempt: Attempt[T]) -> T | Miss:
        """The attempt's result, or FALLBACK when the locking unit of work must run."""
        key = self._boards.get(row)  # None: not known yet, such attempts share a lane
        future: asyncio.Future[T | Miss] = asyncio.get_running_loop().create_future()
        self._enqueue(key, _Entry(row, attempt, future))
        # A caller that goes away cancels only its future: the lane runs its attempt all the
        # same and publishes what it commits (no shield, which would cost the answer
        # another turn of the loop: under load, a wait behind a whole batch of requests).
        return await future

    def _enqueue(self, key: Hashable, entry: _Entry) -> None:
        lane = self._lanes.get(key)
        if lane is None:
            lane = self._lanes[key] = _Lane()
        lane.queue.append(entry)
        if lane.draining is None:
            lane.draining = asyncio.create_task(self._drain(key, lane))
        else:
            lane.wake()

    async def _drain(self, key: Hashable, lane: _Lane) -> None:
        try:
            while lane.queue:
                async with self.engine.connect() as conn:
                    db = Asyncpg(await driver_of(conn), self.engine.dialect)
                    while await lane.wait():
                        batch = lane.front()
                        locate = _locate(batch) if key is None else None
                        try:
                            if locate is not None:
                                keys = await locate(db, [_one(entry) for entry in batch])
                            else:
                                outcomes = await self._once(db, key, lane, batch)
                        except Exception as exc:
                            lane.kept.clear()  # where the board stands is not known
                            for _ in batch:
                                lane.queue.popleft()
                            self._failed(batch, exc)
                            if database_unavailable(exc):
                                await conn.invalidate()
                                break  # the rest on a fresh connection
                            continue
                        if locate is not None:
                            self._route(lane, batch, keys)
                        else:
                            self._settle(lane, batch, outcomes)
        except Exception as exc:  # no connection: the waiters get the error, not a hang
            lane.fail(exc)
        except BaseException as exc:  # cancelled
            lane.fail(exc)
            raise
        finally:
            lane.draining = None
            if not lane.queue and self._lanes.get(key) is lane:
                del self._lanes[key]

    async def _once(
        self, db: Asyncpg, key: Hashable, lane: _Lane, batch: list[_Entry]
    ) -> list[Done[Any] | Miss]:
        first = batch[0].attempt
        if not isinstance(first, Together):
            return [await first(db)]
        lost = any(entry.tries for entry in batch)
        run = Run([_one(entry) for entry in batch], lost, lane.kept)
        outcomes = await first.many(db, run)
        for row in run.found:
            self._remember(row, key)
        if len(outcomes) != len(batch):
            raise RuntimeError(f"{len(batch)} attempts together, {len(outcomes)} outcomes")
        return outcomes

    def _route(self, lane: _Lane, batch: list[_Entry], keys: list[Hashable | None]) -> None:
        """Each attempt to the lane of its board (none: the locking unit answers)."""
        if len(keys) != len(batch):
            raise RuntimeError(f"{len(batch)} attempts located, {len(keys)} places")
        for entry, key in zip(batch, keys, strict=True):
            lane.queue.popleft()
            if key is None:
                if not entry.future.done():
                    entry.future.set_result(FALLBACK)
                continue
            self._remember(entry.row, key)
            self._enqueue(key, entry)

    @staticmethod
    def _failed(batch: list[_Entry], exc: Exception) -> None:
        """An error is its caller's own; the attempts that ran together with others leave
        it to the locking unit, each alone — unless the database is away (their writes
        may have committed: a retry could apply them twice)."""
        alone = len(batch) == 1 or database_unavailable(exc)
        for entry in batch:
            if not entry.future.done():
                if alone:
                    entry.future.set_exception(exc)
                else:
                    entry.future.set_result(FALLBACK)

    def _settle(self, lane: _Lane, batch: list[_Entry], outcomes: list[Done[Any] | Miss]) -> None:
        """Publish what committed (in commit order), answer each caller, and put back at
        the front the attempts to try again."""
        again: list[_Entry] = []
        events: list[dict[str, Any]] = []
        for entry, outcome in zip(batch, outcomes, strict=True):
            if not isinstance(outcome, Miss):
                events += outcome[1]
            elif outcome is STALE and entry.tries + 1 < self.tries:
                entry.tries += 1
                again.append(entry)
        for _ in batch:
            lane.queue.popleft()
        lane.queue.extendleft(reversed(again))
        if events:
            self.publish(events)  # committed, in commit order
        for entry, outcome in zip(batch, outcomes, strict=True):
            if entry in again or entry.future.done():
                continue
            if isinstance(outcome, Miss):
                entry.future.set_result(FALLBACK)
                continue
            result, committed = outcome
            self.learn(entry.row, committed)
            entry.future.set_result(result)

    def learn(self, row: Hashable, events: list[dict[str, Any]]) -> None:
        """``row`` belongs to the board of the events its write committed."""
        if events:
            self._remember(row, events[0]["board_id"])

    def _remember(self, row: Hashable, key: Hashable) -> None:
        self._boards[row] = key
        self._boards.move_to_end(row)
        while len(self._boards) > self._remembered:
            self._boards.popitem(last=False)


def _one(entry: _Entry) -> Any:
    assert isinstance(entry.attempt, Together)
    return entry.attempt.one


def _locate(batch: list[_Entry]) -> Locate[Any] | None:
    first = batch[0].attempt
    return first.locate if isinstance(first, Together) else None
