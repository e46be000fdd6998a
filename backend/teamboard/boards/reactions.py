"""What boards do when another domain changes something they show (core/reactions.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from teamboard.accounts.models import User
from teamboard.accounts.service import PROFILE_CHANGED
from teamboard.boards.log import lock_board, record_event
from teamboard.boards.models import BoardMember
from teamboard.core.db import UnitOfWork
from teamboard.core.reactions import Reactions


def register(reactions: Reactions) -> None:
    reactions.on([PROFILE_CHANGED], on_profile_change)


async def on_profile_change(db: UnitOfWork, event: dict[str, Any]) -> None:
    """Boards show their members' names: each board of the user gets a new version (ETag)
    and its live viewers a ``member.updated``."""
    user = await db.get(User, event["user_id"])
    if user is None:
        return
    member = {"user_id": user.id, "display_name": user.display_name, "email": user.email}
    memberships = await db.execute(
        select(BoardMember.board_id, BoardMember.role).where(BoardMember.user_id == user.id)
    )
    for board_id, role in list(memberships):
        await lock_board(db, board_id)
        await record_event(
            db,
            board_id,
            "member.updated",
            event["actor"],
            member | {"role": str(role), "profile": True},
        )
