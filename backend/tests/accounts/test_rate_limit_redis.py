"""Log-in limits shared through a real Redis: several instances count together, and a
Redis outage neither fails log-in nor lifts the limit (each instance counts alone)."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from redis.asyncio import Redis

from devkit.redis import RedisServer
from teamboard.app import create_app
from teamboard.core.ratelimit import RedisRateLimiter
from teamboard.core.runtime import Runtime
from teamboard.wiring import build_runtime
from tests.support.app import BASE_URL, PASSWORD, make_settings, scrape, value
from tests.support.sessions import assert_limited, login, signup

PER_ACCOUNT = 3


def key() -> str:
    return f"test:{uuid.uuid4().hex}"


async def test_two_limiters_on_one_redis_share_counts(redis_url: str) -> None:
    first, second = Redis.from_url(redis_url), Redis.from_url(redis_url)
    a, b = RedisRateLimiter(first, 300), RedisRateLimiter(second, 300)
    try:
        k = key()
        for _ in range(3):
            await a.hit(k)
        assert 295 <= await b.blocked_for(k, 3) <= 300
        assert await b.blocked_for(k, 4) == 0
        await b.reset(k)
        assert await a.blocked_for(k, 1) == 0
    finally:
        await first.aclose()
        await second.aclose()


async def test_take_counts_only_what_it_lets_through_even_in_a_burst(redis_url: str) -> None:
    first, second = Redis.from_url(redis_url), Redis.from_url(redis_url)
    a, b = RedisRateLimiter(first, 300), RedisRateLimiter(second, 300)
    try:
        k = key()
        waits = await asyncio.gather(*(limiter.take(k, 3) for limiter in (a, b) * 5))
        assert sorted(waits)[:3] == [0, 0, 0]  # exactly the limit got through
        assert all(295 <= wait <= 300 for wait in sorted(waits)[3:])
        assert await a.count(k) == 3 and await b.count(k) == 3
        await a.hit(k)
        assert await b.count(k) == 4
    finally:
        await first.aclose()
        await second.aclose()


async def test_the_window_slides(redis_url: str) -> None:
    client = Redis.from_url(redis_url)
    limiter = RedisRateLimiter(client, 1)
    try:
        k = key()
        await limiter.hit(k)
        assert await limiter.blocked_for(k, 1) == 1
        await asyncio.sleep(1.1)
        assert await limiter.blocked_for(k, 1) == 0
        assert await client.ttl(f"teamboard:ratelimit:{k}") <= 1
    finally:
        await client.aclose()


async def test_redis_down_falls_back_to_counting_here(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    client = Redis.from_url(redis_server.url)
    limiter = RedisRateLimiter(client, 300)
    try:
        k = key()
        await limiter.hit(k)
        redis_server.stop()
        caplog.set_level(logging.WARNING, logger="teamboard.core.ratelimit")
        assert await limiter.blocked_for(k, 2) == 0
        await limiter.hit(k)  # not recorded in Redis, but here
        assert await limiter.blocked_for(k, 2) > 0
        await limiter.reset(k)
        assert await limiter.blocked_for(k, 1) == 0
        warnings = [r for r in caplog.records if r.name == "teamboard.core.ratelimit"]
        assert len(warnings) == 1  # once per outage, not once per call
    finally:
        await client.aclose()


CEILING = 2
ADDRESSES = [("203.0.113.1", 1000), ("203.0.113.2", 1000), ("203.0.113.3", 1000)]


async def _instance(
    migrated: str, data_dir: Path, redis: str, address: tuple[str, int] = ("127.0.0.1", 123)
) -> tuple[Runtime, httpx.AsyncClient]:
    settings = make_settings(
        migrated,
        data_dir,
        redis_url=redis,
        login_max_per_account=PER_ACCOUNT,
        login_account_ceiling=CEILING,
        login_delay_seconds=0.1,
        login_max_delay_seconds=0.1,
    )
    runtime = build_runtime(settings)
    app = create_app(settings, runtime)
    transport = httpx.ASGITransport(app=app, client=address)
    client = httpx.AsyncClient(transport=transport, base_url=BASE_URL)
    return runtime, client


@pytest.fixture
async def instances(
    runtime: Runtime, data_dir: Path, redis_server: RedisServer
) -> AsyncIterator[list[httpx.AsyncClient]]:
    """Two app instances on one database and one Redis (``runtime`` empties the database)."""
    made = [await _instance(runtime.settings.database_url, data_dir, redis_server.url)
            for _ in range(2)]  # fmt: skip
    made.append(
        await _instance(runtime.settings.database_url, data_dir, redis_server.url, ADDRESSES[2])
    )
    yield [client for _, client in made]
    for rt, client in made:
        await client.aclose()
        await rt.close()


async def test_instances_share_the_account_ceiling_and_still_let_the_owner_in(
    instances: list[httpx.AsyncClient],
) -> None:
    """Failures through one instance, from one address, slow attempts on the account
    through another instance from another address; the owner still logs in there."""
    a, _b, elsewhere = instances
    email = "wanted@example.com"
    await signup(a, email)
    for _ in range(PER_ACCOUNT):
        assert (await login(a, email, "wrong password!")).status_code == 401
    assert_limited(await login(a, email, PASSWORD))  # this pair is refused
    before = value(await scrape(a), "teamboard_login_delayed_total")
    r = await login(elsewhere, email, PASSWORD)
    assert r.status_code == 200, r.text  # slowed down, not refused
    assert value(await scrape(a), "teamboard_login_delayed_total") == before + 1


async def test_instances_share_the_limit_and_survive_redis_going_away(
    instances: list[httpx.AsyncClient], redis_server: RedisServer
) -> None:
    a, b, _elsewhere = instances
    email = "shared@example.com"
    await signup(a, email)
    for client in (a, b, a):
        assert (await login(client, email, "wrong password!")).status_code == 401
    assert_limited(await login(b, email, PASSWORD))  # B counts A's failures too

    redis_server.stop()
    other = "other@example.com"
    await signup(a, other)
    r = await login(a, other, PASSWORD)
    assert r.status_code == 200, r.text  # no 500, nobody locked out
    for _ in range(PER_ACCOUNT):
        assert (await login(a, other, "wrong password!")).status_code == 401
    assert_limited(await login(a, other, PASSWORD))  # still limited, in this instance
