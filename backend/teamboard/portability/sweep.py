"""What imports leave behind, swept by the runner's import task now and then
(portability/jobs.py ``Importer.turn``):

- finished jobs (done or failed) :data:`KEEP` after they ended: the list of one's
  imports and the table stay small; the boards they made stay;
- files in the storage that no job will read: a Trello export whose request failed
  between keeping it and queueing its job, or the files an archive import staged in a
  process that died mid-way. Both are kept under a folder named after their day
  (:data:`EXPORTS`, :data:`STAGED`), so whole days are swept by prefix, with no listing:
  each day of :data:`SWEPT_DAYS` before yesterday, except a day an unfinished job's file
  is in. A staged file lives as long as its request, an export as long as its job.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select

from teamboard.core.db import UnitOfWork
from teamboard.core.storage import Storage
from teamboard.portability.models import Import

KEEP = timedelta(days=30)
FINISHED = ("done", "failed")
EXPORTS = "imports/trello"  # + /YYYYMMDD/…: the exports jobs read
STAGED = "imports/staged"  # + /YYYYMMDD/…: an archive import's files, until placed
SWEPT_DAYS = 7  # the days looked at each time: a week's outage still leaves nothing behind


async def purge_finished(db: UnitOfWork, now: datetime) -> int:
    """Jobs finished more than :data:`KEEP` ago, gone (their files went when they ended)."""
    async with db.transaction():
        result = await db.execute(
            delete(Import)
            .where(Import.status.in_(FINISHED), Import.finished_at < now - KEEP)
            .execution_options(synchronize_session=False)
        )
    return int(getattr(result, "rowcount", 0) or 0)


def stray_folders(now: datetime, in_use: set[str]) -> list[str]:
    """The day folders to sweep: the :data:`SWEPT_DAYS` days before yesterday, under both
    prefixes, but those ``in_use`` (the folders unfinished jobs' files are in)."""
    days = [f"{now - timedelta(days=back):%Y%m%d}" for back in range(2, 2 + SWEPT_DAYS)]
    folders = [f"{prefix}/{day}/" for prefix in (EXPORTS, STAGED) for day in days]
    return [folder for folder in folders if folder not in in_use]


async def sweep(db: UnitOfWork, storage: Storage, now: datetime) -> None:
    """Old finished jobs purged, then the stray files of past days deleted."""
    await purge_finished(db, now)
    keys = await db.scalars(select(Import.file_key).where(Import.status.not_in(FINISHED)))
    in_use = {key.rsplit("/", 1)[0] + "/" for key in keys}
    await db.commit()  # no snapshot held while the storage is swept
    for folder in stray_folders(now, in_use):
        await storage.delete_prefix(folder)
