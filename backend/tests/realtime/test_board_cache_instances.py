"""Two server processes on one database and a real Redis, each with its board cache
(cards/board_cache.py): a change made through one is applied to the other's cached board
(or drops it), so both answer the same bytes and ETag — with caches that would otherwise
keep their entries for a minute."""

from __future__ import annotations

import asyncio
import time

import httpx

from tests.support.live import Server, StartServer, join, sign_up

PATIENCE = 5.0  # seconds for an event to reach the other instance through Redis


async def _read(client: httpx.AsyncClient, board_id: int) -> tuple[int, bytes, str]:
    r = await client.get(f"/api/v1/boards/{board_id}")
    assert r.status_code == 200, r.text
    return int(r.json()["seq"]), r.content, r.headers["ETag"]


async def _at(client: httpx.AsyncClient, board_id: int, seq: int) -> tuple[bytes, str]:
    """The board once this instance shows ``seq`` (the event may still be on its way)."""
    deadline = time.monotonic() + PATIENCE
    while True:
        shown, body, etag = await _read(client, board_id)
        if shown == seq:
            return body, etag
        assert shown < seq and time.monotonic() < deadline, f"seq {shown}, expected {seq}"
        await asyncio.sleep(0.05)


async def test_a_change_through_one_instance_reaches_the_others_cached_board(
    start_server: StartServer, redis_url: str
) -> None:
    settings = {"redis_url": redis_url, "cache_seconds": "60", "realtime_poll_seconds": "60"}
    a: Server = start_server(**settings)
    b: Server = start_server(**settings)
    owner = await sign_up(a.url, "owner")
    board = await owner.call("POST", "/api/v1/boards", json={"name": "Cached"})
    board_id = board["id"]
    detail = await owner.call("GET", f"/api/v1/boards/{board_id}")
    columns = [c["id"] for c in detail["columns"]]
    cards = [
        (await owner.call("POST", f"/api/v1/columns/{columns[0]}/cards", json={"title": t}))["id"]
        for t in ("one", "two", "three")
    ]
    # A token is its instance's (its issuer is the server's own address here): a second
    # owner on B, who reads exactly what the first does.
    mate = await sign_up(b.url, "mate")
    await join(a, owner, board_id, mate, "owner")
    on = {
        "a": httpx.AsyncClient(base_url=a.url, headers=owner.headers),
        "b": httpx.AsyncClient(base_url=b.url, headers=mate.headers),
    }
    try:
        for client in on.values():
            await _read(client, board_id)  # each instance caches the board and the role

        def move(card: int, column: int) -> tuple[str, str, dict[str, object]]:
            return "POST", f"/api/v1/cards/{card}/move", {"column_id": column, "position": 0}

        changes = [
            ("b", *move(cards[0], columns[1])),
            ("a", *move(cards[1], columns[1])),
            ("b", "PATCH", f"/api/v1/cards/{cards[2]}", {"title": "Three", "description": "x"}),
            ("b", "POST", f"/api/v1/cards/{cards[2]}/comments", {"body": "Hello"}),
            ("a", "POST", f"/api/v1/boards/{board_id}/labels", {"name": "Late"}),  # rebuilt
            ("b", *move(cards[1], columns[2])),
            ("b", "PATCH", f"/api/v1/cards/{cards[0]}", {"archived": True}),
        ]
        for where, method, url, body in changes:
            r = await on[where].request(method, url, json=body)
            assert r.status_code in (200, 201), r.text
            seq, *_ = await _read(on[where], board_id)
            other = "a" if where == "b" else "b"
            # The other instance has applied the event (or read the board again) …
            there = await _at(on[other], board_id, seq)
            # … and answers exactly what the instance that made the change does.
            assert there == (await _read(on[where], board_id))[1:], url
        _seq, body, _etag = await _read(on["a"], board_id)
        final = httpx.Response(200, content=body).json()
        shown = [[card["id"] for card in column["cards"]] for column in final["columns"]]
        assert shown == [[cards[2]], [], [cards[1]]]
    finally:
        for client in on.values():
            await client.aclose()
        await owner.aclose()
        await mate.aclose()
