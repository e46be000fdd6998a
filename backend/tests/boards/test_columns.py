"""Columns: create at the end or at a position, rename, WIP limit, move, replace the whole
order, delete with their cards."""

from __future__ import annotations

from typing import Any

import pytest

from devkit.api import assert_problem
from tests.support.api import Api, auth
from tests.support.boards import World, board_seq, build_world, snapshot


async def names(api: Api, world: World) -> list[str]:
    r = await api.client.get(f"/api/v1/boards/{world.board_id}/columns", headers=auth(world.owner))
    assert r.status_code == 200, r.text
    columns: list[dict[str, Any]] = r.json()
    assert [c["position"] for c in columns] == list(range(len(columns)))
    return [c["name"] for c in columns]


async def add(api: Api, world: World, name: str, **extra: Any) -> dict[str, Any]:
    r = await api.client.post(
        f"/api/v1/boards/{world.board_id}/columns",
        json={"name": name, **extra},
        headers=auth(world.owner),
    )
    assert r.status_code == 201, r.text
    column: dict[str, Any] = r.json()
    return column


async def test_create_at_the_end_and_at_positions(api: Api) -> None:
    world = await build_world(api)
    last = await add(api, world, "Archive", wip_limit=4)
    assert last["position"] == 3 and last["wip_limit"] == 4 and last["version"] == 1
    assert last["board_id"] == world.board_id
    first = await add(api, world, "Inbox", position=0)
    assert first["position"] == 0
    middle = await add(api, world, "Review", position=3)
    assert middle["position"] == 3
    beyond = await add(api, world, "Beyond", position=1000)
    assert beyond["position"] == 6
    assert await names(api, world) == [
        "Inbox",
        "To do",
        "In progress",
        "Review",
        "Done",
        "Archive",
        "Beyond",
    ]
    r = await api.client.get(f"/api/v1/columns/{middle['id']}", headers=auth(world.member))
    assert r.json() == middle


async def test_many_inserts_into_one_gap_keep_the_order(api: Api) -> None:
    """Halving the same gap runs out of integers after ~20 inserts: the board re-spreads."""
    world = await build_world(api)
    for n in range(25):
        await add(api, world, f"C{n}", position=1)
    assert await names(api, world) == [
        "To do",
        *[f"C{n}" for n in reversed(range(25))],
        "In progress",
        "Done",
    ]


async def test_rename_and_wip_limit(api: Api) -> None:
    world = await build_world(api)
    url = f"/api/v1/columns/{world.columns[1]}"
    r = await api.client.patch(
        url, json={"name": "Doing", "wip_limit": 3}, headers=auth(world.owner)
    )
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["wip_limit"], r.json()["version"]) == ("Doing", 3, 2)
    assert r.json()["position"] == 1
    r = await api.client.patch(url, json={"wip_limit": None}, headers=auth(world.owner))
    assert (r.json()["name"], r.json()["wip_limit"]) == ("Doing", None)
    r = await api.client.patch(url, json={"name": "Doing!"}, headers=auth(world.owner))
    assert (r.json()["name"], r.json()["wip_limit"], r.json()["version"]) == ("Doing!", None, 4)


@pytest.mark.parametrize(
    ("column", "position", "expected"),
    [
        (0, 2, ["In progress", "Done", "To do"]),
        (2, 0, ["Done", "To do", "In progress"]),
        (0, 1, ["In progress", "To do", "Done"]),
        (1, 1, ["To do", "In progress", "Done"]),
        (0, 99, ["In progress", "Done", "To do"]),
    ],
)
async def test_move_with_patch(api: Api, column: int, position: int, expected: list[str]) -> None:
    world = await build_world(api)
    r = await api.client.patch(
        f"/api/v1/columns/{world.columns[column]}",
        json={"position": position},
        headers=auth(world.owner),
    )
    assert r.status_code == 200, r.text
    assert r.json()["position"] == expected.index(r.json()["name"])
    assert await names(api, world) == expected


async def test_replace_the_order(api: Api) -> None:
    world = await build_world(api)
    extra = await add(api, world, "Later")
    order = [world.columns[2], extra["id"], world.columns[0], world.columns[1]]
    seq = await board_seq(api.client, world)
    r = await api.client.put(
        f"/api/v1/boards/{world.board_id}/columns/order",
        json={"column_ids": order},
        headers=auth(world.owner),
    )
    assert r.status_code == 200, r.text
    assert [(c["id"], c["position"]) for c in r.json()] == [(cid, n) for n, cid in enumerate(order)]
    assert await names(api, world) == ["Done", "Later", "To do", "In progress"]
    assert await board_seq(api.client, world) == seq + 1
    # Cards travel with their column.
    r = await api.client.get(f"/api/v1/boards/{world.board_id}", headers=auth(world.owner))
    assert [card["title"] for card in r.json()["columns"][2]["cards"]] == ["Task", "Other task"]


@pytest.mark.parametrize(
    "ids",
    [
        lambda c: c[:2],  # one missing
        lambda c: [*c, c[0]],  # one twice
        lambda c: [c[0], c[0], c[1]],  # right length, one twice
        lambda c: [*c, 987654321],  # an unknown one
        lambda c: [],
    ],
    ids=["missing", "duplicate", "duplicate-same-length", "unknown", "empty"],
)
async def test_the_order_must_list_each_column_once(api: Api, ids: Any) -> None:
    world = await build_world(api)
    before = await snapshot(api.client, world)
    r = await api.client.put(
        f"/api/v1/boards/{world.board_id}/columns/order",
        json={"column_ids": ids(world.columns)},
        headers=auth(world.owner),
    )
    assert_problem(r, 422, "invalid")
    assert await snapshot(api.client, world) == before


async def test_delete_removes_its_cards_only(api: Api) -> None:
    world = await build_world(api)
    kept = await api.card(world.owner, world.columns[1], "Kept")
    seq = await board_seq(api.client, world)
    r = await api.client.delete(f"/api/v1/columns/{world.columns[0]}", headers=auth(world.owner))
    assert r.status_code == 204
    assert await board_seq(api.client, world) == seq + 1
    assert await names(api, world) == ["In progress", "Done"]
    r = await api.client.get(f"/api/v1/cards/{world.card_id}", headers=auth(world.owner))
    assert_problem(r, 404, "not_found")
    r = await api.client.patch(
        f"/api/v1/comments/{world.comment_id}",
        json={"body": "Still here?"},
        headers=auth(world.owner),
    )
    assert_problem(r, 404, "not_found")
    r = await api.client.get(f"/api/v1/boards/{world.board_id}/cards", headers=auth(world.owner))
    assert [c["id"] for c in r.json()["items"]] == [kept["id"]]
    r = await api.client.get(f"/api/v1/columns/{world.columns[0]}", headers=auth(world.owner))
    assert_problem(r, 404, "not_found")


async def test_a_board_may_lose_all_its_columns_and_grow_new_ones(api: Api) -> None:
    world = await build_world(api)
    for column_id in world.columns:
        r = await api.client.delete(f"/api/v1/columns/{column_id}", headers=auth(world.owner))
        assert r.status_code == 204
    assert await names(api, world) == []
    await add(api, world, "Fresh", position=5)
    assert await names(api, world) == ["Fresh"]
