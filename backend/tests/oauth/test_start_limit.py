"""Starting a provider log-in is throttled per client address, as password log-in is: each
start can make the server talk to the provider (discovery, then the token exchange at the
callback), so one address cannot have it do so without bound."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.app import PASSWORD
from tests.support.pages import NewBrowser

PER_ADDRESS = 3


@pytest.fixture
def settings_overrides(settings_overrides: dict[str, Any]) -> dict[str, Any]:
    return settings_overrides | {"login_max_per_address": PER_ADDRESS}


async def test_provider_log_in_starts_are_limited_per_address(new_browser: NewBrowser) -> None:
    owner = await (await new_browser()).signup()
    browser = await new_browser()
    for _ in range(PER_ADDRESS):
        assert (await browser.get("/auth/oauth/oidc/start")).status_code == 303
    # Another browser (a fresh cookie jar) from the same address, another provider.
    other = await new_browser()
    r = await other.get("/auth/oauth/corp/start?next=/account")
    assert r.status_code == 429, r.text
    assert 1 <= int(r.headers["retry-after"]) <= 300
    assert "Too many attempts; retry in" in r.text and 'action="/login"' in r.text
    assert "tb_oauth" not in other.client.cookies
    spoofed = {"X-Forwarded-For": "198.51.100.9", "X-Real-IP": "198.51.100.9"}
    assert (await other.get("/auth/oauth/oidc/start", headers=spoofed)).status_code == 429
    # Password log-in keeps its own count.
    r = await other.login(owner.email, PASSWORD)
    assert r.status_code == 303, r.text
