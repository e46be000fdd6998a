"""The board activity feed: newest first, gapless sequence numbers, pagination."""

from __future__ import annotations

from typing import Any

from tests.support.api import Api, auth, move


async def _feed(api: Api, who: dict[str, str], board_id: int, **params: Any) -> dict[str, Any]:
    r = await api.client.get(
        f"/api/v1/boards/{board_id}/activity", params=params, headers=auth(who)
    )
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def test_feed_is_newest_first_and_gapless(api: Api) -> None:
    owner, viewer = await api.user("owner"), await api.user("viewer")
    board = await api.board(owner)
    board_id = board["id"]
    todo, doing, _done = (column["id"] for column in board["columns"])
    await api.share(owner, board_id, viewer, "viewer")
    card = await api.card(owner, todo, "Write")
    c = api.client
    url = f"/api/v1/cards/{card['id']}"
    assert (await c.patch(url, json={"title": "Write more"}, headers=auth(owner))).is_success
    assert (await c.patch(url, json={"archived": True}, headers=auth(owner))).is_success
    assert (await c.patch(url, json={"archived": False}, headers=auth(owner))).is_success
    assert (await c.patch(url, json={"archived": False}, headers=auth(owner))).is_success
    await move(api, owner, card["id"], doing, 0)
    r = await c.post(f"{url}/comments", json={"body": "Done?"}, headers=auth(owner))
    assert r.status_code == 201
    # Failed writes leave no trace in the log.
    assert (await c.patch(url, json={"title": ""}, headers=auth(owner))).status_code == 422
    assert (await c.patch(url, json={"title": "x"}, headers=auth(viewer))).status_code == 403
    assert (await c.delete(url, headers=auth(owner))).status_code == 204

    feed = await _feed(api, viewer, board_id)
    types = [event["type"] for event in feed["items"]]
    assert types == [
        "card.deleted",
        "comment.created",
        "card.moved",
        "card.updated",  # "archived": false on an active card changes nothing about it
        "card.restored",
        "card.archived",
        "card.updated",
        "card.created",
        "member.added",  # the viewer accepted
        "invitation.sent",
        "board.created",
    ]
    assert feed["total"] == len(types)
    assert [event["seq"] for event in feed["items"]] == list(range(len(types), 0, -1))
    assert all(event["board_id"] == board_id for event in feed["items"])
    assert feed["items"][0]["actor"] == {"id": int(owner["X-User-Id"]), "display_name": "owner"}
    # The log keeps no title: read back, the card is gone for good.
    gone = {"id": card["id"], "column_id": doing, "title": "", "gone": True}
    assert feed["items"][0]["data"] == gone
    moved = feed["items"][2]["data"]
    assert moved["from_column_id"] == todo and moved["card"]["column_id"] == doing
    board_seq = (await c.get(f"/api/v1/boards/{board_id}", headers=auth(owner))).json()["seq"]
    assert board_seq == len(types)


async def test_feed_pagination(api: Api) -> None:
    owner = await api.user("owner")
    board = await api.board(owner)
    todo = board["columns"][0]["id"]
    for index in range(11):
        await api.card(owner, todo, f"Card {index}")
    seqs: list[int] = []
    for offset in (0, 5, 10):
        page = await _feed(api, owner, board["id"], limit=5, offset=offset)
        assert page["total"] == 12 and page["limit"] == 5 and page["offset"] == offset
        seqs += [event["seq"] for event in page["items"]]
    assert seqs == list(range(12, 0, -1))
    assert (await _feed(api, owner, board["id"], offset=50))["items"] == []


async def test_feeds_are_per_board_and_private(api: Api) -> None:
    owner, stranger = await api.user("owner"), await api.user("stranger")
    first = await api.board(owner, "First")
    second = await api.board(owner, "Second")
    await api.card(owner, second["columns"][0]["id"], "Only here")
    assert [e["seq"] for e in (await _feed(api, owner, first["id"]))["items"]] == [1]
    assert [e["seq"] for e in (await _feed(api, owner, second["id"]))["items"]] == [2, 1]
    r = await api.client.get(f"/api/v1/boards/{first['id']}/activity", headers=auth(stranger))
    assert r.status_code == 404
