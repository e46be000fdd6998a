"""JSON routes for attachments and covers, and the files themselves (streamed, ranges)."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response, status

from teamboard.accounts.deps import CurrentActor
from teamboard.attachments import downloads, service
from teamboard.attachments.schemas import AttachmentRead, CoverSet
from teamboard.attachments.uploads import read_upload
from teamboard.core.deps import DB, RT, IdPath
from teamboard.core.problems import DESCRIPTIONS

router = APIRouter(tags=["attachments"])
# The uploads' paths (API and page), whose bodies may be as large as a file may be
# (core/http.py BodyLimit; the app adds a little for the form's own headers).
UPLOAD_PATH = re.compile(r"^(?:/api/v1)?/cards/[0-9]+/attachments$")
Range = Annotated[str | None, Header(max_length=200)]

_FILE_RESPONSES: dict[int | str, dict[str, object]] = {
    # Served as the type its first bytes showed (attachments/files.py): any type at all.
    200: {"content": {"*/*": {}}, "description": "The file, as the type its bytes show"},
    206: {"description": "Part of the file (Range)"},
    416: {"description": DESCRIPTIONS[416]},
}


# The body is read by the route (after the access check), not by FastAPI: documented here.
_UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        }
    },
}


@router.post(
    "/cards/{card_id}/attachments",
    response_model=AttachmentRead,
    status_code=status.HTTP_201_CREATED,
    responses={code: {"description": DESCRIPTIONS[code]} for code in (400, 413, 422)},
    openapi_extra={"requestBody": _UPLOAD_BODY},
)
async def add_attachment(
    card_id: IdPath, request: Request, actor: CurrentActor, db: DB, rt: RT
) -> object:
    """Upload a file (multipart field ``file``). Its type is found from its bytes; images
    get a thumbnail."""
    return await service.add_attachment(
        db, rt.files, rt.settings, actor, card_id, lambda: read_upload(request)
    )


@router.get("/cards/{card_id}/attachments", response_model=list[AttachmentRead])
async def list_attachments(card_id: IdPath, actor: CurrentActor, db: DB) -> object:
    return await service.list_attachments(db, actor, card_id)


@router.put("/cards/{card_id}/cover", status_code=status.HTTP_204_NO_CONTENT)
async def set_cover(card_id: IdPath, body: CoverSet, actor: CurrentActor, db: DB) -> None:
    """Make one of the card's images its cover (the tile shows it), or none (null)."""
    await service.set_cover(db, actor, card_id, body.attachment_id)


@router.get("/attachments/{attachment_id}", response_model=AttachmentRead)
async def read_attachment(attachment_id: IdPath, actor: CurrentActor, db: DB) -> object:
    return await service.read_attachment(db, actor, attachment_id)


@router.delete("/attachments/{attachment_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_attachment(attachment_id: IdPath, actor: CurrentActor, db: DB, rt: RT) -> None:
    """The file goes, from the storage too (no undo)."""
    await service.delete_attachment(db, rt.files, actor, attachment_id)


@router.get(
    "/attachments/{attachment_id}/content",
    response_class=Response,
    responses=_FILE_RESPONSES,
)
async def download(
    attachment_id: IdPath, actor: CurrentActor, db: DB, rt: RT, range: Range = None
) -> Response:
    """The file: a download, but for raster images, which open in the browser. Send
    ``Range: bytes=…`` for a part of it."""
    row = await downloads.attachment_to_read(db, actor, attachment_id)
    return await downloads.file_response(rt.files, row, range, thumbnail=False)


@router.get(
    "/attachments/{attachment_id}/thumbnail",
    response_class=Response,
    responses={200: {"content": {"image/webp": {}}, "description": "The preview"}},
)
async def thumbnail(attachment_id: IdPath, actor: CurrentActor, db: DB, rt: RT) -> Response:
    """A small WebP preview of an image (404 for a file without one)."""
    row = await downloads.attachment_to_read(db, actor, attachment_id, thumbnail=True)
    return await downloads.file_response(rt.files, row, None, thumbnail=True)
