"""Pages for cards and their comments: add, edit, move, archive, delete, discuss."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.datastructures import FormData
from starlette.responses import Response

from teamboard.boards import columns, labels
from teamboard.boards import service as boards
from teamboard.boards.pages import board_page, can_edit
from teamboard.cards import comments, moves, service
from teamboard.cards.schemas import CardCreate, CardMove, CardUpdate, CommentCreate
from teamboard.core.actor import Actor
from teamboard.core.deps import DB, IdPath
from teamboard.core.errors import Conflict, Invalid
from teamboard.core.schemas import MAX_POSITION, Offset, parse_int
from teamboard.web.forms import (
    FORM_ERROR,
    FormState,
    errors_of,
    id_field,
    ints,
    multiline,
    number_text,
    optional,
    optional_number,
    text,
)
from teamboard.web.guard import PageActor, PageForm
from teamboard.web.markdown import render_page_markdown
from teamboard.web.render import redirect, render

router = APIRouter(include_in_schema=False)
COMMENTS_PER_PAGE = 100
STALE = (
    "Someone else changed this card while you were editing. "
    "Your changes are below; save again to replace theirs."
)
LAST = MAX_POSITION  # "after every card"


async def card_page(
    request: Request,
    db: DB,
    actor: Actor,
    card_id: int,
    form: FormState | None = None,
    status: int = 200,
    offset: int = 0,
) -> Response:
    card = await service.read_card(db, actor, card_id)
    board = await boards.get_board(db, actor, card.board_id)
    notes, total = await comments.list_comments(
        db, actor, card_id, limit=COMMENTS_PER_PAGE, offset=offset
    )
    board_columns = await columns.list_columns(db, actor, card.board_id)
    context = {
        "card": card,
        "board": board,
        "can_edit": can_edit(board["role"]),
        "is_owner": board["role"] == "owner",
        "columns": board_columns,
        "column_options": [(c["id"], c["name"]) for c in board_columns],
        "labels": await labels.list_labels(db, actor, card.board_id),
        "members": await boards.list_members(db, actor, card.board_id),
        "comments": notes,
        "total_comments": total,
        "offset": offset,
        "limit": COMMENTS_PER_PAGE,
        "form": form or FormState(),
        "markdown_html": await render_page_markdown(
            [card.description, *(note.body for note in notes)]
        ),
    }
    return render(request, "cards/card.html", context, status=status)


@router.get("/cards/{card_id}")
async def card_view(
    request: Request, card_id: IdPath, actor: PageActor, db: DB, offset: Offset = 0
) -> Response:
    return await card_page(request, db, actor, card_id, offset=offset)


@router.post("/columns/{column_id}/cards")
async def add_card(
    request: Request, column_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    try:
        body = CardCreate.model_validate({"title": text(form, "title")})
        card = await service.create_card(db, actor, column_id, body.model_dump())
    except (ValidationError, Invalid) as exc:
        board_id = (await columns.read_column(db, actor, column_id))["board_id"]
        state = FormState.of(f"add-card-{column_id}", form, errors_of(exc))
        return await board_page(request, db, actor, board_id, state, 422)
    return redirect(
        request, f"/boards/{card.board_id}#card-{card.id}", f"Card “{card.title}” added."
    )


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
            errors["position"] = "Enter a whole number from 1 (the top), or leave it blank"
        if back_to_card:
            return await card_page(
                request, db, actor, card_id, FormState.of("move", form, errors), 422
            )
        board_id = (await service.read_card(db, actor, card_id)).board_id
        state = FormState.of(f"move-{card_id}", form, errors)
        return await board_page(request, db, actor, board_id, state, 422)
    where = f"/cards/{card_id}" if back_to_card else f"/boards/{card.board_id}#card-{card_id}"
    return redirect(request, where, f"Card “{card.title}” moved.")


@router.post("/cards/{card_id}")
async def edit_card(
    request: Request, card_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    try:
        body = CardUpdate.model_validate(
            {
                "title": text(form, "title"),
                "description": multiline(form, "description"),
                "due_date": optional(form, "due_date"),
                "label_ids": ints(form, "label_ids"),
                "assignee_ids": ints(form, "assignee_ids"),
                "version": number_text(form, "version"),
            }
        )
        changes = body.model_dump(exclude_unset=True, exclude={"version"})
        await service.update_card(db, actor, card_id, changes, body.version)
    except (ValidationError, Invalid, Conflict) as exc:
        errors = errors_of(exc)
        status = 422
        if isinstance(exc, Conflict):
            status = 409
            errors = {FORM_ERROR: STALE}
        return await card_page(
            request, db, actor, card_id, FormState.of("edit", form, errors), status
        )
    return redirect(request, f"/cards/{card_id}", "Card saved.")


@router.post("/cards/{card_id}/archive")
async def archive_card(request: Request, card_id: IdPath, actor: PageActor, db: DB) -> Response:
    card = await service.update_card(db, actor, card_id, {"archived": True}, None)
    return redirect(request, f"/cards/{card_id}", f"Card “{card.title}” archived.")


@router.post("/cards/{card_id}/restore")
async def restore_card(request: Request, card_id: IdPath, actor: PageActor, db: DB) -> Response:
    card = await service.update_card(db, actor, card_id, {"archived": False}, None)
    return redirect(request, f"/cards/{card_id}", f"Card “{card.title}” restored to the board.")


@router.get("/cards/{card_id}/delete")
async def confirm_delete(request: Request, card_id: IdPath, actor: PageActor, db: DB) -> Response:
    card = await service.read_card(db, actor, card_id)
    board = await boards.get_board(db, actor, card.board_id)
    return render(request, "cards/delete.html", {"card": card, "board": board})


@router.post("/cards/{card_id}/delete")
async def delete_card(
    request: Request, card_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    card = await service.read_card(db, actor, card_id)
    await service.delete_card(db, actor, card_id, optional_number(form, "version"))
    return redirect(request, f"/boards/{card.board_id}", f"Card “{card.title}” deleted.")


# -- comments -------------------------------------------------------------------------------


@router.post("/cards/{card_id}/comments")
async def add_comment(
    request: Request, card_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    try:
        body = CommentCreate.model_validate({"body": multiline(form, "body")})
        comment = await comments.add_comment(db, actor, card_id, body.body)
    except (ValidationError, Invalid) as exc:
        state = FormState.of("comment", form, errors_of(exc))
        return await card_page(request, db, actor, card_id, state, 422)
    return redirect(request, f"/cards/{card_id}#comment-{comment.id}", "Comment added.")


@router.post("/comments/{comment_id}/edit")
async def edit_comment(
    request: Request, comment_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    card_id = id_field(form, "card_id")
    try:
        body = CommentCreate.model_validate({"body": multiline(form, "body")})
        await comments.edit_comment(db, actor, comment_id, body.body)
    except (ValidationError, Invalid) as exc:
        state = FormState.of(f"comment-{comment_id}", form, errors_of(exc))
        return await card_page(request, db, actor, card_id, state, 422)
    return redirect(request, f"/cards/{card_id}#comment-{comment_id}", "Comment updated.")


@router.post("/comments/{comment_id}/delete")
async def delete_comment(
    request: Request, comment_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    card_id = id_field(form, "card_id")
    await comments.delete_comment(db, actor, comment_id)
    return redirect(request, f"/cards/{card_id}#comments", "Comment deleted.")
