"""A card's own activity: the board's events about it and its comments, newest first,
for the same number of statements however long the board's log is."""

from __future__ import annotations

from typing import Any

from teamboard.core.runtime import Runtime
from tests.support.api import Api, auth, move
from tests.support.app import QueryCounter


async def _activity(api: Api, who: dict[str, str], card_id: int) -> dict[str, Any]:
    r = await api.client.get(f"/api/v1/cards/{card_id}/activity", headers=auth(who))
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def test_card_activity_names_only_that_card(api: Api) -> None:
    owner, viewer = await api.user("owner"), await api.user("viewer")
    stranger = await api.user("stranger")
    board = await api.board(owner)
    todo, doing, _done = (column["id"] for column in board["columns"])
    await api.share(owner, board["id"], viewer, "viewer")
    card = await api.card(owner, todo, "Write")
    other = await api.card(owner, todo, "Other")
    c = api.client
    url = f"/api/v1/cards/{card['id']}"
    assert (await c.patch(url, json={"title": "Write more"}, headers=auth(owner))).is_success
    await move(api, owner, card["id"], doing, 0)
    r = await c.post(f"{url}/comments", json={"body": "Done?"}, headers=auth(owner))
    comment_id = r.json()["id"]
    r = await c.post(f"{url}/comments", json={"body": "Kept"}, headers=auth(owner))
    assert (await c.delete(f"/api/v1/comments/{comment_id}", headers=auth(owner))).is_success
    other_url = f"/api/v1/cards/{other['id']}"
    assert (await c.patch(other_url, json={"title": "Not this"}, headers=auth(owner))).is_success
    await c.post(f"{other_url}/comments", json={"body": "Elsewhere"}, headers=auth(owner))

    feed = await _activity(api, viewer, card["id"])
    assert [event["type"] for event in feed["items"]] == [
        "comment.deleted",
        "comment.created",
        "comment.created",
        "card.moved",
        "card.updated",
        "card.created",
    ]
    assert feed["total"] == 6
    assert feed["items"][4]["data"]["card"]["title"] == "Write more"
    assert feed["items"][0]["actor"]["display_name"] == "owner"
    r = await c.get(f"{url}/activity", headers=auth(stranger))
    assert r.status_code == 404


async def test_card_activity_query_count_is_constant(
    api: Api, runtime: Runtime, queries: QueryCounter
) -> None:
    owner = await api.user("owner")
    board = await api.board(owner)
    todo = board["columns"][0]["id"]
    card = await api.card(owner, todo, "Busy")
    url = f"/api/v1/cards/{card['id']}"
    counts = []
    for round_ in range(3):
        for index in range(10 * round_ + 1):
            await api.client.patch(url, json={"title": f"T{index}"}, headers=auth(owner))
            await api.client.post(f"{url}/comments", json={"body": "x"}, headers=auth(owner))
        runtime.db.access.clear()
        runtime.db.memo.clear()
        queries.statements.clear()
        queries.active = True
        feed = await _activity(api, owner, card["id"])
        queries.active = False
        assert len(feed["items"]) == min(50, feed["total"])
        counts.append(queries.count())
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= 8, queries.statements
