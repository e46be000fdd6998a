"""What cards do when a board changes under them (core/reactions.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from teamboard.cards.models import Card, CardAssignee
from teamboard.core.db import UnitOfWork
from teamboard.core.reactions import Reactions


def register(reactions: Reactions) -> None:
    reactions.on(["member.removed"], on_member_removed)


async def on_member_removed(db: UnitOfWork, event: dict[str, Any]) -> None:
    """Someone who cannot see the board cannot be working on its cards."""
    await db.execute(
        delete(CardAssignee).where(
            CardAssignee.user_id == event["data"]["user_id"],
            CardAssignee.card_id.in_(select(Card.id).where(Card.board_id == event["board_id"])),
        )
    )
