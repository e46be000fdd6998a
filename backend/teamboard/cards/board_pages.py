"""The board page — its columns with their cards, and the filters — and the forms on it:
add, rename and delete a column, add and move a card. A form that fails shows the page
again, with the form's errors and input. It sits with cards because it shows them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.datastructures import FormData
from starlette.responses import Response

from teamboard.accounts.deps import PageActor
from teamboard.boards import columns
from teamboard.boards import service as boards
from teamboard.boards.schemas import ColumnCreate, ColumnUpdate
from teamboard.cards import listing as cards
from teamboard.cards import moves, service
from teamboard.cards.board_view import board_page
from teamboard.cards.card_view import card_page
from teamboard.cards.schemas import CardCreate, CardFilters, CardMove
from teamboard.core.deps import DB, IdPath
from teamboard.core.errors import Invalid
from teamboard.core.messages import message
from teamboard.core.schemas import MAX_POSITION, Offset, parse_int
from teamboard.web.forms import FormState, errors_of, number_text, optional_number, text
from teamboard.web.guard import PageForm
from teamboard.web.render import redirect, render

router = APIRouter(include_in_schema=False)
ARCHIVED_PER_PAGE = 50
LAST = MAX_POSITION  # "after every card"


@router.get("/boards/{board_id}")
async def board_view(request: Request, board_id: IdPath, actor: PageActor, db: DB) -> Response:
    return await board_page(request, db, actor, board_id)


@router.get("/boards/{board_id}/archived")
async def archived_cards(
    request: Request, board_id: IdPath, actor: PageActor, db: DB, offset: Offset = 0
) -> Response:
    board = await boards.get_board(db, actor, board_id)
    items, total = await cards.list_cards(
        db, actor, board_id, CardFilters(archived=True), limit=ARCHIVED_PER_PAGE, offset=offset
    )
    context = {"board": board, "cards": items, "total": total, "offset": offset}
    return render(request, "boards/archived.html", context | {"limit": ARCHIVED_PER_PAGE})


@router.post("/boards/{board_id}/columns")
async def add_column(
    request: Request, board_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    try:
        body = ColumnCreate.model_validate({"name": text(form, "name")})
        column = await columns.create_column(
            db, actor, board_id, name=body.name, wip_limit=None, position=None
        )
    except (ValidationError, Invalid) as exc:
        state = FormState.of("add-column", form, errors_of(exc))
        return await board_page(request, db, actor, board_id, state, 422)
    return redirect(
        request, f"/boards/{board_id}#column-{column.id}", f"Column “{column.name}” added."
    )


@router.post("/columns/{column_id}/rename")
async def rename_column(
    request: Request, column_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    try:
        body = ColumnUpdate.model_validate(
            {"name": text(form, "name"), "version": number_text(form, "version")}
        )
        column = await columns.update_column(
            db, actor, column_id, {"name": body.name}, body.version
        )
    except (ValidationError, Invalid) as exc:
        board_id = (await columns.read_column(db, actor, column_id)).board_id
        state = FormState.of(f"column-{column_id}", form, errors_of(exc))
        return await board_page(request, db, actor, board_id, state, 422)
    return redirect(
        request,
        f"/boards/{column.board_id}#column-{column_id}",
        f"Column renamed to “{column.name}”.",
    )


@router.post("/columns/{column_id}/delete")
async def delete_column(
    request: Request, column_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    column = await columns.read_column(db, actor, column_id)
    if text(form, "confirm") != "yes":
        errors = {"confirm": message("confirm_column_delete", "confirm")}
        state = FormState.of(f"delete-column-{column_id}", form, errors)
        return await board_page(request, db, actor, column.board_id, state, 422)
    await columns.delete_column(db, actor, column_id, optional_number(form, "version"))
    return redirect(request, f"/boards/{column.board_id}", f"Column “{column.name}” deleted.")


@router.post("/columns/{column_id}/cards")
async def add_card(
    request: Request, column_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    try:
        body = CardCreate.model_validate({"title": text(form, "title")})
        card = await service.create_card(db, actor, column_id, body.model_dump())
    except (ValidationError, Invalid) as exc:
        board_id = (await columns.read_column(db, actor, column_id)).board_id
        state = FormState.of(f"add-card-{column_id}", form, errors_of(exc))
        return await board_page(request, db, actor, board_id, state, 422)
    # Back at the column's add field, focused, for the next card (_focus_add_field).
    target = f"/boards/{card.board_id}?added={card.id}#add-card-{column_id}-title"
    return redirect(request, target, f"Card “{card.title}” added.")


def _position(form: FormData) -> int:
    """The form counts from 1 and a blank means last; the service counts from 0. Anything
    else becomes -1, which the schema refuses along with the other fields' errors."""
    raw = text(form, "position")
    if not raw:
        return LAST
    number = parse_int(raw, 1, MAX_POSITION + 1)
    return number - 1 if number is not None else -1


@router.post("/cards/{card_id}/move")
async def move_card(
    request: Request, card_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    back_to_card = text(form, "back") == "card"
    try:
        body = CardMove.model_validate(
            {
                "column_id": text(form, "column_id"),
                "position": _position(form),
                "version": number_text(form, "version"),
            }
        )
        card = await moves.move_card(
            db,
            actor,
            card_id,
            column_id=body.column_id,
            position=body.position,
            version=body.version,
        )
    except (ValidationError, Invalid) as exc:
        errors = errors_of(exc)
        if "position" in errors:
            errors["position"] = message("page_position", "position")  # counted from 1
        # The one Move form is the card page's (a tile links to it): shown again there.
        return await card_page(request, db, actor, card_id, FormState.of("move", form, errors), 422)
    where = f"/cards/{card_id}" if back_to_card else f"/boards/{card.board_id}#card-{card_id}"
    return redirect(request, where, f"Card “{card.title}” moved.")
