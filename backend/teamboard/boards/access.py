"""Authorization in one place. Every board-scoped id is resolved together with the
caller's membership in a single query: a non-member learns nothing (404), a member with
too small a role is told so (403)."""

from __future__ import annotations

from typing import Any, TypeVar, cast

from sqlalchemy import Executable, bindparam, select

from teamboard.boards.models import Board, BoardColumn, BoardMember, Label, Role
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import Forbidden, NotFound

T = TypeVar("T")

_NEEDS = {Role.editor: "editors", Role.owner: "owners"}


def access_statement(model: type[Any]) -> Executable:
    """The row of ``model`` (a board, or anything with a ``board_id``) with the caller's
    membership of its board, in one query; binds ``entity`` and ``user``."""
    board_key = model.id if model is Board else model.board_id
    return (
        select(model, BoardMember.role)
        .join(
            BoardMember,
            (BoardMember.board_id == board_key) & (BoardMember.user_id == bindparam("user")),
        )
        .where(model.id == bindparam("entity"))
    )


# Built once: composing a statement costs as much Python as running it, and these run on
# every board-scoped request.
_BOARD = access_statement(Board)
_COLUMN = access_statement(BoardColumn)
_LABEL = access_statement(Label)


async def access_to(
    db: UnitOfWork,
    actor: Actor,
    statement: Executable,
    what: str,
    entity_id: int,
    need: Role,
) -> tuple[Any, Role]:
    """The thing (``statement``: from :func:`access_statement`) and the caller's role on
    its board: NotFound for a non-member, Forbidden for too small a role."""
    params = {"user": actor.id, "entity": entity_id}
    row = (await db.execute(statement, params)).first()
    if row is None:
        raise NotFound(f"No such {what}")
    entity, role = row
    if role.rank < need.rank:
        raise Forbidden(f"Only board {_NEEDS[need]} may do this")
    return entity, role


async def access_board(
    db: UnitOfWork, actor: Actor, board_id: int, need: Role = Role.viewer
) -> tuple[Board, Role]:
    board, role = await access_to(db, actor, _BOARD, "board", board_id, need)
    return cast(Board, board), role


async def access_column(
    db: UnitOfWork, actor: Actor, column_id: int, need: Role = Role.viewer
) -> tuple[BoardColumn, Role]:
    column, role = await access_to(db, actor, _COLUMN, "column", column_id, need)
    return cast(BoardColumn, column), role


async def access_label(
    db: UnitOfWork, actor: Actor, label_id: int, need: Role = Role.viewer
) -> tuple[Label, Role]:
    label, role = await access_to(db, actor, _LABEL, "label", label_id, need)
    return cast(Label, label), role
