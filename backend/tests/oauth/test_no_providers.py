"""Without configured providers there is nothing to click and nothing to start."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.pages import NewBrowser


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {}


async def test_no_buttons_and_no_routes(new_browser: NewBrowser) -> None:
    browser = await new_browser()
    for page in ("/login", "/signup"):
        html = (await browser.get(page)).text
        assert "/auth/oauth/" not in html and "oauth-providers" not in html
    assert (await browser.get("/api/v1/auth/providers")).json() == []
    assert (await browser.get("/auth/oauth/oidc/start")).status_code == 404
    owner = await (await new_browser()).signup()
    account = (await owner.get("/account")).text
    assert "/account/identities/" not in account
