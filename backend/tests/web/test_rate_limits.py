"""The pages that take an e-mail are limited like their API: the form comes back with the
message, 429 and Retry-After."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.app import PASSWORD
from tests.support.pages import Browser, World

PER_ACCOUNT = 1


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {
        "email_lookup_max_per_account": PER_ACCOUNT,
        "account_mail_max_per_account": PER_ACCOUNT,
    }


async def test_account_and_invitation_pages_are_limited(owner: Browser, world: World) -> None:
    r = await owner.post(
        "/account/profile",
        {"display_name": "Olivia", "email": "o2@example.com", "current_password": PASSWORD},
    )
    assert r.status_code == 303, r.text
    r = await owner.post(
        "/account/profile",
        {"display_name": "Olivia", "email": "o3@example.com", "current_password": PASSWORD},
    )
    assert r.status_code == 429 and 1 <= int(r.headers["retry-after"]) <= 3600
    assert "Too many link requests" in r.text and 'value="o3@example.com"' in r.text
    data = {"email": "nobody@example.com", "role": "editor"}
    r = await owner.post(f"/boards/{world.board_id}/members", data)
    assert r.status_code == 303, r.text  # invitations count on a budget of their own
    r = await owner.post(f"/boards/{world.board_id}/members", data | {"email": "n2@example.com"})
    assert r.status_code == 429 and 1 <= int(r.headers["retry-after"]) <= 3600
    assert "Too many invitations" in r.text and 'value="n2@example.com"' in r.text
    assert (await owner.get("/api/v1/me")).json()["pending_email"] == "o2@example.com"
