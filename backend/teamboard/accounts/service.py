"""Accounts: sign-up, log-in, browser sessions, profile and admin changes. Token pairs are
in tokens.py, recognising the caller in callers.py."""

from __future__ import annotations

import enum
from datetime import timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from teamboard.accounts import letters, throttle
from teamboard.accounts.models import BrowserSession, MfaChallenge, RefreshToken, User
from teamboard.accounts.schemas import MIN_PASSWORD, common_passwords
from teamboard.accounts.tokens import revoke_family
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork, stage_user_change
from teamboard.core.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    Unauthenticated,
)
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from teamboard.core.security import new_token, token_digest


class Unchanged(enum.Enum):
    """A field a change leaves alone (None may be a value: "clear it")."""

    token = 0


UNCHANGED = Unchanged.token
BAD_CREDENTIALS = "Incorrect e-mail or password"
# In a profile change's transaction, for the domains that show names (not published).
PROFILE_CHANGED = "user.profile_changed"


def check_password_rules(password: str, field: str = "password") -> None:
    """The rules of schemas.NewPassword, for callers without a schema (the command line)."""
    if len(password) < MIN_PASSWORD:
        raise Invalid.field(field, "password_too_short", limit=MIN_PASSWORD)
    if password.lower() in common_passwords():
        raise Invalid.field(field, "password_common")


def actor_of(user: User, session: BrowserSession | None = None) -> Actor:
    return Actor(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        is_admin=user.is_admin,
        session_id=session.id if session else None,
        csrf_token=session.csrf_token if session else None,
        email_verified=user.email_verified_at is not None,
        two_factor=user.two_factor_enabled_at is not None,
        time_zone=user.time_zone,
    )


# -- sign-up and log-in -----------------------------------------------------------------


DUPLICATE = "An account with this e-mail already exists"


async def create_user(
    db: UnitOfWork,
    rt: Runtime,
    *,
    email: str,
    password: str,
    display_name: str,
    client: str | None,
    is_admin: bool = False,
    verified: bool = False,
) -> User:
    """``client`` is the address a sign-up came from (limited per address; the new
    address is mailed a link to prove it); None for the operator's own tools (the command
    line, the demo data), which mail nothing. ``verified``: the demo data's made-up
    addresses, which nobody owns and nobody could prove, and an address a mailed link
    proved already (an invitation's, boards/invitation_links.py): no link is mailed."""
    check_password_rules(password)  # cheap and tells nothing: not counted
    if client is not None:
        await throttle.signup(rt, client)
    # Known addresses are turned away before the (memory-hungry) hash, and the read ends
    # before it so no connection waits on argon2.
    taken = await db.scalar(select(User.id).where(User.email == email))
    await db.commit()
    if taken is not None:
        raise Conflict(DUPLICATE)
    password_hash = await rt.passwords.hash(password)
    async with db.transaction():
        user = User(
            email=email,
            display_name=display_name,
            password_hash=password_hash,
            is_admin=is_admin,
            email_verified_at=utcnow() if verified else None,
        )
        db.add(user)
        try:
            await db.flush()
        except IntegrityError:  # signed up meanwhile
            raise Conflict(DUPLICATE) from None
        if client is not None and not verified:
            await letters.send_verification(db, rt.settings, user)
    return user


async def authenticate(
    db: UnitOfWork, rt: Runtime, *, email: str, password: str, client: str
) -> User:
    """Check a password log-in, throttled as accounts/throttle.py tells."""
    await throttle.before_password(rt, email=email, client=client)
    user = await db.scalar(select(User).where(User.email == email.strip().lower()))
    await db.commit()  # no connection held while waiting for an argon2 slot
    # The dummy hash is verified when the user is unknown: same status, body and time.
    ok = await rt.passwords.verify(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        await throttle.password_failed(rt, email=email, client=client)
        raise Unauthenticated(BAD_CREDENTIALS)
    await throttle.password_accepted(rt, email=email, client=client)
    return user


async def start_browser_session(
    db: UnitOfWork, rt: Runtime, user: User, *, user_agent: str, ip: str
) -> tuple[str, BrowserSession]:
    """A fresh random id and CSRF token every log-in, so a planted id is worthless."""
    token = new_token()
    async with db.transaction():
        record = BrowserSession(
            token_hash=token_digest(token),
            user_id=user.id,
            csrf_token=new_token(24),
            user_agent=user_agent[:300],
            ip_address=ip[:64],
            expires_at=utcnow() + timedelta(days=rt.settings.session_days),
        )
        db.add(record)
    return token, record


async def end_session(db: UnitOfWork, actor: Actor, refresh_token: str | None) -> None:
    """Log out: the current browser session and, if given, the refresh token's family."""
    now = utcnow()
    async with db.transaction():
        stage_user_change(db, actor.id)
        if actor.session_id is not None:
            await db.execute(
                update(BrowserSession)
                .where(BrowserSession.id == actor.session_id)
                .values(revoked_at=now)
            )
        if refresh_token:
            family = await db.scalar(
                select(RefreshToken.family_id).where(
                    RefreshToken.token_hash == token_digest(refresh_token),
                    RefreshToken.user_id == actor.id,
                )
            )
            if family is not None:
                await revoke_family(db, family, now)


# -- profile, password, sessions ------------------------------------------------------------


async def get_user(db: UnitOfWork, user_id: int) -> User:
    user = await db.get(User, user_id)
    if user is None:
        raise NotFound("No such user")
    return user


# How recent a provider log-in must be to stand in for the password of an account without one.
RECENT_LOG_IN = timedelta(minutes=10)


async def update_profile(
    db: UnitOfWork,
    rt: Runtime,
    actor: Actor,
    *,
    display_name: str | None,
    email: str | None,
    current_password: str | None = None,
    client: str,
    time_zone: str | Unchanged | None = UNCHANGED,
) -> User:
    """``time_zone``: an IANA name (checked by the schema), None to clear it. A new
    ``email`` is not taken at once: a link mailed to it moves the account when it is used
    (email_change.py), and the current address is told. The answer is the same whether
    another account has the new address or not: only whoever holds its mailbox learns
    that, when they use the link."""
    user = await get_user(db, actor.id)
    if email is not None and email != user.email:
        await _prove_it_is_you(db, rt, actor, user, current_password, client)
        await throttle.account_mail(rt, client=client, user_id=actor.id, email=email)
    async with db.transaction():
        stage_user_change(db, actor.id)
        user = await get_user(db, actor.id)
        if email is not None and email != user.email:
            await letters.send_email_change(db, rt.settings, user, email)
        renamed = display_name is not None and display_name != user.display_name
        if display_name is not None:
            user.display_name = display_name
        if not isinstance(time_zone, Unchanged):
            user.time_zone = time_zone
        await db.flush()
        # The boards the user is a member of show their name (boards/reactions.py); not
        # their time zone, which only their own pages read.
        if renamed:
            await db.react({"type": PROFILE_CHANGED, "user_id": user.id, "actor": actor})
    return user


async def _prove_it_is_you(
    db: UnitOfWork,
    rt: Runtime,
    actor: Actor,
    user: User,
    current_password: str | None,
    client: str,
) -> None:
    """The current password (a wrong one counts as a failed log-in), or for an account
    without one (it logs in through a provider), a browser session begun minutes ago."""
    if user.password_hash is None:
        started = (
            await db.scalar(
                select(BrowserSession.created_at).where(BrowserSession.id == actor.session_id)
            )
            if actor.session_id is not None
            else None
        )
        if started is None or started < utcnow() - RECENT_LOG_IN:
            minutes = int(RECENT_LOG_IN.total_seconds() // 60)
            raise Invalid.field("email", "email_change_too_late", minutes=minutes)
        return
    if not current_password:
        raise Invalid.field("current_password", "current_password_needed")
    # Throttled like a log-in of the account from ``client`` (see change_password).
    await throttle.before_password(rt, email=user.email, client=client)
    password_hash = user.password_hash
    await db.commit()  # no connection held while waiting for an argon2 slot
    if not await rt.passwords.verify(password_hash, current_password):
        await throttle.password_failed(rt, email=user.email, client=client)
        raise Invalid.field("current_password", "current_password_wrong")
    await throttle.password_accepted(rt, email=user.email, client=client)


async def change_password(
    db: UnitOfWork, rt: Runtime, actor: Actor, *, current: str, new: str, client: str
) -> None:
    """Ends every other session and all refresh tokens; old access tokens stop working.
    The current password is throttled like a log-in of the account from ``client``: a
    stolen session must not become a way to guess the password without the throttle."""
    await throttle.before_password(rt, email=actor.email, client=client)
    user = await get_user(db, actor.id)
    await db.commit()  # no connection held while waiting for an argon2 slot
    if not await rt.passwords.verify(user.password_hash, current):
        await throttle.password_failed(rt, email=actor.email, client=client)
        raise Invalid.field("current_password", "current_password_wrong")
    await throttle.password_accepted(rt, email=actor.email, client=client)
    check_password_rules(new, "new_password")
    new_hash = await rt.passwords.hash(new)
    async with db.transaction():
        user = await get_user(db, actor.id)
        user.password_hash = new_hash
        await end_credentials(db, user, keep_session=actor.session_id)


async def end_credentials(db: UnitOfWork, user: User, keep_session: int | None) -> None:
    """Every session (but ``keep_session``), refresh token and access token of ``user``
    stops working, and so does a log-in waiting for its second factor: it was vouched for
    by the password (or provider) that this change may be taking back."""
    now = utcnow()
    stage_user_change(db, user.id)
    user.auth_epoch += 1
    sessions = update(BrowserSession).where(
        BrowserSession.user_id == user.id, BrowserSession.revoked_at.is_(None)
    )
    if keep_session is not None:
        sessions = sessions.where(BrowserSession.id != keep_session)
    await db.execute(sessions.values(revoked_at=now))
    await db.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user.id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    await db.execute(delete(MfaChallenge).where(MfaChallenge.user_id == user.id))


async def list_sessions(db: UnitOfWork, actor: Actor) -> list[BrowserSession]:
    result = await db.scalars(
        select(BrowserSession)
        .where(
            BrowserSession.user_id == actor.id,
            BrowserSession.revoked_at.is_(None),
            BrowserSession.expires_at > utcnow(),
        )
        .order_by(BrowserSession.last_seen_at.desc())
    )
    return list(result)


async def revoke_session(db: UnitOfWork, actor: Actor, session_id: int) -> None:
    async with db.transaction():
        stage_user_change(db, actor.id)
        result = await db.execute(
            update(BrowserSession)
            .where(
                BrowserSession.id == session_id,
                BrowserSession.user_id == actor.id,
                BrowserSession.revoked_at.is_(None),
            )
            .values(revoked_at=utcnow())
        )
        if result.rowcount == 0:  # type: ignore[attr-defined]
            raise NotFound("No such session")


# -- administration -------------------------------------------------------------------------


def _require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise Forbidden("Administrators only")


async def user_for_admin(db: UnitOfWork, actor: Actor, user_id: int) -> User:
    """A user, for an administrator about to change them (the confirmation page)."""
    _require_admin(actor)
    if user_id == actor.id:
        raise Conflict("Administrators cannot deactivate or demote themselves")
    return await get_user(db, user_id)


async def list_users(
    db: UnitOfWork, actor: Actor, *, limit: int, offset: int
) -> tuple[list[User], int]:
    _require_admin(actor)
    total = await db.scalar(select(func.count()).select_from(User)) or 0
    users = await db.scalars(select(User).order_by(User.id).limit(limit).offset(offset))
    return list(users), total


async def set_user_flags(
    db: UnitOfWork, actor: Actor, user_id: int, *, is_active: bool | None, is_admin: bool | None
) -> User:
    _require_admin(actor)
    if user_id == actor.id and (is_active is False or is_admin is False):
        raise Conflict("Administrators cannot deactivate or demote themselves")
    async with db.transaction():
        stage_user_change(db, user_id)
        user = await get_user(db, user_id)
        if is_admin is not None:
            user.is_admin = is_admin
        if is_active is not None and is_active != user.is_active:
            user.is_active = is_active
            if not is_active:
                await end_credentials(db, user, keep_session=None)
    return user
