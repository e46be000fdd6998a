"""The import forms, as both the JSON routes and the page post them: a file (the export),
and for Trello a member map. Checked the same way for all, then handed to the service."""

from __future__ import annotations

from starlette.datastructures import FormData, UploadFile

from teamboard.accounts import throttle
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import Invalid, TooLarge
from teamboard.core.runtime import Runtime
from teamboard.portability import jobs
from teamboard.portability.member_map import parse_member_map
from teamboard.portability.schemas import ImportStarted


def uploaded_file(form: FormData, limit: int) -> UploadFile:
    """The form's ``file``: there, not empty, within ``limit`` bytes (spooled to disk by
    the form's parser past 1 MB)."""
    found = form.get("file")
    if not isinstance(found, UploadFile) or not (found.filename or found.size):
        raise Invalid.field("file", "file_missing")
    if found.size == 0:
        raise Invalid.field("file", "file_empty")
    if (found.size or 0) > limit:
        raise TooLarge(f"Exports are limited to {limit / 1_048_576:.0f} MB")
    return found


async def start_from_form(
    form: FormData, db: UnitOfWork, rt: Runtime, actor: Actor, client: str
) -> ImportStarted:
    found = uploaded_file(form, rt.settings.max_import_bytes)
    entries = [value for value in form.getlist("member_map") if isinstance(value, str)]
    member_map = parse_member_map(entries)
    for _address in member_map.values():  # each may be mailed an invitation: as many permits
        await throttle.invitations(rt, user_id=actor.id, client=client)
    return await jobs.start_import(
        db,
        rt.files,
        actor,
        source=found.file,
        size=found.size or 0,
        filename=found.filename or "",
        member_map=member_map,
    )
