"""A provider that cannot be reached: the person gets the log-in page and a clear message."""

from __future__ import annotations

from typing import Any

import pytest

from devkit.ports import free_port
from tests.support.pages import NewBrowser


@pytest.fixture
def settings_overrides(settings_overrides: dict[str, Any]) -> dict[str, Any]:
    down = f"http://127.0.0.1:{free_port()}"
    extra = {"key": "down", "name": "Down ID", "issuer": down, "client_id": "x"}
    return settings_overrides | {"oidc_providers": [*settings_overrides["oidc_providers"], extra]}


async def test_a_provider_that_is_down_is_shown_cleanly(new_browser: NewBrowser) -> None:
    browser = await new_browser()
    login = await browser.get("/login")
    assert "Log in with Down ID" in login.text and "Log in with Acme ID" in login.text
    r = await browser.get("/auth/oauth/down/start")
    assert r.status_code == 502
    assert "Down ID could not be reached" in r.text
    assert 'action="/login"' in r.text
