"""Two-factor log-in with TOTP (RFC 6238, pyotp): enrolment, checking a code, recovery
codes, turning it off.

Enrolment keeps a new secret on the account but changes nothing until a first valid code
confirms it: only then is two-factor on, and ten single-use recovery codes are shown once
(stored by digest: they are random enough that a plain SHA-256 is as good as a password
hash, and they are throttled like codes). A code is accepted for the current 30-second
step and one step either side (clock drift), and never for a step at or before the last
accepted one: a code seen over someone's shoulder is worthless once used. Enrolling and
turning it off end the account's other sessions and refresh tokens, as a password change
does.
"""

from __future__ import annotations

import base64
import enum
import io
import secrets
import time
from dataclasses import dataclass

import pyotp
import segno
from anyio import to_thread
from sqlalchemy import delete, func, insert, or_, select, update

from teamboard.accounts import throttle
from teamboard.accounts.models import MfaChallenge, RecoveryCode, User
from teamboard.accounts.service import end_credentials, get_user
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import Conflict, Invalid
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from teamboard.core.security import token_digest

DRIFT = 1  # time steps accepted either side of now
RECOVERY_CODES = 10
# No 0/o, 1/l/i: codes are read off paper. 31 symbols, 10 of them: about 50 bits.
_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
_RECOVERY_LENGTH = 10

ALREADY_ON = "Two-factor log-in is already on; turn it off first to set it up again"
NOT_ON = "Two-factor log-in is not on for this account"
NOT_STARTED = "Start setting up two-factor log-in first"


@dataclass(frozen=True, slots=True)
class Enrolment:
    """What a person needs to add the account to an authenticator app."""

    secret: str
    otpauth_uri: str
    qr_svg: str

    @property
    def grouped_secret(self) -> str:
        """The key in groups of four, for typing it in by hand."""
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))

    @property
    def qr_data_uri(self) -> str:
        """For an ``<img>``: the CSP allows ``data:`` images, and an image runs no script."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.qr_svg.encode()).decode()


class Verdict(enum.Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    REUSED = "reused"


def _qr_svg(uri: str) -> str:
    out = io.BytesIO()
    segno.make(uri, error="m").save(
        out, kind="svg", scale=4, border=4, xmldecl=False, dark="#000", light="#fff"
    )
    return out.getvalue().decode()


async def enrolment_of(rt: Runtime, email: str, secret: str) -> Enrolment:
    uri = pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=rt.settings.two_factor_issuer)
    # A few milliseconds of pure Python: not on the event loop.
    svg = await to_thread.run_sync(_qr_svg, uri)
    return Enrolment(secret=secret, otpauth_uri=uri, qr_svg=svg)


async def start_enrolment(db: UnitOfWork, rt: Runtime, actor: Actor) -> Enrolment:
    """A new secret, kept until confirmed; starting again replaces an unconfirmed one."""
    async with db.transaction():
        user = await get_user(db, actor.id)
        if user.two_factor_enabled_at is not None:
            raise Conflict(ALREADY_ON)
        user.two_factor_secret = pyotp.random_base32()  # 160 bits, as RFC 4226 advises
        secret, email = user.two_factor_secret, user.email
    return await enrolment_of(rt, email, secret)


async def pending_enrolment(db: UnitOfWork, rt: Runtime, actor: Actor) -> Enrolment | None:
    """The enrolment started and not yet confirmed, if any."""
    user = await get_user(db, actor.id)
    if user.two_factor_enabled_at is not None or user.two_factor_secret is None:
        return None
    return await enrolment_of(rt, user.email, user.two_factor_secret)


def _step(secret: str, code: str) -> int | None:
    """The time step ``code`` is valid for, within the drift either side of now."""
    totp = pyotp.TOTP(secret)
    now = int(time.time()) // totp.interval
    for step in range(now - DRIFT, now + DRIFT + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _normalised(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


async def accept_code(db: UnitOfWork, user: User, code: str) -> Verdict:
    """Checks ``code`` against ``user`` and spends it, in the caller's transaction: a TOTP
    code's time step (a conditional UPDATE: of two racing uses one wins), or a recovery
    code."""
    given = _normalised(code)
    secret = user.two_factor_secret
    if secret is None:
        return Verdict.WRONG
    if len(given) == pyotp.TOTP(secret).digits and given.isdigit():
        step = _step(secret, given)
        if step is None:
            return Verdict.WRONG
        spent = await db.execute(
            update(User)
            .where(
                User.id == user.id,
                or_(User.two_factor_last_step.is_(None), User.two_factor_last_step < step),
            )
            .values(two_factor_last_step=step)
        )
        return Verdict.ACCEPTED if spent.rowcount == 1 else Verdict.REUSED  # type: ignore[attr-defined]
    spent = await db.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == token_digest(given),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
    )
    return Verdict.ACCEPTED if spent.rowcount == 1 else Verdict.WRONG  # type: ignore[attr-defined]


def refuse(verdict: Verdict) -> Invalid:
    return Invalid.field("code", "code_reused" if verdict is Verdict.REUSED else "code_wrong")


def _new_recovery_codes() -> list[str]:
    codes = (
        "".join(secrets.choice(_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        for _ in range(RECOVERY_CODES)
    )
    half = _RECOVERY_LENGTH // 2
    return [f"{code[:half]}-{code[half:]}" for code in codes]


async def _replace_recovery_codes(db: UnitOfWork, user_id: int) -> list[str]:
    codes = _new_recovery_codes()
    await db.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    await db.execute(
        insert(RecoveryCode),
        [{"user_id": user_id, "code_hash": token_digest(_normalised(c))} for c in codes],
    )
    return codes


async def recovery_codes_left(db: UnitOfWork, actor: Actor) -> int:
    left = await db.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == actor.id, RecoveryCode.used_at.is_(None))
    )
    return left or 0


async def confirm_enrolment(
    db: UnitOfWork, rt: Runtime, actor: Actor, *, code: str, client: str
) -> list[str]:
    """Turns two-factor on with a first valid code; returns the recovery codes (shown once)."""
    user = await get_user(db, actor.id)
    if user.two_factor_enabled_at is not None:
        raise Conflict(ALREADY_ON)
    if user.two_factor_secret is None:
        raise Conflict(NOT_STARTED)
    await throttle.before_code(rt, user_id=user.id, client=client)
    secret = user.two_factor_secret
    given = _normalised(code)
    step = _step(secret, given) if given.isdigit() else None
    if step is None:
        await throttle.code_failed(rt, user_id=user.id)
        raise refuse(Verdict.WRONG)
    async with db.transaction():
        user = await get_user(db, actor.id)
        if user.two_factor_enabled_at is not None or user.two_factor_secret != secret:
            raise Conflict("Two-factor log-in was set up or started again meanwhile; reload")
        user.two_factor_enabled_at = utcnow()
        user.two_factor_last_step = step
        codes = await _replace_recovery_codes(db, user.id)
        await end_credentials(db, user, keep_session=actor.session_id)
    return codes


async def _enabled_user(db: UnitOfWork, rt: Runtime, actor: Actor, client: str) -> User:
    """The account, with two-factor on, once the throttle lets a code of it be checked."""
    user = await get_user(db, actor.id)
    if user.two_factor_enabled_at is None:
        raise Conflict(NOT_ON)
    await db.commit()
    await throttle.before_code(rt, user_id=user.id, client=client)
    return user


async def disable(db: UnitOfWork, rt: Runtime, actor: Actor, *, code: str, client: str) -> None:
    """Turns two-factor off with a current code or a recovery code; other sessions end."""
    user = await _enabled_user(db, rt, actor, client)
    async with db.transaction():
        verdict = await accept_code(db, user, code)
        if verdict is Verdict.ACCEPTED:
            user = await get_user(db, actor.id)
            await reset(db, user)
            await end_credentials(db, user, keep_session=actor.session_id)
    if verdict is not Verdict.ACCEPTED:
        await throttle.code_failed(rt, user_id=user.id)
        raise refuse(verdict)


async def regenerate_recovery_codes(
    db: UnitOfWork, rt: Runtime, actor: Actor, *, code: str, client: str
) -> list[str]:
    """New recovery codes for a current code (or a recovery code); the old ones stop working."""
    user = await _enabled_user(db, rt, actor, client)
    codes: list[str] = []
    async with db.transaction():
        verdict = await accept_code(db, user, code)
        if verdict is Verdict.ACCEPTED:
            codes = await _replace_recovery_codes(db, user.id)
    if verdict is not Verdict.ACCEPTED:
        await throttle.code_failed(rt, user_id=user.id)
        raise refuse(verdict)
    return codes


async def reset(db: UnitOfWork, user: User) -> None:
    """Two-factor off, without a code: in the caller's transaction (turning it off, or an
    account taken back by the owner of its address, oauth/service.py)."""
    user.two_factor_secret = None
    user.two_factor_enabled_at = None
    user.two_factor_last_step = None
    await db.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    await db.execute(delete(MfaChallenge).where(MfaChallenge.user_id == user.id))
