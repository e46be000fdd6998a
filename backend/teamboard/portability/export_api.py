"""Taking a board out: GET /api/v1/boards/{board_id}/export, as Teamboard's own JSON
document (re-importable), as a zip archive of that document with the files' bytes, or as
CSV for spreadsheets. Owners only; a download (RFC 6266 name from the board's name).

The archive is written to a temporary file first (its size is the board's files, up to
its quota: never in memory), one without a name on the disk, streamed from its open
handle and closed when the stream ends: a client that goes away frees the disk as surely
as one that reads to the end."""

from __future__ import annotations

import enum
import tempfile
from collections.abc import AsyncIterator
from datetime import date
from typing import IO, Annotated

import anyio
from fastapi import APIRouter, Query, Response
from fastapi.responses import StreamingResponse

from teamboard.accounts.deps import CurrentActor
from teamboard.attachments.naming import clean_filename, content_disposition
from teamboard.core.deps import DB, RT, IdPath
from teamboard.core.problems import DESCRIPTIONS
from teamboard.portability.service import document_text, export_archive, export_board
from teamboard.portability.spreadsheet import export_csv

router = APIRouter(tags=["export"])


class ExportFormat(enum.StrEnum):
    json = "json"
    zip = "zip"
    csv = "csv"


CHUNK = 64 * 1024
_MEDIA = {
    ExportFormat.json: "application/json",
    ExportFormat.zip: "application/zip",
    ExportFormat.csv: "text/csv; charset=utf-8; header=present",
}


@router.get(
    "/boards/{board_id}/export",
    responses={
        200: {
            "content": {"application/json": {}, "application/zip": {}, "text/csv": {}},
            "description": "The board as a file to download",
        },
        403: {"description": DESCRIPTIONS[403]},
    },
)
async def export(
    board_id: IdPath,
    actor: CurrentActor,
    db: DB,
    rt: RT,
    format: Annotated[
        ExportFormat, Query(description="json (re-importable), zip (with the files) or csv")
    ] = ExportFormat.json,
    activity: Annotated[
        bool,
        Query(description="json and zip: the board's activity too (its newest 10,000 events)"),
    ] = False,
) -> Response:
    """The board as a file: ``json``, complete and re-importable (files listed, their bytes
    not carried), ``zip``, that document with the files, or ``csv``, one row per card. Only
    its owners may take it out (it names the members by e-mail)."""
    if format is ExportFormat.zip:
        spool = await anyio.to_thread.run_sync(_spool)
        try:
            doc = await export_archive(db, rt.files, actor, board_id, spool, activity=activity)
            await anyio.to_thread.run_sync(spool.seek, 0)
        except BaseException:
            spool.close()
            raise
        return StreamingResponse(
            _read(spool), media_type=_MEDIA[format], headers=_download(doc.name, format)
        )
    if format is ExportFormat.csv:
        board_name, body = await export_csv(db, actor, board_id)
    else:
        doc = await export_board(db, actor, board_id, activity=activity)
        board_name, body = doc.name, document_text(doc)
    return Response(body.encode(), media_type=_MEDIA[format], headers=_download(board_name, format))


def _download(board_name: str, format: ExportFormat) -> dict[str, str]:
    name = clean_filename(f"{board_name} {date.today().isoformat()}.{format}")
    return {"Content-Disposition": content_disposition(name, inline=False)}


def _spool() -> IO[bytes]:
    """A temporary file with no name (POSIX): gone from the disk once closed. Closed by
    the stream that reads it, not here."""
    return tempfile.TemporaryFile(prefix="teamboard-export-")


async def _read(spool: IO[bytes]) -> AsyncIterator[bytes]:
    try:
        while chunk := await anyio.to_thread.run_sync(spool.read, CHUNK):
            yield chunk
    finally:
        spool.close()
