"""The fixtures every test package uses: a real database (SQLite file, or PostgreSQL when
TEAMBOARD_TEST_DB=postgres), migrated once per run and emptied before each test; the real
app over httpx; the API driver; browsers for the pages; Redis; a real SMTP server. Plain
helpers are in tests/support/; a package's own fixtures are in its conftest.py."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event, text

from devkit.redis import RedisServer
from devkit.s3 import S3Server
from devkit.smtp import SmtpServer
from teamboard.app import create_app
from teamboard.core.db import Database
from teamboard.core.migrate import upgrade
from teamboard.core.runtime import Runtime
from teamboard.wiring import build_runtime
from tests.support.api import Api
from tests.support.app import (
    BACKEND,
    BASE_URL,
    PASSWORD,
    Contract,
    QueryCounter,
    empty,
    make_settings,
    start_redis,
)
from tests.support.pages import Browser, NewBrowser, World, populate
from tests.support.plans import StatementLog


def pytest_report_header() -> str:
    return f"teamboard test database: {BACKEND}"


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture(scope="session")
def database_url(data_dir: Path) -> str:
    if BACKEND == "postgres":
        url = os.environ.get("TEAMBOARD_TEST_POSTGRES_URL")
        if not url:
            pytest.exit("TEAMBOARD_TEST_DB=postgres needs TEAMBOARD_TEST_POSTGRES_URL", 2)
        return url
    return f"sqlite+aiosqlite:///{data_dir / 'test.db'}"


@pytest.fixture(scope="session")
async def migrated(database_url: str, data_dir: Path) -> str:
    database = Database(make_settings(database_url, data_dir))
    async with database.engine.begin() as conn:
        if BACKEND == "postgres":
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    await upgrade(database.engine)
    await database.dispose()
    return database_url


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Settings a test module changes (by overriding this fixture)."""
    return {}


@pytest.fixture
async def runtime(
    migrated: str, data_dir: Path, settings_overrides: dict[str, Any]
) -> AsyncIterator[Runtime]:
    rt = build_runtime(make_settings(migrated, data_dir, **settings_overrides))
    contract = Contract()
    rt.publisher.subscribe(contract.check)
    await empty(rt.db)
    yield rt
    await rt.close()
    assert contract.broken == [], "published events the protocol does not describe"


@pytest.fixture
def sent(runtime: Runtime) -> Iterator[StatementLog]:
    """Every statement the app sends, with its parameters (for their plans)."""
    log = StatementLog()
    event.listen(runtime.db.engine.sync_engine, "before_cursor_execute", log)
    yield log
    event.remove(runtime.db.engine.sync_engine, "before_cursor_execute", log)


@pytest.fixture
def queries(runtime: Runtime) -> Iterator[QueryCounter]:
    counter = QueryCounter()
    event.listen(runtime.db.engine.sync_engine, "before_cursor_execute", counter)
    yield counter
    event.remove(runtime.db.engine.sync_engine, "before_cursor_execute", counter)


@pytest.fixture
async def app(runtime: Runtime) -> FastAPI:
    return create_app(runtime.settings, runtime)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as c:
        yield c


@pytest.fixture
def api(client: httpx.AsyncClient, runtime: Runtime) -> Api:
    return Api(client, password=PASSWORD, runtime=runtime)


@pytest.fixture
async def new_browser(app: FastAPI, runtime: Runtime) -> AsyncIterator[NewBrowser]:
    """``await new_browser()``: a browser of its own for the pages (closed at the end)."""
    async with AsyncExitStack() as stack:

        async def make() -> Browser:
            client = await stack.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app),
                    base_url=BASE_URL,
                    headers={"accept": "text/html,application/xhtml+xml"},
                )
            )
            return Browser(client, runtime)

        yield make


@pytest.fixture
async def owner(new_browser: NewBrowser) -> Browser:
    """A browser signed up through the pages."""
    return await (await new_browser()).signup("Olivia Owner")


@pytest.fixture
async def world(owner: Browser) -> World:
    """``owner``'s board, made through the pages (tests/support/pages.py)."""
    return await populate(owner)


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A throw-away redis-server shared by the run (keys are per test's own names)."""
    server = start_redis()
    yield server.url
    server.stop()


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A redis-server of the test's own, to stop and start again."""
    server = start_redis()
    yield server
    server.stop()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server that keeps what it receives; a test module points the app at it
    by overriding ``settings_overrides`` (tests/support/mailbox.py ``sending_to``)."""
    server = SmtpServer().up()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """A real S3 API server (moto's) shared by the run: each test uses keys of its own."""
    server = S3Server().up()
    yield server
    server.stop()
