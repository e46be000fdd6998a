"""Boards and their members."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select

from teamboard.accounts.models import User
from teamboard.boards import trash
from teamboard.boards.access import access_board
from teamboard.boards.log import lock_board, record_event, stage_ephemeral
from teamboard.boards.models import Board, BoardColumn, BoardMember, Invitation, Role
from teamboard.boards.schemas import BoardRead, MemberRead
from teamboard.boards.trash import Kind
from teamboard.boards.views import as_json, board_read, member_read
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import Conflict, NotFound
from teamboard.core.positions import spread


def _public(board: Board) -> dict[str, Any]:
    return {
        "id": board.id,
        "name": board.name,
        "description": board.description,
        "archived": board.archived,
        "is_template": board.is_template,
    }


async def list_boards(
    db: UnitOfWork, actor: Actor, *, archived: bool, limit: int, offset: int
) -> tuple[list[BoardRead], int]:
    mine = (
        select(Board, BoardMember.role)
        .join(BoardMember, (BoardMember.board_id == Board.id) & (BoardMember.user_id == actor.id))
        .where(Board.archived.is_(archived))
    )
    total = await db.scalar(select(func.count()).select_from(mine.subquery())) or 0
    rows = await db.execute(
        mine.order_by(Board.updated_at.desc(), Board.id.desc()).limit(limit).offset(offset)
    )
    return [board_read(board, role) for board, role in rows], total


async def create_board(
    db: UnitOfWork, actor: Actor, *, name: str, description: str, columns: list[str]
) -> BoardRead:
    async with db.transaction():
        board = Board(name=name, description=description)
        db.add(board)
        await db.flush()
        db.add(BoardMember(board_id=board.id, user_id=actor.id, role=Role.owner))
        for rank, column_name in zip(spread(len(columns)), columns, strict=True):
            db.add(BoardColumn(board_id=board.id, name=column_name, rank=rank))
        await db.flush()
        await record_event(db, board.id, "board.created", actor, _public(board))
    await db.refresh(board)
    return board_read(board, Role.owner)


async def get_board(db: UnitOfWork, actor: Actor, board_id: int) -> BoardRead:
    """The board itself with the caller's role, without its columns and cards."""
    board, role = await access_board(db, actor, board_id)
    return board_read(board, role)


async def update_board(
    db: UnitOfWork, actor: Actor, board_id: int, changes: dict[str, Any]
) -> BoardRead:
    async with db.transaction():
        board, role = await access_board(db, actor, board_id, Role.editor)
        owners_only = {"archived", "is_template"} & changes.keys()
        if owners_only and role is not Role.owner:
            await access_board(db, actor, board_id, Role.owner)
        await lock_board(db, board_id)
        for key in ("name", "description", "archived", "is_template"):
            if changes.get(key) is not None:
                setattr(board, key, changes[key])
        await db.flush()
        await record_event(db, board_id, "board.updated", actor, _public(board))
    await db.refresh(board)
    return board_read(board, role)


async def delete_board(db: UnitOfWork, actor: Actor, board_id: int) -> None:
    async with db.transaction():
        await access_board(db, actor, board_id, Role.owner)
        await db.execute(delete(Board).where(Board.id == board_id))
        stage_ephemeral(db, board_id, "board.deleted", actor, {"id": board_id})


# -- members ----------------------------------------------------------------------------


async def list_members_of(db: UnitOfWork, board_id: int) -> list[MemberRead]:
    rows = await db.execute(
        select(BoardMember.role, User)
        .join(User, User.id == BoardMember.user_id)
        .where(BoardMember.board_id == board_id)
        .order_by(User.display_name, User.id)
    )
    return [member_read(user, role) for role, user in rows]


async def first_owner(db: UnitOfWork, board_id: int) -> User:
    """The board's longest-standing owner: whom a server's operator acts as on the command
    line when they name nobody. NotFound without such a board."""
    user = await db.scalar(
        select(User)
        .join(BoardMember, BoardMember.user_id == User.id)
        .where(BoardMember.board_id == board_id, BoardMember.role == Role.owner)
        .order_by(BoardMember.created_at, User.id)
        .limit(1)
    )
    if user is None:
        raise NotFound(f"No board {board_id}")
    return user


async def list_members(db: UnitOfWork, actor: Actor, board_id: int) -> list[MemberRead]:
    await access_board(db, actor, board_id)
    return await list_members_of(db, board_id)


async def add_member(
    db: UnitOfWork, actor: Actor, board_id: int, *, email: str, role: Role
) -> MemberRead:
    """The operator's way (the command line, the demo data): an existing account is a
    member at once, without being asked. Everyone else invites (boards/invitations.py),
    and the invitee accepts."""
    async with db.transaction():
        await access_board(db, actor, board_id, Role.owner)
        user = await db.scalar(select(User).where(User.email == email, User.is_active.is_(True)))
        if user is None:
            raise NotFound("No active account has this e-mail")
        await lock_board(db, board_id)
        existing = await db.get(BoardMember, (board_id, user.id))
        if existing is not None:
            raise Conflict("Already a member of this board")
        db.add(BoardMember(board_id=board_id, user_id=user.id, role=role))
        # An invitation to the board they were just added to has nothing left to offer.
        await db.execute(
            delete(Invitation).where(Invitation.board_id == board_id, Invitation.email == email)
        )
        member = member_read(user, role)
        await record_event(db, board_id, "member.added", actor, as_json(member))
    return member


async def change_member_role(
    db: UnitOfWork, actor: Actor, board_id: int, user_id: int, role: Role
) -> MemberRead:
    async with db.transaction():
        await access_board(db, actor, board_id, Role.owner)
        await lock_board(db, board_id)
        member, user = await _get_member(db, board_id, user_id)
        if member.role is Role.owner and role is not Role.owner:
            await _keep_an_owner(db, board_id)
        member.role = role
        result = member_read(user, role)
        await record_event(db, board_id, "member.updated", actor, as_json(result))
    return result


async def member_to_remove(db: UnitOfWork, actor: Actor, board_id: int, user_id: int) -> MemberRead:
    """The member, if the caller may remove them (the pages ask before they do)."""
    await access_board(db, actor, board_id, Role.viewer if user_id == actor.id else Role.owner)
    member, user = await _get_member(db, board_id, user_id)
    return member_read(user, member.role)


async def remove_member(db: UnitOfWork, actor: Actor, board_id: int, user_id: int) -> None:
    """Owners remove anyone; any member may leave. The last owner may not go."""
    async with db.transaction():
        await access_board(db, actor, board_id, Role.viewer if user_id == actor.id else Role.owner)
        await lock_board(db, board_id)
        member, _user = await _get_member(db, board_id, user_id)
        if member.role is Role.owner:
            await _keep_an_owner(db, board_id)
        kept = [
            await trash.rows_of(
                db,
                BoardMember,
                BoardMember.board_id == board_id,
                BoardMember.user_id == user_id,
            )
        ]
        await trash.keep(db, board_id, Kind.member, user_id, actor.id, kept)
        await db.delete(member)
        # Cards unassign them in this transaction, keeping that for an undo (cards/reactions.py).
        await record_event(db, board_id, "member.removed", actor, {"user_id": user_id})


async def restore_member(db: UnitOfWork, actor: Actor, board_id: int, user_id: int) -> MemberRead:
    """Undo :func:`remove_member` within its window: the same role, and back on the cards
    they were assigned to. Owners may; so may whoever left, to come back."""
    async with db.transaction():
        if user_id != actor.id:
            await access_board(db, actor, board_id, Role.owner)
        item = await trash.find(db, board_id, Kind.member, user_id)
        if user_id == actor.id and item.deleted_by_id != actor.id:
            # Removed by an owner: theirs to undo, not the removed member's.
            await access_board(db, actor, board_id, Role.owner)
        await lock_board(db, board_id)
        if await db.get(BoardMember, (board_id, user_id)) is not None:
            raise Conflict("Already a member of this board")
        restored = await trash.put_back(db, item)
        member, user = await _get_member(db, board_id, user_id)
        result = member_read(user, member.role)
        card_ids = sorted(row["card_id"] for row in restored.get("card_assignees", []))
        data = {"member": as_json(result), "card_ids": card_ids}
        await record_event(db, board_id, "member.restored", actor, data)
    return result


async def _get_member(db: UnitOfWork, board_id: int, user_id: int) -> tuple[BoardMember, User]:
    row = (
        await db.execute(
            select(BoardMember, User)
            .join(User, User.id == BoardMember.user_id)
            .where(BoardMember.board_id == board_id, BoardMember.user_id == user_id)
        )
    ).first()
    if row is None:
        raise NotFound("No such member")
    return row[0], row[1]


async def _keep_an_owner(db: UnitOfWork, board_id: int) -> None:
    owners = await db.scalar(
        select(func.count()).where(BoardMember.board_id == board_id, BoardMember.role == Role.owner)
    )
    if (owners or 0) <= 1:
        raise Conflict("A board needs at least one owner; make someone else owner first")
