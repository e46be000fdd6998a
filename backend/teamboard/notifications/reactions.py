"""Notifications follow the events of cards and comments, in the same transaction as the
change (core/reactions.py): an assignment notifies the newly assigned, a comment the members
it mentions. Cards and comments know nothing of notifications."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from teamboard.accounts.models import User
from teamboard.boards.models import BoardMember
from teamboard.cards.models import Card
from teamboard.core.db import UnitOfWork
from teamboard.core.reactions import Reactions
from teamboard.notifications.models import Notification
from teamboard.notifications.service import ActorRef, handles_of, mentioned_handles, notify

CARD_EVENTS = ("card.created", "card.updated", "card.archived", "card.restored")
COMMENT_EVENTS = ("comment.created", "comment.updated")


def register(reactions: Reactions) -> None:
    reactions.on(CARD_EVENTS, on_card_change)
    reactions.on(COMMENT_EVENTS, on_comment)


def _actor(event: dict[str, Any]) -> ActorRef | None:
    actor = event.get("actor")
    return ActorRef(actor["id"], actor["display_name"]) if actor else None


async def on_card_change(db: UnitOfWork, event: dict[str, Any]) -> None:
    """``assigned`` in the event: who the change assigned (not who already was)."""
    actor = _actor(event)
    assigned = set(event["data"].get("assigned") or ())
    if actor is not None and assigned:
        await notify(db, actor, "assigned", event["data"]["card"], assigned)


async def on_comment(db: UnitOfWork, event: dict[str, Any]) -> None:
    """The members the comment mentions, each once per comment: an edit notifies only
    those it newly mentions."""
    actor = _actor(event)
    comment = event["data"]["comment"]
    handles = mentioned_handles(comment["body"])
    if actor is None or not handles:
        return
    card = await db.get(Card, comment["card_id"])
    if card is None:
        return
    members = await db.execute(
        select(User.id, User.email, User.display_name)
        .join(BoardMember, BoardMember.user_id == User.id)
        .where(BoardMember.board_id == card.board_id, User.is_active.is_(True))
    )
    users = {user_id for user_id, email, name in members if handles & handles_of(email, name)}
    told = await db.scalars(
        select(Notification.user_id).where(
            Notification.comment_id == comment["id"], Notification.kind == "mentioned"
        )
    )
    fresh = users - set(told)
    if fresh:
        about = {"id": card.id, "board_id": card.board_id, "title": card.title}
        await notify(db, actor, "mentioned", about, fresh, comment["body"], comment["id"])
