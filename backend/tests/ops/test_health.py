"""/healthz and /readyz: alive, and ready only when the database and Redis answer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from devkit.ports import free_port
from devkit.redis import RedisServer
from teamboard.app import create_app
from teamboard.wiring import build_runtime
from tests.support.app import BASE_URL, make_settings


async def _ready(settings_values: dict[str, Any], data_dir: Path) -> httpx.Response:
    url = settings_values.pop("database_url")
    runtime = build_runtime(make_settings(url, data_dir, **settings_values))
    try:
        app = create_app(runtime.settings, runtime)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            return await client.get("/readyz")
    finally:
        await runtime.close()


async def test_healthz_is_alive_and_not_documented(client: httpx.AsyncClient, app: Any) -> None:
    r = await client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}
    paths = app.openapi()["paths"]
    assert not {"/healthz", "/readyz", "/metrics"} & set(paths)


async def test_ready_without_redis(client: httpx.AsyncClient) -> None:
    r = await client.get("/readyz")
    assert r.status_code == 200
    assert r.json() == {"status": "ready", "checks": {"database": "ok", "redis": "off"}}
    assert r.headers["cache-control"] == "no-store"


async def test_ready_with_redis_then_not_when_it_stops(
    migrated: str, data_dir: Path, redis_server: RedisServer
) -> None:
    values = {"database_url": migrated, "redis_url": redis_server.url}
    r = await _ready(dict(values), data_dir)
    assert r.status_code == 200, r.text
    assert r.json()["checks"] == {"database": "ok", "redis": "ok"}

    redis_server.stop()
    r = await _ready(dict(values), data_dir)
    assert r.status_code == 503
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["retry-after"] == "5"
    body = r.json()
    assert body["code"] == "unavailable" and "redis" in body["detail"]
    assert body["checks"] == {"database": "ok", "redis": "failed"}


async def test_not_ready_when_the_database_cannot_be_reached(
    tmp_path: Path, redis_url: str
) -> None:
    # A folder where the SQLite file should be: opening it fails, as a lost disk would.
    (tmp_path / "db").mkdir()
    sqlite = {"database_url": f"sqlite+aiosqlite:///{tmp_path / 'db'}", "redis_url": redis_url}
    r = await _ready(sqlite, tmp_path)
    assert r.status_code == 503
    assert r.json()["checks"] == {"database": "failed", "redis": "ok"}
    assert "database" in r.json()["detail"]

    # PostgreSQL where nothing listens: refused, answered at once.
    port = free_port()
    postgres = {"database_url": f"postgresql+asyncpg://postgres@127.0.0.1:{port}/x"}
    r = await _ready(postgres, tmp_path)
    assert r.status_code == 503
    assert r.json()["checks"] == {"database": "failed", "redis": "off"}


@pytest.fixture
async def anonymous_client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 4711))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as c:
        yield c


async def test_probes_need_no_session_and_run_no_query_for_healthz(
    anonymous_client: httpx.AsyncClient, queries: Any
) -> None:
    queries.active = True
    assert (await anonymous_client.get("/healthz")).status_code == 200
    assert queries.count() == 0
    assert (await anonymous_client.get("/readyz")).status_code == 200
    assert queries.statements == ["SELECT 1"]
