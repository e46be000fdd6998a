"""Single-use tickets for opening a WebSocket from another origin."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select

from teamboard.accounts.models import User
from teamboard.accounts.service import actor_of
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.models import utcnow
from teamboard.core.security import new_token, token_digest
from teamboard.realtime.models import WsTicket

TICKET_SECONDS = 30


async def issue_ticket(db: UnitOfWork, actor: Actor) -> str:
    token = new_token()
    async with db.transaction():
        user = await db.get(User, actor.id)
        now = utcnow()
        # Expired tickets of anyone go with each new one: the table stays tiny.
        await db.execute(delete(WsTicket).where(WsTicket.expires_at <= now))
        db.add(
            WsTicket(
                token_hash=token_digest(token),
                user_id=actor.id,
                auth_epoch=user.auth_epoch if user else 0,
                expires_at=now + timedelta(seconds=TICKET_SECONDS),
            )
        )
    return token


async def redeem_ticket(db: UnitOfWork, ticket: str) -> tuple[Actor, int] | None:
    """The ticket's user and auth epoch, once: the ticket is gone afterwards."""
    async with db.transaction():
        row = (
            await db.execute(
                delete(WsTicket)
                .where(WsTicket.token_hash == token_digest(ticket))
                .returning(WsTicket.user_id, WsTicket.auth_epoch, WsTicket.expires_at)
            )
        ).first()
        if row is None or row.expires_at <= utcnow():
            return None
        user = await db.get(User, row.user_id)
        if user is None or not user.is_active or user.auth_epoch != row.auth_epoch:
            return None
        return actor_of(user), row.auth_epoch


async def still_allowed(db: UnitOfWork, user_id: int, auth_epoch: int) -> bool:
    """Whether a ticket-opened socket's user is still the one who asked for it."""
    row = (
        await db.execute(select(User.is_active, User.auth_epoch).where(User.id == user_id))
    ).first()
    return row is not None and row.is_active and row.auth_epoch == auth_epoch
