"""Each invitation mails an address of the inviter's choosing: they are limited per
account and per client address (``TEAMBOARD_EMAIL_LOOKUP_MAX_PER_*``, on a budget of
their own), and a refused one sends nothing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from devkit.api import assert_problem
from teamboard.core.runtime import Runtime
from teamboard.mail.models import OutboxMessage
from tests.support.api import Api, Headers, auth
from tests.support.app import PASSWORD

PER_ACCOUNT = 2
PER_ADDRESS = 3


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {
        "email_lookup_max_per_account": PER_ACCOUNT,
        "email_lookup_max_per_address": PER_ADDRESS,
    }


async def invite(api: Api, owner: Headers, board_id: int, email: str) -> httpx.Response:
    return await api.client.post(
        f"/api/v1/boards/{board_id}/members",
        json={"email": email, "role": "viewer"},
        headers=auth(owner),
    )


def assert_limited(r: httpx.Response) -> None:
    body = assert_problem(r, 429, "rate_limited")
    assert 1 <= int(r.headers["retry-after"]) <= 3600
    assert "invitations" in body["detail"]


async def queued(runtime: Runtime) -> int:
    """Invitations in the outbox (the sign-ups' own mail aside)."""
    async with runtime.db.session() as db:
        invitations = select(func.count()).where(OutboxMessage.kind == "invitation")
        return int(await db.scalar(invitations) or 0)


async def test_invitations_are_limited_per_account_then_per_address(
    api: Api, runtime: Runtime
) -> None:
    olivia, oscar = await api.user("olivia"), await api.user("oscar")
    first, second = await api.board(olivia), await api.board(oscar)
    for n in range(PER_ACCOUNT):
        assert (await invite(api, olivia, first["id"], f"a{n}@example.com")).status_code == 202
    assert_limited(await invite(api, olivia, first["id"], "more@example.com"))
    # Another account from the same address: its own budget, up to the address's.
    assert (await invite(api, oscar, second["id"], "b@example.com")).status_code == 202
    assert_limited(await invite(api, oscar, second["id"], "c@example.com"))
    assert await queued(runtime) == PER_ADDRESS  # the refused ones sent nothing
    # Changing one's e-mail counts apart from invitations.
    r = await api.client.patch(
        "/api/v1/me",
        json={"email": "olivia.new@example.com", "current_password": PASSWORD},
        headers=auth(olivia),
    )
    assert r.status_code == 200, r.text
