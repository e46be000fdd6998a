"""Requests that tell whether an e-mail has an account (adding a board member by e-mail)
are limited per account and per client address."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.api import Api, auth
from tests.support.app import PASSWORD
from tests.support.sessions import From

PER_ACCOUNT = 2
PER_ADDRESS = 3


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {
        "email_lookup_max_per_account": PER_ACCOUNT,
        "email_lookup_max_per_address": PER_ADDRESS,
    }


def assert_limited(r: httpx.Response) -> None:
    assert r.status_code == 429, r.text
    assert 1 <= int(r.headers["retry-after"]) <= 3600
    assert r.json()["code"] == "rate_limited"
    assert "e-mail lookups" in r.json()["detail"]


async def change_email(api: Api, who: dict[str, str], email: str) -> httpx.Response:
    body = {"email": email, "current_password": PASSWORD}
    return await api.client.patch("/api/v1/me", json=body, headers=auth(who))


async def add_member(api: Api, who: dict[str, str], board_id: int, email: str) -> httpx.Response:
    return await api.client.post(
        f"/api/v1/boards/{board_id}/members",
        json={"email": email, "role": "viewer"},
        headers=auth(who),
    )


async def test_member_additions_are_limited_per_account_and_e_mail_changes_tell_nothing(
    api: Api,
) -> None:
    owner = await api.user("owner")
    other = await api.user("other")
    board = await api.board(owner)
    # An e-mail change no longer tells whether an address is taken (a link is mailed to
    # it either way): it is not an e-mail lookup, and is limited as a mailed link instead.
    assert (await change_email(api, owner, other["X-Email"])).status_code == 200
    assert (await change_email(api, owner, "new@example.com")).status_code == 200
    assert (await change_email(api, owner, "newer@example.com")).status_code == 200
    # Probing members: one unknown, one known.
    assert (await add_member(api, owner, board["id"], "ghost@example.com")).status_code == 404
    assert (await add_member(api, owner, board["id"], other["X-Email"])).status_code == 201
    assert_limited(await add_member(api, owner, board["id"], "ghost2@example.com"))
    # What tells nothing about other accounts is not limited.
    r = await api.client.patch("/api/v1/me", json={"display_name": "Renamed"}, headers=auth(owner))
    assert r.status_code == 200, r.text
    r = await api.client.patch("/api/v1/me", json={"email": owner["X-Email"]}, headers=auth(owner))
    assert r.status_code == 200, r.text  # unchanged e-mail


async def test_one_address_is_limited_across_accounts(api: Api, from_address: From) -> None:
    users = [await api.user(f"u{n}") for n in range(PER_ADDRESS + 1)]
    boards = [await api.board(who) for who in users]
    for who, board in zip(users[:PER_ADDRESS], boards, strict=False):
        assert (await add_member(api, who, board["id"], "ghost@example.com")).status_code == 404
    assert_limited(await add_member(api, users[-1], boards[-1]["id"], "ghost@example.com"))
    async with from_address(("198.51.100.8", 4321)) as elsewhere:
        r = await elsewhere.post(
            f"/api/v1/boards/{boards[-1]['id']}/members",
            json={"email": "ghost@example.com", "role": "viewer"},
            headers=auth(users[-1]),
        )
        assert r.status_code == 404, r.text
