"""Log-in throttling: failures per (account, client address) pair and attempts per
address are refused; nobody can lock an account's owner out from elsewhere."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.app import PASSWORD
from tests.support.sessions import From, assert_limited, login, signup

PER_ACCOUNT = 3
PER_ADDRESS = 6
SPOOFED = {"X-Forwarded-For": "203.0.113.7", "X-Real-IP": "203.0.113.7", "Forwarded": "for=1.2.3.4"}
ELSEWHERE = ("198.51.100.20", 50000)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"login_max_per_account": PER_ACCOUNT, "login_max_per_address": PER_ADDRESS}


async def test_failures_from_one_address_refuse_that_address_even_the_right_password(
    client: httpx.AsyncClient,
) -> None:
    await signup(client, "alice@example.com")
    for _ in range(PER_ACCOUNT):
        assert (await login(client, "alice@example.com", "wrong guess")).status_code == 401
    assert_limited(await login(client, "alice@example.com", PASSWORD))
    assert_limited(await login(client, "ALICE@example.com ", "wrong guess"))  # same account
    r = await client.post(
        "/api/v1/auth/token", data={"username": "alice@example.com", "password": PASSWORD}
    )
    assert_limited(r)  # the token endpoint shares the counter


async def test_a_stranger_cannot_lock_the_owner_out(
    client: httpx.AsyncClient, from_address: From
) -> None:
    """Wrong passwords from address A refuse A only: the owner, from B, logs in."""
    await signup(client, "owner@example.com")
    async with from_address(("203.0.113.66", 40000)) as attacker:
        for _ in range(PER_ACCOUNT + 2):
            r = await login(attacker, "owner@example.com", "wrong guess")
            assert r.status_code in (401, 429), r.text
        assert_limited(await login(attacker, "owner@example.com", "wrong guess"))
        assert_limited(await login(attacker, "owner@example.com", PASSWORD))
    async with from_address(ELSEWHERE) as owner:
        r = await login(owner, "owner@example.com", PASSWORD)
        assert r.status_code == 200, r.text
        r = await owner.post(
            "/api/v1/auth/token", data={"username": "owner@example.com", "password": PASSWORD}
        )
        assert r.status_code == 200, r.text


async def test_the_log_in_page_refuses_the_address_not_the_account(
    client: httpx.AsyncClient, from_address: From
) -> None:
    await signup(client, "page@example.com")

    async def page_login(browser: httpx.AsyncClient, password: str) -> httpx.Response:
        r = await browser.get("/login")
        token = r.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        form = {"csrf_token": token, "email": "page@example.com", "password": password}
        return await browser.post("/login", data=form)

    async with from_address(("203.0.113.67", 40000)) as attacker:
        for _ in range(PER_ACCOUNT):
            assert (await page_login(attacker, "wrong guess")).status_code == 422
        r = await page_login(attacker, PASSWORD)
        assert r.status_code == 429 and 1 <= int(r.headers["retry-after"]) <= 300
        assert "Too many password attempts from your address" in r.text
    async with from_address(ELSEWHERE) as owner:
        assert (await page_login(owner, PASSWORD)).status_code == 303


async def test_unknown_accounts_are_throttled_the_same_way(client: httpx.AsyncClient) -> None:
    for _ in range(PER_ACCOUNT):
        assert (await login(client, "ghost@example.com", "guess")).status_code == 401
    assert_limited(await login(client, "ghost@example.com", "guess"))


async def test_success_resets_the_pair_counter(client: httpx.AsyncClient) -> None:
    await signup(client, "alice@example.com")
    for _ in range(2):
        for _ in range(PER_ACCOUNT - 1):
            assert (await login(client, "alice@example.com", "wrong")).status_code == 401
        assert (await login(client, "alice@example.com", PASSWORD)).status_code == 200


async def test_spoofed_forwarding_headers_do_not_reset_the_limit(
    client: httpx.AsyncClient,
) -> None:
    await signup(client, "alice@example.com")
    for _ in range(PER_ACCOUNT):
        r = await login(client, "alice@example.com", "wrong", headers=SPOOFED)
        assert r.status_code == 401
    assert_limited(await login(client, "alice@example.com", PASSWORD, headers=SPOOFED))
    other = {k: "198.51.100.9" for k in ("X-Forwarded-For", "X-Real-IP")}
    assert_limited(await login(client, "alice@example.com", PASSWORD, headers=other))


async def test_address_limit_covers_every_account_from_that_address(
    client: httpx.AsyncClient,
) -> None:
    emails = [f"user{i}@example.com" for i in range(PER_ADDRESS // 2 + 1)]
    for email in emails:
        await signup(client, email)
    # Spread the failures so that no single account reaches its own limit.
    for email in emails[:-1]:
        for _ in range(2):
            assert (await login(client, email, "wrong")).status_code == 401
    fresh = emails[-1]
    assert_limited(await login(client, fresh, PASSWORD))
    assert_limited(await login(client, fresh, PASSWORD, headers=SPOOFED))
    assert_limited(await login(client, "never-seen@example.com", "x"))


async def test_wrong_current_passwords_count_like_failed_log_ins(
    client: httpx.AsyncClient, from_address: From
) -> None:
    """Someone holding a session cannot guess the password through the password change
    any faster than through the log-in: the two share the (account, address) budget, and
    the owner elsewhere is not locked out by it."""
    await signup(client, "carol@example.com")
    r = await client.post(
        "/api/v1/auth/token", data={"username": "carol@example.com", "password": PASSWORD}
    )
    headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
    change = {"current_password": "wrong guess", "new_password": "another long passphrase"}
    for _ in range(PER_ACCOUNT):
        r = await client.post("/api/v1/me/password", json=change, headers=headers)
        assert r.status_code == 422, r.text
    assert_limited(await client.post("/api/v1/me/password", json=change, headers=headers))
    right = change | {"current_password": PASSWORD}
    assert_limited(await client.post("/api/v1/me/password", json=right, headers=headers))
    assert_limited(await login(client, "carol@example.com", PASSWORD))
    async with from_address(ELSEWHERE) as owner:
        assert (await login(owner, "carol@example.com", PASSWORD)).status_code == 200
        r = await owner.post("/api/v1/me/password", json=right, headers=headers)
        assert r.status_code == 204, r.text
