"""Pages for cards and their comments: add, edit, move, archive, delete, discuss."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.datastructures import FormData
from starlette.responses import Response

from teamboard.accounts.deps import PageActor
from teamboard.boards import service as boards
from teamboard.boards import trash
from teamboard.cards import comments, copies, service
from teamboard.cards.card_view import EditView, card_page
from teamboard.cards.edit_conflicts import ID_FIELDS, TEXT_FIELDS, as_text, parse_ids, reconcile
from teamboard.cards.schemas import CardCopy, CardUpdate, CommentCreate
from teamboard.core.deps import DB, RT, IdPath
from teamboard.core.errors import Conflict, Forbidden, Invalid, NotFound, QuotaExceeded
from teamboard.core.messages import message
from teamboard.core.schemas import MAX_POSITION, Offset, parse_int
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
    "Someone else changed this card while you were editing. Your text is kept below: "
    "for each field marked, keep yours or take theirs."
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
    """Save what the person changed. A stale form (someone saved meanwhile) merges what
    does not collide and asks about what does (cards/edit_conflicts.py); ``take`` puts
    the current value of one asked field back into the form, ``preview`` shows the
    description rendered; neither saves."""
    pending = [p for p in text(form, "pending").split(",") if p in TEXT_FIELDS]
    take = optional(form, "take")
    if take in TEXT_FIELDS or optional(form, "preview"):
        state = FormState.of("edit", form, {})
        if take in TEXT_FIELDS:
            current = await service.read_card(db, actor, card_id)
            state.values[take] = [as_text(getattr(current, take))]
            pending = [p for p in pending if p != take]
        preview = None if take else multiline(form, "description")
        edit = EditView(conflicts=pending, preview=preview)
        return await card_page(request, db, actor, card_id, state, edit=edit)
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
        mine = body.model_dump(exclude_unset=True, exclude={"version"})
        current = await service.read_card(db, actor, card_id)
        stale = body.version is not None and body.version != current.version
        seen_text = {name: optional(form, f"seen_{name}") for name in TEXT_FIELDS}
        seen_ids = {name: parse_ids(_sent(form, f"seen_{name}")) for name in ID_FIELDS}
        merged = reconcile(mine, seen_text, seen_ids, current, stale=stale)
        if merged.conflicts:
            state = FormState.of("edit", form, {FORM_ERROR: STALE})
            state.values.update(merged.shown)
            edit = EditView(conflicts=merged.conflicts)
            return await card_page(request, db, actor, card_id, state, 409, edit=edit)
        if merged.changes:
            await service.update_card(db, actor, card_id, merged.changes, current.version)
    except (ValidationError, Invalid, Conflict) as exc:
        errors = errors_of(exc)
        status = 422
        if isinstance(exc, Conflict):  # saved by someone else between our read and write
            status = 409
            errors = {FORM_ERROR: STALE}
        return await card_page(
            request, db, actor, card_id, FormState.of("edit", form, errors), status
        )
    return redirect(request, f"/cards/{card_id}", "Card saved.")


def _sent(form: FormData, name: str) -> str | None:
    """A field as sent, blank included; None when the form has no such field."""
    value = form.get(name)
    return value if isinstance(value, str) else None


@router.post("/cards/{card_id}/archive")
async def archive_card(request: Request, card_id: IdPath, actor: PageActor, db: DB) -> Response:
    card = await service.update_card(db, actor, card_id, {"archived": True}, None)
    return redirect(request, f"/cards/{card_id}", f"Card “{card.title}” archived.")


@router.post("/cards/{card_id}/restore")
async def restore_card(request: Request, card_id: IdPath, actor: PageActor, db: DB) -> Response:
    card = await service.update_card(db, actor, card_id, {"archived": False}, None)
    return redirect(request, f"/cards/{card_id}", f"Card “{card.title}” restored to the board.")


@router.post("/cards/{card_id}/copy")
async def copy_card(
    request: Request, card_id: IdPath, actor: PageActor, form: PageForm, db: DB, rt: RT
) -> Response:
    """The card page's Copy form: to a column of any board the person edits."""
    try:
        body = CardCopy.model_validate(
            {
                "column_id": text(form, "column_id"),
                "title": optional(form, "title"),
                "include": ints(form, "include"),
                "position": _from_one(text(form, "position")),
            }
        )
        copy = await copies.copy_card(
            db,
            rt.files,
            actor,
            card_id,
            column_id=body.column_id,
            position=body.position,
            title=body.title,
            include=body.include,
        )
    except (ValidationError, Invalid, Forbidden, NotFound, QuotaExceeded) as exc:
        errors = errors_of(exc)  # the quota's: for the whole form
        if "position" in errors:
            errors["position"] = message("page_position", "position")  # counted from 1
        if isinstance(exc, (Forbidden, NotFound)):  # a column of a board they cannot edit
            errors = {"column_id": message("copy_target", "column_id")}
        state = FormState.of("copy", form, errors)
        return await card_page(request, db, actor, card_id, state, 422)
    return redirect(request, f"/cards/{copy.id}", f"Card copied as “{copy.title}”.")


def _from_one(raw: str) -> int | None:
    """A position as the form counts (from 1; blank: last) as the service counts; what is
    no such number becomes -1, which the schema refuses with the other fields' errors."""
    if not raw:
        return None
    number = parse_int(raw, 1, MAX_POSITION + 1)
    return number - 1 if number is not None else -1


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
