"""The per-account ceiling: past it, every further password attempt on the account, from
anywhere, is slowed down (never refused), so the owner still gets in."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from tests.support.app import PASSWORD, scrape, value
from tests.support.sessions import From, login, signup

CEILING = 2
DELAY = 0.2
MAX_DELAY = 0.4


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {
        "login_account_ceiling": CEILING,
        "login_delay_seconds": DELAY,
        "login_max_delay_seconds": MAX_DELAY,
    }


async def delays(client: httpx.AsyncClient) -> tuple[float, float]:
    """How many attempts were slowed down so far, and by how many seconds in all."""
    text = await scrape(client)
    return value(text, "teamboard_login_delayed_total"), value(
        text, "teamboard_login_delay_seconds_total"
    )


def address(n: int) -> tuple[str, int]:
    return (f"203.0.113.{n}", 40000 + n)


async def test_past_the_ceiling_attempts_are_slowed_not_refused(
    client: httpx.AsyncClient, from_address: From
) -> None:
    await signup(client, "target@example.com")
    start = await delays(client)
    # Below the ceiling, from several addresses (none reaches its own pair limit).
    for n in range(CEILING):
        async with from_address(address(n)) as attacker:
            r = await login(attacker, "target@example.com", "wrong guess")
            assert r.status_code == 401, r.text
    assert await delays(client) == start  # nobody slowed down yet

    # Past it, every attempt waits first, growing to the cap: wrong ones...
    expected = [DELAY, 2 * DELAY, MAX_DELAY]
    for n, delay in enumerate(expected, start=10):
        async with from_address(address(n)) as attacker:
            before = await delays(client)
            began = time.monotonic()
            r = await login(attacker, "target@example.com", "wrong guess")
            assert r.status_code == 401, r.text  # slowed, not refused
            assert time.monotonic() - began >= delay * 0.9
            after = await delays(client)
            assert after[0] == before[0] + 1
            assert after[1] == pytest.approx(before[1] + delay)

    # ... and the owner's, who still gets in, from anywhere.
    async with from_address(address(99)) as owner:
        before = await delays(client)
        r = await login(owner, "target@example.com", PASSWORD)
        assert r.status_code == 200, r.text
        assert (await delays(client))[0] == before[0] + 1


async def test_wrong_current_passwords_count_towards_the_ceiling(
    client: httpx.AsyncClient, from_address: From
) -> None:
    await signup(client, "carol@example.com")
    r = await client.post(
        "/api/v1/auth/token", data={"username": "carol@example.com", "password": PASSWORD}
    )
    headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
    change = {"current_password": "wrong guess", "new_password": "another long passphrase"}
    for n in range(CEILING):
        async with from_address(address(n)) as thief:
            r = await thief.post("/api/v1/me/password", json=change, headers=headers)
            assert r.status_code == 422, r.text
    before = await delays(client)
    async with from_address(address(50)) as owner:
        assert (await login(owner, "carol@example.com", PASSWORD)).status_code == 200
    assert (await delays(client))[0] == before[0] + 1
