"""Labels: create, rename, recolour, delete; names are unique per board regardless of
case; deleting a label takes it off every card."""

from __future__ import annotations

from typing import Any

import pytest

from devkit.api import assert_problem
from tests.support.api import Api, auth
from tests.support.boards import World, board_seq, build_world, snapshot


async def create(api: Api, world: World, **body: Any) -> dict[str, Any]:
    r = await api.client.post(
        f"/api/v1/boards/{world.board_id}/labels", json=body, headers=auth(world.owner)
    )
    assert r.status_code == 201, r.text
    label: dict[str, Any] = r.json()
    return label


async def listed(api: Api, world: World) -> list[tuple[str, str]]:
    r = await api.client.get(f"/api/v1/boards/{world.board_id}/labels", headers=auth(world.member))
    assert r.status_code == 200, r.text
    return [(label["name"], label["color"]) for label in r.json()]


async def test_create_with_default_and_given_colours(api: Api) -> None:
    world = await build_world(api)
    plain = await create(api, world, name="Chore")
    assert plain == {
        "id": plain["id"],
        "board_id": world.board_id,
        "name": "Chore",
        "color": "#6b7280",
    }
    loud = await create(api, world, name="  Urgent  ", color="#FFAA00")
    assert (loud["name"], loud["color"]) == ("Urgent", "#ffaa00")
    assert await listed(api, world) == [
        ("Bug", "#ff0000"),
        ("Chore", "#6b7280"),
        ("Urgent", "#ffaa00"),
    ]


@pytest.mark.parametrize("name", ["Bug", "bug", "BUG", "  bUg "])
async def test_duplicate_names_are_refused_whatever_the_case(api: Api, name: str) -> None:
    world = await build_world(api)
    seq = await board_seq(api.client, world)
    r = await api.client.post(
        f"/api/v1/boards/{world.board_id}/labels", json={"name": name}, headers=auth(world.owner)
    )
    problem = assert_problem(r, 422, "invalid")
    assert problem["errors"][0]["loc"] == ["body", "name"]
    assert await board_seq(api.client, world) == seq


async def test_the_same_name_on_another_board_is_fine(api: Api) -> None:
    world = await build_world(api)
    other = await build_world(api)
    assert (await create(api, other, name="Feature"))["board_id"] == other.board_id
    assert (await create(api, world, name="Feature"))["board_id"] == world.board_id


async def test_rename_and_recolour(api: Api) -> None:
    world = await build_world(api)
    url = f"/api/v1/labels/{world.label_id}"
    r = await api.client.patch(url, json={"name": "Defect"}, headers=auth(world.owner))
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["color"]) == ("Defect", "#ff0000")
    r = await api.client.patch(url, json={"color": "#00FF00"}, headers=auth(world.owner))
    assert (r.json()["name"], r.json()["color"]) == ("Defect", "#00ff00")
    # A label may change the case of its own name.
    r = await api.client.patch(url, json={"name": "DEFECT"}, headers=auth(world.owner))
    assert r.status_code == 200, r.text
    assert await listed(api, world) == [("DEFECT", "#00ff00")]


async def test_rename_onto_another_label_is_refused(api: Api) -> None:
    world = await build_world(api)
    await create(api, world, name="Feature")
    before = await snapshot(api.client, world)
    r = await api.client.patch(
        f"/api/v1/labels/{world.label_id}", json={"name": "feature"}, headers=auth(world.owner)
    )
    assert_problem(r, 422, "invalid")
    assert await snapshot(api.client, world) == before


@pytest.mark.parametrize(
    "color", ["red", "#fff", "#gggggg", "ff0000", "#ff00000", "", " #ff0000x", 123, None]
)
async def test_bad_colours_are_refused(api: Api, color: Any) -> None:
    world = await build_world(api)
    before = await snapshot(api.client, world)
    r = await api.client.post(
        f"/api/v1/boards/{world.board_id}/labels",
        json={"name": "New", "color": color},
        headers=auth(world.owner),
    )
    assert_problem(r, 422, "invalid")
    if color is not None:  # null on PATCH means "leave as is"
        r = await api.client.patch(
            f"/api/v1/labels/{world.label_id}", json={"color": color}, headers=auth(world.owner)
        )
        assert_problem(r, 422, "invalid")
    assert await snapshot(api.client, world) == before


@pytest.mark.parametrize("name", ["", "   ", "x" * 51, "tab\there", "nul\x00", 7, None])
async def test_bad_names_are_refused(api: Api, name: Any) -> None:
    world = await build_world(api)
    r = await api.client.post(
        f"/api/v1/boards/{world.board_id}/labels", json={"name": name}, headers=auth(world.owner)
    )
    assert_problem(r, 422, "invalid")
    if name is not None:
        r = await api.client.patch(
            f"/api/v1/labels/{world.label_id}", json={"name": name}, headers=auth(world.owner)
        )
        assert_problem(r, 422, "invalid")


async def test_fifty_characters_is_the_limit(api: Api) -> None:
    world = await build_world(api)
    label = await create(api, world, name="y" * 50)
    assert label["name"] == "y" * 50
    # Counted after trimming.
    label = await create(api, world, name="  " + "z" * 50 + "  ")
    assert label["name"] == "z" * 50


async def test_delete_takes_the_label_off_every_card(api: Api) -> None:
    world = await build_world(api)
    keep = await create(api, world, name="Keep")
    both = await api.card(
        world.owner, world.columns[1], "Both", label_ids=[world.label_id, keep["id"]]
    )
    seq = await board_seq(api.client, world)
    r = await api.client.delete(f"/api/v1/labels/{world.label_id}", headers=auth(world.owner))
    assert r.status_code == 204
    assert await board_seq(api.client, world) == seq + 1
    for card_id, expected in [(world.card_id, []), (both["id"], [keep["id"]])]:
        r = await api.client.get(f"/api/v1/cards/{card_id}", headers=auth(world.owner))
        assert r.json()["label_ids"] == expected
    r = await api.client.get(
        f"/api/v1/boards/{world.board_id}/cards?label={world.label_id}", headers=auth(world.owner)
    )
    assert r.json()["total"] == 0
    assert await listed(api, world) == [("Keep", keep["color"])]
    r = await api.client.patch(
        f"/api/v1/labels/{world.label_id}", json={"name": "Back"}, headers=auth(world.owner)
    )
    assert_problem(r, 404, "not_found")
    # The freed name can be used again.
    await create(api, world, name="Bug")
