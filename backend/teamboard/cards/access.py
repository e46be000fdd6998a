"""Access to cards and comments: the card (or comment) with the caller's membership of its
board, in one query (boards/access.py holds the rule)."""

from __future__ import annotations

from typing import cast

from teamboard.boards.access import access_statement, access_to
from teamboard.boards.models import Role
from teamboard.cards.models import Card, Comment
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork

_CARD = access_statement(Card)
_COMMENT = access_statement(Comment)


async def access_card(
    db: UnitOfWork, actor: Actor, card_id: int, need: Role = Role.viewer
) -> tuple[Card, Role]:
    card, role = await access_to(db, actor, _CARD, "card", card_id, need)
    return cast(Card, card), role


async def access_comment(
    db: UnitOfWork, actor: Actor, comment_id: int, need: Role = Role.viewer
) -> tuple[Comment, Role]:
    comment, role = await access_to(db, actor, _COMMENT, "comment", comment_id, need)
    return cast(Comment, comment), role
