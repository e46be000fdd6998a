"""Imports as background jobs: the request checks the file and queues it; a worker
process writes the board.

``start_import`` (the API, the pages, the CLI) keeps the uploaded export in the storage
(core/storage.py: shared by every instance), checks it there in a child process and
refuses a file that is not one (422, in words; the file is dropped), then queues an
``imports`` row in one transaction; its commit wakes the runner (``import.queued``).
The runner task in every process (core/runner.py) *claims* a queued job under a lease —
one UPDATE, like the mail outbox's (``FOR UPDATE SKIP LOCKED`` on PostgreSQL) — so each
job runs once, wherever. A job whose worker died is taken again when its lease runs out;
the half board it left (no member, so nobody saw it) is removed first. After
:data:`MAX_ATTEMPTS` the job fails.

Reading and mapping the export and writing the board's cards is CPU work: it runs in a
child process (portability/child.py), never on the event loop, at a lower priority; each
of its batches commits the job's progress, which the importer's sockets hear
(``import.progress``). The last transaction is this process's: the board gets its owner
and is seen. Reading jobs: portability/job_reads.py.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from typing import Any, BinaryIO

import anyio.to_thread
from sqlalchemy import ColumnElement, select, update

from teamboard.accounts.models import User
from teamboard.accounts.service import actor_of
from teamboard.core.actor import Actor
from teamboard.core.config import Settings
from teamboard.core.db import Database, UnitOfWork
from teamboard.core.errors import Invalid
from teamboard.core.events import Event
from teamboard.core.messages import field_error
from teamboard.core.models import utcnow
from teamboard.core.runner import Task
from teamboard.core.storage import Storage
from teamboard.portability.child import Job, Written, write_in_child
from teamboard.portability.models import Import
from teamboard.portability.offload import problems_of
from teamboard.portability.progress import LEASE, PROGRESS, Lost, advance, announce
from teamboard.portability.schemas import ImportStarted
from teamboard.portability.sweep import EXPORTS, sweep
from teamboard.portability.trello import NotTrello
from teamboard.portability.writer import delete_board, finish, remove

log = logging.getLogger(__name__)
TASK = "portability.imports"
QUEUED = "import.queued"  # a staged event: wakes this process's importer after the commit
MAX_ATTEMPTS = 3
CHUNK = 1024 * 1024
POLL_SECONDS = 5.0
SWEEP_SECONDS = 3600.0  # how often what imports leave behind is swept (sweep.py)
FAILED = (
    "The import stopped before the board was complete, and nothing of it was kept. "
    "Try again; if it fails again, tell the site's administrator."
)
OnProgress = Callable[[int, int], None]


async def check_export(settings: Settings, key: str) -> None:
    """Invalid (422) with what is missing when the file kept under ``key`` is not a
    Trello board export."""
    if problems := await problems_of(settings, key):
        errors = [field_error(["body", "file"], "own", text=p) for p in problems]
        raise Invalid(problems[0], errors=errors)


def _digest(source: BinaryIO) -> str:
    """The SHA-256 of ``source`` from its start, read a chunk at a time; left at its start."""
    source.seek(0)
    digest = hashlib.sha256()
    while chunk := source.read(CHUNK):
        digest.update(chunk)
    source.seek(0)
    return digest.hexdigest()


async def start_import(
    db: UnitOfWork,
    storage: Storage,
    actor: Actor,
    *,
    source: BinaryIO,
    size: int,
    filename: str,
    member_map: dict[str, str],
) -> ImportStarted:
    """Keeps the export (``source``: ``size`` bytes from its start, an upload spooled to
    disk or a file) in the storage, a chunk at a time, never whole in this process; checks
    it there (a child process reads it) and queues the job. Refused, nothing is kept."""
    digest = await anyio.to_thread.run_sync(_digest, source)
    now = utcnow()  # the day in the key: portability/sweep.py
    key = f"{EXPORTS}/{now:%Y%m%d}/{digest[:16]}-{actor.id}-{now:%H%M%S%f}.json"
    await storage.save(key, source, size, "application/json")
    try:
        await check_export(db.settings, key)
        async with db.transaction():
            job = Import(
                user_id=actor.id,
                source="trello",
                filename=filename[:255],
                file_key=key,
                digest=digest,
                member_map=member_map,
                status="queued",
                done=0,
                total=0,
                attempts=0,
            )
            db.add(job)
            await db.flush()
            db.stage({"type": QUEUED})
            announce(db, job)
    except BaseException:
        await storage.delete(key)
        raise
    return ImportStarted(id=job.id, status="queued")


def _due(now: Any) -> list[ColumnElement[bool]]:
    held = (Import.locked_until.is_(None)) | (Import.locked_until <= now)
    return [Import.status.in_(("queued", "running")), held]


async def claim(db: UnitOfWork, import_id: int | None = None) -> Import | None:
    """A job nobody holds (queued, or running with its lease run out), now held here."""
    now = utcnow()
    ids = select(Import.id).where(*_due(now))
    if import_id is not None:
        ids = ids.where(Import.id == import_id)
    ids = ids.order_by(Import.id).limit(1).with_for_update(skip_locked=True)
    async with db.transaction():
        claimed = await db.scalar(
            update(Import)
            .where(Import.id.in_(ids.scalar_subquery()), *_due(now))
            .values(status="running", locked_until=now + LEASE, attempts=Import.attempts + 1)
            .returning(Import)
            .execution_options(synchronize_session=False, populate_existing=True)
        )
        if claimed is not None:
            announce(db, claimed)
        return claimed


class Importer:
    """The runner's task, and one job's run (the CLI runs its own, with a progress bar)."""

    def __init__(
        self,
        settings: Settings,
        db: Database,
        storage: Storage,
        on_progress: OnProgress | None = None,
    ) -> None:
        self.settings = settings
        self.db = db
        self.storage = storage
        self.on_progress = on_progress
        self._swept_at = -SWEEP_SECONDS

    def task(self) -> Task:
        return Task(TASK, POLL_SECONDS, self.turn)

    async def turn(self) -> None:
        """Every job waiting, one after the other; now and then, what imports left swept."""
        if time.monotonic() - self._swept_at >= SWEEP_SECONDS:
            self._swept_at = time.monotonic()
            async with self.db.session() as db:
                await sweep(db, self.storage, utcnow())
        while True:
            async with self.db.session() as db:
                job = await claim(db)
            if job is None:
                return
            await self.run(job)

    async def run(self, job: Import) -> None:
        async with self.db.session() as db:
            user = await db.get(User, job.user_id)
            if user is None:
                return  # the account went, and its jobs with it
            actor = actor_of(user)
            if job.board_id is not None:  # left half written by a worker that died
                await remove(db, job.board_id)
            if job.attempts > MAX_ATTEMPTS:
                await self._settle(db, job, error=FAILED)
                return
            # No connection held (nor a snapshot kept, which on SQLite would keep the
            # child's writes from being checkpointed) while the child writes.
            await db.commit()
            try:
                ref = Job(job.id, job.attempts, job.file_key, dict(job.member_map), actor)
                written = await write_in_child(self.settings, ref, self._heard)
                await finish(
                    db,
                    actor,
                    written.board_id,
                    written.invitations,
                    lambda db, _done: self._done(db, job, written),
                )
            except Lost:
                return  # its board is removed; the worker holding the job now goes on
            except Exception as exc:
                log.exception("import %s failed", job.id)
                error = " ".join(exc.problems) if isinstance(exc, NotTrello) else FAILED
                await self._settle(db, job, error=error)
                return
        await self.storage.delete(job.file_key)

    def _heard(self, events: list[Event]) -> None:
        """The events of a commit in the child: published here, the progress told."""
        self.db.committed(events)
        if self.on_progress is None:
            return
        for event in events:
            data = event.get("data") or {}
            if event.get("type") == PROGRESS and data.get("status") == "running":
                self.on_progress(data["progress"]["done"], data["progress"]["total"])

    async def _done(self, db: UnitOfWork, job: Import, written: Written) -> None:
        before = await db.scalar(
            select(Import.board_id).where(
                Import.user_id == job.user_id,
                Import.digest == job.digest,
                Import.status == "done",
                Import.id != job.id,
            ).order_by(Import.id.desc()).limit(1)
        )  # fmt: skip
        notes = list(written.notes)
        if before is not None:
            notes.append(
                f"You imported this file before, into board {before}: this import made "
                "a second board, and left that one as it was."
            )
        report = {"imported": written.imported, "skipped": written.skipped, "notes": notes}
        await advance(db, job, written.cards, written.cards, written.board_id, told=False)
        job.status, job.report, job.finished_at = "done", report, utcnow()
        await db.execute(
            update(Import)
            .where(Import.id == job.id)
            .values(status="done", report=report, finished_at=job.finished_at, locked_until=None)
            .execution_options(synchronize_session=False)
        )
        announce(db, job)

    async def _settle(self, db: UnitOfWork, job: Import, *, error: str) -> None:
        """The job failed; the board its attempt had begun (a child that died leaves one)
        removed with it, unless another worker holds the job now."""
        async with db.transaction():
            ours = (Import.id == job.id, Import.attempts == job.attempts)
            half = await db.scalar(select(Import.board_id).where(*ours))
            if half is not None:
                await delete_board(db, half)
            job.status, job.error, job.finished_at, job.board_id = "failed", error, utcnow(), None
            await db.execute(
                update(Import)
                .where(*ours)
                .values(
                    status="failed",
                    error=error,
                    finished_at=job.finished_at,
                    board_id=None,
                    locked_until=None,
                )
                .execution_options(synchronize_session=False)
            )
            announce(db, job)
        await self.storage.delete(job.file_key)
