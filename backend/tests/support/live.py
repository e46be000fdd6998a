"""The real-time tests' server: ``teamboard serve`` (uvicorn, WebSockets) in a subprocess
on a loopback port (devkit.server), over a database of its own; and its sockets, whose
every message must be one the protocol describes."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import asyncpg
from websockets.asyncio.client import ClientConnection, connect

from devkit.api import Person
from devkit.server import FAST_HASHING, TeamboardServer, server_env
from devkit.verified import mark_verified
from teamboard.realtime.protocol import server_message

SECRET = "realtime-test-secret-key-that-is-long-enough-0123"
Message = dict[str, Any]


class Server(TeamboardServer):
    """``teamboard serve`` with the real-time tests' settings (``settings`` adds more, by
    setting name), started and ready."""

    def __init__(
        self,
        data_dir: Path,
        database_url: str,
        settings: Mapping[str, object] | None = None,
        *,
        serve_args: Sequence[str] = (),
        log_file: Path | None = None,
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
        env = server_env(data_dir, **(defaults | dict(settings or {}))) | FAST_HASHING
        super().__init__(env, args=serve_args, log_path=log_file)
        self.up()


class StartServer(Protocol):
    """The ``start_server`` fixture: ``start_server(ws_queue_size="8")``, stopped at the
    end of the run."""

    def __call__(self, **settings: object) -> Server: ...


# The ``users`` fixture: ``await users("ada")`` signs up a person on the ``server``.
Users = Callable[[str], Awaitable[Person]]


async def fresh_postgres_database(url: str, suffix: str = "live") -> str:
    """A database of the live tests' own (or another ``suffix``'s), next to the one the
    in-process tests empty."""
    base, _, name = url.rpartition("/")
    live = f"{name}_{suffix}"
    admin = await asyncpg.connect(base.replace("postgresql+asyncpg", "postgresql") + "/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{live}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{live}"')
    finally:
        await admin.close()
    return f"{base}/{live}"


sign_up = Person.sign_up


async def open_socket(server: Server, user: Person, **kwargs: Any) -> ClientConnection:
    """A socket opened with a ticket (as a client on another origin would)."""
    ticket = await user.ticket()
    return await connect(f"{server.ws_url}?ticket={ticket}", **kwargs)


async def receive(ws: ClientConnection, within: float = 5) -> Message:
    """The next message, which must be one the protocol describes (realtime/protocol.py)."""
    message: Message = json.loads(await asyncio.wait_for(ws.recv(), within))
    server_message.validate_python(message)
    return message


async def receive_until(
    ws: ClientConnection, wanted: Callable[[Message], bool], within: float = 5
) -> tuple[Message, list[Message]]:
    """The first message ``wanted`` accepts, and the ones before it."""
    skipped: list[Message] = []
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


async def join(
    server: TeamboardServer, owner: Person, board_id: int, who: Person, role: str
) -> None:
    """``who`` a member of the board, as people become one: ``owner`` invites their
    address, which is verified (as the mailed link would), and they accept."""
    await mark_verified(server.database_url, who.email)
    await owner.api.invite(owner.user, board_id, who.email, role)
    await who.api.accept_invitation(who.user, board_id)  # on their own server


def events(messages: list[Message]) -> list[Message]:
    return [m for m in messages if m.get("seq") and m["type"] != "subscribed"]
