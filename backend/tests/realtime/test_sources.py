"""Events reach watchers whatever made the change (HTML form, CLI), notifications reach
their user live, and a client that does not read is cut off without holding others up."""

from __future__ import annotations

import asyncio
import json
import socket
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from devkit.api import Person
from tests.support.live import (
    Server,
    StartServer,
    Users,
    open_socket,
    receive_until,
    sign_up,
    subscribe,
)


async def _board(owner: Person) -> tuple[int, list[int]]:
    board = await owner.call("POST", "/api/v1/boards", json={"name": "Sources"})
    detail = await owner.call("GET", f"/api/v1/boards/{board['id']}")
    return board["id"], [c["id"] for c in detail["columns"]]


async def test_an_html_form_post_is_pushed(server: Server, users: Users) -> None:
    owner = await users("owner")
    board_id, columns = await _board(owner)
    card = await owner.call("POST", f"/api/v1/columns/{columns[0]}/cards", json={"title": "Form"})
    await owner.log_in_browser()
    async with await open_socket(server, owner) as ws:
        seq = await subscribe(ws, board_id)
        r = await owner.client.post(
            f"/cards/{card['id']}/move",
            data={
                "csrf_token": owner.client.cookies["tb_csrf"],
                "column_id": str(columns[2]),
                "position": "1",
            },
            headers={"Origin": server.url},
        )
        assert r.status_code == 303, r.text
        event, _ = await receive_until(ws, lambda m: m["type"] == "card.moved")
        assert event["seq"] == seq + 1 and event["data"]["card"]["column_id"] == columns[2]


async def test_a_cli_change_is_pushed(server: Server, users: Users) -> None:
    owner, newcomer = await users("owner"), await users("newcomer")
    board_id, _columns = await _board(owner)
    async with await open_socket(server, owner) as ws:
        seq = await subscribe(ws, board_id)
        done = await asyncio.to_thread(
            server.cli, "add-member", str(board_id), newcomer.email, "--as", owner.email
        )
        assert done.returncode == 0, done.stderr
        # Another process, no Redis: the server finds it in the event log.
        event, _ = await receive_until(ws, lambda m: m["type"] == "member.added")
        assert event["seq"] == seq + 1 and event["data"]["user_id"] == newcomer.id


async def test_assignment_and_mention_notify_their_user_live(server: Server, users: Users) -> None:
    owner, mate = await users("owner"), await users("mate")
    board_id, columns = await _board(owner)
    await owner.call(
        "POST", f"/api/v1/boards/{board_id}/members", json={"email": mate.email, "role": "editor"}
    )
    async with await open_socket(server, mate) as ws:  # watching no board at all
        card = await owner.call(
            "POST",
            f"/api/v1/columns/{columns[0]}/cards",
            json={"title": "Ship it", "assignee_ids": [mate.id, owner.id]},
        )
        note, _ = await receive_until(ws, lambda m: m["type"] == "notification")
        assert note["data"]["kind"] == "assigned" and note["data"]["card_id"] == card["id"]
        assert note["data"]["actor_name"] == "owner" and note["data"]["read_at"] is None
        await owner.call(
            "POST", f"/api/v1/cards/{card['id']}/comments", json={"body": "over to you @mate"}
        )
        note, _ = await receive_until(ws, lambda m: m["type"] == "notification")
        assert note["data"]["kind"] == "mentioned" and "@mate" in note["data"]["excerpt"]
    listed = await mate.call("GET", "/api/v1/notifications")
    assert [n["kind"] for n in listed["items"]] == ["mentioned", "assigned"]
    assert listed["unread"] == 2
    mine = await owner.call("GET", "/api/v1/notifications")
    assert mine["total"] == 0  # nobody is notified of their own doing


async def _big_card(owner: Person, column_id: int) -> dict[str, Any]:
    """Its events are ~20 KB each: a few dozen fill any socket buffer."""
    card: dict[str, Any] = await owner.call(
        "POST",
        f"/api/v1/columns/{column_id}/cards",
        json={"title": "Big", "description": "x" * 19_500},
    )
    return card


async def _narrow_socket(server: Server, owner: Person) -> ClientConnection:
    """A client with a tiny receive window (set before connecting, so the server's send
    buffer stays small too): once it stops reading, the server's writes back up quickly."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", server.port))
    sock.setblocking(False)
    return await connect(f"{server.ws_url}?ticket={await owner.ticket()}", sock=sock, max_queue=1)


async def test_a_client_that_falls_behind_for_a_while_gets_every_event_in_order(
    start_server: StartServer,
) -> None:
    server: Server = start_server()
    owner = await sign_up(server.url, "owner")
    board_id, columns = await _board(owner)
    cards = [await _big_card(owner, columns[0]) for _ in range(5)]

    async def move_all(n: int) -> None:  # five moves at a time: the run stays short
        await asyncio.gather(
            *(
                owner.call(
                    "POST",
                    f"/api/v1/cards/{card['id']}/move",
                    json={"column_id": columns[n % 2], "position": 0},
                )
                for card in cards
            )
        )

    slow = await _narrow_socket(server, owner)
    seq = await subscribe(slow, board_id)
    slow.transport.pause_reading()
    rounds = 50  # ~5 MB: past the socket buffers, so the server queues for this socket
    for n in range(rounds):
        await move_all(n)
    slow.transport.resume_reading()
    got: list[int] = []
    while len(got) < rounds * 5:
        event, _ = await receive_until(slow, lambda m: m["type"] == "card.moved")
        got.append(event["seq"])
    assert got == list(range(seq + 1, seq + rounds * 5 + 1))
    # Caught up: the next events go out the ordinary way, still in order.
    await move_all(rounds)
    for expected in range(seq + rounds * 5 + 1, seq + rounds * 5 + 6):
        event, _ = await receive_until(slow, lambda m: m["type"] == "card.moved")
        assert event["seq"] == expected
    await slow.close()
    await owner.client.aclose()


async def test_a_client_that_stops_reading_is_cut_off_alone(start_server: StartServer) -> None:
    server: Server = start_server(ws_queue_size="8")
    owner = await sign_up(server.url, "owner")
    board_id, columns = await _board(owner)
    card = await _big_card(owner, columns[0])
    stalled = await _narrow_socket(server, owner)
    await subscribe(stalled, board_id)
    stalled.transport.pause_reading()
    async with await open_socket(server, owner) as lively:
        seq = await subscribe(lively, board_id)
        moves = 300  # ~6 MB: more than any socket buffer holds

        async def read_all() -> list[int]:
            got: list[int] = []
            while len(got) < moves:
                event, _ = await receive_until(lively, lambda m: m["type"] == "card.moved")
                got.append(event["seq"])
            return got

        reader = asyncio.create_task(read_all())
        for n in range(moves):
            await owner.call(
                "POST",
                f"/api/v1/cards/{card['id']}/move",
                json={"column_id": columns[n % 2], "position": 0},
            )
        assert await reader == list(range(seq + 1, seq + moves + 1))
    stalled.transport.resume_reading()
    closed = False
    received = 0
    try:
        for _ in range(moves + 5):
            await asyncio.wait_for(stalled.recv(), 5)
            received += 1
    except ConnectionClosed:
        closed = True
    except TimeoutError:
        pass
    assert closed, f"the stalled client was never disconnected ({received} received)"
    await owner.client.aclose()


async def test_notifications_are_marked_read(server: Server, users: Users) -> None:
    owner, mate = await users("owner"), await users("mate")
    board_id, columns = await _board(owner)
    await owner.call(
        "POST", f"/api/v1/boards/{board_id}/members", json={"email": mate.email, "role": "editor"}
    )
    for title in ("A", "B"):
        await owner.call(
            "POST",
            f"/api/v1/columns/{columns[0]}/cards",
            json={"title": title, "assignee_ids": [mate.id]},
        )
    first, second = (await mate.call("GET", "/api/v1/notifications"))["items"]
    async with await open_socket(server, mate) as other_tab:
        await other_tab.send(json.dumps({"type": "ping"}))
        await receive_until(other_tab, lambda m: m["type"] == "pong")
        read = await mate.call("POST", f"/api/v1/notifications/{first['id']}/read")
        assert read["read_at"] is not None
        told, _ = await receive_until(other_tab, lambda m: m["type"] == "notification.read")
        assert told["data"] == {"ids": [first["id"]]}
    unread = await mate.call("GET", "/api/v1/notifications?unread=true")
    assert [n["id"] for n in unread["items"]] == [second["id"]] and unread["unread"] == 1
    assert (await mate.call("POST", "/api/v1/notifications/read-all")) == {"marked": 1}
    r = await owner.client.post(f"/api/v1/notifications/{second['id']}/read", headers=owner.headers)
    assert r.status_code == 404  # someone else's
