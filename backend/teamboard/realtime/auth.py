"""Who opens a WebSocket: the browser session (same origin) or a ticket (any origin)."""

from __future__ import annotations

from teamboard.accounts.callers import resolve_session
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import TwoFactorRequired, Unauthenticated
from teamboard.realtime.connection import Credential
from teamboard.realtime.tickets import redeem_ticket


async def authenticate_socket(
    db: UnitOfWork, *, session_token: str | None, ticket: str | None, require_two_factor: bool
) -> tuple[Actor, Credential]:
    """A ticket wins over the cookie: a client that fetched one means to use it. When the
    site requires two-factor log-in, an account without it opens no socket (as the API
    refuses it everything but its enrolment)."""
    actor, credential = await _authenticate(db, session_token=session_token, ticket=ticket)
    if require_two_factor and not actor.two_factor:
        raise TwoFactorRequired("Set up two-factor log-in first")
    return actor, credential


async def _authenticate(
    db: UnitOfWork, *, session_token: str | None, ticket: str | None
) -> tuple[Actor, Credential]:
    if ticket:
        redeemed = await redeem_ticket(db, ticket)
        if redeemed is not None:
            actor, epoch = redeemed
            return actor, Credential(auth_epoch=epoch)
        raise Unauthenticated("Unknown, used or expired ticket")
    if session_token:
        by_cookie = await resolve_session(db, session_token)
        if by_cookie is not None:
            return by_cookie, Credential(session_token=session_token)
    raise Unauthenticated("Log in, or open the socket with a ticket from /api/v1/ws-ticket")
