"""Accounts: sign-up, log-in, browser sessions, profile and admin changes. Token pairs are
in tokens.py, recognising the caller in callers.py."""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from importlib import resources

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from teamboard.accounts.models import BrowserSession, RefreshToken, User
from teamboard.accounts.schemas import MIN_PASSWORD
from teamboard.accounts.tokens import revoke_family
from teamboard.activity.service import lock_board, record_event
from teamboard.boards.models import BoardMember
from teamboard.core.db import stage_user_change, transaction, utcnow
from teamboard.core.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    RateLimited,
    Unauthenticated,
)
from teamboard.core.runtime import Actor, Runtime
from teamboard.core.security import new_token, token_digest

BAD_CREDENTIALS = "Incorrect e-mail or password"


@cache
def _common_passwords() -> frozenset[str]:
    text = resources.files("teamboard.accounts").joinpath("common_passwords.txt").read_text()
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def check_password_rules(password: str, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD:
        raise Invalid.field(field, f"must be at least {MIN_PASSWORD} characters")
    if password.lower() in _common_passwords():
        raise Invalid.field(field, "is too common; choose another")


def actor_of(user: User, session: BrowserSession | None = None) -> Actor:
    return Actor(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        is_admin=user.is_admin,
        session_id=session.id if session else None,
        csrf_token=session.csrf_token if session else None,
    )


# -- sign-up and log-in -----------------------------------------------------------------


async def create_user(
    db: AsyncSession,
    rt: Runtime,
    *,
    email: str,
    password: str,
    display_name: str,
    is_admin: bool = False,
) -> User:
    check_password_rules(password)
    password_hash = await rt.passwords.hash(password)
    async with transaction(db):
        if await db.scalar(select(User.id).where(User.email == email)) is not None:
            raise Conflict("An account with this e-mail already exists")
        user = User(
            email=email, display_name=display_name, password_hash=password_hash, is_admin=is_admin
        )
        db.add(user)
        try:
            await db.flush()
        except IntegrityError:
            raise Conflict("An account with this e-mail already exists") from None
    return user


async def authenticate(
    db: AsyncSession, rt: Runtime, *, email: str, password: str, client: str
) -> User:
    """Check a password log-in, throttled per account and per client address."""
    settings = rt.settings
    account_key, client_key = _account_key(email), f"login:addr:{client}"
    wait = max(
        await rt.login_limiter.blocked_for(account_key, settings.login_max_per_account),
        await rt.login_limiter.blocked_for(client_key, settings.login_max_per_address),
    )
    if wait:
        raise RateLimited(wait)
    await rt.login_limiter.hit(client_key)
    user = await db.scalar(select(User).where(User.email == email.strip().lower()))
    # The dummy hash is verified when the user is unknown: same status, body and time.
    ok = await rt.passwords.verify(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        await rt.login_limiter.hit(account_key)
        raise Unauthenticated(BAD_CREDENTIALS)
    await rt.login_limiter.reset(account_key)
    return user


def _account_key(email: str) -> str:
    return f"login:acct:{email.strip().lower()}"


async def start_browser_session(
    db: AsyncSession, rt: Runtime, user: User, *, user_agent: str, ip: str
) -> tuple[str, BrowserSession]:
    """A fresh random id and CSRF token every log-in, so a planted id is worthless."""
    token = new_token()
    async with transaction(db):
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


async def end_session(db: AsyncSession, actor: Actor, refresh_token: str | None) -> None:
    """Log out: the current browser session and, if given, the refresh token's family."""
    now = utcnow()
    async with transaction(db):
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


async def get_user(db: AsyncSession, user_id: int) -> User:
    user = await db.get(User, user_id)
    if user is None:
        raise NotFound("No such user")
    return user


async def update_profile(
    db: AsyncSession, actor: Actor, *, display_name: str | None, email: str | None
) -> User:
    async with transaction(db):
        stage_user_change(db, actor.id)
        user = await get_user(db, actor.id)
        if email is not None and email != user.email:
            taken = await db.scalar(select(User.id).where(User.email == email))
            if taken is not None:
                raise Invalid.field("email", "is already used by another account")
            user.email = email
        if display_name is not None:
            user.display_name = display_name
        await db.flush()
        # Boards show their members' names: each board gets a new version (ETag) and
        # live viewers learn of the change.
        member = {"user_id": user.id, "display_name": user.display_name, "email": user.email}
        memberships = await db.execute(
            select(BoardMember.board_id, BoardMember.role).where(BoardMember.user_id == user.id)
        )
        for board_id, role in list(memberships):
            await lock_board(db, board_id)
            await record_event(db, board_id, "member.updated", actor, member | {"role": str(role)})
    return user


async def change_password(
    db: AsyncSession, rt: Runtime, actor: Actor, *, current: str, new: str
) -> None:
    """Ends every other session and all refresh tokens; old access tokens stop working.
    A wrong current password counts as a failed log-in of the account: a stolen session
    must not become a way to guess the password without the log-in's throttle."""
    user = await get_user(db, actor.id)
    account_key = _account_key(user.email)
    wait = await rt.login_limiter.blocked_for(account_key, rt.settings.login_max_per_account)
    if wait:
        raise RateLimited(wait)
    if not await rt.passwords.verify(user.password_hash, current):
        await rt.login_limiter.hit(account_key)
        raise Invalid.field("current_password", "is not correct")
    check_password_rules(new, "new_password")
    new_hash = await rt.passwords.hash(new)
    async with transaction(db):
        user = await get_user(db, actor.id)
        user.password_hash = new_hash
        await _end_credentials(db, user, keep_session=actor.session_id)


async def _end_credentials(db: AsyncSession, user: User, keep_session: int | None) -> None:
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


async def list_sessions(db: AsyncSession, actor: Actor) -> list[BrowserSession]:
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


async def revoke_session(db: AsyncSession, actor: Actor, session_id: int) -> None:
    async with transaction(db):
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


async def list_users(
    db: AsyncSession, actor: Actor, *, limit: int, offset: int
) -> tuple[list[User], int]:
    _require_admin(actor)
    total = await db.scalar(select(func.count()).select_from(User)) or 0
    users = await db.scalars(select(User).order_by(User.id).limit(limit).offset(offset))
    return list(users), total


async def set_user_flags(
    db: AsyncSession, actor: Actor, user_id: int, *, is_active: bool | None, is_admin: bool | None
) -> User:
    _require_admin(actor)
    if user_id == actor.id and (is_active is False or is_admin is False):
        raise Conflict("Administrators cannot deactivate or demote themselves")
    async with transaction(db):
        stage_user_change(db, user_id)
        user = await get_user(db, user_id)
        if is_admin is not None:
            user.is_admin = is_admin
        if is_active is not None and is_active != user.is_active:
            user.is_active = is_active
            if not is_active:
                await _end_credentials(db, user, keep_session=None)
    return user
