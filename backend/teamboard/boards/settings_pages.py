"""The board settings page: name and description, members and roles, labels, copying the
board and offering it as a template."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from teamboard.accounts.deps import PageActor
from teamboard.boards import invitations, labels, service, trash
from teamboard.boards.models import Role
from teamboard.boards.schemas import BoardUpdate, LabelCreate, LabelUpdate, MemberAdd, MemberUpdate
from teamboard.boards.views import can_edit
from teamboard.cards import board_copies
from teamboard.cards.schemas import BoardCopy
from teamboard.core.actor import Actor
from teamboard.core.deps import DB, RT, ClientAddress, IdPath
from teamboard.core.errors import Conflict, Invalid, QuotaExceeded, RateLimited
from teamboard.core.messages import message
from teamboard.web.confirm import confirm_page, confirmed
from teamboard.web.flash import Undo
from teamboard.web.forms import (
    FormState,
    errors_of,
    failed_status,
    id_field,
    keep_retry_after,
    multiline,
    text,
)
from teamboard.web.guard import PageForm
from teamboard.web.markdown import render_page_markdown
from teamboard.web.render import redirect, render

router = APIRouter(include_in_schema=False)
ROLES = [(role.value, role.value.capitalize()) for role in Role]


async def settings_page(
    request: Request,
    db: DB,
    actor: Actor,
    board_id: int,
    form: FormState | None = None,
    status: int = 200,
) -> Response:
    board = await service.get_board(db, actor, board_id)
    is_owner = board.role is Role.owner
    context = {
        "board": board,
        "can_edit": can_edit(board.role),
        "is_owner": is_owner,
        "invitations": (
            await invitations.list_board_invitations(db, actor, board_id) if is_owner else []
        ),
        "members": await service.list_members(db, actor, board_id),
        "labels": await labels.list_labels(db, actor, board_id),
        "roles": ROLES,
        "form": form or FormState(),
        "markdown_html": await render_page_markdown([board.description]),
    }
    return render(request, "boards/settings.html", context, status=status)


def _url(board_id: int, anchor: str = "") -> str:
    return f"/boards/{board_id}/settings" + (f"#{anchor}" if anchor else "")


@router.get("/boards/{board_id}/settings")
async def settings_view(request: Request, board_id: IdPath, actor: PageActor, db: DB) -> Response:
    return await settings_page(request, db, actor, board_id)


@router.post("/boards/{board_id}/settings")
async def update_board(
    request: Request, board_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    try:
        body = BoardUpdate.model_validate(
            {"name": text(form, "name"), "description": multiline(form, "description")}
        )
        await service.update_board(db, actor, board_id, body.model_dump(exclude_unset=True))
    except (ValidationError, Invalid) as exc:
        state = FormState.of("board", form, errors_of(exc))
        return await settings_page(request, db, actor, board_id, state, 422)
    return redirect(request, _url(board_id), "Board saved.")


@router.post("/boards/{board_id}/delete")
async def delete_board(
    request: Request, board_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    if text(form, "confirm") != "yes":
        errors = {"confirm": message("confirm_board_delete", "confirm")}
        state = FormState.of("delete-board", form, errors)
        return await settings_page(request, db, actor, board_id, state, 422)
    board = await service.get_board(db, actor, board_id)
    await service.delete_board(db, actor, board_id)
    return redirect(request, "/boards", f"Board “{board.name}” deleted.")


@router.post("/boards/{board_id}/copy")
async def copy_board(
    request: Request, board_id: IdPath, actor: PageActor, form: PageForm, db: DB, rt: RT
) -> Response:
    try:
        body = BoardCopy.model_validate(
            {"name": text(form, "name"), "include_cards": text(form, "include_cards") == "yes"}
        )
        copy = await board_copies.copy_board(
            db,
            rt.files,
            actor,
            board_id,
            name=body.name,
            include_cards=body.include_cards,
        )
    except (ValidationError, Invalid, QuotaExceeded) as exc:
        state = FormState.of("copy-board", form, errors_of(exc))
        return await settings_page(request, db, actor, board_id, state, 422)
    return redirect(request, f"/boards/{copy.id}", f"Board copied as “{copy.name}”.")


@router.post("/boards/{board_id}/template")
async def mark_template(
    request: Request, board_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    on = text(form, "is_template") == "yes"
    await service.update_board(db, actor, board_id, {"is_template": on})
    said = "is now a template" if on else "is no longer a template"
    return redirect(request, _url(board_id, "template"), f"This board {said}.")


# -- members --------------------------------------------------------------------------------


@router.post("/boards/{board_id}/members")
async def invite_member(
    request: Request,
    board_id: IdPath,
    actor: PageActor,
    form: PageForm,
    db: DB,
    rt: RT,
    client: ClientAddress,
) -> Response:
    """An invitation, answered the same whoever the address belongs to."""
    await service.get_board(db, actor, board_id)  # a non-member gets 404, not a form error
    try:
        body = MemberAdd.model_validate({"email": text(form, "email"), "role": text(form, "role")})
        sent = await invitations.invite(
            db, rt, actor, board_id, email=body.email, role=body.role, client=client
        )
    except (ValidationError, Invalid, RateLimited) as exc:
        state = FormState.of("add-member", form, errors_of(exc))
        page = await settings_page(request, db, actor, board_id, state, failed_status(exc))
        return keep_retry_after(page, exc)
    return redirect(
        request,
        _url(board_id, "invitations"),
        f"Invitation to join as {sent.role} sent to {sent.email}.",
    )


@router.post("/boards/{board_id}/invitations/{invitation_id}/revoke")
async def revoke_invitation(
    request: Request, board_id: IdPath, invitation_id: IdPath, actor: PageActor, db: DB
) -> Response:
    await invitations.revoke(db, actor, invitation_id)
    return redirect(request, _url(board_id, "invitations"), "Invitation withdrawn.")


@router.post("/boards/{board_id}/members/{user_id}/role")
async def change_role(
    request: Request, board_id: IdPath, user_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    try:
        body = MemberUpdate.model_validate({"role": text(form, "role")})
        member = await service.change_member_role(db, actor, board_id, user_id, body.role)
    except (ValidationError, Conflict) as exc:
        state = FormState.of(f"member-{user_id}", form, errors_of(exc))
        return await settings_page(request, db, actor, board_id, state, 422)
    return redirect(
        request, _url(board_id, "members"), f"{member.display_name} is now {member.role}."
    )


@router.post("/boards/{board_id}/members/{user_id}/remove")
async def remove_member(
    request: Request, board_id: IdPath, user_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    leaving = user_id == actor.id
    if not confirmed(form):
        member = await service.member_to_remove(db, actor, board_id, user_id)
        who = "yourself" if leaving else member.display_name
        return confirm_page(
            request,
            title="Leave this board?" if leaving else f"Remove {member.display_name}?",
            explain=f"This takes {who} off the board and off its cards. "
            "You can undo it for a few seconds afterwards.",
            action=f"/boards/{board_id}/members/{user_id}/remove",
            button="Leave the board" if leaving else "Remove member",
            back=_url(board_id, "members"),
        )
    try:
        await service.remove_member(db, actor, board_id, user_id)
    except Conflict as exc:
        state = FormState(f"member-{user_id}", errors={"_form": exc.detail})
        return await settings_page(request, db, actor, board_id, state, 409)
    undo = Undo(f"/boards/{board_id}/members/{user_id}/undelete", trash.undo_until())
    if leaving:
        return redirect(request, "/boards", "You left the board.", undo=undo)
    return redirect(request, _url(board_id, "members"), "Member removed.", undo=undo)


@router.post("/boards/{board_id}/members/{user_id}/undelete")
async def undo_removal(
    request: Request, board_id: IdPath, user_id: IdPath, actor: PageActor, db: DB
) -> Response:
    member = await service.restore_member(db, actor, board_id, user_id)
    message = f"{member.display_name} is back as {member.role}."
    return redirect(request, _url(board_id, "members"), message)


# -- labels ---------------------------------------------------------------------------------


@router.post("/boards/{board_id}/labels")
async def create_label(
    request: Request, board_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    try:
        body = LabelCreate.model_validate(
            {"name": text(form, "name"), "color": text(form, "color")}
        )
        label = await labels.create_label(db, actor, board_id, name=body.name, color=body.color)
    except (ValidationError, Invalid, Conflict) as exc:
        state = FormState.of("new-label", form, errors_of(exc))
        return await settings_page(request, db, actor, board_id, state, 422)
    return redirect(request, _url(board_id, "labels"), f"Label “{label.name}” created.")


@router.post("/labels/{label_id}/update")
async def update_label(
    request: Request, label_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    board_id = id_field(form, "board_id")
    try:
        body = LabelUpdate.model_validate(
            {"name": text(form, "name"), "color": text(form, "color")}
        )
        label = await labels.update_label(db, actor, label_id, name=body.name, color=body.color)
    except (ValidationError, Invalid) as exc:
        state = FormState.of(f"label-{label_id}", form, errors_of(exc))
        return await settings_page(request, db, actor, board_id, state, 422)
    return redirect(request, _url(label.board_id, "labels"), f"Label “{label.name}” saved.")


@router.post("/labels/{label_id}/delete")
async def delete_label(
    request: Request, label_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    board_id = id_field(form, "board_id")
    if not confirmed(form):
        label = await labels.label_to_change(db, actor, label_id)
        return confirm_page(
            request,
            title=f"Delete the label “{label.name}”?",
            explain="It is taken off every card that has it. "
            "You can undo it for a few seconds afterwards.",
            action=f"/labels/{label_id}/delete",
            fields={"board_id": label.board_id},
            button="Delete label",
            back=_url(label.board_id, "labels"),
        )
    await labels.delete_label(db, actor, label_id)
    undo = Undo(f"/labels/{label_id}/undelete", trash.undo_until())
    return redirect(request, _url(board_id, "labels"), "Label deleted.", undo=undo)


@router.post("/labels/{label_id}/undelete")
async def undelete_label(request: Request, label_id: IdPath, actor: PageActor, db: DB) -> Response:
    label = await labels.restore_label(db, actor, label_id)
    message = f"Label “{label.name}” is back on its cards."
    return redirect(request, _url(label.board_id, "labels"), message)
