"""Arranging columns as the board's UIs do: the order replaced in one go is one event that
every client applies ("columns.reordered", with the whole order), and a WIP limit is a
whole number from 1 to 10000 or none, anything else refused with a message for people."""

from __future__ import annotations

from typing import Any

import pytest

from devkit.api import assert_problem
from tests.support.api import Api, auth
from tests.support.boards import World, board_seq, build_world, snapshot


async def newest_event(api: Api, world: World) -> dict[str, Any]:
    r = await api.client.get(
        f"/api/v1/boards/{world.board_id}/activity",
        params={"limit": 1},
        headers=auth(world.owner),
    )
    assert r.status_code == 200, r.text
    event: dict[str, Any] = r.json()["items"][0]
    return event


async def test_a_reorder_is_one_event_with_the_whole_order(api: Api) -> None:
    world = await build_world(api)
    seq = await board_seq(api.client, world)
    order = [world.columns[1], world.columns[2], world.columns[0]]
    r = await api.client.put(
        f"/api/v1/boards/{world.board_id}/columns/order",
        json={"column_ids": order},
        headers=auth(world.owner),
    )
    assert r.status_code == 200, r.text
    event = await newest_event(api, world)
    assert (event["type"], event["seq"]) == ("columns.reordered", seq + 1)
    assert event["data"] == {"column_ids": order}


async def test_a_viewer_cannot_reorder(api: Api) -> None:
    world = await build_world(api)
    before = await snapshot(api.client, world)
    r = await api.client.put(
        f"/api/v1/boards/{world.board_id}/columns/order",
        json={"column_ids": list(reversed(world.columns))},
        headers=auth(world.member),
    )
    assert_problem(r, 403, "forbidden")
    assert await snapshot(api.client, world) == before


async def test_a_wip_limit_is_set_seen_and_cleared(api: Api) -> None:
    world = await build_world(api)
    url = f"/api/v1/columns/{world.columns[0]}"
    r = await api.client.patch(url, json={"wip_limit": "5"}, headers=auth(world.owner))
    assert r.status_code == 200, r.text
    assert r.json()["wip_limit"] == 5
    event = await newest_event(api, world)
    assert (event["type"], event["data"]["wip_limit"]) == ("column.updated", 5)
    board = await api.client.get(f"/api/v1/boards/{world.board_id}", headers=auth(world.member))
    assert board.json()["columns"][0]["wip_limit"] == 5
    r = await api.client.patch(url, json={"wip_limit": None}, headers=auth(world.owner))
    assert r.status_code == 200 and r.json()["wip_limit"] is None


@pytest.mark.parametrize(
    "bad",
    [
        0,
        -1,
        -5,
        10_001,
        10**30,
        "10" * 20,
        "１",
        "٣",
        "1.5",
        1.5,
        " 3",
        "3 ",
        "",
        "many",
        True,
        [3],
    ],
)
async def test_a_bad_wip_limit_is_refused_with_a_message_for_people(api: Api, bad: Any) -> None:
    world = await build_world(api)
    await api.client.patch(
        f"/api/v1/columns/{world.columns[0]}", json={"wip_limit": 3}, headers=auth(world.owner)
    )
    before = await snapshot(api.client, world)
    r = await api.client.patch(
        f"/api/v1/columns/{world.columns[0]}",
        json={"wip_limit": bad, "name": ""},
        headers=auth(world.owner),
    )
    assert_problem(r, 422, "invalid")
    errors = {err["loc"][-1]: err["msg"] for err in r.json()["errors"]}
    # Both fields at once, each in words for people (no validator's jargon).
    assert errors["wip_limit"] == "Must be a whole number from 1 to 10000"
    assert "name" in errors
    assert await snapshot(api.client, world) == before
