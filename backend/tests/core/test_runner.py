"""The background runner's parts: leases one process at a time, tasks that fail and go on."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

from sqlalchemy import update

from teamboard.core.leases import Lease, give_back, take
from teamboard.core.models import utcnow
from teamboard.core.runner import Runner, Task
from teamboard.core.runtime import Runtime


async def test_a_lease_is_one_holders_until_it_runs_out_or_is_given_back(
    runtime: Runtime,
) -> None:
    async with runtime.db.session() as db:
        assert await take(db, "digest", 60, holder="a") is True
        assert await take(db, "digest", 60, holder="b") is False
        assert await take(db, "digest", 60, holder="a") is True  # renewed by its holder
        await give_back(db, "digest", holder="a")
        assert await take(db, "digest", 60, holder="b") is True
        async with db.transaction():  # b dies holding it: its lease runs out
            await db.execute(update(Lease).values(until=utcnow() - timedelta(seconds=1)))
        assert await take(db, "digest", 60, holder="c") is True


async def test_racing_holders_get_the_lease_once(runtime: Runtime) -> None:
    async def one(name: str) -> bool:
        async with runtime.db.session() as db:
            return await take(db, "reminders", 60, holder=name)

    won = await asyncio.gather(*(one(f"p{n}") for n in range(8)))
    assert won.count(True) == 1


async def test_a_failing_turn_is_logged_and_the_task_goes_on() -> None:
    turns: list[int] = []

    async def flaky() -> None:
        turns.append(len(turns))
        if len(turns) == 1:
            raise RuntimeError("the database is away")

    runner = Runner([Task("flaky", 0.01, flaky)])
    runner.start()
    try:
        for _ in range(200):
            if len(turns) >= 3:
                break
            await asyncio.sleep(0.01)
    finally:
        await runner.stop()
    assert len(turns) >= 3


async def test_a_task_is_woken_before_its_interval() -> None:
    turns: list[float] = []
    first = asyncio.Event()

    async def record() -> None:
        turns.append(asyncio.get_running_loop().time())
        first.set()

    runner = Runner([Task("slow", 3600, record)])
    runner.start()
    try:
        await asyncio.wait_for(first.wait(), 5)
        runner.wake("slow")
        for _ in range(100):
            if len(turns) == 2:
                break
            await asyncio.sleep(0.01)
    finally:
        await runner.stop()
    assert len(turns) == 2


async def test_a_stop_during_a_turn_whose_clean_up_raises_still_stops() -> None:
    """A connection cancelled mid-transaction cannot roll back: its clean-up raises some
    other error in place of the cancellation. The stop must stop the loop all the same
    (else a worker told to stop waits for ever)."""
    started = asyncio.Event()

    async def in_a_transaction() -> None:
        try:
            started.set()
            await asyncio.sleep(3600)
        finally:
            raise RuntimeError("Can't reconnect until invalid transaction is rolled back")

    await stop_during_a_turn(Runner([Task("writer", 3600, in_a_transaction)]), started)


async def test_a_stop_whose_cancellation_a_turn_swallows_still_stops() -> None:
    """A library's clean-up may catch the cancellation and return: the loop then goes on to
    its next wait. The stop cancels it again rather than wait for it for ever."""
    started = asyncio.Event()

    async def swallowing() -> None:
        started.set()
        with contextlib.suppress(asyncio.CancelledError):  # what a careless library does
            await asyncio.sleep(3600)

    await stop_during_a_turn(Runner([Task("swallower", 3600, swallowing)]), started)


async def stop_during_a_turn(runner: Runner, started: asyncio.Event) -> None:
    """Starts ``runner``'s one task, stops it once its turn has ``started``, and checks
    that the stop ends, and the loop with it, within seconds."""
    runner.start()
    [loop] = runner._loops
    await asyncio.wait_for(started.wait(), 5)
    stopping = asyncio.create_task(runner.stop())
    await asyncio.wait([stopping], timeout=5)
    assert stopping.done() and loop.done(), "the loop went on after the stop"
