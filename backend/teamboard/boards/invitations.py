"""Invitations: how someone becomes a member of a board. An owner invites an e-mail
address; the person who reads the mail sent there accepts it, and is a member with the
invited role, or declines it.

Nothing an owner does tells whether an address has an account: inviting answers the same
for every address (a member's too: there is nothing to send them), and the mail is the
same whoever reads it. Only the invitee acts on an invitation: signed in with the
*verified* address it was sent to (``/me/invitations``; an address someone merely typed
in at sign-up proves nothing), or holding the mailed link, whose token proves they read
the mail (boards/invitation_links.py). Invitations expire after :data:`LIFETIME`.

The board's log records ``invitation.sent``/``.revoked``/``.declined`` without the
address (every member sees the log; only owners see whom they invited) and, when the
invitee accepts, ``member.added`` with the invitee as its actor.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Row, Select, delete, select
from sqlalchemy.orm import aliased

from teamboard.accounts import throttle
from teamboard.accounts.models import User
from teamboard.boards.access import access_board, access_statement, access_to
from teamboard.boards.events import InvitationData
from teamboard.boards.invitation_mail import invitation_letter
from teamboard.boards.log import lock_board, record_event
from teamboard.boards.models import Board, BoardMember, Invitation, Role
from teamboard.boards.schemas import BoardRead, InvitationRead, InvitationSent, PersonRef
from teamboard.boards.views import as_json, board_read, member_read
from teamboard.core.actor import Actor
from teamboard.core.config import Settings
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import NotFound
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from teamboard.core.security import new_token, token_digest
from teamboard.mail import outbox

LIFETIME = timedelta(days=14)
NO_SUCH = "No such invitation"
# The newest this many: a list, not a page (an owner sends at most the invitation limit
# per hour, and a person has as many as boards they are invited to).
LISTED = 200

_INVITATION = access_statement(Invitation)
_Inviter = aliased(User, name="inviter")
_Invitee = aliased(User, name="invitee")


async def invite(
    db: UnitOfWork,
    rt: Runtime,
    actor: Actor,
    board_id: int,
    *,
    email: str,
    role: Role,
    client: str,
) -> InvitationSent:
    """Mails ``email`` an invitation (or renews the pending one: new role, expiry and
    link, the old link dead). Owners only; limited per account and client address."""
    await throttle.invitations(rt, user_id=actor.id, client=client)
    sent = InvitationSent(email=email, role=role)
    token, now = new_token(), utcnow()
    async with db.transaction():
        board, _role = await access_board(db, actor, board_id, Role.owner)
        await lock_board(db, board_id)
        if await _is_member(db, board_id, email):
            return sent  # nothing to send; the same answer
        # Expired ones go when the board invites again: the table stays as small as the
        # pending invitations (a few statements, whatever the number).
        await db.execute(
            delete(Invitation)
            .where(Invitation.board_id == board_id, Invitation.expires_at <= now)
            .execution_options(synchronize_session=False)
        )
        await send_invitation(db, rt.settings, actor, board, email=email, role=role, token=token)
    return sent


async def send_invitation(
    db: UnitOfWork,
    settings: Settings,
    actor: Actor,
    board: Board,
    *,
    email: str,
    role: Role,
    token: str | None = None,
) -> None:
    """The invitation, its mail and its event, in the caller's transaction (the caller
    checked that ``actor`` owns the board and holds its lock): :func:`invite`, and a
    board's import (portability/jobs.py)."""
    token, now = token or new_token(), utcnow()
    invitation = await db.scalar(
        select(Invitation).where(Invitation.board_id == board.id, Invitation.email == email)
    )
    if invitation is None:
        invitation = Invitation(board_id=board.id, email=email)
        db.add(invitation)
    invitation.role = role
    invitation.token_hash = token_digest(token)
    invitation.invited_by_id = actor.id
    invitation.created_at = now
    invitation.expires_at = now + LIFETIME
    await db.flush()
    letter = invitation_letter(
        settings, inviter=actor.display_name, board=board.name, invitation=invitation,
        token=token,
    )  # fmt: skip
    outbox.queue(db, settings, letter, kind="invitation")
    data = InvitationData(id=invitation.id, role=role, expires_at=invitation.expires_at)
    await record_event(db, board.id, "invitation.sent", actor, as_json(data))


async def _is_member(db: UnitOfWork, board_id: int, email: str) -> bool:
    found = await db.scalar(
        select(BoardMember.user_id)
        .join(User, User.id == BoardMember.user_id)
        .where(BoardMember.board_id == board_id, User.email == email)
    )
    return found is not None


# -- reading ----------------------------------------------------------------------------


def pending(now: datetime) -> Select[Invitation, str, User]:
    """Pending invitations, each with its board's name and who sent it."""
    return (
        select(Invitation, Board.name, _Inviter)
        .join(Board, Board.id == Invitation.board_id)
        .outerjoin(_Inviter, _Inviter.id == Invitation.invited_by_id)
        .where(Invitation.expires_at > now)
    )


def invitation_read(row: Row[Invitation, str, User]) -> InvitationRead:
    """From a row of :func:`pending` (its inviter None once that account is gone)."""
    invitation, board_name, inviter = row
    return InvitationRead(
        id=invitation.id,
        board_id=invitation.board_id,
        board_name=board_name,
        email=invitation.email,
        role=invitation.role,
        invited_by=PersonRef(id=inviter.id, display_name=inviter.display_name) if inviter else None,
        created_at=invitation.created_at,
        expires_at=invitation.expires_at,
    )


_NEWEST = (Invitation.created_at.desc(), Invitation.id.desc())


async def list_board_invitations(
    db: UnitOfWork, actor: Actor, board_id: int
) -> list[InvitationRead]:
    """The board's pending invitations, newest first: owners only."""
    await access_board(db, actor, board_id, Role.owner)
    query = pending(utcnow()).where(Invitation.board_id == board_id)
    rows = await db.execute(query.order_by(*_NEWEST).limit(LISTED))
    return [invitation_read(row) for row in rows]


async def list_my_invitations(db: UnitOfWork, actor: Actor) -> list[InvitationRead]:
    """The invitations to the caller's address, once they proved it is theirs."""
    query = (
        pending(utcnow())
        .join(_Invitee, _Invitee.email == Invitation.email)
        .where(_Invitee.id == actor.id, _Invitee.email_verified_at.is_not(None))
    )
    rows = await db.execute(query.order_by(*_NEWEST).limit(LISTED))
    return [invitation_read(row) for row in rows]


# -- acting on one ----------------------------------------------------------------------


async def addressed_to(
    db: UnitOfWork, actor: Actor, which: ColumnElement[bool], *, verified: bool
) -> tuple[Invitation, User]:
    """The pending invitation ``which`` names, if it was sent to the caller's address
    (proven, with ``verified``), and the caller's account; else NotFound, whatever the
    reason, so nobody learns of anyone else's."""
    query = (
        select(Invitation, User)
        .join(User, User.email == Invitation.email)
        .where(which, User.id == actor.id, User.is_active.is_(True))
        .where(Invitation.expires_at > utcnow())
    )
    if verified:
        query = query.where(User.email_verified_at.is_not(None))
    row = (await db.execute(query)).first()
    if row is None:
        raise NotFound(NO_SUCH)
    return row[0], row[1]


async def _take(db: UnitOfWork, invitation: Invitation) -> None:
    """Deletes the invitation under the board's lock, if it is still the one read (not
    revoked or renewed meanwhile): NotFound otherwise."""
    await lock_board(db, invitation.board_id)
    gone = await db.execute(
        delete(Invitation)
        .where(Invitation.id == invitation.id, Invitation.token_hash == invitation.token_hash)
        .execution_options(synchronize_session=False)
    )
    if gone.rowcount == 0:  # type: ignore[attr-defined]
        raise NotFound(NO_SUCH)


async def join(db: UnitOfWork, actor: Actor, user: User, invitation: Invitation) -> None:
    """``user`` (the invitee, acting as ``actor``) takes up ``invitation``: a member with
    its role, live for everyone on the board. One already a member keeps their role."""
    await _take(db, invitation)
    board_id = invitation.board_id
    if await db.get(BoardMember, (board_id, user.id)) is not None:
        return
    db.add(BoardMember(board_id=board_id, user_id=user.id, role=invitation.role))
    member = member_read(user, invitation.role)
    await record_event(db, board_id, "member.added", actor, as_json(member))


async def turn_down(db: UnitOfWork, invitation: Invitation) -> None:
    """Declined: gone, and the board's log says so without saying by whom (they chose
    not to be among its members)."""
    await _take(db, invitation)
    await record_event(db, invitation.board_id, "invitation.declined", None, {"id": invitation.id})


async def accept(db: UnitOfWork, actor: Actor, invitation_id: int) -> BoardRead:
    async with db.transaction():
        invitation, user = await addressed_to(
            db, actor, Invitation.id == invitation_id, verified=True
        )
        await join(db, actor, user, invitation)
    board, role = await access_board(db, actor, invitation.board_id)
    return board_read(board, role)


async def decline(db: UnitOfWork, actor: Actor, invitation_id: int) -> None:
    async with db.transaction():
        invitation, _user = await addressed_to(
            db, actor, Invitation.id == invitation_id, verified=True
        )
        await turn_down(db, invitation)


async def revoke(db: UnitOfWork, actor: Actor, invitation_id: int) -> None:
    """Owners of its board; its link stops working at once."""
    async with db.transaction():
        found, _role = await access_to(
            db, actor, _INVITATION, "invitation", invitation_id, Role.owner
        )
        invitation: Invitation = found
        await _take(db, invitation)
        await record_event(
            db, invitation.board_id, "invitation.revoked", actor, {"id": invitation.id}
        )
