"""Reading imports, the importer's alone (404 for anyone else): one job whole, with its
report; or the importer's newest, without their reports — the list that brings them back
to a result they left before it was done.
(Finished jobs are purged after a while: portability/sweep.py.)"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import defer

from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import NotFound
from teamboard.portability.models import Import
from teamboard.portability.schemas import ImportCount, ImportRead, ImportReport, ImportSummary


def _summary_fields(job: Import) -> dict[str, object]:
    return {
        "id": job.id,
        "source": job.source,
        "filename": job.filename,
        "status": job.status,
        "progress": ImportCount(done=job.done, total=job.total),
        "board_id": job.board_id if job.status == "done" else None,
        "error": job.error,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


def import_read(job: Import) -> ImportRead:
    report = ImportReport.model_validate(job.report) if job.report else None
    return ImportRead.model_validate({**_summary_fields(job), "report": report})


async def read_import(db: UnitOfWork, actor: Actor, import_id: int) -> ImportRead:
    job = await db.scalar(select(Import).where(Import.id == import_id, Import.user_id == actor.id))
    if job is None:
        raise NotFound("No such import")
    return import_read(job)


async def list_imports(
    db: UnitOfWork, actor: Actor, *, limit: int, offset: int = 0
) -> tuple[list[ImportSummary], int]:
    """The actor's imports, newest first, and how many they have."""
    mine = Import.user_id == actor.id
    rows = await db.scalars(
        select(Import)
        .where(mine)
        .options(defer(Import.report), defer(Import.member_map))  # what a list does not show
        .order_by(Import.id.desc())
        .limit(limit)
        .offset(offset)
    )
    items = [ImportSummary.model_validate(_summary_fields(job)) for job in rows]
    total = await db.scalar(select(func.count()).select_from(Import).where(mine))
    return items, total or 0
