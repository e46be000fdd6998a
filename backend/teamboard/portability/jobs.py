"""Imports as background jobs: the request checks the file and queues it; a worker
process writes the board.

``start_import`` (the API, the pages, the CLI) reads the uploaded export off the event
loop and refuses a file that is not one (422, in words), then keeps the file in the
storage (core/storage.py: shared by every instance) and queues an ``imports`` row in
one transaction; its commit wakes the runner (``import.queued``). The runner task in
every process (core/runner.py) *claims* a queued job under a lease — one UPDATE, like
the mail outbox's (``FOR UPDATE SKIP LOCKED`` on PostgreSQL) — so each job runs once,
wherever. A job whose worker died is taken again when its lease runs out; the half
board it left (no member, so nobody saw it) is removed first. After
:data:`MAX_ATTEMPTS` the job fails.

Reading and mapping the export is CPU work: it runs in a child process
(portability/offload.py), never on the event loop. The board is written in batches
(portability/writer.py); each batch's transaction also commits the job's progress and
stages a ``import.progress`` message to the importer's sockets. The importer alone may
read a job (404 for anyone else).
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import anyio.to_thread
from sqlalchemy import ColumnElement, select, update

from teamboard.accounts.models import User
from teamboard.accounts.service import actor_of
from teamboard.core.actor import Actor
from teamboard.core.config import Settings
from teamboard.core.db import Database, UnitOfWork
from teamboard.core.errors import Invalid, NotFound
from teamboard.core.messages import field_error
from teamboard.core.models import utcnow
from teamboard.core.runner import Task
from teamboard.core.storage import Storage
from teamboard.portability.models import Import
from teamboard.portability.offload import plan_of, problems_of
from teamboard.portability.schemas import ImportCount, ImportRead, ImportReport, ImportStarted
from teamboard.portability.trello import NotTrello
from teamboard.portability.trello_plan import Plan
from teamboard.portability.writer import BoardWriter, remove

log = logging.getLogger(__name__)
TASK = "portability.imports"
QUEUED = "import.queued"  # a staged event: wakes this process's importer after the commit
PROGRESS = "import.progress"  # the importer's sockets hear how far a job is
LEASE = timedelta(minutes=5)  # renewed with each batch of cards; far longer than one takes
MAX_ATTEMPTS = 3
POLL_SECONDS = 5.0
FAILED = (
    "The import stopped before the board was complete, and nothing of it was kept. "
    "Try again; if it fails again, tell the site's administrator."
)
OnProgress = Callable[[int, int], None]


class Lost(RuntimeError):
    """Another worker took the job (this one's lease ran out): this one stops."""


async def check_export(data: bytes) -> None:
    """Invalid (422) with what is missing when ``data`` is not a Trello board export."""
    if problems := await problems_of(data):
        errors = [field_error(["body", "file"], "own", text=p) for p in problems]
        raise Invalid(problems[0], errors=errors)


async def start_import(
    db: UnitOfWork,
    storage: Storage,
    actor: Actor,
    *,
    data: bytes,
    filename: str,
    member_map: dict[str, str],
) -> ImportStarted:
    """Checks ``data`` (off the loop), keeps it in the storage and queues the job."""
    await check_export(data)
    digest = await anyio.to_thread.run_sync(lambda: hashlib.sha256(data).hexdigest())
    key = f"imports/{utcnow():%Y%m%d}/{digest[:16]}-{actor.id}-{utcnow():%H%M%S%f}.json"
    await storage.save(key, io.BytesIO(data), len(data), "application/json")
    try:
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
            _progress(db, job)
    except BaseException:
        await storage.delete(key)
        raise
    return ImportStarted(id=job.id, status="queued")


def _progress(db: UnitOfWork, job: Import) -> None:
    data = {
        "id": job.id,
        "status": job.status,
        "progress": {"done": job.done, "total": job.total},
        "board_id": job.board_id if job.status == "done" else None,
    }
    db.stage({"type": PROGRESS, "user_id": job.user_id, "data": data})


def import_read(job: Import) -> ImportRead:
    return ImportRead(
        id=job.id,
        source=job.source,
        filename=job.filename,
        status=job.status,
        progress=ImportCount(done=job.done, total=job.total),
        board_id=job.board_id if job.status == "done" else None,
        report=ImportReport.model_validate(job.report) if job.report else None,
        error=job.error,
        created_at=job.created_at,
        finished_at=job.finished_at,
    )


async def read_import(db: UnitOfWork, actor: Actor, import_id: int) -> ImportRead:
    job = await db.scalar(select(Import).where(Import.id == import_id, Import.user_id == actor.id))
    if job is None:
        raise NotFound("No such import")
    return import_read(job)


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
            _progress(db, claimed)
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

    def task(self) -> Task:
        return Task(TASK, POLL_SECONDS, self.turn)

    async def turn(self) -> None:
        """Every job waiting, one after the other."""
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
            writer: BoardWriter | None = None
            try:
                plan = await self._plan(job, actor)
                writer = BoardWriter(db, actor, plan)
                await writer.start(
                    lambda db, done: self._step(db, job, done, len(plan.cards), writer)
                )
                await writer.cards(lambda db, done: self._step(db, job, done, len(plan.cards)))
                await writer.finish(lambda db, _done: self._done(db, job, plan))
            except Exception as exc:
                log.exception("import %s failed", job.id)
                if writer is not None and writer.board_id:
                    await remove(db, writer.board_id)
                if isinstance(exc, Lost):
                    return
                error = " ".join(exc.problems) if isinstance(exc, NotTrello) else FAILED
                await self._settle(db, job, error=error)
                return
        await self.storage.delete(job.file_key)

    async def _plan(self, job: Import, actor: Actor) -> Plan:
        chunks = [chunk async for chunk in await self.storage.read(job.file_key)]
        return await plan_of(b"".join(chunks), dict(job.member_map), actor.email)

    async def _step(
        self,
        db: UnitOfWork,
        job: Import,
        done: int,
        total: int,
        writer: BoardWriter | None = None,
        *,
        announce: bool = True,
    ) -> None:
        """In a batch's transaction: the job's progress, its lease renewed."""
        values: dict[str, Any] = {"done": done, "total": total, "locked_until": utcnow() + LEASE}
        if writer is not None:
            values["board_id"] = writer.board_id
        held = await db.execute(
            update(Import)
            .where(Import.id == job.id, Import.attempts == job.attempts)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if not held.rowcount:  # type: ignore[attr-defined]
            raise Lost(job.id)
        for key, value in values.items():
            setattr(job, key, value)
        if announce:
            _progress(db, job)
        if self.on_progress is not None:
            self.on_progress(done, total)

    async def _done(self, db: UnitOfWork, job: Import, plan: Plan) -> None:
        before = await db.scalar(
            select(Import.board_id).where(
                Import.user_id == job.user_id,
                Import.digest == job.digest,
                Import.status == "done",
                Import.id != job.id,
            ).order_by(Import.id.desc()).limit(1)
        )  # fmt: skip
        notes = list(plan.notes)
        if before is not None:
            notes.append(
                f"You imported this file before, into board {before}: this import made "
                "a second board, and left that one as it was."
            )
        report = {"imported": plan.imported, "skipped": plan.skipped, "notes": notes}
        await self._step(db, job, len(plan.cards), len(plan.cards), announce=False)
        job.status, job.report, job.finished_at = "done", report, utcnow()
        await db.execute(
            update(Import)
            .where(Import.id == job.id)
            .values(status="done", report=report, finished_at=job.finished_at, locked_until=None)
            .execution_options(synchronize_session=False)
        )
        _progress(db, job)

    async def _settle(self, db: UnitOfWork, job: Import, *, error: str) -> None:
        async with db.transaction():
            job.status, job.error, job.finished_at, job.board_id = "failed", error, utcnow(), None
            await db.execute(
                update(Import)
                .where(Import.id == job.id)
                .values(
                    status="failed",
                    error=error,
                    finished_at=job.finished_at,
                    board_id=None,
                    locked_until=None,
                )
                .execution_options(synchronize_session=False)
            )
            _progress(db, job)
        await self.storage.delete(job.file_key)
