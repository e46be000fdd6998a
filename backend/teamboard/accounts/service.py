"""Accounts: sign-up, log-in, browser sessions, token pairs, profile and admin changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from typing import cast

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from teamboard.accounts.models import BrowserSession, RefreshToken, User
from teamboard.activity.service import lock_board, record_event
from teamboard.boards.models import BoardMember
from teamboard.core.cache import AccessCache, Scope
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
from teamboard.core.security import AccessClaims, AccessTokens, new_token, token_digest

MIN_PASSWORD = 8
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
    account_key, client_key = f"login:acct:{email.strip().lower()}", f"login:addr:{client}"
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


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    refresh_token: str
    expires_in: int


async def issue_tokens(
    db: AsyncSession, rt: Runtime, user: User, family_id: str | None = None
) -> IssuedTokens:
    async with transaction(db):
        refresh = _add_refresh_token(db, rt, user, family_id or new_token(16)[:32])
    return _token_pair(rt, user, refresh)


def _add_refresh_token(db: AsyncSession, rt: Runtime, user: User, family_id: str) -> str:
    refresh = new_token()
    db.add(
        RefreshToken(
            token_hash=token_digest(refresh),
            family_id=family_id,
            user_id=user.id,
            expires_at=utcnow() + timedelta(days=rt.settings.refresh_token_days),
        )
    )
    return refresh


def _token_pair(rt: Runtime, user: User, refresh: str) -> IssuedTokens:
    return IssuedTokens(
        access_token=rt.tokens.issue(user.id, user.auth_epoch),
        refresh_token=refresh,
        expires_in=int(rt.tokens.lifetime.total_seconds()),
    )


async def rotate_refresh_token(db: AsyncSession, rt: Runtime, token: str) -> IssuedTokens:
    """Single use: the conditional UPDATE lets exactly one of two racing uses win.
    A second presentation of a used token means it leaked: the whole family dies. The
    successor is added in the claiming transaction, so a racing replay revokes it too."""
    now = utcnow()
    digest = token_digest(token)
    user: User | None = None
    refresh = ""
    async with transaction(db):
        claimed = (
            await db.execute(
                update(RefreshToken)
                .where(
                    RefreshToken.token_hash == digest,
                    RefreshToken.used_at.is_(None),
                    RefreshToken.revoked_at.is_(None),
                    RefreshToken.expires_at > now,
                )
                .values(used_at=now)
                .returning(RefreshToken.user_id, RefreshToken.family_id)
            )
        ).first()
        if claimed is None:
            family = await db.scalar(
                select(RefreshToken.family_id).where(RefreshToken.token_hash == digest)
            )
            if family is not None:
                await _revoke_family(db, family, now)
        else:
            user = await db.get(User, claimed.user_id)
            if user is not None and user.is_active:
                refresh = _add_refresh_token(db, rt, user, claimed.family_id)
    if user is None or not refresh:
        raise _invalid_refresh()
    return _token_pair(rt, user, refresh)


def _invalid_refresh() -> Unauthenticated:
    return Unauthenticated("Refresh token is invalid, expired or already used")


async def _revoke_family(db: AsyncSession, family_id: str, now: datetime) -> None:
    await db.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


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
                await _revoke_family(db, family, now)


# -- who is calling -----------------------------------------------------------------------


CREDENTIALS: Scope = ("users", 0)


def cached_actor(
    cache: AccessCache, tokens: AccessTokens, *, bearer: str | None, session: str | None
) -> Actor | None:
    """The caller, when the credential they present is cached and still good: no query and
    no side effect. None only means "not known here": ask ``resolve_*`` then."""
    if bearer is not None:
        claims = tokens.verify(bearer)
        return cast(Actor | None, cache.peek(_bearer_key(claims))) if claims else None
    if session is not None:
        cached = cache.peek(_session_key(token_digest(session)))
        if cached is not None and cached[1] > utcnow():
            return cast(Actor, cached[0])
    return None


def _bearer_key(claims: AccessClaims) -> tuple[str, int, int]:
    return ("bearer", claims.user_id, claims.auth_epoch)


def _session_key(digest: str) -> tuple[str, str]:
    return ("session", digest)


async def resolve_session(db: AsyncSession, token: str) -> Actor | None:
    now = utcnow()
    digest = token_digest(token)
    cache: AccessCache = db.info["access"]
    cached = cache.get(_session_key(digest))
    if cached is not None and cached[1] > now:
        return cast(Actor, cached[0])
    generation = cache.generation(CREDENTIALS)
    row = (
        await db.execute(
            select(BrowserSession, User)
            .join(User, User.id == BrowserSession.user_id)
            .where(
                BrowserSession.token_hash == digest,
                BrowserSession.revoked_at.is_(None),
                BrowserSession.expires_at > now,
                User.is_active.is_(True),
            )
        )
    ).first()
    if row is None:
        cache.discard(_session_key(digest))
        return None
    record, user = row
    actor = actor_of(user, record)
    cache.put(_session_key(digest), (actor, record.expires_at), CREDENTIALS, generation)
    return actor


async def resolve_access_token(db: AsyncSession, rt: Runtime, token: str) -> Actor | None:
    claims = rt.tokens.verify(token)
    if claims is None:
        return None
    cache: AccessCache = db.info["access"]
    key = _bearer_key(claims)
    if (cached := cache.get(key)) is not None:
        return cast(Actor, cached)
    generation = cache.generation(CREDENTIALS)
    user = await db.get(User, claims.user_id)
    if user is None or not user.is_active or user.auth_epoch != claims.auth_epoch:
        cache.discard(key)
        return None
    actor = actor_of(user)
    cache.put(key, actor, CREDENTIALS, generation)
    return actor


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
    """Ends every other session and all refresh tokens; old access tokens stop working."""
    user = await get_user(db, actor.id)
    if not await rt.passwords.verify(user.password_hash, current):
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
