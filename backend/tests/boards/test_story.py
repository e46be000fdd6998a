"""The curl story from the issue, end to end over the API."""

from __future__ import annotations

from tests.support.api import Api, auth


async def test_sign_up_to_comment(api: Api) -> None:
    c = api.client
    alice = await api.user("alice")
    board = await api.board(alice, "Launch")
    todo, doing, _done = (col["id"] for col in board["columns"])
    first = await api.card(alice, todo, "First")
    second = await api.card(alice, todo, "Second")
    r = await c.post(
        f"/api/v1/cards/{first['id']}/move",
        json={"column_id": doing, "position": 0},
        headers=auth(alice),
    )
    assert r.status_code == 200, r.text
    assert r.json()["column_id"] == doing
    r = await c.post(
        f"/api/v1/cards/{second['id']}/comments", json={"body": "Nice"}, headers=auth(alice)
    )
    assert r.status_code == 201
    r = await c.get(f"/api/v1/boards/{board['id']}", headers=auth(alice))
    columns = {col["id"]: [card["title"] for card in col["cards"]] for col in r.json()["columns"]}
    assert columns[todo] == ["Second"] and columns[doing] == ["First"]
    r = await c.get(f"/api/v1/boards/{board['id']}/activity", headers=auth(alice))
    assert [e["type"] for e in r.json()["items"]] == [
        "comment.created",
        "card.moved",
        "card.created",
        "card.created",
        "board.created",
    ]
    assert [e["seq"] for e in r.json()["items"]] == [5, 4, 3, 2, 1]
