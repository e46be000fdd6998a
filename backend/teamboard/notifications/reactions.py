"""Notifications follow the events of cards and comments, in the same transaction as the
change (core/reactions.py): an assignment notifies the newly assigned, a comment the members
it mentions and the card's other followers. Creating a card, being assigned to it and
commenting on it make one follow it. Cards and comments know nothing of notifications."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from teamboard.accounts.models import User
from teamboard.boards.models import BoardMember
from teamboard.cards.models import Card
from teamboard.core.db import UnitOfWork
from teamboard.core.reactions import Reactions
from teamboard.notifications.follows import add_followers, followers, forget_board
from teamboard.notifications.models import Notification
from teamboard.notifications.service import ActorRef, handles_of, mentioned_handles, notify

CARD_EVENTS = ("card.created", "card.updated", "card.archived", "card.restored")
COMMENT_EVENTS = ("comment.created", "comment.updated")


def register(reactions: Reactions) -> None:
    reactions.on(CARD_EVENTS, on_card_change)
    reactions.on(COMMENT_EVENTS, on_comment)
    reactions.on(["member.removed"], on_member_removed)


def _actor(event: dict[str, Any]) -> ActorRef | None:
    actor = event.get("actor")
    return ActorRef(actor["id"], actor["display_name"]) if actor else None


async def on_card_change(db: UnitOfWork, event: dict[str, Any]) -> None:
    """``assigned`` in the event: who the change assigned (not who already was)."""
    actor = _actor(event)
    card = event["data"]["card"]
    assigned = set(event["data"].get("assigned") or ())
    starters = {actor.id} if actor is not None and event["type"] == "card.created" else set()
    await add_followers(db, card["id"], assigned | starters)
    if actor is not None and assigned:
        await notify(db, actor, "assigned", card, assigned)


async def on_comment(db: UnitOfWork, event: dict[str, Any]) -> None:
    """The members the comment mentions, each once per comment: an edit notifies only
    those it newly mentions. A new comment also tells the card's followers (those it
    mentions hear of it once, as a mention), and its author follows the card from now."""
    actor = _actor(event)
    comment = event["data"]["comment"]
    created = event["type"] == "comment.created"
    handles = mentioned_handles(comment["body"])
    if actor is None or not (created or handles):
        return
    card = await db.get(Card, comment["card_id"])
    if card is None:
        return
    about = {"id": card.id, "board_id": card.board_id, "title": card.title}
    mentioned = await _mentioned(db, card.board_id, handles)
    if mentioned:
        told = await db.scalars(
            select(Notification.user_id).where(
                Notification.comment_id == comment["id"], Notification.kind == "mentioned"
            )
        )
        fresh = mentioned - set(told)
        if fresh:
            await notify(db, actor, "mentioned", about, fresh, comment["body"], comment["id"])
    if not created:
        return
    others = await followers(db, card.id) - mentioned
    await add_followers(db, card.id, [actor.id])
    if others:
        await notify(db, actor, "commented", about, others, comment["body"], comment["id"])


async def _mentioned(db: UnitOfWork, board_id: int, handles: set[str]) -> set[int]:
    if not handles:
        return set()
    members = await db.execute(
        select(User.id, User.email, User.display_name)
        .join(BoardMember, BoardMember.user_id == User.id)
        .where(BoardMember.board_id == board_id, User.is_active.is_(True))
    )
    return {user_id for user_id, email, name in members if handles & handles_of(email, name)}


async def on_member_removed(db: UnitOfWork, event: dict[str, Any]) -> None:
    await forget_board(db, event["board_id"], event["data"]["user_id"])
