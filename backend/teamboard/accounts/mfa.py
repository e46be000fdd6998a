"""The second step of a log-in: after the password (or a provider) vouched for an account
with two-factor on, the client gets an ``mfa_token`` instead of a session, and trades it
with a code for exactly what the first step would have given.

The token is random, stored by digest, lives five minutes and is spent by the log-in it
finishes. It is bound to the account and to the way the log-in began (``flow``): a token
from the log-in page finishes only there, one from ``POST /auth/token`` only as a token
pair. A wrong code does not spend it (a typo does not cost the password again); wrong
codes are throttled per account and per address (accounts/throttle.py).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from sqlalchemy import delete, select, update

from teamboard.accounts import throttle
from teamboard.accounts.models import MfaChallenge, User
from teamboard.accounts.two_factor import Verdict, accept_code, refuse
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import SecondFactorRequired, Unauthenticated
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from teamboard.core.security import new_token, token_digest

# The log-in page (and provider log-in through the pages), POST /auth/login (a browser
# session for the SPA), POST /auth/token and the split-origin SPA's provider exchange.
Flow = Literal["page", "session", "token"]
PAGE: Flow = "page"
SESSION: Flow = "session"
TOKEN: Flow = "token"  # noqa: S105 - the name of a flow, not a secret
LIFETIME = timedelta(minutes=5)
EXPIRED = (
    "This log-in is no longer waiting for a code (it took too long, or was already used); "
    "log in again"
)


async def require_second_factor(db: UnitOfWork, user: User, flow: Flow) -> None:
    """Raises :class:`SecondFactorRequired`, with a new token, when ``user`` has
    two-factor log-in on; returns (the log-in may go on) otherwise."""
    if user.two_factor_enabled_at is None:
        return
    token = new_token()
    now = utcnow()
    async with db.transaction():
        # Spent and expired tokens guard nothing: each new one clears them.
        await db.execute(delete(MfaChallenge).where(MfaChallenge.expires_at <= now))
        db.add(
            MfaChallenge(
                token_hash=token_digest(token),
                user_id=user.id,
                flow=flow,
                expires_at=now + LIFETIME,
            )
        )
    raise SecondFactorRequired(token)


async def complete(
    db: UnitOfWork, rt: Runtime, *, token: str, code: str, client: str, flows: tuple[Flow, ...]
) -> tuple[User, Flow]:
    """The account and the flow of the log-in that ``token`` and a right ``code`` finish.
    Raises Unauthenticated (no such token, expired, spent, another flow's), RateLimited,
    or Invalid (field ``code``: wrong, or already used)."""
    now = utcnow()
    found = (
        await db.execute(
            select(MfaChallenge, User)
            .join(User, User.id == MfaChallenge.user_id)
            .where(
                MfaChallenge.token_hash == token_digest(token),
                MfaChallenge.used_at.is_(None),
                MfaChallenge.expires_at > now,
                MfaChallenge.flow.in_(flows),
            )
        )
    ).first()
    if found is None:
        raise Unauthenticated(EXPIRED)
    challenge, user = found
    if not user.is_active or user.two_factor_enabled_at is None:
        raise Unauthenticated(EXPIRED)
    await db.commit()
    await throttle.before_code(rt, user_id=user.id, client=client)
    async with db.transaction():
        verdict = await accept_code(db, user, code)
        if verdict is Verdict.ACCEPTED:
            claimed = await db.execute(
                update(MfaChallenge)
                .where(MfaChallenge.id == challenge.id, MfaChallenge.used_at.is_(None))
                .values(used_at=now)
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                raise Unauthenticated(EXPIRED)  # another request finished it: nothing spent
    if verdict is not Verdict.ACCEPTED:
        await throttle.code_failed(rt, user_id=user.id)
        raise refuse(verdict)
    flow: Flow = PAGE if challenge.flow == PAGE else TOKEN if challenge.flow == TOKEN else SESSION
    return user, flow
