"""A new password through a link mailed to the account's address ("Forgot your
password?"); also how an account made through a provider gets a password.

Asking never tells whether an address has an account: the same answer, and the same
time, since the answer goes before the account is looked up (``request_reset`` returns
that work for the caller to run once it has answered); the throttles count every
address alike. The link works once, for an hour, and dies when the password changes by
any route. Using it ends every session and token of the account and proves the address
(its owner read the mail)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import select

from teamboard.accounts import email_tokens, letters, throttle
from teamboard.accounts.email_tokens import INVALID, RESET
from teamboard.accounts.models import User
from teamboard.accounts.service import check_password_rules, end_credentials
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import BadRequest
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime

# The same words for every address: the answer tells nothing.
SENT = (
    "If an account uses this address, a link to set a new password is on its way to it. "
    "It works for one hour."
)


async def request_reset(rt: Runtime, *, email: str, client: str) -> Callable[[], Awaitable[None]]:
    """Throttles now (429 for any address alike); returns the work — find the account,
    mail it a link — to run after answering, in a unit of work of its own."""
    await throttle.account_mail(rt, client=client, email=email)

    async def send() -> None:
        async with rt.db.session() as db, db.transaction():
            user = await db.scalar(select(User).where(User.email == email))
            if user is not None and user.is_active:
                await letters.send_reset(db, rt.settings, user)

    return send


async def check(db: UnitOfWork, token: str) -> str | None:
    """The address of the account a link would reset, if it works: for the page a GET
    shows (nothing is used up)."""
    found = await email_tokens.peek(db, token, RESET)
    return found[1].email if found else None


async def reset_password(
    db: UnitOfWork, rt: Runtime, *, token: str, password: str, client: str
) -> User:
    """Sets the password the link's holder chose; BadRequest if the link does not work."""
    check_password_rules(password)
    # A dead link is told before any hashing; the slow hash runs with no transaction open.
    if await email_tokens.peek(db, token, RESET) is None:
        raise BadRequest(INVALID)
    await db.commit()
    await throttle.password_set(rt, client=client)
    password_hash = await rt.passwords.hash(password)
    async with db.transaction():
        _record, user = await email_tokens.claim(db, token, RESET)
        user.password_hash = password_hash
        if user.email_verified_at is None:
            user.email_verified_at = utcnow()
        await end_credentials(db, user, keep_session=None)
    return user
