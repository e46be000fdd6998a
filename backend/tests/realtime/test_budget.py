"""Each socket has a budget of subscribe messages and of replayed events: a client looping
subscribe/unsubscribe (with ``since``) cannot make the server read and send the event log
without bound. Over budget it is told when to try again; if it keeps going, it is closed."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from devkit.api import Person
from teamboard.realtime.budget import TokenBucket
from tests.support.live import (
    Server,
    StartServer,
    events,
    open_socket,
    receive,
    receive_until,
    sign_up,
    subscribe,
)

SUBSCRIBES = 5
REPLAY = 30
STRIKES = 10  # refusals in a row a client may ignore before it is closed


async def test_a_bucket_refills_at_its_rate_up_to_its_capacity() -> None:
    bucket = TokenBucket(4, period=0.4)  # 10 a second
    assert [bucket.take() for _ in range(4)] == [0, 0, 0, 0]
    assert bucket.take() == 1  # whole seconds, at least one
    assert bucket.take(5) == 1  # more than it holds is never taken...
    await asyncio.sleep(0.25)
    assert bucket.take(2) == 0  # ...while what has come back is
    await asyncio.sleep(1)
    assert bucket.tokens <= 4 and [bucket.take() for _ in range(5)] == [0, 0, 0, 0, 1]


@pytest.fixture(scope="module")
def tight(start_server: StartServer) -> Server:
    server: Server = start_server(
        ws_max_replay="20",
        ws_subscribes_per_minute=str(SUBSCRIBES),
        ws_replay_per_minute=str(REPLAY),
    )
    return server


async def _board(owner: Person) -> int:
    board = await owner.call("POST", "/api/v1/boards", json={"name": "Budget"})
    return int(board["id"])


async def _unsubscribe(ws: ClientConnection, board_id: int) -> None:
    await ws.send(json.dumps({"type": "unsubscribe", "board_id": board_id}))
    await receive_until(ws, lambda m: m["type"] == "unsubscribed")


async def _refused(ws: ClientConnection, board_id: int, since: int | None = None) -> dict[str, Any]:
    await ws.send(json.dumps({"type": "subscribe", "board_id": board_id, "since": since}))
    told, before = await receive_until(ws, lambda m: m["type"] in ("subscribed", "error"))
    assert (told["type"], told["code"], told["board_id"]) == ("error", "rate_limited", board_id)
    assert not events(before)
    return told


async def test_subscribe_messages_are_limited_per_socket(tight: Server) -> None:
    owner = await sign_up(tight.url, "looper")
    board_id = await _board(owner)
    async with await open_socket(tight, owner) as ws:
        for _ in range(SUBSCRIBES):
            await subscribe(ws, board_id)
            await _unsubscribe(ws, board_id)
        told = await _refused(ws, board_id)
        # A full bucket refills in a minute: one subscribe's worth in 60 / SUBSCRIBES s.
        assert 1 <= told["retry_after"] <= 60 // SUBSCRIBES
        assert (
            told["detail"] == f"Too many subscribe messages; try again in {told['retry_after']} s"
        )
        await ws.send(json.dumps({"type": "ping"}))  # everything else is still answered
        assert await receive(ws) == {"type": "pong"}
        async with await open_socket(tight, owner) as other:  # a socket of its own budget
            await subscribe(other, board_id)

        # Going on regardless: told STRIKES times in all, then closed (policy violation).
        with contextlib.suppress(ConnectionClosed):
            for _ in range(STRIKES + 5):
                await ws.send(json.dumps({"type": "subscribe", "board_id": board_id}))
        told_again = 0
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                message = await receive(ws)
                assert message["type"] == "error" and message["code"] == "rate_limited"
                told_again += 1
        assert told_again == STRIKES - 1
        assert closed.value.rcvd is not None
        assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (
            1008,
            "too many subscribe messages",
        )
    await owner.client.aclose()


async def test_replayed_events_are_limited_per_socket(tight: Server) -> None:
    owner = await sign_up(tight.url, "resumer")
    board_id = await _board(owner)
    for n in range(20):
        await owner.call("PATCH", f"/api/v1/boards/{board_id}", json={"name": f"Name {n}"})
    async with await open_socket(tight, owner) as ws:
        current = await subscribe(ws, board_id)
        await _unsubscribe(ws, board_id)
        since = json.dumps({"type": "subscribe", "board_id": board_id, "since": current - 20})
        await ws.send(since)
        _, before = await receive_until(ws, lambda m: m["type"] == "subscribed")
        assert len(events(before)) == 20
        await _unsubscribe(ws, board_id)

        # About 10 events left of 30 a minute: 20 more take some 20 s to come.
        told = await _refused(ws, board_id, since=current - 20)
        assert 15 <= told["retry_after"] <= 20
        wait = told["retry_after"]
        assert told["detail"] == f"Too many events replayed; try again in {wait} s"
        # What fits still goes: the board was not subscribed by the refused message.
        await ws.send(json.dumps({"type": "subscribe", "board_id": board_id, "since": current - 5}))
        subscribed, before = await receive_until(ws, lambda m: m["type"] == "subscribed")
        assert [e["seq"] for e in events(before)] == list(range(current - 4, current + 1))
        assert subscribed["seq"] == current
    await owner.client.aclose()
