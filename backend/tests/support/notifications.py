"""The notification e-mail tests' helpers: the digest hour the app is set to, one turn of
the outbox's sender, the messages one person got, a board with people on it, their
in-app notifications and their e-mail settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete

from devkit.smtp import Received, SmtpServer
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from teamboard.mail.models import OutboxMessage
from teamboard.mail.sender import MailSender
from teamboard.mail.smtp import SmtpServer as Smtp
from tests.support.api import Api, auth

# The digest's hour, twelve hours from now: no test runs across it by chance.
DIGEST_HOUR = (utcnow().hour + 12) % 24

Who = dict[str, str]

# Every sign-up mails its address's confirmation: not what these tests are about.
CONFIRMATION = "Confirm your e-mail address for Teamboard"


class Inbox(SmtpServer):
    """The mail server as the notification tests read it: without the sign-ups'
    confirmation links (tests/accounts/ test those)."""

    def messages(self, to: str | None = None) -> list[Received]:
        return [m for m in super().messages(to) if m.header("Subject") != CONFIRMATION]


async def send_mail(runtime: Runtime) -> None:
    """One turn of the outbox's sender."""
    await MailSender(runtime.settings, runtime.db, Smtp.of(runtime.settings)).turn()


def next_digest_time(after: datetime | None = None) -> datetime:
    """A moment just past the next digest hour."""
    start = after or utcnow()
    moment = start.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if moment <= start:
        moment += timedelta(days=1)
    return moment + timedelta(minutes=1)


def mail_to(smtp: SmtpServer, who: Who) -> list[Received]:
    return smtp.messages(to=who["X-Email"])


@dataclass
class Team:
    owner: Who
    mate: Who
    other: Who
    board_id: int
    column_id: int

    def id(self, who: Who) -> int:
        return int(who["X-User-Id"])


async def make_team(api: Api) -> Team:
    """A board owned by Olive, with two editors, Mate and Otto."""
    owner, mate, other = await api.user("olive"), await api.user("mate"), await api.user("otto")
    board = await api.board(owner)
    for who in (mate, other):
        await api.share(owner, board["id"], who, "editor")
    await forget_invitation_mail(api.runtime)
    return Team(owner, mate, other, board["id"], board["columns"][0]["id"])


async def forget_invitation_mail(runtime: Runtime) -> None:
    """Drops the queued invitations the team joined by: these tests count the
    notification e-mail people get (the invitations': tests/boards/test_invitations.py)."""
    async with runtime.db.session() as db, db.transaction():
        await db.execute(delete(OutboxMessage).where(OutboxMessage.kind == "invitation"))


async def notes(api: Api, who: Who) -> list[dict[str, Any]]:
    r = await api.client.get("/api/v1/notifications", headers=auth(who))
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


async def choose(api: Api, who: Who, **choices: str) -> None:
    """E-mail settings: the defaults, with ``choices`` changed."""
    r = await api.client.get("/api/v1/me/notification-settings", headers=auth(who))
    r = await api.client.put(
        "/api/v1/me/notification-settings", json=r.json() | choices, headers=auth(who)
    )
    assert r.status_code == 200, r.text
