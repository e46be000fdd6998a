"""Board membership: invite by e-mail, change roles, remove, leave; a board always keeps
an owner; leaving a board drops one's card assignments there (and only there)."""

from __future__ import annotations

from typing import Any

import httpx

from devkit.api import assert_problem
from tests.support.api import Api, Headers, auth
from tests.support.boards import World, board_seq, build_world


def members_url(world: World, user: Headers | None = None) -> str:
    url = f"/api/v1/boards/{world.board_id}/members"
    return f"{url}/{user['X-User-Id']}" if user else url


async def roles(api: Api, world: World, by: Headers | None = None) -> dict[str, str]:
    r = await api.client.get(members_url(world), headers=auth(by or world.owner))
    assert r.status_code == 200, r.text
    return {m["email"]: m["role"] for m in r.json()}


async def set_role(api: Api, world: World, who: Headers, role: str, by: Headers) -> httpx.Response:
    return await api.client.patch(members_url(world, who), json={"role": role}, headers=auth(by))


async def test_add_by_email(api: Api) -> None:
    world = await build_world(api)
    email = world.outsider["X-Email"]
    r = await api.client.post(
        members_url(world),
        json={"email": email.upper(), "role": "editor"},
        headers=auth(world.owner),
    )
    assert r.status_code == 201, r.text
    assert r.json() == {
        "user_id": int(world.outsider["X-User-Id"]),
        "display_name": "outsider",
        "email": email,
        "role": "editor",
    }
    assert (await roles(api, world))[email] == "editor"
    r = await api.client.get(f"/api/v1/boards/{world.board_id}", headers=auth(world.outsider))
    assert r.status_code == 200 and r.json()["role"] == "editor"


async def test_the_default_role_is_viewer(api: Api) -> None:
    world = await build_world(api)
    email = world.outsider["X-Email"]
    r = await api.client.post(members_url(world), json={"email": email}, headers=auth(world.owner))
    assert r.status_code == 201, r.text
    assert r.json()["role"] == "viewer"


async def test_unknown_email_is_404_and_existing_member_409(api: Api) -> None:
    world = await build_world(api)
    seq = await board_seq(api.client, world)
    r = await api.client.post(
        members_url(world), json={"email": "nobody@example.com"}, headers=auth(world.owner)
    )
    assert_problem(r, 404, "not_found")
    for who, role in [(world.member, "editor"), (world.owner, "viewer")]:
        r = await api.client.post(
            members_url(world),
            json={"email": who["X-Email"], "role": role},
            headers=auth(world.owner),
        )
        assert_problem(r, 409, "conflict")
    assert await board_seq(api.client, world) == seq
    assert (await roles(api, world))[world.member["X-Email"]] == "viewer"


async def test_change_role_and_remove(api: Api) -> None:
    world = await build_world(api)
    r = await set_role(api, world, world.member, "editor", world.owner)
    assert r.status_code == 200, r.text
    assert r.json()["role"] == "editor"
    r = await api.client.post(
        f"/api/v1/columns/{world.columns[0]}/cards",
        json={"title": "Now I can"},
        headers=auth(world.member),
    )
    assert r.status_code == 201, r.text
    r = await api.client.delete(members_url(world, world.member), headers=auth(world.owner))
    assert r.status_code == 204
    assert world.member["X-Email"] not in await roles(api, world)
    r = await api.client.get(f"/api/v1/boards/{world.board_id}", headers=auth(world.member))
    assert_problem(r, 404, "not_found")
    # Removed members can be invited again.
    await api.share(world.owner, world.board_id, world.member, "viewer")


async def test_unknown_member_is_404(api: Api) -> None:
    world = await build_world(api)
    r = await set_role(api, world, world.outsider, "editor", world.owner)
    assert_problem(r, 404, "not_found")
    r = await api.client.delete(members_url(world, world.outsider), headers=auth(world.owner))
    assert_problem(r, 404, "not_found")


async def test_the_last_owner_can_neither_leave_nor_be_demoted(api: Api) -> None:
    world = await build_world(api)
    seq = await board_seq(api.client, world)
    r = await api.client.delete(members_url(world, world.owner), headers=auth(world.owner))
    assert_problem(r, 409, "conflict")
    for role in ("editor", "viewer"):
        r = await set_role(api, world, world.owner, role, world.owner)
        assert_problem(r, 409, "conflict")
    assert await board_seq(api.client, world) == seq
    r = await set_role(api, world, world.owner, "owner", world.owner)  # no-op is fine
    assert r.status_code == 200, r.text
    assert (await roles(api, world))[world.owner["X-Email"]] == "owner"


async def test_a_second_owner_lets_the_first_go(api: Api) -> None:
    world = await build_world(api)
    r = await set_role(api, world, world.member, "owner", world.owner)
    assert r.status_code == 200, r.text
    # Now either may be demoted or leave, but not both.
    r = await set_role(api, world, world.owner, "editor", world.member)
    assert r.status_code == 200, r.text
    r = await set_role(api, world, world.member, "viewer", world.member)
    assert_problem(r, 409, "conflict")
    r = await set_role(api, world, world.owner, "owner", world.member)
    assert r.status_code == 200, r.text
    r = await api.client.delete(members_url(world, world.owner), headers=auth(world.owner))
    assert r.status_code == 204
    assert await roles(api, world, world.member) == {world.member["X-Email"]: "owner"}
    r = await api.client.delete(members_url(world, world.member), headers=auth(world.member))
    assert_problem(r, 409, "conflict")


async def test_an_owner_removes_another_owner(api: Api) -> None:
    world = await build_world(api)
    await set_role(api, world, world.member, "owner", world.owner)
    r = await api.client.delete(members_url(world, world.member), headers=auth(world.owner))
    assert r.status_code == 204
    assert await roles(api, world) == {world.owner["X-Email"]: "owner"}


async def test_viewers_and_editors_may_leave(api: Api) -> None:
    world = await build_world(api)
    editor = await api.user("editor")
    await api.share(world.owner, world.board_id, editor, "editor")
    for who in (world.member, editor):
        seq = await board_seq(api.client, world)
        r = await api.client.delete(members_url(world, who), headers=auth(who))
        assert r.status_code == 204, r.text
        assert await board_seq(api.client, world) == seq + 1
        r = await api.client.get("/api/v1/boards", headers=auth(who))
        assert r.json()["items"] == []
    assert await roles(api, world) == {world.owner["X-Email"]: "owner"}


async def card_assignees(api: Api, world: World, card_id: int) -> list[int]:
    r = await api.client.get(f"/api/v1/cards/{card_id}", headers=auth(world.owner))
    assert r.status_code == 200, r.text
    assignees: list[int] = r.json()["assignee_ids"]
    return assignees


async def test_removing_a_member_drops_their_assignments_on_that_board_only(api: Api) -> None:
    world = await build_world(api)
    helper = await api.user("helper")
    await api.share(world.owner, world.board_id, helper, "editor")
    both = [world.member_id, int(helper["X-User-Id"])]
    shared = await api.card(world.owner, world.columns[1], "Shared", assignee_ids=both)
    # The same member on another board of the same owner, assigned there too.
    other_board = await api.board(world.owner, "Other")
    await api.share(world.owner, other_board["id"], world.member, "viewer")
    elsewhere = await api.card(
        world.owner, other_board["columns"][0]["id"], "Elsewhere", assignee_ids=[world.member_id]
    )
    r = await api.client.delete(members_url(world, world.member), headers=auth(world.owner))
    assert r.status_code == 204
    assert await card_assignees(api, world, world.card_id) == []
    assert await card_assignees(api, world, shared["id"]) == [int(helper["X-User-Id"])]
    assert await card_assignees(api, world, elsewhere["id"]) == [world.member_id]
    r = await api.client.get(
        f"/api/v1/boards/{world.board_id}/cards?assignee={world.member_id}",
        headers=auth(world.owner),
    )
    assert r.json()["total"] == 0


async def test_a_member_who_left_cannot_be_assigned(api: Api) -> None:
    world = await build_world(api)
    r = await api.client.delete(members_url(world, world.member), headers=auth(world.member))
    assert r.status_code == 204
    r = await api.client.patch(
        f"/api/v1/cards/{world.card_id}",
        json={"assignee_ids": [world.member_id]},
        headers=auth(world.owner),
    )
    assert_problem(r, 422, "invalid")


async def test_member_list_shows_everyone_to_every_member(api: Api) -> None:
    world = await build_world(api)
    r = await api.client.get(members_url(world), headers=auth(world.member))
    assert r.status_code == 200
    members: list[dict[str, Any]] = r.json()
    assert sorted((m["email"], m["role"]) for m in members) == sorted(
        [(world.owner["X-Email"], "owner"), (world.member["X-Email"], "viewer")]
    )
