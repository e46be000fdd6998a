"""Read models built from ORM rows: what the API returns and what events carry."""

from __future__ import annotations

from typing import Any

from teamboard.boards.models import BoardColumn, Label, Role


def column_dict(column: BoardColumn, position: int) -> dict[str, Any]:
    return {
        "id": column.id,
        "board_id": column.board_id,
        "name": column.name,
        "wip_limit": column.wip_limit,
        "position": position,
        "version": column.version,
    }


def label_dict(label: Label) -> dict[str, Any]:
    return {"id": label.id, "board_id": label.board_id, "name": label.name, "color": label.color}


def can_edit(role: Role) -> bool:
    """Only decides which controls a page shows; the services enforce the rules."""
    return role.rank >= Role.editor.rank
