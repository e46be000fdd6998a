"""JSON routes for boards, members, columns and labels."""

from __future__ import annotations

from fastapi import APIRouter, status

from teamboard.accounts.deps import CurrentActor
from teamboard.boards import columns, invitations, labels, service
from teamboard.boards.schemas import (
    BoardCreate,
    BoardRead,
    BoardUpdate,
    ColumnCreate,
    ColumnOrder,
    ColumnRead,
    ColumnUpdate,
    InvitationRead,
    InvitationSent,
    LabelCreate,
    LabelRead,
    LabelUpdate,
    MemberAdd,
    MemberRead,
    MemberUpdate,
)
from teamboard.cards import templates
from teamboard.core.deps import DB, RT, ClientAddress, IdPath, IfMatch
from teamboard.core.errors import Forbidden, NotFound, RateLimited
from teamboard.core.problems import problems
from teamboard.core.schemas import Limit, Offset, Page

router = APIRouter()
NO_CONTENT = status.HTTP_204_NO_CONTENT
CREATED = status.HTTP_201_CREATED


@router.get("/boards", response_model=Page[BoardRead], tags=["boards"])
async def list_boards(
    actor: CurrentActor, db: DB, archived: bool = False, limit: Limit = 50, offset: Offset = 0
) -> object:
    items, total = await service.list_boards(
        db, actor, archived=archived, limit=limit, offset=offset
    )
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.post(
    "/boards",
    response_model=BoardRead,
    status_code=CREATED,
    tags=["boards"],
    # A template board the caller may not read (or that is no template) is not found.
    responses=problems(NotFound),
)
async def create_board(body: BoardCreate, actor: CurrentActor, db: DB) -> object:
    """A new board, yours. With ``template`` (an id from ``GET /templates``), its columns,
    labels and cards come from the template."""
    if body.template is not None:
        return await templates.create_from_template(
            db, actor, name=body.name, description=body.description, template=body.template
        )
    return await service.create_board(
        db, actor, name=body.name, description=body.description, columns=body.columns
    )


@router.patch("/boards/{board_id}", response_model=BoardRead, tags=["boards"])
async def update_board(board_id: IdPath, body: BoardUpdate, actor: CurrentActor, db: DB) -> object:
    return await service.update_board(db, actor, board_id, body.model_dump(exclude_unset=True))


@router.delete("/boards/{board_id}", status_code=NO_CONTENT, tags=["boards"])
async def delete_board(board_id: IdPath, actor: CurrentActor, db: DB) -> None:
    await service.delete_board(db, actor, board_id)


@router.get("/boards/{board_id}/members", response_model=list[MemberRead], tags=["members"])
async def list_members(board_id: IdPath, actor: CurrentActor, db: DB) -> object:
    return await service.list_members(db, actor, board_id)


@router.post(
    "/boards/{board_id}/members",
    response_model=InvitationSent,
    status_code=status.HTTP_202_ACCEPTED,
    tags=["members"],
    responses=problems(RateLimited),
)
async def invite_member(
    board_id: IdPath, body: MemberAdd, actor: CurrentActor, db: DB, rt: RT, client: ClientAddress
) -> object:
    """Invite an e-mail address: its owner gets a mail with a link to accept or decline,
    and becomes a member once they accept. The same answer for every address (with an
    account or not, a member's, one invited before: renewed), so it tells nobody who has
    an account. Owners only."""
    return await invitations.invite(
        db, rt, actor, board_id, email=body.email, role=body.role, client=client
    )


@router.get(
    "/boards/{board_id}/invitations",
    response_model=list[InvitationRead],
    tags=["invitations"],
    responses=problems(Forbidden),
)
async def list_invitations(board_id: IdPath, actor: CurrentActor, db: DB) -> object:
    """The board's pending invitations, newest first (at most 200). Owners only."""
    return await invitations.list_board_invitations(db, actor, board_id)


@router.delete("/invitations/{invitation_id}", status_code=NO_CONTENT, tags=["invitations"])
async def revoke_invitation(invitation_id: IdPath, actor: CurrentActor, db: DB) -> None:
    """Withdraw a pending invitation: its link stops working. Owners of its board."""
    await invitations.revoke(db, actor, invitation_id)


@router.get("/me/invitations", response_model=list[InvitationRead], tags=["invitations"])
async def my_invitations(actor: CurrentActor, db: DB) -> object:
    """Pending invitations to your address, once it is verified (the link in an
    invitation's mail works either way, and verifies it)."""
    return await invitations.list_my_invitations(db, actor)


@router.post(
    "/invitations/{invitation_id}/accept",
    response_model=BoardRead,
    tags=["invitations"],
)
async def accept_invitation(invitation_id: IdPath, actor: CurrentActor, db: DB) -> object:
    """Join the board with the invited role. Only for the invitee, signed in with the
    verified address it was sent to: for anyone else, 404."""
    return await invitations.accept(db, actor, invitation_id)


@router.post(
    "/invitations/{invitation_id}/decline",
    status_code=NO_CONTENT,
    tags=["invitations"],
)
async def decline_invitation(invitation_id: IdPath, actor: CurrentActor, db: DB) -> None:
    """Turn the invitation down. Only for the invitee, as for accepting."""
    await invitations.decline(db, actor, invitation_id)


@router.patch("/boards/{board_id}/members/{user_id}", response_model=MemberRead, tags=["members"])
async def change_member(
    board_id: IdPath, user_id: IdPath, body: MemberUpdate, actor: CurrentActor, db: DB
) -> object:
    return await service.change_member_role(db, actor, board_id, user_id, body.role)


@router.delete("/boards/{board_id}/members/{user_id}", status_code=NO_CONTENT, tags=["members"])
async def remove_member(board_id: IdPath, user_id: IdPath, actor: CurrentActor, db: DB) -> None:
    await service.remove_member(db, actor, board_id, user_id)


@router.post(
    "/boards/{board_id}/members/{user_id}/restore", response_model=MemberRead, tags=["members"]
)
async def restore_member(board_id: IdPath, user_id: IdPath, actor: CurrentActor, db: DB) -> object:
    """Undo a removal (or leaving) within a few seconds: the same role, the same cards."""
    return await service.restore_member(db, actor, board_id, user_id)


@router.get("/boards/{board_id}/columns", response_model=list[ColumnRead], tags=["columns"])
async def list_columns(board_id: IdPath, actor: CurrentActor, db: DB) -> object:
    return await columns.list_columns(db, actor, board_id)


@router.post(
    "/boards/{board_id}/columns", response_model=ColumnRead, status_code=CREATED, tags=["columns"]
)
async def create_column(
    board_id: IdPath, body: ColumnCreate, actor: CurrentActor, db: DB
) -> object:
    return await columns.create_column(
        db, actor, board_id, name=body.name, wip_limit=body.wip_limit, position=body.position
    )


@router.put("/boards/{board_id}/columns/order", response_model=list[ColumnRead], tags=["columns"])
async def reorder_columns(
    board_id: IdPath, body: ColumnOrder, actor: CurrentActor, db: DB
) -> object:
    """Replace the column order: list every column id once, left to right."""
    return await columns.reorder_columns(db, actor, board_id, body.column_ids)


@router.get("/columns/{column_id}", response_model=ColumnRead, tags=["columns"])
async def read_column(column_id: IdPath, actor: CurrentActor, db: DB) -> object:
    return await columns.read_column(db, actor, column_id)


@router.patch("/columns/{column_id}", response_model=ColumnRead, tags=["columns"])
async def update_column(
    column_id: IdPath, body: ColumnUpdate, actor: CurrentActor, db: DB, if_match: IfMatch
) -> object:
    changes = body.model_dump(exclude_unset=True, exclude={"version"})
    return await columns.update_column(db, actor, column_id, changes, body.version or if_match)


@router.delete("/columns/{column_id}", status_code=NO_CONTENT, tags=["columns"])
async def delete_column(column_id: IdPath, actor: CurrentActor, db: DB, if_match: IfMatch) -> None:
    await columns.delete_column(db, actor, column_id, if_match)


@router.get("/boards/{board_id}/labels", response_model=list[LabelRead], tags=["labels"])
async def list_labels(board_id: IdPath, actor: CurrentActor, db: DB) -> object:
    return await labels.list_labels(db, actor, board_id)


@router.post(
    "/boards/{board_id}/labels", response_model=LabelRead, status_code=CREATED, tags=["labels"]
)
async def create_label(board_id: IdPath, body: LabelCreate, actor: CurrentActor, db: DB) -> object:
    return await labels.create_label(db, actor, board_id, name=body.name, color=body.color)


@router.patch("/labels/{label_id}", response_model=LabelRead, tags=["labels"])
async def update_label(label_id: IdPath, body: LabelUpdate, actor: CurrentActor, db: DB) -> object:
    return await labels.update_label(db, actor, label_id, name=body.name, color=body.color)


@router.delete("/labels/{label_id}", status_code=NO_CONTENT, tags=["labels"])
async def delete_label(label_id: IdPath, actor: CurrentActor, db: DB) -> None:
    await labels.delete_label(db, actor, label_id)


@router.post("/labels/{label_id}/restore", response_model=LabelRead, tags=["labels"])
async def restore_label(label_id: IdPath, actor: CurrentActor, db: DB) -> object:
    """Undo a deletion within a few seconds: back on every card it was on."""
    return await labels.restore_label(db, actor, label_id)
