"""JSON routes for imports: upload an export (202, the job runs in the background),
then read the job — its progress, and the new board and the report when it is done."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request, status
from starlette.convertors import StringConvertor, register_url_convertor

from teamboard.accounts.deps import CurrentActor
from teamboard.core.deps import DB, RT, ClientAddress, IdPath
from teamboard.core.problems import DESCRIPTIONS
from teamboard.core.schemas import Limit, Offset, Page
from teamboard.portability.imports import import_file
from teamboard.portability.job_reads import list_imports, read_import
from teamboard.portability.schemas import (
    BoardImported,
    ImportRead,
    ImportStarted,
    ImportSummary,
)
from teamboard.portability.upload_form import start_from_form, uploaded_file

router = APIRouter(tags=["imports"])
SOURCES = "trello|teamboard"  # the upload routes' names: /imports/{source}


class ImportRef(StringConvertor):
    """An import's id in a path: any segment (a non-number gets its 422 in words) but the
    names of the upload routes, which are resources of their own (a GET there is a 405)."""

    regex = rf"(?!(?:{SOURCES})$)[^/]+"


register_url_convertor("import_ref", ImportRef())
# Whose bodies may be as large as an export may be (core/http.py BodyLimit).
# (The pages' one form posts to /imports.)
IMPORT_PATH = re.compile(rf"^(?:/api/v1/imports/(?:{SOURCES})|/imports)$")
MAX_FIELDS = 4  # the file, the member map, and on a page's form its CSRF token

_UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "member_map": {
                        "type": "string",
                        "description": "trello_username=e-mail, one per line",
                    },
                },
                "required": ["file"],
                "additionalProperties": False,
            }
        }
    },
}


@router.post(
    "/imports/trello",
    response_model=ImportStarted,
    status_code=status.HTTP_202_ACCEPTED,
    responses={code: {"description": DESCRIPTIONS[code]} for code in (400, 413, 422, 429)},
    openapi_extra={"requestBody": _UPLOAD_BODY},
)
async def import_trello(
    request: Request, actor: CurrentActor, db: DB, rt: RT, client: ClientAddress
) -> object:
    """Import a Trello board export (multipart field ``file``: Trello's “Export as JSON”)
    into a new board of yours. ``member_map`` (optional): ``trello_username=e-mail``, one
    per line: those members are invited. The import runs in the background: read its
    progress and result at ``/imports/{id}`` (and live over the WebSocket)."""
    form = await request.form(max_files=1, max_fields=MAX_FIELDS)
    return await start_from_form(form, db, rt, actor, client)


_OWN_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
                "additionalProperties": False,
            }
        }
    },
}


@router.post(
    "/imports/teamboard",
    response_model=BoardImported,
    status_code=status.HTTP_201_CREATED,
    responses={code: {"description": DESCRIPTIONS[code]} for code in (400, 413, 422)},
    openapi_extra={"requestBody": _OWN_BODY},
)
async def import_teamboard(request: Request, actor: CurrentActor, db: DB, rt: RT) -> object:
    """A new board of yours from a Teamboard export (multipart field ``file``): a board's
    ``.zip`` (its files restored) or its ``.json`` (the files it lists are left out, and
    the notes say so). All or nothing."""
    form = await request.form(max_files=1, max_fields=MAX_FIELDS)
    source = uploaded_file(form, rt.settings.max_import_bytes)
    imported = await import_file(db, rt.files, rt.settings, actor, source.file)
    return BoardImported(board_id=imported.board_id, files=imported.files, notes=imported.notes())


@router.get("/imports", response_model=Page[ImportSummary])
async def my_imports(actor: CurrentActor, db: DB, limit: Limit = 20, offset: Offset = 0) -> object:
    """Your imports, newest first, without their reports (read one for its report).
    Finished ones are kept for 30 days; the boards they made stay."""
    items, total = await list_imports(db, actor, limit=limit, offset=offset)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/imports/{import_id:import_ref}", response_model=ImportRead)
async def read_one_import(import_id: IdPath, actor: CurrentActor, db: DB) -> object:
    """Your import: ``queued``, ``running`` (with its progress), ``done`` (with the new
    ``board_id`` and the report) or ``failed`` (with the reason; no board was made)."""
    return await read_import(db, actor, import_id)
