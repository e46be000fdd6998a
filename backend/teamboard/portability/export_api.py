"""Taking a board out: GET /api/v1/boards/{board_id}/export, as Teamboard's own JSON
document (re-importable) or as CSV for spreadsheets. Owners only; a download (RFC 6266
name from the board's name)."""

from __future__ import annotations

import enum
import json
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from teamboard.accounts.deps import CurrentActor
from teamboard.attachments.naming import clean_filename, content_disposition
from teamboard.core.deps import DB, IdPath
from teamboard.core.problems import DESCRIPTIONS
from teamboard.portability.service import export_board
from teamboard.portability.spreadsheet import export_csv

router = APIRouter(tags=["export"])


class ExportFormat(enum.StrEnum):
    json = "json"
    csv = "csv"


_MEDIA = {
    ExportFormat.json: "application/json",
    ExportFormat.csv: "text/csv; charset=utf-8; header=present",
}


@router.get(
    "/boards/{board_id}/export",
    responses={
        200: {
            "content": {"application/json": {}, "text/csv": {}},
            "description": "The board as a file to download",
        },
        403: {"description": DESCRIPTIONS[403]},
    },
)
async def export(
    board_id: IdPath,
    actor: CurrentActor,
    db: DB,
    format: Annotated[ExportFormat, Query(description="json (re-importable) or csv")] = (
        ExportFormat.json
    ),
) -> Response:
    """The board as a file: ``json``, complete and re-importable, or ``csv``, one row per
    card. Only its owners may take it out (it names the members by e-mail)."""
    if format is ExportFormat.csv:
        board_name, body = await export_csv(db, actor, board_id)
    else:
        doc = await export_board(db, actor, board_id)
        board_name = doc.name
        body = json.dumps(doc.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    name = clean_filename(f"{board_name} {date.today().isoformat()}.{format}")
    return Response(
        body.encode(),
        media_type=_MEDIA[format],
        headers={"Content-Disposition": content_disposition(name, inline=False)},
    )
