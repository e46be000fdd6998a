"""Sign-up costs an argon2 hash (ARGON2_MEMORY_KIB of memory while it runs): sign-ups are
limited per client address, a known e-mail is turned away before any hash, and a process
runs only as many hashes and checks at once as its memory budget allows."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from teamboard.core.runtime import Runtime
from tests.support.app import PASSWORD, scrape, value
from tests.support.sessions import From

PER_ADDRESS = 3
# Real argon2, cheap enough for a test yet slow enough (tens of ms) for a burst to queue.
ARGON2 = {"argon2_time_cost": 2, "argon2_memory_kib": 8192}


def body(email: str) -> dict[str, str]:
    return {"email": email, "password": PASSWORD, "display_name": "Someone"}


async def signup(client: httpx.AsyncClient, email: str) -> httpx.Response:
    return await client.post("/api/v1/auth/signup", json=body(email))


def assert_refused(r: httpx.Response, status: int, code: str, most: int) -> None:
    assert r.status_code == status, r.text
    assert 1 <= int(r.headers["retry-after"]) <= most
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == code


async def hashes(client: httpx.AsyncClient) -> float:
    return value(await scrape(client), "teamboard_argon2_operations_total", operation="hash")


class TestSignUpsPerAddress:
    @pytest.fixture
    def settings_overrides(self) -> dict[str, Any]:
        return {"signup_max_per_address": PER_ADDRESS}

    async def test_a_burst_from_one_address_gets_429_after_the_limit(
        self, client: httpx.AsyncClient, from_address: From
    ) -> None:
        burst = [signup(client, f"burst{n}@example.com") for n in range(PER_ADDRESS + 4)]
        answers = await asyncio.gather(*burst)
        assert sorted(r.status_code for r in answers) == [201] * PER_ADDRESS + [429] * 4
        for r in answers:
            if r.status_code == 429:
                assert_refused(r, 429, "rate_limited", 3600)
                assert "sign-ups from your address" in r.json()["detail"]
        assert_refused(await signup(client, "later@example.com"), 429, "rate_limited", 3600)
        async with from_address(("198.51.100.7", 1234)) as elsewhere:
            assert (await signup(elsewhere, "elsewhere@example.com")).status_code == 201

    async def test_the_sign_up_page_is_limited_the_same_way(
        self, client: httpx.AsyncClient
    ) -> None:
        r = await client.get("/signup")
        token = r.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        statuses = []
        for n in range(PER_ADDRESS + 1):
            client.cookies.delete("tb_session")
            form = body(f"page{n}@example.com") | {"csrf_token": token}
            r = await client.post("/signup", data=form, headers={"accept": "text/html"})
            statuses.append(r.status_code)
        assert statuses == [303] * PER_ADDRESS + [429]
        assert 1 <= int(r.headers["retry-after"]) <= 3600
        assert "Too many sign-ups from your address" in r.text
        assert 'value="page3@example.com"' in r.text  # the form comes back filled in


async def test_a_known_address_is_turned_away_before_any_hash(client: httpx.AsyncClient) -> None:
    assert (await signup(client, "taken@example.com")).status_code == 201
    before = await hashes(client)
    for email in ("taken@example.com", "TAKEN@example.com"):
        assert (await signup(client, email)).status_code == 409
    assert await hashes(client) == before
    assert (await signup(client, "free@example.com")).status_code == 201
    assert await hashes(client) == before + 1  # the counter does see hashes


class TestArgon2Slots:
    SLOTS = 2

    @pytest.fixture
    def settings_overrides(self) -> dict[str, Any]:
        return ARGON2 | {"argon2_memory_budget_mib": 8 * self.SLOTS}

    async def test_no_more_hashes_or_checks_run_at_once_than_the_slots(
        self, client: httpx.AsyncClient, runtime: Runtime
    ) -> None:
        assert runtime.passwords.slots == self.SLOTS
        assert (await signup(client, "first@example.com")).status_code == 201
        sign_ups = [signup(client, f"many{n}@example.com") for n in range(6)]
        log_ins = [
            client.post(
                "/api/v1/auth/token",
                data={"username": "first@example.com", "password": PASSWORD},
            )
            for _ in range(6)
        ]
        answers = await asyncio.gather(*sign_ups, *log_ins)
        assert [r.status_code for r in answers] == [201] * 6 + [200] * 6  # all waited their turn
        assert runtime.passwords.peak == self.SLOTS  # reached, never passed
        text = await scrape(client)
        assert value(text, "teamboard_argon2_slots") == self.SLOTS
        assert value(text, "teamboard_argon2_running") == 0


class TestArgon2Queue:
    @pytest.fixture
    def settings_overrides(self) -> dict[str, Any]:
        # One slot, and almost no patience: a burst cannot all be served in time.
        return ARGON2 | {"argon2_memory_budget_mib": 8, "argon2_wait_seconds": 0.005}

    async def test_who_waits_too_long_for_a_slot_gets_503_with_retry_after(
        self, client: httpx.AsyncClient, runtime: Runtime
    ) -> None:
        refused = value(await scrape(client), "teamboard_argon2_refused_total")
        emails = [f"queued{n}@example.com" for n in range(6)]
        answers = await asyncio.gather(*(signup(client, email) for email in emails))
        statuses = [r.status_code for r in answers]
        assert 201 in statuses and 503 in statuses, statuses
        assert set(statuses) == {201, 503}
        assert runtime.passwords.peak == 1
        for email, r in zip(emails, answers, strict=True):
            if r.status_code == 503:
                assert_refused(r, 503, "unavailable", 1)
                # Nothing was made: the same sign-up works once the server has time.
                assert (await signup(client, email)).status_code == 201
        after = value(await scrape(client), "teamboard_argon2_refused_total")
        assert after == refused + statuses.count(503)
