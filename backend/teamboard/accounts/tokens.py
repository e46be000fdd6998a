"""API clients' token pairs: short-lived access tokens and single-use refresh tokens,
rotated on every use, a reused one revoking its whole family."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from teamboard.accounts.models import RefreshToken, User
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import Unauthenticated
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from teamboard.core.security import new_token, token_digest


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    refresh_token: str
    expires_in: int


async def issue_tokens(
    db: UnitOfWork, rt: Runtime, user: User, family_id: str | None = None
) -> IssuedTokens:
    async with db.transaction():
        refresh = _add_refresh_token(db, rt, user, family_id or new_token(16)[:32])
    return _token_pair(rt, user, refresh)


def _add_refresh_token(db: UnitOfWork, rt: Runtime, user: User, family_id: str) -> str:
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


async def rotate_refresh_token(db: UnitOfWork, rt: Runtime, token: str) -> IssuedTokens:
    """Single use: the conditional UPDATE lets exactly one of two racing uses win.
    A second presentation of a used token means it leaked: the whole family dies. The
    successor is added in the claiming transaction, so a racing replay revokes it too."""
    now = utcnow()
    digest = token_digest(token)
    user: User | None = None
    refresh = ""
    async with db.transaction():
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
                await revoke_family(db, family, now)
        else:
            user = await db.get(User, claimed.user_id)
            if user is not None and user.is_active:
                refresh = _add_refresh_token(db, rt, user, claimed.family_id)
    if user is None or not refresh:
        raise _invalid_refresh()
    return _token_pair(rt, user, refresh)


def _invalid_refresh() -> Unauthenticated:
    return Unauthenticated("Refresh token is invalid, expired or already used")


async def revoke_family(db: UnitOfWork, family_id: str, now: datetime) -> None:
    await db.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
