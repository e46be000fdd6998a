"""Outages of the parts around the app, with real servers: PostgreSQL stopped and started
again (every route answers 503 cleanly meanwhile, and works afterwards with no restart of
the app), and Redis stopped and started again (the API keeps working, live updates
between instances resume). Background tasks survive both."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from devkit.missing import missing
from devkit.postgres import PostgresCluster
from devkit.procs import NotInstalled
from devkit.redis import RedisServer
from devkit.server import server_env, teamboard
from tests.support.app import BACKEND, PASSWORD
from tests.support.live import Server, open_socket, receive_until, sign_up, subscribe

PROBLEM = "application/problem+json"


@pytest.fixture
def postgres() -> Iterator[PostgresCluster]:
    try:
        cluster = PostgresCluster()
    except NotInstalled as exc:
        missing(str(exc))
    try:
        cluster.start()
        cluster.create_database("teamboard")
        yield cluster
    finally:
        cluster.destroy()


def _migrate(data_dir: Path, url: str) -> None:
    teamboard(["migrate"], server_env(data_dir, database_url=url), cwd=data_dir)


def _unavailable(r: httpx.Response) -> None:
    assert r.status_code == 503, (r.request.url, r.status_code, r.text[:300])
    assert r.headers["retry-after"]
    assert r.headers["x-request-id"]


@pytest.mark.skipif(BACKEND == "postgres", reason="runs its own PostgreSQL; once is enough")
async def test_database_outage_is_503_everywhere_then_heals(
    postgres: PostgresCluster, tmp_path: Path
) -> None:
    _migrate(tmp_path, postgres.url())
    server = Server(tmp_path, postgres.url(), {"db_pool_size": "2", "db_pool_timeout": "3"})
    owner = await sign_up(server.url, "owner")
    fresh = httpx.AsyncClient(base_url=server.url, timeout=15)  # no cookie, no token
    try:
        board = await owner.call("POST", "/api/v1/boards", json={"name": "Outage"})
        detail = await owner.call("GET", f"/api/v1/boards/{board['id']}")
        column = detail["columns"][0]["id"]
        r = await owner.client.get(f"/api/v1/boards/{board['id']}", headers=owner.headers)
        etag = r.headers["etag"]
        cookie = await owner.log_in_browser()
        ws = await open_socket(server, owner)
        seq = await subscribe(ws, board["id"])
        browser = {"Accept": "text/html", "Cookie": cookie}

        postgres.stop()
        started = time.monotonic()
        client = owner.client
        _unavailable(r := await client.get("/api/v1/boards", headers=owner.headers))
        assert r.headers["content-type"] == PROBLEM and r.json()["code"] == "unavailable"
        _unavailable(
            await client.post(
                f"/api/v1/columns/{column}/cards", json={"title": "x"}, headers=owner.headers
            )
        )
        login = {"email": owner.email, "password": PASSWORD}
        _unavailable(await fresh.post("/api/v1/auth/login", json=login))
        r = await client.get(
            f"/api/v1/boards/{board['id']}", headers=owner.headers | {"If-None-Match": etag}
        )
        assert r.status_code in (304, 503)  # the access cache may still vouch for it
        page = await fresh.get("/boards", headers=browser)
        _unavailable(page)
        assert page.headers["content-type"].startswith("text/html")
        r = await client.get("/readyz")
        _unavailable(r)
        assert r.json()["checks"]["database"] == "failed"
        assert (await client.get("/healthz")).status_code == 200
        with pytest.raises(InvalidStatus) as refused:
            await connect(server.ws_url, additional_headers={"Cookie": cookie})
        assert refused.value.response.status_code == 503
        assert time.monotonic() - started < 20  # nothing hung
        await asyncio.sleep(1.5)  # the hub's poller meets the outage too

        postgres.start()
        assert server.running()
        r = await client.get("/api/v1/boards", headers=owner.headers)
        assert r.status_code == 200, r.text
        card = await owner.call("POST", f"/api/v1/columns/{column}/cards", json={"title": "After"})
        event, _ = await receive_until(ws, lambda m: m["type"] == "card.created")
        assert (event["seq"], event["data"]["card"]["id"]) == (seq + 1, card["id"])
        assert (await client.get("/readyz")).status_code == 200
        async with await connect(server.ws_url, additional_headers={"Cookie": cookie}) as again:
            await subscribe(again, board["id"])
        await ws.close()
    finally:
        server.stop()
        await owner.client.aclose()
        await fresh.aclose()


@pytest.mark.skipif(BACKEND == "postgres", reason="runs its own PostgreSQL; once is enough")
async def test_a_restart_between_requests_costs_no_request(
    postgres: PostgresCluster, tmp_path: Path
) -> None:
    """Pooled connections died with the old server: each is pinged at checkout and
    replaced, so the first requests afterwards succeed; a live one is kept."""
    _migrate(tmp_path, postgres.url())
    server = Server(tmp_path, postgres.url(), {"db_pool_size": "2", "db_pool_timeout": "3"})
    owner = await sign_up(server.url, "restart")

    async def boards() -> None:
        r = await owner.client.get("/api/v1/boards", headers=owner.headers)
        assert r.status_code == 200, r.text
        assert len(r.json()["items"]) == 4

    try:
        calls = [owner.call("POST", "/api/v1/boards", json={"name": f"B{i}"}) for i in range(4)]
        await asyncio.gather(*calls)  # both pooled connections in use, then idle
        postgres.stop()
        postgres.start()
        for _ in range(3):
            await boards()
        watcher = await asyncpg.connect(postgres.url().replace("+asyncpg", ""))
        try:
            query = "SELECT sessions FROM pg_stat_database WHERE datname = 'teamboard'"
            opened = await watcher.fetchval(query)
            for _ in range(20):
                await boards()
            assert await watcher.fetchval(query) == opened  # the ping kept its connections
        finally:
            await watcher.close()
    finally:
        server.stop()
        await owner.client.aclose()


async def test_redis_outage_keeps_the_api_and_live_updates_resume(
    live_database: tuple[Path, str], redis_server: RedisServer
) -> None:
    # Long poll interval: after the outage only Redis can bring B the change in time.
    a = Server(*live_database, {"redis_url": redis_server.url, "realtime_poll_seconds": "60"})
    b = Server(*live_database, {"redis_url": redis_server.url, "realtime_poll_seconds": "60"})
    owner = await sign_up(a.url, "owner")
    try:
        board = await owner.call("POST", "/api/v1/boards", json={"name": "Redis outage"})
        detail = await owner.call("GET", f"/api/v1/boards/{board['id']}")
        column = detail["columns"][0]["id"]
        on_b = await open_socket(b, owner)
        seq = await subscribe(on_b, board["id"])

        redis_server.stop()
        during = await owner.call("POST", f"/api/v1/columns/{column}/cards", json={"title": "1"})
        r = await owner.client.post(
            "/api/v1/auth/login", json={"email": owner.email, "password": PASSWORD}
        )
        assert r.status_code == 200, r.text  # rate limits counted in-process meanwhile
        r = await owner.client.get("/readyz")
        assert r.status_code == 503 and r.json()["checks"] == {"database": "ok", "redis": "failed"}
        await asyncio.sleep(2)  # the relay's listener and publisher meet the outage

        redis_server.up()
        deadline = time.monotonic() + 40
        # The event made during the outage reaches B once its relay has subscribed again
        # (it reads what it missed from the log then), well before its 60 s poll.
        first, _ = await receive_until(on_b, lambda m: m["type"] == "card.created", within=30)
        created = [first]
        after = await owner.call("POST", f"/api/v1/columns/{column}/cards", json={"title": "2"})
        while len(created) < 2:
            left = deadline - time.monotonic()
            assert left > 0, created
            message, _ = await receive_until(on_b, lambda m: m["type"] == "card.created", left)
            created.append(message)
        assert [m["seq"] for m in created] == [seq + 1, seq + 2]
        assert [m["data"]["card"]["id"] for m in created] == [during["id"], after["id"]]
        await on_b.close()
    finally:
        a.stop()
        b.stop()
        await owner.client.aclose()
