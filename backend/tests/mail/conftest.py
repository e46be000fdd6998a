"""The mail tests' app sends to the real SMTP server of the root conftest's ``smtp``."""

from __future__ import annotations

from typing import Any

import pytest

from devkit.smtp import SmtpServer


@pytest.fixture
def settings_overrides(smtp: SmtpServer) -> dict[str, Any]:
    return {"smtp_url": smtp.url, "mail_from": "Teamboard <board@teamboard.test>"}
