"""Who may edit and delete which comment: authors edit their own; authors and board
owners delete; being an owner does not let you put words in someone else's mouth."""

from __future__ import annotations

from typing import Any

from devkit.api import assert_problem
from tests.support.api import Api, Headers, auth
from tests.support.boards import World, build_world


async def comment_by(api: Api, world: World, who: Headers, text: str = "Mine") -> dict[str, Any]:
    r = await api.client.post(
        f"/api/v1/cards/{world.card_id}/comments", json={"body": text}, headers=auth(who)
    )
    assert r.status_code == 201, r.text
    comment: dict[str, Any] = r.json()
    return comment


async def comments(api: Api, world: World) -> list[dict[str, Any]]:
    r = await api.client.get(f"/api/v1/cards/{world.card_id}/comments", headers=auth(world.owner))
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


async def member(api: Api, world: World, role: str) -> Headers:
    who = await api.user(role)
    await api.share(world.owner, world.board_id, who, role)
    return who


async def test_an_editor_edits_and_deletes_only_their_own(api: Api) -> None:
    world = await build_world(api)
    alice, bob = await member(api, world, "editor"), await member(api, world, "editor")
    mine = await comment_by(api, world, alice)
    r = await api.client.patch(
        f"/api/v1/comments/{mine['id']}", json={"body": "Better"}, headers=auth(alice)
    )
    assert r.status_code == 200, r.text
    assert r.json()["body"] == "Better" and r.json()["edited_at"] is not None
    before = await comments(api, world)
    for url, method, body in [
        (f"/api/v1/comments/{mine['id']}", "PATCH", {"body": "Hijacked"}),
        (f"/api/v1/comments/{mine['id']}", "DELETE", None),
        (f"/api/v1/comments/{world.comment_id}", "PATCH", {"body": "Hijacked"}),
        (f"/api/v1/comments/{world.comment_id}", "DELETE", None),
    ]:
        r = await api.client.request(method, url, json=body, headers=auth(bob))
        assert_problem(r, 403, "forbidden")
    assert await comments(api, world) == before
    r = await api.client.delete(f"/api/v1/comments/{mine['id']}", headers=auth(alice))
    assert r.status_code == 204
    assert [c["id"] for c in await comments(api, world)] == [world.comment_id]


async def test_an_owner_deletes_anyones_comment_but_edits_only_their_own(api: Api) -> None:
    world = await build_world(api)
    editor = await member(api, world, "editor")
    co_owner = await member(api, world, "owner")
    theirs = await comment_by(api, world, editor, "Original")
    for owner in (world.owner, co_owner):
        r = await api.client.patch(
            f"/api/v1/comments/{theirs['id']}", json={"body": "Rewritten"}, headers=auth(owner)
        )
        assert_problem(r, 403, "forbidden")
    assert [c["body"] for c in await comments(api, world)] == ["Hello", "Original"]
    # The creator's comment, edited by the other owner: still not theirs.
    r = await api.client.patch(
        f"/api/v1/comments/{world.comment_id}", json={"body": "X"}, headers=auth(co_owner)
    )
    assert_problem(r, 403, "forbidden")
    r = await api.client.delete(f"/api/v1/comments/{theirs['id']}", headers=auth(co_owner))
    assert r.status_code == 204
    r = await api.client.delete(f"/api/v1/comments/{world.comment_id}", headers=auth(co_owner))
    assert r.status_code == 204
    assert await comments(api, world) == []


async def test_an_author_demoted_to_viewer_can_no_longer_touch_their_comment(api: Api) -> None:
    world = await build_world(api)
    editor = await member(api, world, "editor")
    mine = await comment_by(api, world, editor)
    r = await api.client.patch(
        f"/api/v1/boards/{world.board_id}/members/{editor['X-User-Id']}",
        json={"role": "viewer"},
        headers=auth(world.owner),
    )
    assert r.status_code == 200, r.text
    url = f"/api/v1/comments/{mine['id']}"
    r = await api.client.patch(url, json={"body": "Edit"}, headers=auth(editor))
    assert_problem(r, 403, "forbidden")
    r = await api.client.delete(url, headers=auth(editor))
    assert_problem(r, 403, "forbidden")
    assert [c["body"] for c in await comments(api, world)] == ["Hello", "Mine"]


async def test_an_author_who_left_the_board_cannot_find_their_comment(api: Api) -> None:
    world = await build_world(api)
    editor = await member(api, world, "editor")
    mine = await comment_by(api, world, editor)
    r = await api.client.delete(
        f"/api/v1/boards/{world.board_id}/members/{editor['X-User-Id']}", headers=auth(editor)
    )
    assert r.status_code == 204
    url = f"/api/v1/comments/{mine['id']}"
    r = await api.client.patch(url, json={"body": "Edit"}, headers=auth(editor))
    assert_problem(r, 404, "not_found")
    r = await api.client.delete(url, headers=auth(editor))
    assert_problem(r, 404, "not_found")
    # The comment stays, still attributed to its author.
    assert [(c["body"], c["author_id"]) for c in await comments(api, world)] == [
        ("Hello", int(world.owner["X-User-Id"])),
        ("Mine", int(editor["X-User-Id"])),
    ]
