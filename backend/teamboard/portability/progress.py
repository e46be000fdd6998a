"""An import job's progress, as the job's row holds it and its importer hears it: shared
by the worker process that runs the job (portability/jobs.py) and the child process that
writes the board (portability/child.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import update

from teamboard.core.db import UnitOfWork
from teamboard.core.models import utcnow
from teamboard.portability.models import Import

PROGRESS = "import.progress"  # the importer's sockets hear how far a job is
LEASE = timedelta(minutes=5)  # renewed with each batch of cards; far longer than one takes


class Lost(RuntimeError):
    """Another worker took the job (this one's lease ran out): this one stops."""


def announce(db: UnitOfWork, job: Import) -> None:
    """Once this transaction commits, the importer's sockets hear the job's state."""
    data = {
        "id": job.id,
        "status": job.status,
        "progress": {"done": job.done, "total": job.total},
        "board_id": job.board_id if job.status == "done" else None,
    }
    db.stage({"type": PROGRESS, "user_id": job.user_id, "data": data})


async def advance(
    db: UnitOfWork,
    job: Import,
    done: int,
    total: int,
    board_id: int | None = None,
    *,
    told: bool = True,
) -> None:
    """In a batch's transaction: the job's progress, its lease renewed; :class:`Lost`
    when another worker holds the job now (its attempt is not this one's)."""
    values: dict[str, Any] = {"done": done, "total": total, "locked_until": utcnow() + LEASE}
    if board_id is not None:
        values["board_id"] = board_id
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
    if told:
        announce(db, job)
