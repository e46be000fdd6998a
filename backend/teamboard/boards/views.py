"""Read models built from ORM rows: what the API returns and what events carry."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from teamboard.accounts.models import User
from teamboard.boards.models import Board, BoardColumn, Label, Role
from teamboard.boards.schemas import BoardRead, ColumnRead, LabelRead, MemberRead


def board_read(board: Board, role: Role) -> BoardRead:
    return BoardRead(
        id=board.id,
        name=board.name,
        description=board.description,
        archived=board.archived,
        is_template=board.is_template,
        role=role,
        seq=board.event_seq,
        created_at=board.created_at,
        updated_at=board.updated_at,
    )


def column_read(column: BoardColumn, position: int) -> ColumnRead:
    return ColumnRead(
        id=column.id,
        board_id=column.board_id,
        name=column.name,
        wip_limit=column.wip_limit,
        position=position,
        version=column.version,
    )


def label_read(label: Label) -> LabelRead:
    return LabelRead(id=label.id, board_id=label.board_id, name=label.name, color=label.color)


def member_read(user: User, role: Role) -> MemberRead:
    return MemberRead(user_id=user.id, display_name=user.display_name, email=user.email, role=role)


def as_json(model: BaseModel) -> dict[str, Any]:
    """A read model as an event carries it (JSON types)."""
    data: dict[str, Any] = model.model_dump(mode="json")
    return data


def can_edit(role: Role) -> bool:
    """Only decides which controls a page shows; the services enforce the rules."""
    return role.rank >= Role.editor.rank
