"""Pages for cards and their comments: add, edit, move, archive, delete, discuss."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from teamboard.accounts.deps import PageActor
from teamboard.boards import service as boards
from teamboard.boards import trash
from teamboard.cards import comments, service
from teamboard.cards.card_view import card_page
from teamboard.cards.schemas import CardUpdate, CommentCreate
from teamboard.core.deps import DB, IdPath
from teamboard.core.errors import Conflict, Invalid
from teamboard.core.schemas import Offset
from teamboard.web.confirm import confirm_page, confirmed
from teamboard.web.flash import Undo
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
from teamboard.web.guard import PageForm
from teamboard.web.render import redirect, render

router = APIRouter(include_in_schema=False)
STALE = (
    "Someone else changed this card while you were editing. "
    "Your changes are below; save again to replace theirs."
)


@router.get("/cards/{card_id}")
async def card_view(
    request: Request, card_id: IdPath, actor: PageActor, db: DB, offset: Offset = 0
) -> Response:
    return await card_page(request, db, actor, card_id, offset=offset)


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
    undo = Undo(f"/cards/{card_id}/undelete", trash.undo_until())
    return redirect(request, f"/boards/{card.board_id}", f"Card “{card.title}” deleted.", undo=undo)


@router.post("/cards/{card_id}/undelete")
async def undelete_card(request: Request, card_id: IdPath, actor: PageActor, db: DB) -> Response:
    card = await service.restore_card(db, actor, card_id)
    return redirect(request, f"/cards/{card_id}", f"Card “{card.title}” is back.")


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
    if not confirmed(form):
        comment = await comments.comment_to_delete(db, actor, comment_id)
        return confirm_page(
            request,
            title="Delete this comment?",
            explain="It disappears for everyone. You can undo it for a few seconds afterwards.",
            quote=comment.body[:300],
            action=f"/comments/{comment_id}/delete",
            fields={"card_id": comment.card_id},
            button="Delete comment",
            back=f"/cards/{comment.card_id}#comment-{comment_id}",
        )
    await comments.delete_comment(db, actor, comment_id)
    undo = Undo(f"/comments/{comment_id}/undelete", trash.undo_until())
    return redirect(request, f"/cards/{card_id}#comments", "Comment deleted.", undo=undo)


@router.post("/comments/{comment_id}/undelete")
async def undelete_comment(
    request: Request, comment_id: IdPath, actor: PageActor, db: DB
) -> Response:
    comment = await comments.restore_comment(db, actor, comment_id)
    return redirect(request, f"/cards/{comment.card_id}#comment-{comment_id}", "Comment restored.")
