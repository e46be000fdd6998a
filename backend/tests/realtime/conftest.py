"""Real-time tests run the real server (``teamboard serve``, uvicorn, WebSockets) in
subprocesses on loopback ports, over their own database (SQLite, or a PostgreSQL database
of their own when TEAMBOARD_TEST_DB=postgres), and a throw-away Redis where needed."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect

from tests.conftest import BACKEND, PASSWORD
from tests.services import free_port

SECRET = "realtime-test-secret-key-that-is-long-enough-0123"


def _wait_for(url: str, proc: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{what} did not start")


class Server:
    """One ``teamboard serve`` process."""

    def __init__(
        self,
        data_dir: Path,
        database_url: str,
        *,
        serve_args: tuple[str, ...] = (),
        log_file: Path | None = None,
        **env: str,
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws_url = f"ws://127.0.0.1:{self.port}/ws"
        self.env = (
            os.environ
            | {
                "TEAMBOARD_DATA_DIR": str(data_dir),
                "TEAMBOARD_DATABASE_URL": database_url,
                "TEAMBOARD_SECRET_KEY": SECRET,
                "TEAMBOARD_BASE_URL": self.url,
                "TEAMBOARD_ARGON2_TIME_COST": "1",
                "TEAMBOARD_ARGON2_MEMORY_KIB": "1024",
                "TEAMBOARD_LOGIN_MAX_PER_ADDRESS": "1000",
                "TEAMBOARD_SIGNUP_MAX_PER_ADDRESS": "100000",
                "TEAMBOARD_EMAIL_LOOKUP_MAX_PER_ACCOUNT": "100000",
                "TEAMBOARD_EMAIL_LOOKUP_MAX_PER_ADDRESS": "100000",
                "TEAMBOARD_REALTIME_POLL_SECONDS": "0.3",
            }
            | {f"TEAMBOARD_{k.upper()}": v for k, v in env.items()}
        )
        self.log = open(log_file, "wb") if log_file else subprocess.DEVNULL  # noqa: SIM115
        self.proc = subprocess.Popen(  # noqa: S603 - our own CLI
            [sys.executable, "-m", "teamboard", "serve", "--port", str(self.port), *serve_args],
            env=self.env,
            stdout=self.log,
            stderr=self.log,
        )
        _wait_for(f"{self.url}/healthz", self.proc, "teamboard serve")

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own CLI
            [sys.executable, "-m", "teamboard", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        if not isinstance(self.log, int):
            self.log.close()


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
    env = os.environ | {"TEAMBOARD_DATA_DIR": str(data_dir), "TEAMBOARD_DATABASE_URL": url}
    subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "teamboard", "migrate"], env=env, check=True, capture_output=True
    )
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


class User:
    """A signed-up user of one server: bearer headers, and a cookie jar once logged in."""

    def __init__(self, client: httpx.AsyncClient, id_: int, email: str, token: str) -> None:
        self.client = client
        self.id = id_
        self.email = email
        self.headers = {"Authorization": f"Bearer {token}"}

    async def call(self, method: str, path: str, **kwargs: Any) -> Any:
        r = await self.client.request(method, path, headers=self.headers, **kwargs)
        assert r.status_code < 300, r.text
        return r.json() if r.content else None

    async def log_in_browser(self) -> str:
        """Log in by cookie; returns the Cookie header for a WebSocket handshake."""
        r = await self.client.post(
            "/api/v1/auth/login", json={"email": self.email, "password": PASSWORD}
        )
        assert r.status_code == 200, r.text
        return "; ".join(f"{k}={v}" for k, v in self.client.cookies.items())

    async def ticket(self) -> str:
        return str((await self.call("POST", "/api/v1/ws-ticket"))["ticket"])


_counter = iter(range(1, 1_000_000))


async def sign_up(base_url: str, name: str) -> User:
    email = f"{name}{next(_counter)}-{time.monotonic_ns()}@example.com"
    client = httpx.AsyncClient(base_url=base_url, timeout=30)
    r = await client.post(
        "/api/v1/auth/signup", json={"email": email, "password": PASSWORD, "display_name": name}
    )
    assert r.status_code == 201, r.text
    user_id = r.json()["id"]
    r = await client.post("/api/v1/auth/token", data={"username": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return User(client, user_id, email, r.json()["access_token"])


async def open_socket(server: Server, user: User, **kwargs: Any) -> ClientConnection:
    """A socket opened with a ticket (as a client on another origin would)."""
    ticket = await user.ticket()
    return await connect(f"{server.ws_url}?ticket={ticket}", **kwargs)


async def receive(ws: ClientConnection, within: float = 5) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), within))
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
    made: list[User] = []

    async def make(name: str) -> User:
        user = await sign_up(server.url, name)
        made.append(user)
        return user

    yield make
    for user in made:
        await user.client.aclose()
