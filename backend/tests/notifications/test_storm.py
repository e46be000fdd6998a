"""No storm of messages: past the hourly cap of immediate messages to one user, their
further notifications wait for the digest."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from devkit.smtp import SmtpServer
from teamboard.core.runtime import Runtime
from teamboard.mail.models import OutboxMessage
from teamboard.notifications.digest import Digests
from tests.support.api import Api
from tests.support.notifications import Team, mail_to, next_digest_time, send_mail


@pytest.fixture
def settings_overrides(settings_overrides: dict[str, Any]) -> dict[str, Any]:
    return settings_overrides | {"notification_mails_per_hour": 3}


async def test_no_storm_past_the_hourly_cap_the_rest_waits_for_the_digest(
    api: Api, team: Team, runtime: Runtime, smtp: SmtpServer
) -> None:
    card = await api.card(team.owner, team.column_id, "Busy")
    for n in range(5):
        await api.comment(team.owner, card["id"], f"@mate ping {n}")
    await send_mail(runtime)
    assert len(smtp.wait_for(3, to=team.mate["X-Email"])) == 3
    assert len(mail_to(smtp, team.mate)) == 3
    assert await Digests(runtime.settings, runtime.db).turn(next_digest_time()) == 1
    await send_mail(runtime)
    [*_, digest] = smtp.wait_for(4, to=team.mate["X-Email"])
    assert digest.header("Subject") == "Your Teamboard digest: 2 notifications"
    assert "@mate ping 3" in digest.text and "@mate ping 4" in digest.text
    async with runtime.db.session() as db:
        query = select(OutboxMessage.kind).where(OutboxMessage.kind.like("notification.%"))
        kinds = list(await db.scalars(query.order_by(OutboxMessage.id)))
    assert kinds == [*["notification.mentioned"] * 3, "notification.digest"]
