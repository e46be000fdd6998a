"""The one background runner: everything that must happen later or off the request —
sending mail, digests, reminders — as periodic tasks of one process.

It runs inside each app process by default (``TEAMBOARD_BACKGROUND=embedded``), on the same
database, or only in ``teamboard worker`` processes. Either way several copies may run at
once (workers, instances): a task that must not run twice at the same moment holds a
lease (core/leases.py) for its turn; mail is claimed message by message
(mail/outbox.py). Work is written to the database in the transaction of the change that
causes it, so a crash between that commit and the task loses nothing: the next turn finds
it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from teamboard.core.metrics import TASK_FAILURES, TASK_RUNS

log = logging.getLogger(__name__)

# Seconds a stopped loop has to end before it is cancelled again.
STOP_GRACE = 1.0


@dataclass
class Task:
    """``run`` every ``every`` seconds, or at once when woken (e.g. a message was queued)."""

    name: str
    every: float
    run: Callable[[], Awaitable[None]]
    _wake: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    def wake(self) -> None:
        self._wake.set()


class Runner:
    def __init__(self, tasks: Sequence[Task]) -> None:
        self.tasks = {task.name: task for task in tasks}
        self._loops: list[asyncio.Task[None]] = []

    def start(self) -> None:
        for task in self.tasks.values():
            self._loops.append(asyncio.create_task(self._loop(task), name=f"runner:{task.name}"))

    def wake(self, name: str) -> None:
        task = self.tasks.get(name)
        if task is not None:
            task.wake()

    async def stop(self) -> None:
        for loop in self._loops:
            loop.cancel()
        # A turn may swallow its cancellation (a library's clean-up catching it): such a
        # loop is cancelled again, rather than waited for for ever.
        while pending := [loop for loop in self._loops if not loop.done()]:
            await asyncio.wait(pending, timeout=STOP_GRACE)
            for loop in pending:
                loop.cancel()
        for loop in self._loops:
            with contextlib.suppress(asyncio.CancelledError):
                await loop
        self._loops.clear()

    async def run_once(self, name: str) -> None:
        """One turn of ``name`` now (the CLI, and tests)."""
        await self._turn(self.tasks[name])

    async def _loop(self, task: Task) -> None:
        while True:
            await self._turn(task)
            task._wake.clear()
            # asyncio.timeout, not wait_for: on Python 3.11 a cancellation that comes as
            # wait_for's wait ends is lost (CPython gh-86296), and the loop went on.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(task.every):
                    await task._wake.wait()

    async def _turn(self, task: Task) -> None:
        TASK_RUNS.labels(task.name).inc()
        try:
            await task.run()
        except Exception:  # the database or the mail server away: the next turn retries
            TASK_FAILURES.labels(task.name).inc()
            log.exception("background task %s failed", task.name)
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                # A stop came during the turn, and the turn's clean-up raised something
                # else (a connection cancelled mid-transaction cannot roll back): the stop
                # still stops this loop, or the process would wait for it for ever.
                raise asyncio.CancelledError from None
