"""The hand-off of a finished log-in to an SPA on another origin: a one-time code in its
``return_to`` address, traded at ``POST /api/v1/auth/oauth/exchange`` for a token pair.

The code is bound to the browser that started the log-in, the way PKCE binds an
authorization code to its client: the SPA makes a random verifier, keeps it in the tab's
sessionStorage and passes its S256 challenge to the start URL; the exchange must present
the verifier. A code sent to another browser (log-in CSRF: "here is a link" that would
log the victim into the sender's account) is worthless there.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import delete, update

from teamboard.accounts import mfa
from teamboard.accounts.models import User
from teamboard.accounts.tokens import IssuedTokens, issue_tokens
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import BadRequest, Invalid
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from teamboard.core.security import new_token, same, token_digest
from teamboard.oauth.flow import s256
from teamboard.oauth.models import OAuthHandoff

HANDOFF_SECONDS = 60
# RFC 7636 §4.1-4.2: a verifier is 43..128 unreserved characters; its S256 challenge is
# 43 characters of base64url.
CHALLENGE = re.compile(r"[A-Za-z0-9_-]{43}")
VERIFIER = re.compile(r"[A-Za-z0-9._~-]{43,128}")
NEEDS_CHALLENGE = (
    "is required with return_to: the S256 challenge (43 characters of base64url) of a "
    "random verifier the SPA keeps for the exchange"
)


def check_start(rt: Runtime, return_to: str, challenge: str) -> None:
    """A split-origin SPA's return address, on one of the configured CORS origins only,
    comes with the S256 challenge of a verifier that SPA keeps (PKCE's method applied to
    the hand-off): only the browser that started the log-in can trade its code."""
    errors: list[dict[str, Any]] = []

    def wrong(field: str, message: str) -> None:
        errors.append({"loc": ["query", field], "msg": message, "type": "invalid"})

    if return_to:
        parts = urlsplit(return_to)
        allowed = {o for o in rt.settings.cors_origins if o != "*"}
        if (
            parts.scheme not in ("http", "https")
            or origin_of(return_to) not in allowed
            or "\\" in return_to
        ):
            wrong("return_to", "must be an address on an allowed origin")
        if not CHALLENGE.fullmatch(challenge):
            wrong("code_challenge", NEEDS_CHALLENGE)
    elif challenge:
        wrong("code_challenge", "is used only with return_to (an SPA on another origin)")
    if errors:
        detail = "; ".join(f"{e['loc'][-1]} {e['msg']}" for e in errors)
        raise Invalid(detail, errors=errors)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


async def create(db: UnitOfWork, user: User, return_to: str, challenge: str) -> str:
    code = new_token()
    now = utcnow()
    async with db.transaction():
        # Expired codes, used or not, are of no use to anyone: each new one clears them.
        await db.execute(delete(OAuthHandoff).where(OAuthHandoff.expires_at <= now))
        db.add(
            OAuthHandoff(
                code_hash=token_digest(code),
                user_id=user.id,
                origin=origin_of(return_to),
                challenge=challenge,
                expires_at=now + timedelta(seconds=HANDOFF_SECONDS),
            )
        )
    return code


async def exchange(
    db: UnitOfWork, rt: Runtime, code: str, verifier: str, origin: str | None
) -> IssuedTokens:
    """Single use (a conditional UPDATE lets one of two racing uses win), short-lived,
    from a browser only for the origin the log-in was started for, and only with the
    verifier of the challenge it was started with. The code is spent by any attempt that
    finds it, right or wrong: a code that reached the wrong browser is of no further use."""
    now = utcnow()
    claim = (
        update(OAuthHandoff)
        .where(
            OAuthHandoff.code_hash == token_digest(code),
            OAuthHandoff.used_at.is_(None),
            OAuthHandoff.expires_at > now,
        )
        .values(used_at=now)
        .returning(OAuthHandoff.user_id, OAuthHandoff.challenge)
    )
    if origin is not None:
        claim = claim.where(OAuthHandoff.origin == origin)
    async with db.transaction():
        found = (await db.execute(claim)).one_or_none()
    if found is None:
        raise BadRequest("The log-in code is invalid, expired or already used")
    user_id, challenge = found
    if not VERIFIER.fullmatch(verifier) or not same(s256(verifier), challenge):
        raise BadRequest(
            "This log-in code was not issued to this browser (its code_verifier is missing "
            "or wrong); please log in again"
        )
    user = await db.get(User, user_id)
    if user is None or not user.is_active:
        raise BadRequest("The log-in code is invalid, expired or already used")
    # Two-factor log-in: 401 with an mfa_token, finished at POST /auth/mfa (a token pair).
    await mfa.require_second_factor(db, user, mfa.TOKEN)
    return await issue_tokens(db, rt, user)
