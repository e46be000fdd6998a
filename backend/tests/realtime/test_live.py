"""Live board sync over /ws against the real server."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.typing import Origin

from devkit.api import Person
from tests.support.live import (
    Server,
    StartServer,
    Users,
    events,
    open_socket,
    receive,
    receive_until,
    sign_up,
    subscribe,
)


async def _board(owner: Person) -> tuple[int, list[int], list[int]]:
    """A board with its columns and two cards in the first; returns the ids."""
    board = await owner.call("POST", "/api/v1/boards", json={"name": "Live"})
    detail = await owner.call("GET", f"/api/v1/boards/{board['id']}")
    columns = [c["id"] for c in detail["columns"]]
    cards = []
    for title in ("One", "Two"):
        card = await owner.call(
            "POST", f"/api/v1/columns/{columns[0]}/cards", json={"title": title}
        )
        cards.append(card["id"])
    return board["id"], columns, cards


async def test_a_change_reaches_every_watcher_with_its_seq(server: Server, users: Users) -> None:
    owner, mate = await users("owner"), await users("mate")
    board_id, columns, cards = await _board(owner)
    await owner.call(
        "POST", f"/api/v1/boards/{board_id}/members", json={"email": mate.email, "role": "editor"}
    )
    cookie = await owner.log_in_browser()
    async with (
        connect(
            server.ws_url, origin=Origin(server.url), additional_headers={"Cookie": cookie}
        ) as a,
        await open_socket(server, mate) as b,
    ):
        seq_a, seq_b = await subscribe(a, board_id), await subscribe(b, board_id)
        assert seq_a == seq_b
        moved = await mate.call(
            "POST", f"/api/v1/cards/{cards[0]}/move", json={"column_id": columns[1], "position": 0}
        )
        for ws in (a, b):  # the one who moved gets the same event as everyone else
            event, _ = await receive_until(ws, lambda m: m["type"] == "card.moved")
            assert event["seq"] == seq_a + 1
            assert event["board_id"] == board_id
            assert event["actor"] == {"id": mate.id, "display_name": "mate"}
            assert event["data"]["card"] == moved


async def test_a_non_member_is_told_not_found(server: Server, users: Users) -> None:
    owner, stranger = await users("owner"), await users("stranger")
    board_id, _columns, _cards = await _board(owner)
    async with await open_socket(server, stranger) as ws:
        for target in (board_id, 987654321):  # theirs or nobody's: the same answer
            await ws.send(json.dumps({"type": "subscribe", "board_id": target}))
            assert await receive(ws) == {
                "type": "error",
                "code": "not_found",
                "detail": "No such board",
                "board_id": target,
            }


async def test_a_foreign_origin_or_no_credential_is_refused(server: Server, users: Users) -> None:
    owner = await users("owner")
    cookie = await owner.log_in_browser()
    with pytest.raises(InvalidStatus) as refused:
        await connect(
            server.ws_url,
            origin=Origin("http://evil.example"),
            additional_headers={"Cookie": cookie},
        )
    assert refused.value.response.status_code == 403
    for url in (server.ws_url, f"{server.ws_url}?ticket=made-up"):
        with pytest.raises(InvalidStatus) as refused:
            await connect(url, origin=Origin(server.url))
        assert refused.value.response.status_code == 403


async def test_a_ticket_works_once(server: Server, users: Users) -> None:
    owner = await users("owner")
    ticket = await owner.ticket()
    async with connect(f"{server.ws_url}?ticket={ticket}") as ws:
        await ws.send(json.dumps({"type": "ping"}))
        assert await receive(ws) == {"type": "pong"}
    with pytest.raises(InvalidStatus):
        await connect(f"{server.ws_url}?ticket={ticket}")


async def test_bad_messages_get_an_error_not_a_hang_up(server: Server, users: Users) -> None:
    owner = await users("owner")
    async with await open_socket(server, owner) as ws:
        for bad in ("not json", '{"type": "subscribe", "board_id": -1}', '{"type": "dance"}'):
            await ws.send(bad)
            reply = await receive(ws)
            assert reply["type"] == "error" and reply["code"] == "invalid", reply
        await ws.send(b"\x00binary")
        assert (await receive(ws))["code"] == "invalid"
        await ws.send(json.dumps({"type": "ping"}))
        assert await receive(ws) == {"type": "pong"}


async def test_resume_delivers_exactly_the_missed_events(server: Server, users: Users) -> None:
    owner = await users("owner")
    board_id, columns, cards = await _board(owner)
    async with await open_socket(server, owner) as ws:
        last = await subscribe(ws, board_id)
    for position in (0, 1, 0):
        await owner.call(
            "POST",
            f"/api/v1/cards/{cards[1]}/move",
            json={"column_id": columns[position], "position": 0},
        )
    await owner.call("PATCH", f"/api/v1/boards/{board_id}", json={"name": "Renamed"})
    async with await open_socket(server, owner) as ws:
        await ws.send(json.dumps({"type": "subscribe", "board_id": board_id, "since": last}))
        subscribed, before = await receive_until(ws, lambda m: m["type"] == "subscribed")
        missed = events(before)
        assert [e["seq"] for e in missed] == [last + 1, last + 2, last + 3, last + 4]
        assert [e["type"] for e in missed] == ["card.moved"] * 3 + ["board.updated"]
        assert subscribed["seq"] == last + 4
        # Nothing repeated afterwards: the next message is the next change.
        await owner.call("PATCH", f"/api/v1/boards/{board_id}", json={"name": "Again"})
        event, skipped = await receive_until(ws, lambda m: m.get("seq", 0) > 0)
        assert event["seq"] == last + 5 and not events(skipped)


async def test_a_replay_holds_no_copy_of_deleted_or_edited_text(
    server: Server, users: Users
) -> None:
    owner = await users("owner")
    board_id, columns, cards = await _board(owner)
    async with await open_socket(server, owner) as ws:
        last = await subscribe(ws, board_id)
    card = await owner.call(
        "POST", f"/api/v1/columns/{columns[0]}/cards", json={"title": "ZEBRA-OLD card"}
    )
    comment = await owner.call(
        "POST", f"/api/v1/cards/{cards[0]}/comments", json={"body": "ZEBRA-OLD words"}
    )
    await owner.call("PATCH", f"/api/v1/comments/{comment['id']}", json={"body": "QUOKKA"})
    await owner.call("DELETE", f"/api/v1/cards/{card['id']}")
    async with await open_socket(server, owner) as ws:
        await ws.send(json.dumps({"type": "subscribe", "board_id": board_id, "since": last}))
        _subscribed, before = await receive_until(ws, lambda m: m["type"] == "subscribed")
    missed = events(before)
    assert [e["type"] for e in missed] == [
        "card.created",
        "comment.created",
        "comment.updated",
        "card.deleted",
    ]
    assert "ZEBRA-OLD" not in json.dumps(missed)
    assert missed[0]["data"]["card"]["gone"] is True
    assert [e["data"]["comment"]["body"] for e in missed[1:3]] == ["QUOKKA", "QUOKKA"]


async def test_too_far_behind_is_told_to_refetch(server: Server, users: Users) -> None:
    owner = await users("owner")
    board_id, _columns, _cards = await _board(owner)
    for n in range(22):  # the server replays at most 20
        await owner.call("PATCH", f"/api/v1/boards/{board_id}", json={"name": f"Name {n}"})
    async with await open_socket(server, owner) as ws:
        await ws.send(json.dumps({"type": "subscribe", "board_id": board_id, "since": 1}))
        first = await receive(ws)
        assert (first["type"], first["code"]) == ("error", "resync_required")
        subscribed, skipped = await receive_until(ws, lambda m: m["type"] == "subscribed")
        assert not events(skipped)
        current = await owner.call("GET", f"/api/v1/boards/{board_id}/activity?limit=1")
        assert subscribed["seq"] == current["items"][0]["seq"]


async def test_a_removed_member_stops_receiving(server: Server, users: Users) -> None:
    owner, mate = await users("owner"), await users("mate")
    board_id, _columns, _cards = await _board(owner)
    await owner.call(
        "POST", f"/api/v1/boards/{board_id}/members", json={"email": mate.email, "role": "viewer"}
    )
    async with await open_socket(server, mate) as ws:
        await subscribe(ws, board_id)
        await owner.call("DELETE", f"/api/v1/boards/{board_id}/members/{mate.id}")
        told, _ = await receive_until(ws, lambda m: m["type"] == "error")
        assert (told["code"], told["board_id"]) == ("not_found", board_id)
        await owner.call("PATCH", f"/api/v1/boards/{board_id}", json={"name": "Secret"})
        with pytest.raises(TimeoutError):
            await receive_until(ws, lambda m: m.get("type") == "board.updated", within=1.5)


async def test_log_out_ends_the_socket(server: Server, users: Users) -> None:
    owner = await users("owner")
    cookie = await owner.log_in_browser()
    async with connect(
        server.ws_url, origin=Origin(server.url), additional_headers={"Cookie": cookie}
    ) as ws:
        await ws.send(json.dumps({"type": "ping"}))
        assert await receive(ws) == {"type": "pong"}
        csrf = owner.client.cookies["tb_csrf"]
        r = await owner.client.post(
            "/api/v1/auth/logout", headers={"X-CSRF-Token": csrf, "Origin": server.url}
        )
        assert r.status_code == 204
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008


async def test_presence_counts_a_user_once(server: Server, users: Users) -> None:
    owner, mate = await users("owner"), await users("mate")
    board_id, _columns, _cards = await _board(owner)
    await owner.call(
        "POST", f"/api/v1/boards/{board_id}/members", json={"email": mate.email, "role": "viewer"}
    )

    def present(m: dict[str, Any]) -> bool:
        kind: str = m["type"]
        return kind == "presence"

    async with await open_socket(server, owner) as watcher:
        await subscribe(watcher, board_id)
        seen, _ = await receive_until(watcher, present)
        assert [u["id"] for u in seen["users"]] == [owner.id]
        tab1 = await open_socket(server, mate)
        tab2 = await open_socket(server, mate)
        await subscribe(tab1, board_id)
        seen, _ = await receive_until(watcher, present)
        assert sorted(u["id"] for u in seen["users"]) == sorted([owner.id, mate.id])
        await subscribe(tab2, board_id)
        mine, _ = await receive_until(tab2, present)
        assert len(mine["users"]) == 2
        await tab1.close()
        await tab2.close()
        seen, _ = await receive_until(watcher, present)
        assert [u["id"] for u in seen["users"]] == [owner.id]


async def test_a_dead_peer_is_dropped_and_leaves(start_server: StartServer) -> None:
    server: Server = start_server(ws_ping_seconds="0.5")
    owner = await sign_up(server.url, "owner")
    mate = await sign_up(server.url, "mate")
    board_id, _columns, _cards = await _board(owner)
    await owner.call(
        "POST", f"/api/v1/boards/{board_id}/members", json={"email": mate.email, "role": "viewer"}
    )
    async with await open_socket(server, owner) as watcher:
        await subscribe(watcher, board_id)
        dead = await open_socket(server, mate)
        await subscribe(dead, board_id)
        await receive_until(watcher, lambda m: m["type"] == "presence" and len(m["users"]) == 2)
        dead.transport.pause_reading()  # gone silent: it will answer no ping
        seen, _ = await receive_until(
            watcher, lambda m: m["type"] == "presence" and len(m["users"]) == 1, within=5
        )
        assert [u["id"] for u in seen["users"]] == [owner.id]
        dead.transport.abort()
    await owner.client.aclose()
    await mate.client.aclose()
