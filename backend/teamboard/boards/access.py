"""Authorization in one place. Every board-scoped id is resolved together with the
caller's membership in a single query: a non-member learns nothing (404), a member with
too small a role is told so (403)."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Executable, bindparam, select

from teamboard.boards.models import Board, BoardColumn, BoardMember, Label, Role
from teamboard.cards.models import Card, Comment
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import Forbidden, NotFound

T = TypeVar("T", Board, BoardColumn, Label, Card, Comment)

_WHAT = {Board: "board", BoardColumn: "column", Label: "label", Card: "card", Comment: "comment"}
_NEEDS = {Role.editor: "editors", Role.owner: "owners"}


def _statement(model: type[T]) -> Executable:
    board_key = model.id if model is Board else model.board_id  # type: ignore[attr-defined]
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
_STATEMENTS: dict[type[Any], Executable] = {
    Board: _statement(Board),
    BoardColumn: _statement(BoardColumn),
    Label: _statement(Label),
    Card: _statement(Card),
    Comment: _statement(Comment),
}


async def _access(
    db: UnitOfWork, actor: Actor, model: type[T], entity_id: int, need: Role
) -> tuple[T, Role]:
    params = {"user": actor.id, "entity": entity_id}
    row = (await db.execute(_STATEMENTS[model], params)).first()
    if row is None:
        raise NotFound(f"No such {_WHAT[model]}")
    entity, role = row
    if role.rank < need.rank:
        raise Forbidden(f"Only board {_NEEDS[need]} may do this")
    return entity, role


async def access_board(
    db: UnitOfWork, actor: Actor, board_id: int, need: Role = Role.viewer
) -> tuple[Board, Role]:
    return await _access(db, actor, Board, board_id, need)


async def access_column(
    db: UnitOfWork, actor: Actor, column_id: int, need: Role = Role.viewer
) -> tuple[BoardColumn, Role]:
    return await _access(db, actor, BoardColumn, column_id, need)


async def access_label(
    db: UnitOfWork, actor: Actor, label_id: int, need: Role = Role.viewer
) -> tuple[Label, Role]:
    return await _access(db, actor, Label, label_id, need)


async def access_card(
    db: UnitOfWork, actor: Actor, card_id: int, need: Role = Role.viewer
) -> tuple[Card, Role]:
    return await _access(db, actor, Card, card_id, need)


async def access_comment(
    db: UnitOfWork, actor: Actor, comment_id: int, need: Role = Role.viewer
) -> tuple[Comment, Role]:
    return await _access(db, actor, Comment, comment_id, need)
