"""A real SMTP server for the notification e-mail tests, the app's settings pointing at
it, and a board with people on it (helpers in tests/support/notifications.py). The
background tasks never run by themselves here (no lifespan): each test drives the sender,
the digest and the reminders itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from devkit.smtp import SmtpServer
from tests.support.api import Api
from tests.support.notifications import DIGEST_HOUR, Inbox, Team, make_team


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = Inbox().up()
    yield server
    server.stop()


@pytest.fixture
def settings_overrides(smtp: SmtpServer) -> dict[str, Any]:
    return {
        "smtp_url": smtp.url,
        "mail_from": "Teamboard <board@teamboard.test>",
        "digest_hour_utc": DIGEST_HOUR,
    }


@pytest.fixture
async def team(api: Api) -> Team:
    return await make_team(api)
