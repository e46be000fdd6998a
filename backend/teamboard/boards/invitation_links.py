"""The mailed link, ``/invitations/{token}``: what its holder may do. Holding it proves
they read the mail sent to the invited address, so

- someone without an account signs up there, with that address (no other), and the new
  account's address counts as verified;
- the signed-in invitee accepts or declines there, and their address, if not verified
  yet, is verified by it;
- someone signed in with another address is told so, and can do nothing with it.

A GET of the link changes nothing (mail scanners open links): accepting, declining and
signing up are POSTs. The token is stored as its digest; renewing the invitation makes a
new one and the old link dead.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, select

from teamboard.accounts.models import User
from teamboard.accounts.service import actor_of, create_user
from teamboard.boards.invitations import (
    NO_SUCH,
    addressed_to,
    invitation_read,
    join,
    pending,
    turn_down,
)
from teamboard.boards.models import Invitation
from teamboard.boards.schemas import InvitationRead
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import NotFound
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from teamboard.core.security import token_digest


@dataclass(frozen=True, slots=True)
class Link:
    invitation: InvitationRead
    # Whether the invited address has an account: told only to the link's holder, who
    # owns the address (log in to accept, or sign up).
    has_account: bool


def _token_is(token: str) -> ColumnElement[bool]:
    return Invitation.token_hash == token_digest(token)


async def read_link(db: UnitOfWork, token: str) -> Link | None:
    """The pending invitation of ``token``; None when it is unknown, used or expired."""
    row = (await db.execute(pending(utcnow()).where(_token_is(token)))).first()
    if row is None:
        return None
    invitation = invitation_read(row)
    account = await db.scalar(select(User.id).where(User.email == invitation.email))
    return Link(invitation, account is not None)


async def _pending_by_token(db: UnitOfWork, token: str) -> Invitation:
    invitation = await db.scalar(
        select(Invitation).where(_token_is(token), Invitation.expires_at > utcnow())
    )
    if invitation is None:
        raise NotFound(NO_SUCH)
    return invitation


def _proven(user: User) -> None:
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()


async def accept_link(db: UnitOfWork, actor: Actor, token: str) -> int:
    """The signed-in invitee accepts; returns the board's id."""
    async with db.transaction():
        invitation, user = await addressed_to(db, actor, _token_is(token), verified=False)
        _proven(user)
        await join(db, actor, user, invitation)
    return invitation.board_id


async def decline_link(db: UnitOfWork, actor: Actor | None, token: str) -> None:
    """The invitee declines: signed in with the invited address, or not signed in at all
    (the link is proof enough to say no)."""
    async with db.transaction():
        if actor is None:
            invitation = await _pending_by_token(db, token)
        else:
            invitation, user = await addressed_to(db, actor, _token_is(token), verified=False)
            _proven(user)
        await turn_down(db, invitation)


async def sign_up_by_link(
    db: UnitOfWork,
    rt: Runtime,
    token: str,
    *,
    display_name: str,
    password: str,
    client: str,
) -> tuple[User, int | None]:
    """A new account with the invited address, verified, which then accepts. Returns it
    and the board's id (None if the invitation was revoked while the account was made)."""
    email = (await _pending_by_token(db, token)).email
    await db.commit()  # no connection held while the password is hashed
    user = await create_user(
        db, rt, email=email, password=password, display_name=display_name, client=client,
        verified=True,  # the link proves the address
    )  # fmt: skip
    try:
        async with db.transaction():
            invitation = await _pending_by_token(db, token)
            await join(db, actor_of(user), user, invitation)
    except NotFound:
        return user, None
    return user, invitation.board_id
