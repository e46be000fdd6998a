"""Two server processes sharing a database and a real Redis: a change made through one
reaches a client connected to the other, and presence is shared."""

from __future__ import annotations

from tests.support.live import Server, StartServer, open_socket, receive_until, sign_up, subscribe


async def test_a_change_on_one_instance_reaches_a_client_of_the_other(
    start_server: StartServer, redis_url: str
) -> None:
    # A long poll interval: only Redis can deliver within the test's patience.
    a: Server = start_server(redis_url=redis_url, realtime_poll_seconds="60")
    b: Server = start_server(redis_url=redis_url, realtime_poll_seconds="60")
    owner = await sign_up(a.url, "owner")
    mate = await sign_up(b.url, "mate")
    board = await owner.call("POST", "/api/v1/boards", json={"name": "Shared"})
    await owner.call(
        "POST",
        f"/api/v1/boards/{board['id']}/members",
        json={"email": mate.email, "role": "editor"},
    )
    detail = await owner.call("GET", f"/api/v1/boards/{board['id']}")
    columns = [c["id"] for c in detail["columns"]]
    async with await open_socket(b, mate) as on_b, await open_socket(a, owner) as on_a:
        seq = await subscribe(on_b, board["id"])
        await subscribe(on_a, board["id"])
        presence, _ = await receive_until(
            on_b, lambda m: m["type"] == "presence" and len(m["users"]) == 2
        )
        assert sorted(u["id"] for u in presence["users"]) == sorted([owner.id, mate.id])

        card = await owner.call(
            "POST", f"/api/v1/columns/{columns[0]}/cards", json={"title": "Across"}
        )
        event, _ = await receive_until(on_b, lambda m: m["type"] == "card.created", within=3)
        assert (event["seq"], event["data"]["card"]["id"]) == (seq + 1, card["id"])
        # And the other way round; the mover's own instance delivers it to them too.
        await mate.call(
            "POST",
            f"/api/v1/cards/{card['id']}/move",
            json={"column_id": columns[1], "position": 0},
        )
        for ws in (on_a, on_b):
            event, _ = await receive_until(ws, lambda m: m["type"] == "card.moved", within=3)
            assert event["seq"] == seq + 2
        # B's access cache learnt of A's change through Redis: the board reads fresh.
        fresh = await mate.call("GET", f"/api/v1/boards/{board['id']}")
        assert [c["id"] for c in fresh["columns"][1]["cards"]] == [card["id"]]
    for user in (owner, mate):
        await user.client.aclose()
