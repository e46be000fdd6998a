"""Notifications: written in the transaction of the change that causes them, pushed live
to their user after commit, listed and marked read through the API.

A notification refers to its card, board, comment and actor; it keeps no copy of their
text. The list reads the current title, name and comment, so an edited or deleted comment
leaves no old words behind (a mention goes with the comment it was made in)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select, update

from teamboard.accounts.models import User
from teamboard.boards.models import Board
from teamboard.cards.models import Card, Comment
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import NotFound
from teamboard.core.models import utcnow
from teamboard.notifications.delivery import plan, send_now
from teamboard.notifications.mailing import Item
from teamboard.notifications.models import Notification
from teamboard.notifications.schemas import NotificationRead

EXCERPT = 140
# "@" then a handle: letters, digits and . _ - (an e-mail's local part, or a display name
# written without its spaces). Not preceded by a word character, so e-mail addresses in
# the text are not mentions.
_MENTION = re.compile(r"(?<![\w@])@([\w][\w.\-]{0,63})")


def mentioned_handles(text: str) -> set[str]:
    return {handle.rstrip(".-").lower() for handle in _MENTION.findall(text)}


def handles_of(email: str, display_name: str) -> set[str]:
    """The handles that mention a user: the e-mail's local part, the display name without
    its spaces."""
    return {email.split("@", 1)[0].lower(), re.sub(r"\s+", "", display_name).lower()}


async def notify(
    db: UnitOfWork,
    actor: ActorRef | None,
    kind: str,
    card: dict[str, Any],
    user_ids: set[int],
    text: str | None = None,
    comment_id: int | None = None,
    due_date: date | None = None,
) -> None:
    """``card``: its id, board_id and title; ``actor``: None when nobody did it (a due-date
    reminder). Nobody is notified of their own doing. Each user is mailed by their choice
    (notifications/delivery.py), in this transaction."""
    if actor is not None:
        user_ids = user_ids - {actor.id}
    if not user_ids:
        return
    board_name = await db.scalar(select(Board.name).where(Board.id == card["board_id"]))
    mailing = await plan(db, kind, user_ids)
    notes = [
        Notification(
            user_id=user_id,
            kind=kind,
            board_id=card["board_id"],
            card_id=card["id"],
            comment_id=comment_id,
            actor_id=actor.id if actor else None,
            data={"due_date": due_date.isoformat()} if due_date else {},
            mail=mailing[user_id].state if user_id in mailing else None,
        )
        for user_id in sorted(user_ids)
    ]
    db.add_all(notes)
    await db.flush()
    actor_name = actor.name if actor else ""
    item = Item(
        kind, actor_name, card["id"], card["title"], board_name or "", comment_id, text, due_date
    )
    send_now(db, notes, mailing, item)
    for note in notes:
        # Pushed live with the text as it is now; stored without it.
        read = _read(note, card["title"], board_name or "", actor_name, text)
        db.stage({"type": "notification", "user_id": note.user_id, "data": read})


@dataclass(frozen=True, slots=True)
class ActorRef:
    """Who did it, as an event names them."""

    id: int
    name: str


def _excerpt(text: str | None) -> str | None:
    return text[:EXCERPT] if text is not None else None


def _read(
    note: Notification, card_title: str, board_name: str, actor_name: str, text: str | None
) -> dict[str, Any]:
    return NotificationRead(
        id=note.id,
        kind=note.kind,
        board_id=note.board_id,
        card_id=note.card_id,
        actor_id=note.actor_id,
        card_title=card_title,
        board_name=board_name,
        actor_name=actor_name,
        excerpt=_excerpt(text),
        due_date=(note.data or {}).get("due_date"),
        created_at=note.created_at,
        read_at=note.read_at,
    ).model_dump(mode="json")


def with_text(query: Select[Notification]) -> Select[Any]:
    """Each notification with the current text it shows, in the same query."""
    return (
        query.add_columns(Card.title, Board.name, User.display_name, Comment.body)
        .join(Card, Card.id == Notification.card_id)
        .join(Board, Board.id == Notification.board_id)
        .outerjoin(User, User.id == Notification.actor_id)
        .outerjoin(Comment, Comment.id == Notification.comment_id)
    )


def _shown(row: Any) -> NotificationRead:
    note, card_title, board_name, actor_name, body = row
    return NotificationRead.model_validate(
        _read(note, card_title, board_name, actor_name or "", body)
    )


async def list_notifications(
    db: UnitOfWork, actor: Actor, *, unread: bool, limit: int, offset: int
) -> tuple[list[NotificationRead], int, int]:
    """A page of the actor's notifications, newest first; the total and the unread count."""
    mine = Notification.user_id == actor.id
    query = select(Notification).where(mine)
    if unread:
        query = query.where(Notification.read_at.is_(None))
    counts = (
        await db.execute(
            select(func.count(), func.count().filter(Notification.read_at.is_(None))).where(mine)
        )
    ).one()
    rows = await db.execute(
        with_text(query).order_by(Notification.id.desc()).limit(limit).offset(offset)
    )
    total = counts[1] if unread else counts[0]
    return [_shown(row) for row in rows], total, counts[1]


async def mark_read(db: UnitOfWork, actor: Actor, notification_id: int) -> NotificationRead:
    async with db.transaction():
        note = await db.get(Notification, notification_id)
        if note is None or note.user_id != actor.id:
            raise NotFound("No such notification")
        if note.read_at is None:
            note.read_at = utcnow()
        await db.flush()
        row = (
            await db.execute(with_text(select(Notification).where(Notification.id == note.id)))
        ).one()
        result = _shown(row)
        _stage_read(db, actor, [note.id])
    return result


async def mark_all_read(db: UnitOfWork, actor: Actor) -> int:
    async with db.transaction():
        done = await db.execute(
            update(Notification)
            .where(Notification.user_id == actor.id, Notification.read_at.is_(None))
            .values(read_at=utcnow())
        )
        _stage_read(db, actor, "all")
    return int(done.rowcount or 0)  # type: ignore[attr-defined]


def _stage_read(db: UnitOfWork, actor: Actor, ids: list[int] | str) -> None:
    """Other tabs of the user clear the same badge."""
    db.stage({"type": "notification.read", "user_id": actor.id, "data": {"ids": ids}})
