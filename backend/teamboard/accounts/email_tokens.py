"""The links mailed to an account's address (models.EmailToken): made, looked at, used.

A link holds a random token (256 bits); the table keeps its digest. Using one is a
conditional UPDATE, so of two racing uses exactly one wins. A link works only while it
still means what it meant when it was mailed: the account is active and still has the
address it went to (an e-mail change link: still has the password it was asked with),
and a reset link dies with the password it was issued under, whichever way that changes.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select, update

from teamboard.accounts.models import EmailToken, User
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import BadRequest
from teamboard.core.models import utcnow
from teamboard.core.security import new_token, token_digest

VERIFY = "verify"
RESET = "reset"
CHANGE = "change"
LIFETIMES = {VERIFY: timedelta(hours=24), RESET: timedelta(hours=1), CHANGE: timedelta(hours=24)}
# A new password means someone may have had the old one: what was asked with it dies.
BOUND_TO_PASSWORD = frozenset({RESET, CHANGE})
INVALID = "This link is invalid, has expired or was already used"


def password_stamp(user: User) -> str:
    """Changes with every password change (argon2 salts each hash), and when a password
    is removed: what a link remembers of the password it was issued under."""
    return token_digest(user.password_hash or "")


async def issue(db: UnitOfWork, user: User, purpose: str, email: str) -> str:
    """A new link for ``user``, mailed to ``email``, in the caller's transaction. The
    user's links that ran out are dropped on the way: the table stays small."""
    now = utcnow()
    await db.execute(
        delete(EmailToken).where(EmailToken.user_id == user.id, EmailToken.expires_at <= now)
    )
    token = new_token()
    db.add(
        EmailToken(
            token_hash=token_digest(token),
            user_id=user.id,
            purpose=purpose,
            email=email,
            password_stamp=password_stamp(user),
            created_at=now,
            expires_at=now + LIFETIMES[purpose],
        )
    )
    return token


async def retire(db: UnitOfWork, user_id: int, purpose: str) -> None:
    """The user's unused links of ``purpose`` stop working (a newer request replaces them)."""
    await db.execute(
        update(EmailToken)
        .where(
            EmailToken.user_id == user_id,
            EmailToken.purpose == purpose,
            EmailToken.used_at.is_(None),
        )
        .values(used_at=utcnow())
    )


def _still_good(record: EmailToken, user: User) -> bool:
    if not user.is_active:
        return False
    if record.purpose in BOUND_TO_PASSWORD and record.password_stamp != password_stamp(user):
        return False
    # A change link goes to the new address; the others to the account's own.
    return record.purpose == CHANGE or record.email == user.email


async def peek(db: UnitOfWork, token: str, purpose: str) -> tuple[EmailToken, User] | None:
    """The link's record and account if it would work now. Changes nothing: for a page
    that a GET shows (a mail scanner fetching the link must not use it up)."""
    row = (
        await db.execute(
            select(EmailToken, User)
            .join(User, User.id == EmailToken.user_id)
            .where(
                EmailToken.token_hash == token_digest(token),
                EmailToken.purpose == purpose,
                EmailToken.used_at.is_(None),
                EmailToken.expires_at > utcnow(),
            )
        )
    ).first()
    if row is None or not _still_good(*row):
        return None
    return row[0], row[1]


async def claim(db: UnitOfWork, token: str, purpose: str) -> tuple[EmailToken, User]:
    """Uses the link up, in the caller's transaction (a rollback gives it back), or
    raises BadRequest when it does not work."""
    now = utcnow()
    claimed = await db.scalar(
        update(EmailToken)
        .where(
            EmailToken.token_hash == token_digest(token),
            EmailToken.purpose == purpose,
            EmailToken.used_at.is_(None),
            EmailToken.expires_at > now,
        )
        .values(used_at=now)
        .returning(EmailToken.id)
    )
    if claimed is None:
        raise BadRequest(INVALID)
    record = await db.get(EmailToken, claimed, populate_existing=True)
    # Fresh and locked: a password changed meanwhile is seen, and no change slips in
    # between this check and the caller's write (PostgreSQL; SQLite has one writer).
    user = (
        await db.get(User, record.user_id, populate_existing=True, with_for_update=True)
        if record is not None
        else None
    )
    if record is None or user is None or not _still_good(record, user):
        raise BadRequest(INVALID)
    return record, user
