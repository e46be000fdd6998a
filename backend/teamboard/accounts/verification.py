"""Proof of an address: sign-up mails a link (letters.send_verification) that sets
``email_verified_at`` when it is used — once, within 24 hours, and only while the
account still has the address it went to. Unproven accounts work as others do; the
pages and the SPA ask them to confirm, and may ask for the link again (throttled)."""

from __future__ import annotations

from teamboard.accounts import email_tokens, letters, throttle
from teamboard.accounts.email_tokens import VERIFY
from teamboard.accounts.models import User
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork, stage_user_change
from teamboard.core.errors import Conflict, NotFound
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime

ALREADY = "Your address is already confirmed"


async def resend(db: UnitOfWork, rt: Runtime, actor: Actor, *, client: str) -> str:
    """Mails a new link to the account's address; returns the address. The links sent
    before keep working until they expire (a late one is as good as the new one)."""
    user = await db.get(User, actor.id)
    if user is None:
        raise NotFound("No such user")
    if user.email_verified_at is not None:
        raise Conflict(ALREADY)
    await throttle.account_mail(rt, client=client, user_id=actor.id)
    async with db.transaction():
        user = await db.get(User, actor.id, populate_existing=True)
        if user is None:
            raise NotFound("No such user")
        await letters.send_verification(db, rt.settings, user)
    return user.email


async def check(db: UnitOfWork, token: str) -> str | None:
    """The address a link would confirm, if it works: for the page a GET shows."""
    found = await email_tokens.peek(db, token, VERIFY)
    return found[0].email if found else None


async def verify(db: UnitOfWork, token: str) -> str:
    """Uses the link; returns the address it confirmed. BadRequest if it does not work."""
    async with db.transaction():
        record, user = await email_tokens.claim(db, token, VERIFY)
        if user.email_verified_at is None:
            user.email_verified_at = utcnow()
        stage_user_change(db, user.id)  # the banner goes: cached actors are forgotten
    return record.email
