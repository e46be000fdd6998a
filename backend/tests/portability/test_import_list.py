"""The way back to an import's result: ``GET /api/v1/imports`` and the ``/imports`` page
list the importer's own imports, newest first, without their reports; finished ones are
purged after 30 days by the runner's task, and the boards they made stay; files no job
will read are swept once their day is past."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from sqlalchemy import select, update

from teamboard.boards.models import Board
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from teamboard.portability.jobs import Importer
from teamboard.portability.models import Import
from teamboard.portability.sweep import EXPORTS, KEEP, STAGED, stray_folders, sweep
from tests.support.api import Api
from tests.support.archives import all_stored
from tests.support.pages import Browser
from tests.support.trello import encoded, imported, small_export, upload


async def test_the_importer_lists_their_own_imports_newest_first(api: Api) -> None:
    me, other = await api.user("me"), await api.user("other")
    first = await imported(api, me, small_export())
    second = await upload(api, me, encoded(small_export()))
    await upload(api, other, encoded(small_export()))

    page = await api.call(me, "GET", "/api/v1/imports")
    assert (page["total"], page["limit"], page["offset"]) == (2, 20, 0)
    assert [(job["id"], job["status"]) for job in page["items"]] == [
        (second["id"], "queued"),
        (first["id"], "done"),
    ]
    done = page["items"][1]
    assert done["board_id"] == first["board_id"] and done["filename"] == "board.json"
    assert "report" not in done  # a list says where each stands; one job has its report

    page = await api.call(me, "GET", "/api/v1/imports", params={"limit": 1, "offset": 1})
    assert [job["id"] for job in page["items"]] == [first["id"]]
    theirs = await api.call(other, "GET", "/api/v1/imports")
    assert theirs["total"] == 1 and theirs["items"][0]["id"] not in (first["id"], second["id"])


async def test_the_imports_page_links_each_to_its_result(owner: Browser, runtime: Runtime) -> None:
    empty = await owner.get("/imports")
    assert "You have not imported a board yet" in empty.text
    boards = await owner.get("/boards")
    assert '<a href="/imports">Your imports</a>' in boards.text

    r = await owner.post(
        "/imports",
        files={"file": ("moving <day>.json", encoded(small_export()), "application/json")},
    )
    job_url = r.headers["location"]
    page = await owner.get("/imports")
    assert page.status_code == 200
    assert f'<a href="{job_url}">“moving &lt;day&gt;.json”</a>' in page.text
    assert "Waiting to start" in page.text


async def test_finished_imports_are_purged_after_their_keeping(api: Api, runtime: Runtime) -> None:
    me = await api.user("me")
    old, recent = await imported(api, me, small_export()), await imported(api, me, small_export())
    waiting = await upload(api, me, encoded(small_export()))
    async with runtime.db.session() as db, db.transaction():
        for job_id, age in ((old["id"], KEEP + timedelta(days=1)), (recent["id"], KEEP / 2)):
            await db.execute(
                update(Import).where(Import.id == job_id).values(finished_at=utcnow() - age)
            )
        # A queued job is never purged, however old.
        await db.execute(
            update(Import).where(Import.id == waiting["id"]).values(created_at=utcnow() - 2 * KEEP)
        )

    importer = Importer(runtime.settings, runtime.db, runtime.files)
    await importer.turn()  # purges first, then runs the queued job

    async with runtime.db.session() as db:
        left = set(await db.scalars(select(Import.id)))
        boards = set(await db.scalars(select(Board.id)))
    assert left == {recent["id"], waiting["id"]}
    assert old["board_id"] in boards  # the board it made stays


async def test_stray_files_of_past_days_are_swept(api: Api, runtime: Runtime) -> None:
    """A staged file or an export no job reads goes once its day is past; the files of
    today, and of a day an unfinished job's export is in, stay."""
    me = await api.user("me")
    waiting = await upload(api, me, encoded(small_export()))  # queued: its file stays
    now = utcnow()
    old, today = f"{now - timedelta(days=3):%Y%m%d}", f"{now:%Y%m%d}"
    async with runtime.db.session() as db, db.transaction():
        job = await db.get_one(Import, waiting["id"])
        kept = f"{EXPORTS}/{old}/{job.file_key.rsplit('/', 1)[1]}"
        await runtime.files.copy(job.file_key, kept)
        job.file_key = kept  # as if it had been queued three days ago
    strays = [f"{STAGED}/{old}/abc/1", f"{STAGED}/{days_ago(now, 4)}/def/1"]
    fresh = [f"{STAGED}/{today}/ghi/1", f"{EXPORTS}/{today}/x.json"]
    for key in strays + fresh:
        await runtime.files.save(key, io.BytesIO(b"{}"), 2, "application/json")
    async with runtime.db.session() as db:
        await sweep(db, runtime.files, now)
    stored = set(all_stored(runtime, None))
    assert not stored & set(strays)
    assert set(fresh) | {kept} <= stored
    assert f"{EXPORTS}/{days_ago(now, 5)}/" in stray_folders(now, set())
    assert f"{EXPORTS}/{old}/" not in stray_folders(now, {f"{EXPORTS}/{old}/"})
    assert f"{STAGED}/{today}/" not in stray_folders(now, set())  # only days before yesterday


def days_ago(now: datetime, days: int) -> str:
    return f"{now - timedelta(days=days):%Y%m%d}"
