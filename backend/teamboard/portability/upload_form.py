"""The Trello import's form, as both the JSON route and the page post it: a file (the
export), and a member map. Checked the same way for both, then handed to the job."""

from __future__ import annotations

import anyio.to_thread
from starlette.datastructures import FormData, UploadFile

from teamboard.accounts import throttle
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import Invalid, TooLarge
from teamboard.core.runtime import Runtime
from teamboard.portability import jobs
from teamboard.portability.member_map import parse_member_map
from teamboard.portability.schemas import ImportStarted


async def start_from_form(
    form: FormData, db: UnitOfWork, rt: Runtime, actor: Actor, client: str
) -> ImportStarted:
    found = form.get("file")
    if not isinstance(found, UploadFile) or not (found.filename or found.size):
        raise Invalid.field("file", "file_missing")
    if (found.size or 0) > rt.settings.max_import_bytes:
        limit = rt.settings.max_import_bytes / 1_048_576
        raise TooLarge(f"Exports are limited to {limit:.0f} MB")
    entries = [value for value in form.getlist("member_map") if isinstance(value, str)]
    member_map = parse_member_map(entries)
    for _address in member_map.values():  # each may be mailed an invitation: as many permits
        await throttle.invitations(rt, user_id=actor.id, client=client)
    data = await anyio.to_thread.run_sync(found.file.read)
    if not data:
        raise Invalid.field("file", "file_empty")
    return await jobs.start_import(
        db, rt.files, actor, data=data, filename=found.filename or "", member_map=member_map
    )
