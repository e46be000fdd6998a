"""Boards: list with pagination and the archived filter, create with default or custom
columns, update, archive, delete; conditional GET with ETag / If-None-Match."""

from __future__ import annotations

from typing import Any

import pytest

from devkit.api import assert_problem
from tests.support.api import Api, Headers, auth
from tests.support.boards import build_world


async def listing(api: Api, who: Headers, query: str = "") -> dict[str, Any]:
    r = await api.client.get(f"/api/v1/boards{query}", headers=auth(who))
    assert r.status_code == 200, r.text
    page: dict[str, Any] = r.json()
    return page


async def test_list_paginates_newest_first(api: Api) -> None:
    alice = await api.user("alice")
    ids = [(await api.board(alice, f"Board {n}"))["id"] for n in range(5)]
    page = await listing(api, alice, "?limit=2")
    assert page["total"] == 5 and page["limit"] == 2 and page["offset"] == 0
    seen = [b["id"] for b in page["items"]]
    for offset in (2, 4):
        page = await listing(api, alice, f"?limit=2&offset={offset}")
        seen += [b["id"] for b in page["items"]]
    assert seen == ids[::-1]
    page = await listing(api, alice, "?offset=10")
    assert page["items"] == [] and page["total"] == 5
    # Touching a board brings it to the front.
    r = await api.client.patch(
        f"/api/v1/boards/{ids[0]}", json={"name": "Fresh"}, headers=auth(alice)
    )
    assert r.status_code == 200
    assert (await listing(api, alice, "?limit=1"))["items"][0]["id"] == ids[0]


@pytest.mark.parametrize(
    "query", ["?limit=0", "?limit=201", "?offset=-1", "?limit=x", "?archived=maybe"]
)
async def test_bad_list_parameters(api: Api, query: str) -> None:
    alice = await api.user("alice")
    r = await api.client.get(f"/api/v1/boards{query}", headers=auth(alice))
    assert_problem(r, 422, "invalid")


async def test_archived_boards_are_listed_apart(api: Api) -> None:
    alice = await api.user("alice")
    kept, archived = await api.board(alice, "Kept"), await api.board(alice, "Old")
    r = await api.client.patch(
        f"/api/v1/boards/{archived['id']}", json={"archived": True}, headers=auth(alice)
    )
    assert r.status_code == 200 and r.json()["archived"] is True
    page = await listing(api, alice)
    assert [b["id"] for b in page["items"]] == [kept["id"]] and page["total"] == 1
    page = await listing(api, alice, "?archived=true")
    assert [b["id"] for b in page["items"]] == [archived["id"]] and page["total"] == 1
    r = await api.client.patch(
        f"/api/v1/boards/{archived['id']}", json={"archived": False}, headers=auth(alice)
    )
    assert r.json()["archived"] is False
    assert (await listing(api, alice))["total"] == 2


async def test_create_with_default_columns(api: Api) -> None:
    alice = await api.user("alice")
    r = await api.client.post("/api/v1/boards", json={"name": "  Launch  "}, headers=auth(alice))
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["name"] == "Launch" and created["description"] == ""
    assert created["role"] == "owner" and created["archived"] is False and created["seq"] == 1
    r = await api.client.get(f"/api/v1/boards/{created['id']}", headers=auth(alice))
    board = r.json()
    assert [c["name"] for c in board["columns"]] == ["To do", "In progress", "Done"]
    assert [c["position"] for c in board["columns"]] == [0, 1, 2]
    assert all(c["cards"] == [] and c["wip_limit"] is None for c in board["columns"])
    assert board["labels"] == []
    assert [(m["email"], m["role"]) for m in board["members"]] == [(alice["X-Email"], "owner")]
    assert {k: board[k] for k in created} == created


@pytest.mark.parametrize("columns", [["Backlog", "Ready", "Doing", "Review", "Done"], ["Only"], []])
async def test_create_with_custom_columns(api: Api, columns: list[str]) -> None:
    alice = await api.user("alice")
    board = await api.board(alice, "Custom", columns=columns, description="Ours")
    assert [c["name"] for c in board["columns"]] == columns
    assert board["description"] == "Ours"


async def test_update_name_and_description(api: Api) -> None:
    world = await build_world(api)
    url = f"/api/v1/boards/{world.board_id}"
    r = await api.client.patch(url, json={"name": "New name"}, headers=auth(world.owner))
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "New name" and r.json()["description"] == "populated"
    r = await api.client.patch(url, json={"description": ""}, headers=auth(world.owner))
    assert r.json()["name"] == "New name" and r.json()["description"] == ""
    r = await api.client.get(url, headers=auth(world.member))
    assert (r.json()["name"], r.json()["description"], r.json()["role"]) == (
        "New name",
        "",
        "viewer",
    )


async def test_delete_takes_everything_with_it(api: Api) -> None:
    world = await build_world(api)
    r = await api.client.delete(f"/api/v1/boards/{world.board_id}", headers=auth(world.owner))
    assert r.status_code == 204 and r.content == b""
    for path in [
        f"/boards/{world.board_id}",
        f"/boards/{world.board_id}/members",
        f"/columns/{world.columns[0]}",
        f"/cards/{world.card_id}",
        f"/cards/{world.card_id}/comments",
    ]:
        for who in (world.owner, world.member):
            assert_problem(
                await api.client.get(f"/api/v1{path}", headers=auth(who)), 404, "not_found"
            )
    r = await api.client.patch(
        f"/api/v1/labels/{world.label_id}", json={"name": "x"}, headers=auth(world.owner)
    )
    assert_problem(r, 404, "not_found")
    r = await api.client.delete(f"/api/v1/boards/{world.board_id}", headers=auth(world.owner))
    assert_problem(r, 404, "not_found")
    assert (await listing(api, world.owner))["total"] == 0
    assert (await listing(api, world.member))["total"] == 0


# -- conditional GET ----------------------------------------------------------------------


async def test_etag_round_trip(api: Api) -> None:
    world = await build_world(api)
    url = f"/api/v1/boards/{world.board_id}"
    first = await api.client.get(url, headers=auth(world.owner))
    etag = first.headers["ETag"]
    assert etag
    r = await api.client.get(url, headers=auth(world.owner) | {"If-None-Match": etag})
    assert r.status_code == 304 and r.content == b""
    assert r.headers["ETag"] == etag
    r = await api.client.get(
        url, headers=auth(world.owner) | {"If-None-Match": f'W/"other", {etag}'}
    )
    assert r.status_code == 304
    r = await api.client.get(url, headers=auth(world.owner) | {"If-None-Match": 'W/"stale"'})
    assert r.status_code == 200 and r.json() == first.json()


CHANGES = [
    ("PATCH", "/boards/{board}", {"name": "Renamed"}),
    ("POST", "/columns/{column}/cards", {"title": "New"}),
    ("PATCH", "/cards/{card}", {"title": "Edited"}),
    ("POST", "/cards/{card}/comments", {"body": "Comment"}),
    ("DELETE", "/labels/{label}", None),
    ("PATCH", "/columns/{column}", {"wip_limit": 2}),
    ("PATCH", "/boards/{board}/members/{member}", {"role": "editor"}),
]


@pytest.mark.parametrize(
    ("method", "path", "body"), CHANGES, ids=[f"{m} {p}" for m, p, _ in CHANGES]
)
async def test_any_change_changes_the_etag(api: Api, method: str, path: str, body: Any) -> None:
    world = await build_world(api)
    url = f"/api/v1/boards/{world.board_id}"
    old = (await api.client.get(url, headers=auth(world.owner))).headers["ETag"]
    r = await api.client.request(
        method, "/api/v1" + path.format(**world.ids()), json=body, headers=auth(world.owner)
    )
    assert r.status_code < 300, r.text
    r = await api.client.get(url, headers=auth(world.owner) | {"If-None-Match": old})
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] != old
    assert r.json()["seq"] > 0


async def test_etags_differ_per_role(api: Api) -> None:
    """A viewer's cached copy is not an owner's (the body carries the caller's role)."""
    world = await build_world(api)
    url = f"/api/v1/boards/{world.board_id}"
    owner_tag = (await api.client.get(url, headers=auth(world.owner))).headers["ETag"]
    r = await api.client.get(url, headers=auth(world.member) | {"If-None-Match": owner_tag})
    assert r.status_code == 200 and r.json()["role"] == "viewer"
    assert r.headers["ETag"] != owner_tag


async def test_a_non_member_gets_404_not_304(api: Api) -> None:
    world = await build_world(api)
    url = f"/api/v1/boards/{world.board_id}"
    etag = (await api.client.get(url, headers=auth(world.owner))).headers["ETag"]
    r = await api.client.get(url, headers=auth(world.outsider) | {"If-None-Match": etag})
    assert_problem(r, 404, "not_found")


async def test_a_board_made_after_a_deletion_never_matches_an_old_etag(api: Api) -> None:
    """SQLite may hand a deleted board's id to the next board; the ETag must still differ."""
    alice = await api.user("alice")
    old = await api.board(alice, "Old")
    url = f"/api/v1/boards/{old['id']}"
    etag = (await api.client.get(url, headers=auth(alice))).headers["ETag"]
    assert (await api.client.delete(url, headers=auth(alice))).status_code == 204
    new = await api.board(alice, "New")
    r = await api.client.get(
        f"/api/v1/boards/{new['id']}", headers=auth(alice) | {"If-None-Match": etag}
    )
    assert r.status_code == 200
    assert r.json()["name"] == "New" and r.headers["ETag"] != etag


async def test_a_member_renaming_themselves_shows_on_the_board(api: Api) -> None:
    """The board lists its members' names: a new name is not hidden behind an old ETag."""
    world = await build_world(api)
    url = f"/api/v1/boards/{world.board_id}"
    first = await api.client.get(url, headers=auth(world.owner))
    r = await api.client.patch(
        "/api/v1/me", json={"display_name": "Renamed member"}, headers=auth(world.member)
    )
    assert r.status_code == 200, r.text
    r = await api.client.get(
        url, headers=auth(world.owner) | {"If-None-Match": first.headers["ETag"]}
    )
    assert r.status_code == 200
    names = {m["user_id"]: m["display_name"] for m in r.json()["members"]}
    assert names[world.member_id] == "Renamed member"


async def test_a_time_zone_saved_is_no_news_to_the_board(api: Api) -> None:
    """The SPA saves the browser's zone for an account without one: that used to record a
    member.updated on each of the person's boards, read in the activity as "changed the
    role of Demo User to owner". A zone shows on nobody's board; a new name does, and
    says what it is."""
    world = await build_world(api)
    url = f"/api/v1/boards/{world.board_id}"
    first = await api.client.get(url, headers=auth(world.owner))
    r = await api.client.patch(
        "/api/v1/me", json={"time_zone": "Europe/Paris"}, headers=auth(world.member)
    )
    assert r.status_code == 200, r.text
    r = await api.client.get(
        url, headers=auth(world.owner) | {"If-None-Match": first.headers["ETag"]}
    )
    assert r.status_code == 304
    r = await api.client.patch(
        "/api/v1/me", json={"display_name": "Mo Member"}, headers=auth(world.member)
    )
    events = (await api.client.get(f"{url}/activity", headers=auth(world.owner))).json()
    newest = events["items"][0]
    assert newest["type"] == "member.updated"
    assert newest["data"]["profile"] is True and newest["data"]["display_name"] == "Mo Member"
