"""Optimistic concurrency on cards and columns: a write carrying a stale version (in the
body or as ``If-Match``) is refused with 409 and the current state, and changes nothing;
the right version succeeds and bumps the version."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from devkit.api import assert_problem
from tests.support.api import Api, auth
from tests.support.boards import World, board_seq, build_world, snapshot


def version_header(version: int) -> dict[str, str]:
    return {"If-Match": f'"{version}"'}


async def bump_card(api: Api, world: World) -> dict[str, Any]:
    """Someone else edits the card: version 1 becomes stale."""
    r = await api.client.patch(
        f"/api/v1/cards/{world.card_id}", json={"description": "theirs"}, headers=auth(world.owner)
    )
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 2
    card: dict[str, Any] = r.json()
    return card


# DELETE carries its version in If-Match only.
CARD_WRITES = [
    pytest.param("PATCH", "", {"title": "Mine"}, "body", id="patch-body"),
    pytest.param("PATCH", "", {"title": "Mine"}, "header", id="patch-header"),
    pytest.param("POST", "/move", {"position": 0}, "body", id="move-body"),
    pytest.param("POST", "/move", {"position": 0}, "header", id="move-header"),
    pytest.param("DELETE", "", None, "header", id="delete-header"),
]


def card_request(world: World, method: str, suffix: str, body: Any) -> tuple[str, Any]:
    if suffix == "/move":
        body = body | {"column_id": world.columns[1]}
    return f"/api/v1/cards/{world.card_id}{suffix}", body


@pytest.mark.parametrize(("method", "suffix", "body", "how"), CARD_WRITES)
async def test_stale_card_write_is_refused(
    api: Api, method: str, suffix: str, body: Any, how: str
) -> None:
    world = await build_world(api)
    current = await bump_card(api, world)
    before = await snapshot(api.client, world)
    url, body = card_request(world, method, suffix, body)
    if how == "body":
        r = await api.client.request(
            method, url, json=body | {"version": 1}, headers=auth(world.owner)
        )
    else:
        headers = auth(world.owner) | version_header(1)
        r = await api.client.request(method, url, json=body, headers=headers)
    problem = assert_problem(r, 409, "conflict")
    assert problem["current"] == current
    assert await snapshot(api.client, world) == before


@pytest.mark.parametrize(("method", "suffix", "body", "how"), CARD_WRITES)
async def test_current_card_version_is_accepted(
    api: Api, method: str, suffix: str, body: Any, how: str
) -> None:
    world = await build_world(api)
    await bump_card(api, world)
    seq = await board_seq(api.client, world)
    url, body = card_request(world, method, suffix, body)
    if how == "body":
        r = await api.client.request(
            method, url, json=body | {"version": 2}, headers=auth(world.owner)
        )
    else:
        headers = auth(world.owner) | version_header(2)
        r = await api.client.request(method, url, json=body, headers=headers)
    assert r.status_code == (204 if method == "DELETE" else 200), r.text
    assert await board_seq(api.client, world) == seq + 1
    if method != "DELETE":
        assert r.json()["version"] == 3
        again = await api.client.get(f"/api/v1/cards/{world.card_id}", headers=auth(world.owner))
        # The read adds the card's checklists to what the write answered.
        assert again.json().items() >= r.json().items()


async def test_weak_if_match_is_understood(api: Api) -> None:
    world = await build_world(api)
    r = await api.client.patch(
        f"/api/v1/cards/{world.card_id}",
        json={"title": "Weak"},
        headers=auth(world.owner) | {"If-Match": 'W/"1"'},
    )
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 2


async def test_if_match_star_asks_only_that_it_exists(api: Api) -> None:
    world = await build_world(api)
    url = f"/api/v1/cards/{world.card_id}"
    star = auth(world.owner) | {"If-Match": "*"}
    r = await api.client.patch(url, json={"title": "Any"}, headers=star)
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 2
    assert (await api.client.delete(url, headers=star)).status_code == 204
    r = await api.client.patch(url, json={"title": "Gone"}, headers=star)
    assert_problem(r, 404, "not_found")


@pytest.mark.parametrize("value", ["abc", '"0"', '"-1"', '"1.5"', '""', '"99999999999999999999"'])
@pytest.mark.parametrize("target", ["card", "column"])
async def test_malformed_if_match_is_422(api: Api, value: str, target: str) -> None:
    world = await build_world(api)
    before = await snapshot(api.client, world)
    url = (
        f"/api/v1/cards/{world.card_id}"
        if target == "card"
        else f"/api/v1/columns/{world.columns[0]}"
    )
    headers = auth(world.owner) | {"If-Match": value}
    for method, body in [
        ("PATCH", {"title" if target == "card" else "name": "X"}),
        ("DELETE", None),
    ]:
        r = await api.client.request(method, url, json=body, headers=headers)
        problem = assert_problem(r, 422, "invalid")
        assert problem["errors"][0]["loc"][-1] == "If-Match"
    assert await snapshot(api.client, world) == before


async def test_moves_and_archiving_bump_the_version(api: Api) -> None:
    world = await build_world(api)
    url = f"/api/v1/cards/{world.card_id}"
    r = await api.client.post(
        f"{url}/move",
        json={"column_id": world.columns[2], "position": 0},
        headers=auth(world.owner),
    )
    assert r.json()["version"] == 2
    r = await api.client.patch(
        url, json={"archived": True, "version": 2}, headers=auth(world.owner)
    )
    assert r.json()["version"] == 3 and r.json()["archived"] is True


async def test_racing_writers_with_one_version_one_wins(api: Api) -> None:
    world = await build_world(api)
    url = f"/api/v1/cards/{world.card_id}"
    results = await asyncio.gather(
        *(
            api.client.patch(
                url, json={"title": f"Writer {n}", "version": 1}, headers=auth(world.owner)
            )
            for n in range(5)
        )
    )
    assert sorted(r.status_code for r in results) == [200, 409, 409, 409, 409]
    winner = next(r.json() for r in results if r.status_code == 200)
    for r in results:
        if r.status_code == 409:
            assert r.json()["current"] == winner
    read = (await api.client.get(url, headers=auth(world.owner))).json()
    assert read.items() >= winner.items()


# -- columns ----------------------------------------------------------------------------


async def bump_column(api: Api, world: World) -> dict[str, Any]:
    r = await api.client.patch(
        f"/api/v1/columns/{world.columns[0]}", json={"wip_limit": 5}, headers=auth(world.owner)
    )
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 2
    column: dict[str, Any] = r.json()
    return column


@pytest.mark.parametrize(
    ("method", "body", "headers"),
    [
        ("PATCH", {"name": "Mine", "version": 1}, {}),
        ("PATCH", {"name": "Mine"}, version_header(1)),
        ("PATCH", {"position": 2, "version": 1}, {}),
        ("DELETE", None, version_header(1)),
    ],
    ids=["patch-body", "patch-header", "move-body", "delete-header"],
)
async def test_stale_column_write_is_refused(
    api: Api, method: str, body: Any, headers: dict[str, str]
) -> None:
    world = await build_world(api)
    current = await bump_column(api, world)
    before = await snapshot(api.client, world)
    r = await api.client.request(
        method,
        f"/api/v1/columns/{world.columns[0]}",
        json=body,
        headers=auth(world.owner) | headers,
    )
    problem = assert_problem(r, 409, "conflict")
    assert problem["current"] == current
    assert await snapshot(api.client, world) == before


async def test_current_column_version_is_accepted(api: Api) -> None:
    world = await build_world(api)
    await bump_column(api, world)
    url = f"/api/v1/columns/{world.columns[0]}"
    r = await api.client.patch(url, json={"name": "Now", "version": 2}, headers=auth(world.owner))
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 3 and r.json()["name"] == "Now"
    r = await api.client.patch(
        url, json={"wip_limit": None}, headers=auth(world.owner) | version_header(3)
    )
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 4 and r.json()["wip_limit"] is None
    r = await api.client.delete(url, headers=auth(world.owner) | version_header(4))
    assert r.status_code == 204
    assert (await api.client.get(url, headers=auth(world.owner))).status_code == 404
