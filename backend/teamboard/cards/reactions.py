"""What cards do when a board changes under them (core/reactions.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update

from teamboard.boards import trash
from teamboard.boards.trash import Kind
from teamboard.cards.models import Card, CardAssignee, ChecklistItem
from teamboard.core.db import UnitOfWork
from teamboard.core.reactions import Reactions


def register(reactions: Reactions) -> None:
    reactions.on(["member.removed"], on_member_removed)


async def on_member_removed(db: UnitOfWork, event: dict[str, Any]) -> None:
    """Someone who cannot see the board cannot be working on its cards. Kept with the
    membership, for an undo (boards/service.py restore_member)."""
    board_id, user_id = event["board_id"], event["data"]["user_id"]
    assigned = (
        CardAssignee.user_id == user_id,
        CardAssignee.card_id.in_(select(Card.id).where(Card.board_id == board_id)),
    )
    kept = [await trash.rows_of(db, CardAssignee, *assigned)]
    await trash.add(db, board_id, Kind.member, user_id, kept)
    await db.execute(delete(CardAssignee).where(*assigned))
    # Their checklist items too, for good: an undo brings back the cards' assignments only.
    await db.execute(
        update(ChecklistItem)
        .where(ChecklistItem.board_id == board_id, ChecklistItem.assignee_id == user_id)
        .values(assignee_id=None)
    )
