"""What an administrator reads of the outbox: the messages, newest first, and one whole.
Without a mail server configured (the demo) this is where a link to verify an address or
reset a password is found."""

from __future__ import annotations

from sqlalchemy import func, select

from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import Forbidden, NotFound
from teamboard.mail.models import OutboxMessage


def _require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise Forbidden("Administrators only")


async def list_messages(
    db: UnitOfWork, actor: Actor, *, limit: int, offset: int
) -> tuple[list[OutboxMessage], int]:
    _require_admin(actor)
    total = await db.scalar(select(func.count()).select_from(OutboxMessage)) or 0
    rows = await db.scalars(
        select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit).offset(offset)
    )
    return list(rows), total


async def read_message(db: UnitOfWork, actor: Actor, message_id: int) -> OutboxMessage:
    _require_admin(actor)
    message = await db.get(OutboxMessage, message_id)
    if message is None:
        raise NotFound("No such message")
    return message
