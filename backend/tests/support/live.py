"""Real-time tests run the real server (``teamboard serve``, uvicorn, WebSockets) in
subprocesses on loopback ports, over their own database (SQLite, or a PostgreSQL database
of their own when TEAMBOARD_TEST_DB=postgres), and a throw-away Redis where needed."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from websockets.asyncio.client import ClientConnection, connect

from devkit.api import Person
from devkit.server import FAST_HASHING, TeamboardServer, server_env, teamboard
from teamboard.realtime.protocol import server_message
from tests.conftest import BACKEND

SECRET = "realtime-test-secret-key-that-is-long-enough-0123"


class Server(TeamboardServer):
    """``teamboard serve`` with the real-time tests' settings (``settings`` adds more, by
    setting name), started and ready."""

    def __init__(
        self,
        data_dir: Path,
        database_url: str,
        *,
        serve_args: tuple[str, ...] = (),
        log_file: Path | None = None,
        **settings: str,
    ) -> None:
        defaults: dict[str, object] = {
            "database_url": database_url,
            "secret_key": SECRET,
            "login_max_per_address": 1000,
            "signup_max_per_address": 100_000,
            "email_lookup_max_per_account": 100_000,
            "email_lookup_max_per_address": 100_000,
            "realtime_poll_seconds": 0.3,
        }
        env = server_env(data_dir, **(defaults | settings)) | FAST_HASHING
        super().__init__(env, args=serve_args, log_path=log_file)
        self.up()


async def _fresh_postgres(url: str) -> str:
    """A database of the live tests' own, next to the one the in-process tests empty."""
    base, _, name = url.rpartition("/")
    live = f"{name}_live"
    admin = await asyncpg.connect(base.replace("postgresql+asyncpg", "postgresql") + "/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{live}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{live}"')
    finally:
        await admin.close()
    return f"{base}/{live}"


@pytest.fixture(scope="session")
def live_database(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    data_dir = tmp_path_factory.mktemp("live")
    if BACKEND == "postgres":
        url = asyncio.run(_fresh_postgres(os.environ["TEAMBOARD_TEST_POSTGRES_URL"]))
    else:
        url = f"sqlite+aiosqlite:///{data_dir / 'live.db'}"
    teamboard(["migrate"], server_env(data_dir, database_url=url), cwd=data_dir)
    return data_dir, url


@pytest.fixture(scope="session")
def start_server(live_database: tuple[Path, str]) -> Iterator[Callable[..., Server]]:
    servers: list[Server] = []

    def start(**env: str) -> Server:
        server = Server(*live_database, **env)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def server(start_server: Callable[..., Server]) -> Server:
    return start_server(ws_max_replay="20")


sign_up = Person.sign_up


async def open_socket(server: Server, user: Person, **kwargs: Any) -> ClientConnection:
    """A socket opened with a ticket (as a client on another origin would)."""
    ticket = await user.ticket()
    return await connect(f"{server.ws_url}?ticket={ticket}", **kwargs)


async def receive(ws: ClientConnection, within: float = 5) -> dict[str, Any]:
    """The next message, which must be one the protocol describes (realtime/protocol.py)."""
    message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), within))
    server_message.validate_python(message)
    return message


async def receive_until(
    ws: ClientConnection, wanted: Callable[[dict[str, Any]], bool], within: float = 5
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The first message ``wanted`` accepts, and the ones before it."""
    skipped: list[dict[str, Any]] = []
    deadline = asyncio.get_running_loop().time() + within
    while True:
        left = deadline - asyncio.get_running_loop().time()
        message = await receive(ws, max(left, 0.01))
        if wanted(message):
            return message, skipped
        skipped.append(message)


async def subscribe(ws: ClientConnection, board_id: int, since: int | None = None) -> int:
    await ws.send(json.dumps({"type": "subscribe", "board_id": board_id, "since": since}))
    message, _ = await receive_until(ws, lambda m: m["type"] in ("subscribed", "error"))
    assert message["type"] == "subscribed", message
    return int(message["seq"])


def events(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m for m in messages if m.get("seq") and m["type"] != "subscribed"]


@pytest.fixture
async def users(server: Server) -> AsyncIterator[Callable[[str], Any]]:
    made: list[Person] = []

    async def make(name: str) -> Person:
        user = await sign_up(server.url, name)
        made.append(user)
        return user

    yield make
    for user in made:
        await user.aclose()
