"""What the account flows mail: each function makes the link's token (email_tokens.py)
and queues its messages in the caller's transaction (mail/outbox.py), so that a link
exists exactly when the change that asked for it commits. Links lead to the server's
pages, built from ``TEAMBOARD_BASE_URL``: they open in any browser, with or without
JavaScript, whichever client asked."""

from __future__ import annotations

from typing import Any

from teamboard.accounts import email_tokens
from teamboard.accounts.email_tokens import CHANGE, RESET, VERIFY
from teamboard.accounts.models import User
from teamboard.core.config import Settings
from teamboard.core.db import UnitOfWork
from teamboard.mail.compose import compose
from teamboard.mail.outbox import queue

# Where each link leads (accounts/email_pages.py).
PATHS = {VERIFY: "/verify-email", RESET: "/reset-password", CHANGE: "/confirm-email-change"}


def _send(
    db: UnitOfWork,
    settings: Settings,
    user: User,
    template: str,
    *,
    to: str,
    subject: str,
    context: dict[str, Any],
) -> None:
    letter = compose(
        template,
        to=to,
        subject=subject,
        base_url=settings.base_url,
        context={"name": user.display_name, **context},
    )
    queue(
        db, settings, letter, kind=f"account.{template.removeprefix('account_')}", user_id=user.id
    )


def _link(settings: Settings, purpose: str, token: str) -> str:
    return f"{settings.base_url}{PATHS[purpose]}/{token}"


async def send_verification(db: UnitOfWork, settings: Settings, user: User) -> None:
    token = await email_tokens.issue(db, user, VERIFY, user.email)
    _send(
        db,
        settings,
        user,
        "account_verify",
        to=user.email,
        subject="Confirm your e-mail address for Teamboard",
        context={"email": user.email, "link": _link(settings, VERIFY, token)},
    )


async def send_reset(db: UnitOfWork, settings: Settings, user: User) -> None:
    token = await email_tokens.issue(db, user, RESET, user.email)
    _send(
        db,
        settings,
        user,
        "account_reset",
        to=user.email,
        subject="Set a new password for Teamboard",
        context={
            "email": user.email,
            "has_password": user.password_hash is not None,
            # The link stands in for the password only: the second factor stays.
            "two_factor": user.two_factor_enabled_at is not None,
            "link": _link(settings, RESET, token),
        },
    )


async def send_email_change(db: UnitOfWork, settings: Settings, user: User, new_email: str) -> None:
    """A link to the new address, which moves the account when it is used; a notice to
    the current one. The latest request wins: earlier change links stop working."""
    await email_tokens.retire(db, user.id, CHANGE)
    token = await email_tokens.issue(db, user, CHANGE, new_email)
    _send(
        db,
        settings,
        user,
        "account_change_confirm",
        to=new_email,
        subject="Confirm your new e-mail address for Teamboard",
        context={"new_email": new_email, "link": _link(settings, CHANGE, token)},
    )
    _send(
        db,
        settings,
        user,
        "account_change_notice",
        to=user.email,
        subject=f"Your Teamboard address is being changed to {new_email}",
        context={
            "old_email": user.email,
            "new_email": new_email,
            "account_link": f"{settings.base_url}/account",
            "reset_link": f"{settings.base_url}/forgot-password",
        },
    )
