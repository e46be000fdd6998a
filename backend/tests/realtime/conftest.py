"""Real-time tests run the real server (``teamboard serve``, uvicorn, WebSockets) in
subprocesses on loopback ports, over their own database (SQLite, or a PostgreSQL database
of their own when TEAMBOARD_TEST_DB=postgres), and a throw-away Redis where needed. The
server and the socket helpers are tests/support/live.py."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from devkit.api import Person
from devkit.server import server_env, teamboard
from tests.support.app import BACKEND
from tests.support.live import Server, StartServer, Users, fresh_postgres_database, sign_up


@pytest.fixture(scope="session")
def live_database(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    data_dir = tmp_path_factory.mktemp("live")
    if BACKEND == "postgres":
        url = asyncio.run(fresh_postgres_database(os.environ["TEAMBOARD_TEST_POSTGRES_URL"]))
    else:
        url = f"sqlite+aiosqlite:///{data_dir / 'live.db'}"
    teamboard(["migrate"], server_env(data_dir, database_url=url), cwd=data_dir)
    return data_dir, url


@pytest.fixture(scope="session")
def start_server(live_database: tuple[Path, str]) -> Iterator[StartServer]:
    servers: list[Server] = []

    def start(**settings: object) -> Server:
        server = Server(*live_database, settings)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def server(start_server: StartServer) -> Server:
    return start_server(ws_max_replay="20")


@pytest.fixture
async def users(server: Server) -> AsyncIterator[Users]:
    made: list[Person] = []

    async def make(name: str) -> Person:
        user = await sign_up(server.url, name)
        made.append(user)
        return user

    yield make
    for user in made:
        await user.aclose()
