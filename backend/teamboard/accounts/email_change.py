"""Moving an account to a new address: ``service.update_profile`` mails a link to the new
address and a notice to the current one (letters.send_email_change); the address changes
when the link is used, which also proves it. Whether another account has the new address
is checked then, and told only to whoever holds its mailbox."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from teamboard.accounts import email_tokens
from teamboard.accounts.email_tokens import CHANGE
from teamboard.accounts.models import EmailToken, User
from teamboard.accounts.service import PROFILE_CHANGED, actor_of
from teamboard.core.db import UnitOfWork, stage_user_change
from teamboard.core.errors import Conflict
from teamboard.core.models import utcnow

TAKEN = (
    "{email} is already the address of another Teamboard account, so this one cannot "
    "move to it. That other account is yours: log in to it, or ask for the change again "
    "with another address."
)


async def pending(db: UnitOfWork, user_id: int) -> str | None:
    """The address the account is waiting to move to, if a link to it still works."""
    return await db.scalar(
        select(EmailToken.email)
        .where(
            EmailToken.user_id == user_id,
            EmailToken.purpose == CHANGE,
            EmailToken.used_at.is_(None),
            EmailToken.expires_at > utcnow(),
        )
        .order_by(EmailToken.id.desc())
        .limit(1)
    )


async def check(db: UnitOfWork, token: str) -> str | None:
    """The new address a link would move its account to, if it works (for a GET)."""
    found = await email_tokens.peek(db, token, CHANGE)
    return found[0].email if found else None


async def confirm_change(db: UnitOfWork, token: str) -> str:
    """Uses the link; returns the account's new address. BadRequest if the link does not
    work, Conflict (the link kept) if another account has the address."""
    async with db.transaction():
        record, user = await email_tokens.claim(db, token, CHANGE)
        new_email = record.email
        taken = await db.scalar(select(User.id).where(User.email == new_email, User.id != user.id))
        if taken is not None:
            raise Conflict(TAKEN.format(email=new_email))
        stage_user_change(db, user.id)
        user.email = new_email
        user.email_verified_at = utcnow()  # the link was opened from its mailbox
        try:
            await db.flush()
        except IntegrityError:  # taken meanwhile
            raise Conflict(TAKEN.format(email=new_email)) from None
        # The boards the user is a member of show their address (boards/reactions.py).
        await db.react({"type": PROFILE_CHANGED, "user_id": user.id, "actor": actor_of(user)})
    return new_email
