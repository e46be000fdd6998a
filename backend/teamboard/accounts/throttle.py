"""Limits on every request that takes a password or tells whether an e-mail has an account.

Password guesses (log-in, the current password of a password change) are counted three
ways over ``TEAMBOARD_LOGIN_WINDOW_SECONDS``:

- failures of one account from one client address: refused (429) past
  ``LOGIN_MAX_PER_ACCOUNT``, so one address guesses slowly;
- every attempt from one address: refused past ``LOGIN_MAX_PER_ADDRESS``, so one address
  cannot spread its guesses over many accounts;
- failures of one account from all addresses together: past ``LOGIN_ACCOUNT_CEILING``, each
  further attempt waits, longer and longer up to a cap, before its password is checked.
  Never refused: a refusal there would let anyone lock out any account, its owner
  included, from wherever they are.

Two-factor codes (the second step of a log-in, turning two-factor off, new recovery codes)
are counted over ``TEAMBOARD_TWO_FACTOR_WINDOW_SECONDS``: wrong ones per account, refused
past ``TWO_FACTOR_MAX_FAILURES`` (six digits cannot be guarded any other way, and only
someone who has the password or a session can send them), and every attempt per address,
refused past ``TWO_FACTOR_MAX_PER_ADDRESS``.

Sign-ups are counted per address, and invitations to a board (each mails an address of
the inviter's choosing; the answer is the same for every address) per account and per
address, over ``TEAMBOARD_LOOKUP_WINDOW_SECONDS``. So are the requests that mail a link
(account_mail): a password reset per e-mail address asked for, whether it has an account
or not, and per client address; a verification resend or an e-mail change per account and
per client address (a change also per new address). Setting a password through a reset
link counts as a password attempt of the client address.
"""

from __future__ import annotations

import asyncio

from teamboard.core.errors import RateLimited
from teamboard.core.metrics import LOGIN_DELAY_SECONDS, LOGIN_DELAYED
from teamboard.core.runtime import Runtime

# Past this many doublings the delay is at its cap anyway (and 2**n stays a small float).
_MAX_DOUBLINGS = 16


def _email(email: str) -> str:
    return email.strip().lower()


def _keys(email: str, client: str) -> tuple[str, str, str]:
    account = _email(email)
    return f"login:pair:{client}:{account}", f"login:addr:{client}", f"login:acct:{account}"


def login_delay(rt: Runtime, failures: int) -> float:
    """Seconds the next attempt on an account with ``failures`` recent failures waits."""
    settings = rt.settings
    over = failures - settings.login_account_ceiling
    if over < 0:
        return 0.0
    delay = settings.login_delay_seconds * 2 ** min(over, _MAX_DOUBLINGS)
    return float(min(delay, settings.login_max_delay_seconds))


async def before_password(rt: Runtime, *, email: str, client: str) -> None:
    """Call before checking a password for ``email`` sent from ``client``: refuses (429)
    a pair or an address over its limit, counts the attempt against the address, and
    holds the attempt back when the account is past its ceiling. Nothing is held while it
    waits: no database connection, no argon2 slot."""
    settings, limiter = rt.settings, rt.login_limiter
    pair, address, account = _keys(email, client)
    wait = await limiter.blocked_for(pair, settings.login_max_per_account)
    if not wait:
        wait = await limiter.take(address, settings.login_max_per_address)
    if wait:
        raise RateLimited(wait, "password attempts from your address")
    delay = login_delay(rt, await limiter.count(account))
    if delay:
        LOGIN_DELAYED.inc()
        LOGIN_DELAY_SECONDS.inc(delay)
        await asyncio.sleep(delay)


async def password_failed(rt: Runtime, *, email: str, client: str) -> None:
    pair, _address, account = _keys(email, client)
    await rt.login_limiter.hit(pair)
    await rt.login_limiter.hit(account)


async def password_accepted(rt: Runtime, *, email: str, client: str) -> None:
    """The pair starts again from zero. The account's count stays: its owner succeeding
    does not end an attack on it from elsewhere (the window does)."""
    pair, _address, _account = _keys(email, client)
    await rt.login_limiter.reset(pair)


async def before_code(rt: Runtime, *, user_id: int, client: str) -> None:
    """Call before checking a two-factor code of ``user_id`` sent from ``client``."""
    settings, limiter = rt.settings, rt.code_limiter
    wait = await limiter.blocked_for(f"code:acct:{user_id}", settings.two_factor_max_failures)
    if not wait:
        wait = await limiter.take(f"code:addr:{client}", settings.two_factor_max_per_address)
    if wait:
        raise RateLimited(wait, "two-factor codes")


async def code_failed(rt: Runtime, *, user_id: int) -> None:
    await rt.code_limiter.hit(f"code:acct:{user_id}")


async def signup(rt: Runtime, client: str) -> None:
    wait = await rt.lookup_limiter.take(f"signup:addr:{client}", rt.settings.signup_max_per_address)
    if wait:
        raise RateLimited(wait, "sign-ups from your address")


async def invitations(rt: Runtime, *, user_id: int, client: str) -> None:
    """Before an invitation is mailed: it tells nothing about accounts (every address gets
    the same answer), but each one sends a message to an address of the caller's choosing.
    On the settings that limited adding members by e-mail (``EMAIL_LOOKUP_MAX_*``)."""
    settings, limiter = rt.settings, rt.lookup_limiter
    wait = await limiter.take(f"invite:acct:{user_id}", settings.email_lookup_max_per_account)
    if not wait:
        wait = await limiter.take(f"invite:addr:{client}", settings.email_lookup_max_per_address)
    if wait:
        raise RateLimited(wait, "invitations")


async def account_mail(
    rt: Runtime, *, client: str, user_id: int | None = None, email: str | None = None
) -> None:
    """Before a request that mails a link: per signed-in account (``user_id``), per
    e-mail address it goes to (``email``), and per client address. Counted the same
    whether an address has an account or not, so a refusal tells nothing."""
    settings, limiter = rt.settings, rt.lookup_limiter
    checks = [(f"mail:addr:{client}", settings.account_mail_max_per_address)]
    if user_id is not None:
        checks.append((f"mail:acct:{user_id}", settings.account_mail_max_per_account))
    if email is not None:
        checks.append((f"mail:email:{_email(email)}", settings.account_mail_max_per_email))
    for key, limit in reversed(checks):
        wait = await limiter.take(key, limit)
        if wait:
            raise RateLimited(wait, "link requests")


async def password_set(rt: Runtime, *, client: str) -> None:
    """Before a new password is hashed for a reset link: an attempt of the client address,
    on the log-in's count (it bounds the argon2 work one address can ask for)."""
    _pair, address, _account = _keys("", client)
    wait = await rt.login_limiter.take(address, rt.settings.login_max_per_address)
    if wait:
        raise RateLimited(wait, "password attempts from your address")
