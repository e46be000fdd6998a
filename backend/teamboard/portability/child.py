"""An import's work — reading the Trello export from the storage, mapping it and writing
the board's columns, labels and cards — in a child process with a database connection
and a storage client of its own.

Why not in the worker: building thousands of rows' parameters and reading a large export
take the interpreter's lock (a worker thread stalls the event loop as well), so board
reads beside an import waited for them. The child runs at a lower CPU priority and paces
its writing (writer.Pace), so on a busy machine the readers come first. It writes the
board the way portability/writer.py says (no member until the end, so nobody sees it)
and commits the job's progress with each batch; the events those commits staged come
back over a pipe and the worker publishes them (:meth:`Database.committed`), so the
importer's sockets hear the progress as before. The last transaction — the importer made
owner, the invitations, ``board.imported`` — is the worker's, where the other domains'
reactions live (the search index takes the board in there).

One child per job, spawned (not forked: the worker runs threads a fork would copy
mid-step) and gone after it, so the memory a large export takes is given back at once.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import anyio.to_thread

from teamboard.core.actor import Actor
from teamboard.core.config import Settings
from teamboard.core.db import Database
from teamboard.core.events import Event, Publisher
from teamboard.portability.models import Import
from teamboard.portability.offload import lower_priority, read_stored
from teamboard.portability.progress import Lost, advance
from teamboard.portability.trello import NotTrello, read_export
from teamboard.portability.trello_plan import plan_import
from teamboard.portability.writer import BoardWriter, Pace, remove

log = logging.getLogger(__name__)
PACE = 2.0  # a pause twice as long as each piece of work (writer.Pace): a third of a CPU


class ChildFailed(RuntimeError):
    """The child could not write the board (it removed what it wrote), or died."""


@dataclass(frozen=True)
class Written:
    """What the child wrote and the report of what it mapped: all the worker needs to
    finish the board and the job."""

    board_id: int
    cards: int
    invitations: list[str]
    imported: dict[str, int]
    skipped: list[dict[str, str]]
    notes: list[str]


@dataclass(frozen=True)
class Job:
    """The job as the child needs it (its attempt: the lease it holds)."""

    id: int
    attempts: int
    file_key: str  # the export, where the storage keeps it
    member_map: dict[str, str]
    actor: Actor


async def _write(settings: Settings, job: Job, told: Publisher) -> Written:
    database = Database(settings, told)
    try:
        data = await read_stored(settings, job.file_key)
        async with database.session() as db:
            row = await db.get(Import, job.id)
            if row is None or row.attempts != job.attempts:
                raise Lost(job.id)
            plan = plan_import(read_export(data), job.member_map, job.actor.email)
            total = len(plan.cards)
            pace = Pace(PACE, within=not database.is_sqlite)
            writer = BoardWriter(db, job.actor, plan, pace)
            try:
                await writer.start(lambda db, done: advance(db, row, done, total, writer.board_id))
                await writer.cards(lambda db, done: advance(db, row, done, total))
            except BaseException:
                if writer.board_id:
                    await remove(db, writer.board_id)
                raise
            return Written(
                writer.board_id, total, plan.invitations, plan.imported, plan.skipped, plan.notes
            )
    finally:
        await database.dispose()


def _main(pipe: Connection, settings: Settings, job: Job) -> None:
    """The child's whole life: each message is a ``(kind, value)`` pair."""
    lower_priority()
    told = Publisher()
    told.subscribe(lambda events: pipe.send(("events", events)))
    try:
        pipe.send(("done", asyncio.run(_write(settings, job, told))))
    except NotTrello as exc:
        pipe.send(("invalid", exc.problems))
    except Lost:
        pipe.send(("lost", None))
    except Exception:
        log.exception("import %s failed", job.id)
        pipe.send(("failed", None))
    finally:
        pipe.close()


async def write_in_child(
    settings: Settings, job: Job, heard: Callable[[list[Event]], None]
) -> Written:
    """The board written by a child process; ``heard`` takes the events of each of its
    commits as they come. Raises NotTrello, :class:`Lost` or :class:`ChildFailed` as the
    child ended; the child is killed when this is cancelled or ``heard`` raises."""
    spawn = multiprocessing.get_context("spawn")
    ours, theirs = spawn.Pipe(duplex=False)
    child = spawn.Process(target=_main, args=(theirs, settings, job), daemon=True)
    # Starting it waits for the child's interpreter to take its arguments: a wait the
    # event loop must not make.
    await anyio.to_thread.run_sync(child.start)
    if child.pid is not None:
        lower_priority(child.pid)  # already while it imports its modules
    theirs.close()  # the child holds the only writing end: its death is our EOF
    waiting = False
    try:
        while True:
            waiting = True
            try:
                kind, value = await anyio.to_thread.run_sync(ours.recv, abandon_on_cancel=True)
            except EOFError:  # it died (killed, out of memory) without a word
                kind, value = "died", None
            waiting = False
            if kind != "events":
                return _ended(kind, value, job)
            heard(value)
    finally:
        if child.is_alive():
            child.kill()
        await anyio.to_thread.run_sync(child.join)
        if not waiting:  # else a thread abandoned in recv() is told EOF, and drops it
            ours.close()


def _ended(kind: str, value: Any, job: Job) -> Written:
    if kind == "done" and isinstance(value, Written):
        return value
    if kind == "invalid":
        raise NotTrello(value)
    if kind == "lost":
        raise Lost(job.id)
    raise ChildFailed(f"import {job.id}: its child {kind}")
