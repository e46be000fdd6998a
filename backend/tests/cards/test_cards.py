"""Cards over the API: create, read, edit, archive, delete, move."""

from __future__ import annotations

from typing import Any

from tests.support.api import Api, auth, label, layout, move


async def _setup(api: Api) -> tuple[dict[str, str], dict[str, Any], list[int]]:
    owner = await api.user("owner")
    board = await api.board(owner)
    return owner, board, [column["id"] for column in board["columns"]]


async def test_create_with_everything_and_read_back(api: Api) -> None:
    owner, board, (todo, _doing, _done) = await _setup(api)
    mate = await api.user("mate")
    await api.share(owner, board["id"], mate, "editor")
    bug, ui = (
        await label(api, owner, board["id"], "bug"),
        await label(api, owner, board["id"], "ui"),
    )
    card = await api.card(
        owner,
        todo,
        "  Fix log-in  ",
        description="Steps:\n1. open",
        due_date="2031-02-03",
        label_ids=[ui, bug, ui],
        assignee_ids=[int(mate["X-User-Id"]), int(owner["X-User-Id"])],
    )
    assert card["title"] == "Fix log-in"
    assert card["description"] == "Steps:\n1. open"
    assert card["due_date"] == "2031-02-03"
    assert card["label_ids"] == sorted([bug, ui])
    assert card["assignee_ids"] == sorted([int(mate["X-User-Id"]), int(owner["X-User-Id"])])
    assert card["column_id"] == todo and card["board_id"] == board["id"]
    assert card["position"] == 0 and card["version"] == 1 and card["archived"] is False
    assert card["creator_id"] == int(owner["X-User-Id"])
    r = await api.client.get(f"/api/v1/cards/{card['id']}", headers=auth(mate))
    assert r.status_code == 200
    assert r.json() == card | {"checklists": []}


async def test_assignee_must_be_member_and_label_of_this_board(api: Api) -> None:
    owner, board, (todo, *_rest) = await _setup(api)
    stranger = await api.user("stranger")
    other_board = await api.board(owner, "Other")
    foreign_label = await label(api, owner, other_board["id"], "foreign")
    cases: list[tuple[dict[str, Any], str]] = [
        ({"assignee_ids": [int(stranger["X-User-Id"])]}, "assignee_ids"),
        ({"assignee_ids": [987654321]}, "assignee_ids"),
        ({"label_ids": [foreign_label]}, "label_ids"),
    ]
    for extra, field in cases:
        r = await api.client.post(
            f"/api/v1/columns/{todo}/cards", json={"title": "X", **extra}, headers=auth(owner)
        )
        assert r.status_code == 422, r.text
        body = r.json()
        assert r.headers["content-type"].startswith("application/problem+json")
        assert body["status"] == 422 and body["code"] == "invalid"
        assert body["errors"][0]["loc"] == ["body", field]
    assert (await layout(api, owner, board["id"]))[todo] == []


async def test_create_at_positions(api: Api) -> None:
    owner, board, (todo, *_rest) = await _setup(api)
    a = await api.card(owner, todo, "A")
    b = await api.card(owner, todo, "B")
    top = await api.card(owner, todo, "Top", position=0)
    middle = await api.card(owner, todo, "Middle", position=2)
    end = await api.card(owner, todo, "End", position=999)
    assert (top["position"], middle["position"], end["position"]) == (0, 2, 4)
    expected = [top["id"], a["id"], middle["id"], b["id"], end["id"]]
    assert (await layout(api, owner, board["id"]))[todo] == expected


async def test_patch_each_field(api: Api) -> None:
    owner, board, (todo, *_rest) = await _setup(api)
    mate = await api.user("mate")
    await api.share(owner, board["id"], mate, "editor")
    bug = await label(api, owner, board["id"], "bug")
    card = await api.card(owner, todo, "Old")
    url = f"/api/v1/cards/{card['id']}"
    changes: list[tuple[dict[str, Any], str, Any]] = [
        ({"title": "New"}, "title", "New"),
        ({"description": "Longer text"}, "description", "Longer text"),
        ({"due_date": "2030-01-01"}, "due_date", "2030-01-01"),
        ({"due_date": None}, "due_date", None),
        ({"label_ids": [bug]}, "label_ids", [bug]),
        ({"assignee_ids": [int(mate["X-User-Id"])]}, "assignee_ids", [int(mate["X-User-Id"])]),
        ({"label_ids": []}, "label_ids", []),
    ]
    version = card["version"]
    for body, field, value in changes:
        r = await api.client.patch(url, json=body, headers=auth(owner))
        assert r.status_code == 200, r.text
        assert r.json()[field] == value
        assert r.json()["version"] == version + 1
        version += 1
        assert (await api.client.get(url, headers=auth(owner))).json()[field] == value
    final = (await api.client.get(url, headers=auth(owner))).json()
    assert final["title"] == "New" and final["description"] == "Longer text"
    assert final["assignee_ids"] == [int(mate["X-User-Id"])]


async def test_stale_version_is_refused_and_changes_nothing(api: Api) -> None:
    owner, _board, (todo, *_rest) = await _setup(api)
    card = await api.card(owner, todo, "Title")
    url = f"/api/v1/cards/{card['id']}"
    assert (await api.client.patch(url, json={"title": "T2"}, headers=auth(owner))).is_success
    r = await api.client.patch(url, json={"title": "T3", "version": 1}, headers=auth(owner))
    assert r.status_code == 409
    assert r.json()["current"]["title"] == "T2"
    assert (await api.client.get(url, headers=auth(owner))).json()["title"] == "T2"


async def test_archive_and_restore(api: Api) -> None:
    owner, board, (todo, *_rest) = await _setup(api)
    a, b, c = [await api.card(owner, todo, name) for name in "ABC"]
    r = await api.client.patch(
        f"/api/v1/cards/{a['id']}", json={"archived": True}, headers=auth(owner)
    )
    assert r.status_code == 200 and r.json()["archived"] is True
    assert (await layout(api, owner, board["id"]))[todo] == [b["id"], c["id"]]
    listed = await api.client.get(
        f"/api/v1/boards/{board['id']}/cards", params={"archived": "true"}, headers=auth(owner)
    )
    assert [card["id"] for card in listed.json()["items"]] == [a["id"]]
    active = await api.client.get(f"/api/v1/boards/{board['id']}/cards", headers=auth(owner))
    assert [card["id"] for card in active.json()["items"]] == [b["id"], c["id"]]
    r = await api.client.patch(
        f"/api/v1/cards/{a['id']}", json={"archived": False}, headers=auth(owner)
    )
    assert r.status_code == 200 and r.json()["archived"] is False
    assert r.json()["position"] == 2  # restored cards go to the end of their column
    assert (await layout(api, owner, board["id"]))[todo] == [b["id"], c["id"], a["id"]]


async def test_unarchiving_an_active_card_does_not_move_it(api: Api) -> None:
    owner, board, (todo, *_rest) = await _setup(api)
    a, b = await api.card(owner, todo, "A"), await api.card(owner, todo, "B")
    r = await api.client.patch(
        f"/api/v1/cards/{a['id']}", json={"archived": False, "title": "A2"}, headers=auth(owner)
    )
    assert r.status_code == 200 and r.json()["position"] == 0
    assert (await layout(api, owner, board["id"]))[todo] == [a["id"], b["id"]]


async def test_delete(api: Api) -> None:
    owner, board, (todo, *_rest) = await _setup(api)
    a, b, c = [await api.card(owner, todo, name) for name in "ABC"]
    r = await api.client.delete(f"/api/v1/cards/{b['id']}", headers=auth(owner))
    assert r.status_code == 204
    assert (await api.client.get(f"/api/v1/cards/{b['id']}", headers=auth(owner))).status_code == (
        404
    )
    assert (await layout(api, owner, board["id"]))[todo] == [a["id"], c["id"]]
    again = await api.client.delete(f"/api/v1/cards/{b['id']}", headers=auth(owner))
    assert again.status_code == 404


async def test_viewer_and_stranger_cannot_write(api: Api) -> None:
    owner, board, (todo, *_rest) = await _setup(api)
    viewer, stranger = await api.user("viewer"), await api.user("stranger")
    await api.share(owner, board["id"], viewer, "viewer")
    card = await api.card(owner, todo, "Mine")
    url = f"/api/v1/cards/{card['id']}"
    assert (await api.client.get(url, headers=auth(viewer))).status_code == 200
    assert (await api.client.get(url, headers=auth(stranger))).status_code == 404
    r = await api.client.patch(url, json={"title": "Theirs"}, headers=auth(viewer))
    assert r.status_code == 403
    r = await api.client.post(
        f"/api/v1/columns/{todo}/cards", json={"title": "X"}, headers=auth(viewer)
    )
    assert r.status_code == 403
    r = await api.client.delete(url, headers=auth(stranger))
    assert r.status_code == 404
    assert (await api.client.get(url, headers=auth(owner))).json()["title"] == "Mine"


async def test_move_within_a_column(api: Api) -> None:
    owner, board, (todo, *_rest) = await _setup(api)
    a, b, c, d = [(await api.card(owner, todo, name))["id"] for name in "ABCD"]
    assert (await move(api, owner, d, todo, 0))["position"] == 0
    assert (await layout(api, owner, board["id"]))[todo] == [d, a, b, c]
    assert (await move(api, owner, d, todo, 2))["position"] == 2
    assert (await layout(api, owner, board["id"]))[todo] == [a, b, d, c]
    assert (await move(api, owner, a, todo, 50))["position"] == 3
    assert (await layout(api, owner, board["id"]))[todo] == [b, d, c, a]
    assert (await move(api, owner, c, todo, 2))["position"] == 2
    assert (await layout(api, owner, board["id"]))[todo] == [b, d, c, a]


async def test_move_across_columns(api: Api) -> None:
    owner, board, (todo, doing, done) = await _setup(api)
    a, b, c = [(await api.card(owner, todo, name))["id"] for name in "ABC"]
    x, y = [(await api.card(owner, doing, name))["id"] for name in "XY"]
    moved = await move(api, owner, b, doing, 1)
    assert (moved["column_id"], moved["position"]) == (doing, 1)
    assert await layout(api, owner, board["id"]) == {todo: [a, c], doing: [x, b, y], done: []}
    await move(api, owner, a, doing, 0)
    await move(api, owner, c, done, 7)
    await move(api, owner, y, todo, 3)
    assert await layout(api, owner, board["id"]) == {todo: [y], doing: [a, x, b], done: [c]}


async def test_a_move_answers_what_a_read_then_shows(api: Api) -> None:
    owner, board, (todo, doing, _done) = await _setup(api)
    mate = await api.user("mate")
    await api.share(owner, board["id"], mate, "editor")
    bug, ui = [await label(api, owner, board["id"], n) for n in ("bug", "ui")]
    people = sorted([int(mate["X-User-Id"]), int(owner["X-User-Id"])])
    await api.card(owner, doing, "Already there")
    card = await api.card(
        owner, todo, "Linked", label_ids=[ui, bug], assignee_ids=people, due_date="2031-02-03"
    )
    moved = await move(api, owner, card["id"], doing, 1)
    r = await api.client.get(f"/api/v1/cards/{card['id']}", headers=auth(owner))
    assert moved | {"checklists": []} == r.json()
    assert moved["label_ids"] == sorted([bug, ui]) and moved["assignee_ids"] == people
    assert (moved["column_id"], moved["position"], moved["version"]) == (doing, 1, 2)
    assert moved["updated_at"] >= card["updated_at"]
    r = await api.client.get(f"/api/v1/boards/{board['id']}/activity", headers=auth(owner))
    event = r.json()["items"][0]
    assert event["type"] == "card.moved"
    assert event["data"] == {"card": moved, "from_column_id": todo}


async def test_move_to_a_column_that_does_not_exist_is_refused(api: Api) -> None:
    owner, board, (todo, *_rest) = await _setup(api)
    card = await api.card(owner, todo, "Stay")
    r = await api.client.post(
        f"/api/v1/cards/{card['id']}/move",
        json={"column_id": 987654, "position": 0},
        headers=auth(owner),
    )
    assert r.status_code == 422, r.text
    assert (await layout(api, owner, board["id"]))[todo] == [card["id"]]


async def test_move_to_another_boards_column_is_refused(api: Api) -> None:
    owner, board, (todo, *_rest) = await _setup(api)
    other = await api.board(owner, "Other")
    card = await api.card(owner, todo, "Stay")
    r = await api.client.post(
        f"/api/v1/cards/{card['id']}/move",
        json={"column_id": other["columns"][0]["id"], "position": 0},
        headers=auth(owner),
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["loc"] == ["body", "column_id"]
    assert (await layout(api, owner, board["id"]))[todo] == [card["id"]]
