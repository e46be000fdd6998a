"""Under uvicorn a broadcast frame is serialised once and written straight to each open
socket's transport (realtime/connection.py). Checked on the real server (in this process,
with ``teamboard serve``'s WebSocket settings) and a real client: every length encoding of
a frame, a socket backlogged by flow control, and one that is gone."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
import uvicorn
from websockets.asyncio.client import connect

from devkit.ports import free_port
from teamboard.core.actor import Actor
from teamboard.realtime.connection import Connection, Credential

ACTOR = Actor(id=1, email="wire@example.com", display_name="Wire", is_admin=False)


class Server:
    def __init__(self, queue_size: int) -> None:
        self.queue_size = queue_size
        self.connections: asyncio.Queue[Connection] = asyncio.Queue()
        self.port = free_port()

    async def app(self, scope: Any, receive: Any, send: Any) -> None:
        assert scope["type"] == "websocket"
        assert (await receive())["type"] == "websocket.connect"
        await send({"type": "websocket.accept"})
        await self.connections.put(Connection(ACTOR, Credential(), self.queue_size, send))
        while (await receive())["type"] != "websocket.disconnect":
            pass


async def _serve(queue_size: int) -> AsyncIterator[Server]:
    server = Server(queue_size)
    config = uvicorn.Config(
        server.app,
        host="127.0.0.1",
        port=server.port,
        ws="websockets-sansio",  # as teamboard/serving.py configures it
        ws_per_message_deflate=False,
        interface="asgi3",
        lifespan="off",
        log_level="warning",
    )
    running = uvicorn.Server(config)
    task = asyncio.create_task(running.serve())
    while not running.started:  # noqa: ASYNC110 (uvicorn offers no event for it)
        await asyncio.sleep(0.01)
    try:
        yield server
    finally:
        running.should_exit = True
        await task


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    async for running in _serve(queue_size=8):
        yield running


@pytest.fixture
async def roomy_server() -> AsyncIterator[Server]:
    async for running in _serve(queue_size=10_000):
        yield running


async def test_frames_of_every_length_arrive_intact(server: Server) -> None:
    texts = ["", "é" * 3, "x" * 125, "y" * 126, "z" * 65_535, "w" * 65_536, "ü" * 100_000]
    async with connect(f"ws://127.0.0.1:{server.port}/", max_size=None) as client:
        connection = await server.connections.get()
        assert connection._wire is not None  # uvicorn's protocol was recognised
        for text in texts:
            connection.send(text)
        assert [await client.recv() for _ in texts] == texts


async def test_a_backlogged_socket_gets_every_frame_in_order(roomy_server: Server) -> None:
    frame = "b" * 60_000
    async with connect(f"ws://127.0.0.1:{roomy_server.port}/", max_size=None) as client:
        connection = await roomy_server.connections.get()
        sent = 0
        while connection._writer is None:  # the client does not read: buffers fill up
            connection.send(f"{sent:06d}{frame}")
            sent += 1
            assert sent < 2_000, "flow control never engaged"
        for _ in range(20):  # these queue behind the backlog
            connection.send(f"{sent:06d}{frame}")
            sent += 1
        got = [int((await client.recv())[:6]) for _ in range(sent)]
    assert got == list(range(sent))
    assert not connection.closed


async def test_nothing_is_written_to_a_socket_that_is_gone(server: Server) -> None:
    async with connect(f"ws://127.0.0.1:{server.port}/") as client:
        connection = await server.connections.get()
        connection.send("before")
        assert await client.recv() == "before"
    await asyncio.sleep(0.1)  # the server has seen the close
    assert connection._wire is not None and connection._wire.transport.is_closing()
    connection.send("after")  # neither raises nor writes
    assert not connection._pending
