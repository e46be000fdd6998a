"""Test fixtures: a real database (SQLite file, or PostgreSQL when TEAMBOARD_TEST_DB=postgres),
migrated once per run and emptied before each test; the real app over httpx."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import event, text, update

import devkit.api
from devkit.missing import missing
from devkit.procs import NotInstalled
from devkit.redis import RedisServer
from teamboard.accounts.models import User
from teamboard.app import create_app
from teamboard.core.config import Settings
from teamboard.core.db import Database
from teamboard.core.events import INTERNAL
from teamboard.core.migrate import upgrade
from teamboard.core.runtime import Runtime
from teamboard.models import Base
from teamboard.realtime.protocol import server_message
from teamboard.wiring import build_runtime

BACKEND = os.environ.get("TEAMBOARD_TEST_DB", "sqlite")
BASE_URL = "http://testserver"
PASSWORD = devkit.api.PASSWORD


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


def make_settings(database_url: str, data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "data_dir": data_dir,
        "base_url": BASE_URL,
        "secret_key": "test-secret-key-that-is-long-enough-0123456789",
        "argon2_time_cost": 1,
        "argon2_memory_kib": 1024,
        # Fixtures sign up many users from one address, and add members by e-mail: the
        # limits are tested with settings of their own (tests/accounts/test_*limit*.py).
        "signup_max_per_address": 100_000,
        "email_lookup_max_per_account": 100_000,
        "email_lookup_max_per_address": 100_000,
        "_env_file": None,
    }
    values.update(overrides)
    return Settings(**values)


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


async def _empty(database: Database) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    async with database.engine.begin() as conn:
        if BACKEND == "postgres":
            await conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                await conn.execute(text(f"DELETE FROM {name}"))  # noqa: S608
            await conn.execute(text("DELETE FROM sqlite_sequence"))


@dataclass
class QueryCounter:
    statements: list[str] = field(default_factory=list)
    active: bool = False

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.active:
            self.statements.append(statement)

    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {}


@pytest.fixture
async def runtime(
    migrated: str, data_dir: Path, settings_overrides: dict[str, Any]
) -> AsyncIterator[Runtime]:
    rt = build_runtime(make_settings(migrated, data_dir, **settings_overrides))
    contract = Contract()
    rt.publisher.subscribe(contract.check)
    await _empty(rt.db)
    yield rt
    await rt.close()
    assert contract.broken == [], "published events the protocol does not describe"


@dataclass
class Contract:
    """Every event the server publishes in any test must be one of the protocol's
    messages (realtime/protocol.py): a new or changed event without its model fails the
    test that made it. Per-user messages lose their addressee before they are sent; the
    tests' own made-up events (``test.*``) are theirs."""

    broken: list[str] = field(default_factory=list)

    def check(self, events: list[dict[str, Any]]) -> None:
        for published in events:
            kind = str(published.get("type"))
            if kind in INTERNAL or kind.startswith("test."):
                continue
            sent = {k: v for k, v in published.items() if k != "user_id"}
            try:
                server_message.validate_python(sent)
            except ValidationError as exc:
                self.broken.append(f"{kind}: {exc}")


@pytest.fixture
def queries(runtime: Runtime) -> Iterator[QueryCounter]:
    counter = QueryCounter()
    event.listen(runtime.db.engine.sync_engine, "before_cursor_execute", counter)
    yield counter
    event.remove(runtime.db.engine.sync_engine, "before_cursor_execute", counter)


@pytest.fixture
async def app(runtime: Runtime) -> Any:
    return create_app(runtime.settings, runtime)


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as c:
        yield c


class Api(devkit.api.Api):
    """devkit's driver, in-process. The suite's tests pass users around as headers
    (``auth(who)`` for a request), with their id, e-mail and refresh token alongside."""

    def __init__(
        self, client: httpx.AsyncClient, *, password: str = PASSWORD, runtime: Runtime
    ) -> None:
        super().__init__(client, password=password)
        self.runtime = runtime

    async def user(self, name: str = "", *, password: str = PASSWORD) -> dict[str, str]:
        """Signs up a fresh user; returns bearer headers (with its id and e-mail)."""
        made = await self.sign_up(name, password=password)
        return {
            "Authorization": made.headers["Authorization"],
            "X-User-Id": str(made.id),
            "X-Email": made.email,
            "X-Refresh": made.refresh,
        }

    async def share(
        self, owner: dict[str, str], board_id: int, who: dict[str, str], role: str
    ) -> None:
        """``who`` a member with ``role``, as people become one: ``owner`` invites their
        address, and they accept (with their address verified, which the API needs)."""
        await verify_email(self.runtime, who["X-Email"])
        await self.add_member(owner, board_id, who["X-Email"], role, invitee=who)


async def verify_email(runtime: Runtime, *emails: str) -> None:
    """Marks addresses verified, as following a mailed link would (devkit.verified does
    it for a server in another process)."""
    async with runtime.db.session() as db:
        async with db.transaction():
            await db.execute(
                update(User)
                .where(User.email.in_(emails), User.email_verified_at.is_(None))
                .values(email_verified_at=User.created_at)
            )


def auth(who: dict[str, str]) -> dict[str, str]:
    return devkit.api.bearer(who)


@pytest.fixture
def api(client: httpx.AsyncClient, runtime: Runtime) -> Api:
    return Api(client, password=PASSWORD, runtime=runtime)


def start_redis() -> RedisServer:
    try:
        return RedisServer().up()
    except NotInstalled as exc:
        missing(str(exc))


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
