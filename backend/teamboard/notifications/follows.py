"""Following cards: a follower hears of every new comment on the card.

You follow the cards you create, are assigned to or comment on (notifications/reactions.py,
in the transaction of that change), and any card whose Follow button you press; Unfollow
ends it until you next comment on the card or are assigned to it again. Any member who can
see a card may follow it; leaving the board ends one's follows of its cards.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, exists, select

from teamboard.boards.models import BoardMember
from teamboard.cards.access import access_card
from teamboard.cards.models import Card
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.notifications.models import CardFollow
from teamboard.notifications.rows import insert_ignoring


async def is_following(db: UnitOfWork, actor: Actor, card_id: int) -> bool:
    await access_card(db, actor, card_id)
    return await follows_card(db, actor.id, card_id)


async def follows_card(db: UnitOfWork, user_id: int, card_id: int) -> bool:
    """For a caller that checked access already (the card page)."""
    mine = exists().where(CardFollow.card_id == card_id, CardFollow.user_id == user_id)
    return bool(await db.scalar(select(mine)))


async def follow(db: UnitOfWork, actor: Actor, card_id: int) -> bool:
    async with db.transaction():
        await access_card(db, actor, card_id)
        await add_followers(db, card_id, [actor.id])
    return True


async def unfollow(db: UnitOfWork, actor: Actor, card_id: int) -> bool:
    async with db.transaction():
        await access_card(db, actor, card_id)
        await db.execute(
            delete(CardFollow).where(CardFollow.card_id == card_id, CardFollow.user_id == actor.id)
        )
    return False


async def add_followers(db: UnitOfWork, card_id: int, user_ids: Iterable[int]) -> None:
    """In the caller's transaction; those who follow already are left as they are."""
    rows = [{"card_id": card_id, "user_id": user_id} for user_id in sorted(set(user_ids))]
    await insert_ignoring(db, CardFollow, rows)


async def followers(db: UnitOfWork, card_id: int) -> set[int]:
    """Who follows the card among the members of its board."""
    rows = await db.scalars(
        select(CardFollow.user_id)
        .join(Card, Card.id == CardFollow.card_id)
        .join(
            BoardMember,
            (BoardMember.board_id == Card.board_id) & (BoardMember.user_id == CardFollow.user_id),
        )
        .where(CardFollow.card_id == card_id)
    )
    return set(rows)


async def forget_board(db: UnitOfWork, board_id: int, user_id: int) -> None:
    """A member left the board: they follow none of its cards any more."""
    await db.execute(
        delete(CardFollow).where(
            CardFollow.user_id == user_id,
            CardFollow.card_id.in_(select(Card.id).where(Card.board_id == board_id)),
        )
    )
