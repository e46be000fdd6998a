"""Who is calling: the actor behind a bearer token or a browser session cookie, from the
access cache when it is known there (core/cache.py), else from the database."""

from __future__ import annotations

from typing import cast

from sqlalchemy import select

from teamboard.accounts.models import BrowserSession, User
from teamboard.accounts.service import actor_of
from teamboard.core.actor import Actor
from teamboard.core.cache import AccessCache, Scope
from teamboard.core.db import UnitOfWork
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from teamboard.core.security import AccessClaims, AccessTokens, token_digest

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


async def resolve_session(db: UnitOfWork, token: str) -> Actor | None:
    now = utcnow()
    digest = token_digest(token)
    cache: AccessCache = db.access
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


async def resolve_access_token(db: UnitOfWork, rt: Runtime, token: str) -> Actor | None:
    claims = rt.tokens.verify(token)
    if claims is None:
        return None
    cache: AccessCache = db.access
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
