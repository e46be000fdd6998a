"""Passwords, opaque tokens and JWT access tokens.

Argon2 hashing takes tens of milliseconds of CPU, so it always runs in a worker thread:
never on the event loop.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

import jwt
from anyio import to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from teamboard.core.config import Settings
from teamboard.core.db import utcnow

JWT_ALGORITHM = "HS256"
JWT_AUDIENCE = "teamboard-api"


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def token_digest(token: str) -> str:
    """Tokens are stored by digest only: a leaked table holds nothing usable."""
    return hashlib.sha256(token.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


class Passwords:
    def __init__(self, settings: Settings) -> None:
        self._hasher = PasswordHasher(
            time_cost=settings.argon2_time_cost, memory_cost=settings.argon2_memory_kib
        )
        # Verified against when the e-mail is unknown, so both cases cost the same time.
        self._dummy = self._hasher.hash(secrets.token_urlsafe(16))

    async def hash(self, password: str) -> str:
        return await to_thread.run_sync(self._hasher.hash, password)

    async def verify(self, stored_hash: str | None, password: str) -> bool:
        return await to_thread.run_sync(self._verify, stored_hash, password)

    def _verify(self, stored_hash: str | None, password: str) -> bool:
        try:
            return self._hasher.verify(stored_hash or self._dummy, password) and bool(stored_hash)
        except (VerificationError, InvalidHashError):
            return False


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: int
    auth_epoch: int


class AccessTokens:
    """Short-lived HS256 JWTs; algorithm pinned, ``iss``/``aud``/``exp`` required."""

    def __init__(self, settings: Settings) -> None:
        self._key = settings.resolved_secret_key()
        self._issuer = settings.jwt_issuer
        self.lifetime = timedelta(minutes=settings.access_token_minutes)
        # A token's signature and claims never change: verify each once, then only its
        # expiry. Bounded, since every client brings a new token every few minutes.
        self._verified: dict[str, tuple[float, AccessClaims]] = {}

    def issue(self, user_id: int, auth_epoch: int) -> str:
        now = utcnow()
        claims = {
            "iss": self._issuer,
            "aud": JWT_AUDIENCE,
            "sub": str(user_id),
            "iat": now,
            "exp": now + self.lifetime,
            "jti": uuid.uuid4().hex,
            "typ": "access",
            "ep": auth_epoch,
        }
        return jwt.encode(claims, self._key, algorithm=JWT_ALGORITHM)

    def verify(self, token: str) -> AccessClaims | None:
        known = self._verified.get(token)
        if known is not None:
            if known[0] > time.time():
                return known[1]
            del self._verified[token]
            return None
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[JWT_ALGORITHM],
                audience=JWT_AUDIENCE,
                issuer=self._issuer,
                options={"require": ["exp", "iss", "aud", "sub", "typ"]},
            )
            if claims["typ"] != "access":
                return None
            result = AccessClaims(user_id=int(claims["sub"]), auth_epoch=int(claims.get("ep", 0)))
            if len(self._verified) >= 10_000:
                self._verified.clear()
            self._verified[token] = (float(claims["exp"]), result)
            return result
        except (jwt.PyJWTError, ValueError, TypeError, KeyError):
            return None
