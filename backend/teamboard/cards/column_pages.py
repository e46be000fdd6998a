"""The board page's column forms beyond rename and delete (cards/board_pages.py): move a
column left or right, set or clear its WIP limit. With JavaScript off these are how a
column is arranged; a form that fails shows the board again with its message."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from teamboard.accounts.deps import PageActor
from teamboard.boards import columns
from teamboard.boards.schemas import ColumnUpdate
from teamboard.cards.board_view import board_page
from teamboard.core.deps import DB, IdPath
from teamboard.core.errors import Invalid
from teamboard.web.forms import FormState, errors_of, number_text, text
from teamboard.web.guard import PageForm
from teamboard.web.render import redirect

router = APIRouter(include_in_schema=False)

# The buttons' values; anything else is refused like a bad field.
STEPS = {"left": -1, "right": 1}


@router.post("/columns/{column_id}/move")
async def move_column(
    request: Request, column_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    step = STEPS.get(text(form, "direction"))
    if step is None:
        raise Invalid.field("direction", "direction")
    column = await columns.shift_column(db, actor, column_id, step)
    where = "left" if step < 0 else "right"
    return redirect(
        request,
        f"/boards/{column.board_id}#column-{column_id}",
        f"Column “{column.name}” moved {where}.",
    )


@router.post("/columns/{column_id}/wip")
async def set_wip_limit(
    request: Request, column_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    """A blank limit clears it; the field is read, and refused in the same words, as the
    API does (core/schemas.py, core/messages.py)."""
    try:
        body = ColumnUpdate.model_validate(
            {"wip_limit": text(form, "wip_limit") or None, "version": number_text(form, "version")}
        )
        column = await columns.update_column(
            db, actor, column_id, {"wip_limit": body.wip_limit}, body.version
        )
    except (ValidationError, Invalid) as exc:
        board_id = (await columns.read_column(db, actor, column_id)).board_id
        state = FormState.of(f"wip-{column_id}", form, errors_of(exc))
        return await board_page(request, db, actor, board_id, state, 422)
    limit = f"set to {column.wip_limit}" if column.wip_limit else "cleared"
    return redirect(
        request,
        f"/boards/{column.board_id}#column-{column_id}",
        f"WIP limit of “{column.name}” {limit}.",
    )
