"""Passwords, opaque tokens (and the masking of CSRF tokens) and JWT access tokens.

Argon2 hashing takes tens of milliseconds of CPU, so it always runs in a worker thread:
never on the event loop. Each hash or check also holds ``ARGON2_MEMORY_KIB`` of memory
while it runs, so a process runs only a few at once (``Settings.argon2_slots``): a burst of
sign-ups or log-ins waits its turn, briefly, or gets 503, but never exhausts the memory.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import math
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

import jwt
from anyio import to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from teamboard.core.config import Settings
from teamboard.core.errors import Unavailable
from teamboard.core.metrics import ARGON2_OPERATIONS, ARGON2_REFUSED, ARGON2_RUNNING, ARGON2_SLOTS
from teamboard.core.models import utcnow

# The session cookie's name: the accounts set it; the SPA's page looks for it (web/assets.py).
SESSION_COOKIE = "tb_session"

T = TypeVar("T")

JWT_ALGORITHM = "HS256"
JWT_AUDIENCE = "teamboard-api"


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def token_digest(token: str) -> str:
    """Tokens are stored by digest only: a leaked table holds nothing usable."""
    return hashlib.sha256(token.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


# The longest masked token worth decoding: twice the longest secret (64 characters).
_MASKED_MAX = 200


def mask_token(secret: str) -> str:
    """``secret`` disguised for one response: a fresh random pad and the secret XOR-ed with
    it, URL-safe base64. Pages are compressed, and a secret that came out the same in every
    response could be read, byte by byte, from the compressed sizes of pages that also
    reflect a guess (BREACH); a masked one differs every time. The secret itself (the
    cookie, the session's record) never changes; :func:`token_matches` takes either."""
    raw = secret.encode()
    pad = secrets.token_bytes(len(raw))
    masked = pad + bytes(p ^ r for p, r in zip(pad, raw, strict=True))
    return base64.urlsafe_b64encode(masked).rstrip(b"=").decode("ascii")


def _unmask(supplied: str) -> bytes | None:
    if len(supplied) > _MASKED_MAX or not supplied.isascii():
        return None
    try:
        raw = base64.urlsafe_b64decode(supplied + "=" * (-len(supplied) % 4))
    except (binascii.Error, ValueError):
        return None
    half, odd = divmod(len(raw), 2)
    if odd or not half:
        return None
    return bytes(p ^ m for p, m in zip(raw[:half], raw[half:], strict=True))


def token_matches(supplied: str, secret: str) -> bool:
    """Whether ``supplied`` is ``secret``: as it is (scripts echo the cookie in a header)
    or masked by :func:`mask_token` (forms). Constant time in both comparisons."""
    if same(supplied, secret):
        return True
    unmasked = _unmask(supplied)
    return unmasked is not None and hmac.compare_digest(unmasked, secret.encode())


class Passwords:
    def __init__(self, settings: Settings) -> None:
        self._hasher = PasswordHasher(
            time_cost=settings.argon2_time_cost, memory_cost=settings.argon2_memory_kib
        )
        # Verified against when the e-mail is unknown, so both cases cost the same time.
        self._dummy = self._hasher.hash(secrets.token_urlsafe(16))
        self.slots = settings.argon2_slots
        self._turns = asyncio.Semaphore(self.slots)
        self._wait = settings.argon2_wait_seconds
        self.running = 0
        self.peak = 0  # the most that ever ran at once in this process
        ARGON2_SLOTS.set(self.slots)

    async def hash(self, password: str) -> str:
        return await self._run("hash", self._hasher.hash, password)

    async def verify(self, stored_hash: str | None, password: str) -> bool:
        return await self._run("verify", self._verify, stored_hash, password)

    async def _run(self, operation: str, work: Callable[..., T], *args: object) -> T:
        try:
            async with asyncio.timeout(self._wait):
                await self._turns.acquire()
        except TimeoutError:
            ARGON2_REFUSED.inc()
            retry = str(max(1, math.ceil(self._wait)))
            raise Unavailable(
                "Too many passwords are being checked right now; try again shortly",
                headers={"Retry-After": retry},
            ) from None
        self.running += 1
        self.peak = max(self.peak, self.running)
        ARGON2_RUNNING.inc()
        ARGON2_OPERATIONS.labels(operation).inc()
        try:
            # Not abandoned on cancellation: the slot is held until the thread is done
            # with the memory, even when the client has gone.
            return await to_thread.run_sync(work, *args)
        finally:
            self.running -= 1
            ARGON2_RUNNING.dec()
            self._turns.release()

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
