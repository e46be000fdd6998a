"""Mail for the tests of flows that send it: the sender driven by hand (in-process tests
run no background runner) to the real SMTP server of the root conftest's ``smtp``
fixture, and the links read out of the plain-text part the way a person finds them."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import update

from devkit.smtp import Received, SmtpServer
from teamboard.accounts.models import EmailToken
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from teamboard.mail.sender import MailSender
from teamboard.mail.smtp import SmtpServer as Smtp
from tests.support.app import BASE_URL
from tests.support.pages import Browser, hidden

FROM = "Teamboard <accounts@teamboard.test>"


def sending_to(smtp: SmtpServer, **overrides: Any) -> dict[str, Any]:
    """Settings overrides that point the app's mail at ``smtp`` (and any others)."""
    return {"smtp_url": smtp.url, "mail_from": FROM, **overrides}


async def mail_to(runtime: Runtime, smtp: SmtpServer, to: str, count: int = 1) -> Received:
    """The ``count``-th message to ``to``, once the sender has sent what is queued."""
    await MailSender(runtime.settings, runtime.db, Smtp.of(runtime.settings)).turn()
    received = smtp.wait_for(count, to=to)
    assert len(received) >= count, [m.header("Subject") for m in received]
    return received[count - 1]


def link_in(message: Received, path: str) -> str:
    """The one link to ``path`` in the message's text part (and the same in its HTML)."""
    found = re.findall(rf"{re.escape(BASE_URL + path)}/[A-Za-z0-9_-]+", message.text)
    assert len(set(found)) == 1, message.text
    assert f'href="{found[0]}"' in message.html
    return str(found[0])


def token_of(link: str) -> str:
    return link.rsplit("/", 1)[-1]


async def press(browser: Browser, link: str, data: dict[str, str] | None = None) -> httpx.Response:
    """Opens the link's page and sends its form, as a person does (the form's own hidden
    token: the session's, or the pre-log-in one for a visitor)."""
    page = await browser.get(link)
    assert page.status_code == 200, page.text
    return await browser.post(link, {"csrf_token": hidden(page.text, "csrf_token"), **(data or {})})


async def expire(runtime: Runtime, purpose: str) -> None:
    """Moves the clock: every link of ``purpose`` expired a second ago."""
    async with runtime.db.session() as db, db.transaction():
        await db.execute(
            update(EmailToken)
            .where(EmailToken.purpose == purpose)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
