"""Checking an upload is a Trello export — reading up to 50 MB of JSON, from the storage it
was kept in — in a child process, never in this one: a worker thread would not do, since
the parser holds the interpreter's lock for its whole run (a 50 MB export stalled the
event loop for seconds in a thread). One child at a time per process, started for each
check and gone after it, so the memory a large export takes is given back at once. (The
job that imports it has a child of its own: portability/child.py.)"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from teamboard.core.config import Settings
from teamboard.core.storage import open_storage
from teamboard.portability.trello import NotTrello, read_export

T = TypeVar("T")
NICE = 10  # an import's children run below the worker's CPU priority: the readers first
_pool: ProcessPoolExecutor | None = None


def lower_priority(pid: int = 0) -> None:
    """Process ``pid`` (this one: 0) at :data:`NICE`; lowering is always allowed."""
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, pid, NICE)


def _executor() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        # Spawned, not forked: the parent runs threads (the database driver's) that a
        # fork would copy mid-step.
        _pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            max_tasks_per_child=1,
            initializer=lower_priority,
        )
    return _pool


async def read_stored(settings: Settings, key: str) -> bytes:
    """The file kept under ``key``, whole: for a child process, which parses it."""
    storage = open_storage(settings)
    try:
        return b"".join([chunk async for chunk in await storage.read(key)])
    finally:
        await storage.close()


def _problems(settings: Settings, key: str) -> list[str]:
    try:
        read_export(asyncio.run(read_stored(settings, key)))
    except NotTrello as exc:
        return exc.problems
    return []


async def _in_child(work: Callable[..., T], *args: Any) -> T:
    global _pool
    try:
        return await asyncio.get_running_loop().run_in_executor(_executor(), work, *args)
    except BrokenProcessPool:
        _pool = None  # the child died (e.g. out of memory): the next job starts another
        raise


async def problems_of(settings: Settings, key: str) -> list[str]:
    """What makes the file kept under ``key`` not a Trello board export (nothing: it is
    one). The child reads it from the storage: this process never holds it whole."""
    return await _in_child(_problems, settings, key)
