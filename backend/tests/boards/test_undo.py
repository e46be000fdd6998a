"""Undo for deletions (boards/trash.py): a deleted card, comment, label or membership
vanishes from every read at once, comes back whole within the window (with an event
every client can apply), and is purged for good after it, text and all."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from devkit.api import assert_problem
from teamboard.activity.events import board_event
from teamboard.boards.trash import WINDOW, Purger, Trashed
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from tests.support.api import Api, Headers, auth
from tests.support.boards import World, build_world

SECRET = "PANGOLIN-SECRET"


async def _board(api: Api, world: World, who: Headers | None = None) -> dict[str, Any]:
    r = await api.client.get(f"/api/v1/boards/{world.board_id}", headers=auth(who or world.owner))
    assert r.status_code == 200, r.text
    board: dict[str, Any] = r.json()
    board["cards"] = [card for column in board["columns"] for card in column["cards"]]
    return board


async def _last_event(api: Api, world: World) -> dict[str, Any]:
    r = await api.client.get(
        f"/api/v1/boards/{world.board_id}/activity?limit=1", headers=auth(world.owner)
    )
    event: dict[str, Any] = r.json()["items"][0]
    board_event.validate_python(event)  # the published contract
    return event


async def _purge(runtime: Runtime) -> int:
    return await Purger(runtime.db).turn(utcnow() + WINDOW + timedelta(seconds=1))


async def _kept(runtime: Runtime) -> str:
    async with runtime.db.session() as db:
        return "\n".join(repr(rows) for rows in await db.scalars(select(Trashed.rows)))


async def test_a_deleted_card_vanishes_from_every_read_and_comes_back_whole(
    api: Api, runtime: Runtime
) -> None:
    world = await build_world(api)
    c, url = api.client, f"/api/v1/cards/{world.card_id}"
    before = await _board(api, world)
    notes_before = (await c.get("/api/v1/notifications", headers=auth(world.member))).json()
    assert notes_before["items"]
    assert (await c.delete(url, headers=auth(world.owner))).status_code == 204

    board = await _board(api, world)
    assert world.card_id not in [card["id"] for card in board["cards"]]
    assert_problem(await c.get(url, headers=auth(world.owner)), 404, "not_found")
    listed = await c.get(f"/api/v1/boards/{world.board_id}/cards?q=Task", headers=auth(world.owner))
    assert world.card_id not in [card["id"] for card in listed.json()["items"]]
    notes = await c.get("/api/v1/notifications", headers=auth(world.member))
    assert notes.json()["items"] == []  # the member's notifications went with it

    r = await c.post(f"{url}/restore", headers=auth(world.owner))
    assert r.status_code == 200, r.text
    restored = r.json()
    assert restored["label_ids"] == [world.label_id]
    assert restored["assignee_ids"] == [world.member_id]
    assert restored["position"] == 0
    event = await _last_event(api, world)
    assert (event["type"], event["data"]["card"]["title"]) == ("card.restored", "Task")
    after = await _board(api, world)
    assert [card["id"] for card in after["cards"]] == [card["id"] for card in before["cards"]]
    comments = await c.get(f"{url}/comments", headers=auth(world.owner))
    assert [comment["id"] for comment in comments.json()["items"]] == [world.comment_id]
    notes = await c.get("/api/v1/notifications", headers=auth(world.member))
    assert notes.json()["items"] == notes_before["items"]
    # Restored once: nothing is left to restore.
    assert_problem(await c.post(f"{url}/restore", headers=auth(world.owner)), 404, "not_found")


async def test_after_the_window_the_card_is_purged_with_its_text(
    api: Api, runtime: Runtime
) -> None:
    world = await build_world(api)
    card = await api.card(world.owner, world.columns[0], SECRET, description=SECRET)
    url = f"/api/v1/cards/{card['id']}"
    assert (await api.client.delete(url, headers=auth(world.owner))).status_code == 204
    assert SECRET in await _kept(runtime)  # kept for the undo, and nowhere readable
    assert await Purger(runtime.db).turn() == 0  # still within its window
    assert await _purge(runtime) == 1
    assert SECRET not in await _kept(runtime)
    r = await api.client.post(f"{url}/restore", headers=auth(world.owner))
    assert_problem(r, 404, "not_found")


async def test_a_restore_after_the_window_is_refused_even_before_the_purge(
    api: Api, runtime: Runtime
) -> None:
    world = await build_world(api)
    url = f"/api/v1/labels/{world.label_id}"
    assert (await api.client.delete(url, headers=auth(world.owner))).status_code == 204
    async with runtime.db.session() as db, db.transaction():
        for item in await db.scalars(select(Trashed)):
            item.expires_at = utcnow() - timedelta(seconds=1)
    assert_problem(
        await api.client.post(f"{url}/restore", headers=auth(world.owner)), 404, "not_found"
    )


async def test_what_a_delete_took_is_gone_until_restored(api: Api) -> None:
    """What the security checks' use-after-free rule asks (security/schemathesis_hooks.py
    accepts its finding where a restore exists): 404 for a change after the delete, 200
    again once restored — a label, a comment, a card, a member."""
    world = await build_world(api)
    comment = await api.call(
        world.owner, "POST", f"/api/v1/cards/{world.card_id}/comments", json={"body": "Hi"}
    )
    for url, change in (
        (f"/api/v1/labels/{world.label_id}", {"color": "#00ff00"}),
        (f"/api/v1/comments/{comment['id']}", {"body": "Hello"}),
        (f"/api/v1/cards/{world.card_id}", {"title": "Renamed"}),
        (f"/api/v1/boards/{world.board_id}/members/{world.member_id}", {"role": "viewer"}),
    ):
        assert (await api.client.delete(url, headers=auth(world.owner))).status_code == 204
        r = await api.client.patch(url, json=change, headers=auth(world.owner))
        assert_problem(r, 404, "not_found")
        r = await api.client.post(f"{url}/restore", headers=auth(world.owner))
        assert r.status_code == 200, (url, r.text)
        r = await api.client.patch(url, json=change, headers=auth(world.owner))
        assert r.status_code == 200, (url, r.text)


async def test_a_restored_label_is_back_on_every_card_it_was_on(api: Api) -> None:
    world = await build_world(api)
    other = await api.card(world.owner, world.columns[1], "Also", label_ids=[world.label_id])
    url = f"/api/v1/labels/{world.label_id}"
    assert (await api.client.delete(url, headers=auth(world.owner))).status_code == 204
    board = await _board(api, world)
    assert board["labels"] == [] and all(card["label_ids"] == [] for card in board["cards"])

    r = await api.client.post(f"{url}/restore", headers=auth(world.owner))
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["color"]) == ("Bug", "#ff0000")
    board = await _board(api, world)
    labelled = sorted(card["id"] for card in board["cards"] if card["label_ids"])
    assert labelled == sorted([world.card_id, other["id"]])
    event = await _last_event(api, world)
    assert event["type"] == "label.restored"
    assert event["data"]["card_ids"] == labelled
    assert event["data"]["label"]["name"] == "Bug"  # the feed fills the text back in


async def test_a_label_whose_name_was_taken_meanwhile_is_not_restored(api: Api) -> None:
    world = await build_world(api)
    url = f"/api/v1/labels/{world.label_id}"
    assert (await api.client.delete(url, headers=auth(world.owner))).status_code == 204
    r = await api.client.post(
        f"/api/v1/boards/{world.board_id}/labels", json={"name": "BUG"}, headers=auth(world.owner)
    )
    assert r.status_code == 201
    problem = assert_problem(
        await api.client.post(f"{url}/restore", headers=auth(world.owner)), 409, "conflict"
    )
    assert "rename it first" in problem["detail"]


async def test_a_deleted_comment_comes_back_for_its_author_or_an_owner_only(api: Api) -> None:
    world = await build_world(api)
    editor = await api.user("editor")
    await api.share(world.owner, world.board_id, editor, "editor")
    c = api.client
    r = await c.post(
        f"/api/v1/cards/{world.card_id}/comments", json={"body": "Mine"}, headers=auth(editor)
    )
    mine = r.json()["id"]
    assert (await c.delete(f"/api/v1/comments/{mine}", headers=auth(editor))).status_code == 204
    listed = await c.get(f"/api/v1/cards/{world.card_id}/comments", headers=auth(editor))
    assert [item["id"] for item in listed.json()["items"]] == [world.comment_id]

    r = await c.post(f"/api/v1/comments/{mine}/restore", headers=auth(editor))
    assert r.status_code == 200, r.text
    assert r.json()["body"] == "Mine"
    assert (await _last_event(api, world))["type"] == "comment.restored"

    # The owner's comment: deleted by the owner, not the editor's to bring back.
    url = f"/api/v1/comments/{world.comment_id}"
    assert (await c.delete(url, headers=auth(world.owner))).status_code == 204
    assert_problem(await c.post(f"{url}/restore", headers=auth(editor)), 403, "forbidden")
    assert (await c.post(f"{url}/restore", headers=auth(world.owner))).status_code == 200


async def test_a_comment_of_a_deleted_card_waits_for_the_card(api: Api) -> None:
    world = await build_world(api)
    c = api.client
    comment_url = f"/api/v1/comments/{world.comment_id}"
    card_url = f"/api/v1/cards/{world.card_id}"
    assert (await c.delete(comment_url, headers=auth(world.owner))).status_code == 204
    assert (await c.delete(card_url, headers=auth(world.owner))).status_code == 204
    r = await c.post(f"{comment_url}/restore", headers=auth(world.owner))
    assert_problem(r, 409, "conflict")
    assert (await c.post(f"{card_url}/restore", headers=auth(world.owner))).status_code == 200
    assert (await c.post(f"{comment_url}/restore", headers=auth(world.owner))).status_code == 200


async def test_a_removed_member_comes_back_with_their_role_and_cards(api: Api) -> None:
    world = await build_world(api)
    c = api.client
    url = f"/api/v1/boards/{world.board_id}/members/{world.member_id}"
    assert (await c.delete(url, headers=auth(world.owner))).status_code == 204
    assert_problem(
        await c.get(f"/api/v1/boards/{world.board_id}", headers=auth(world.member)),
        404,
        "not_found",
    )
    board = await _board(api, world)
    assert all(world.member_id not in card["assignee_ids"] for card in board["cards"])

    r = await c.post(f"{url}/restore", headers=auth(world.owner))
    assert r.status_code == 200, r.text
    assert r.json()["role"] == "viewer"
    board = await _board(api, world, world.member)  # a member again, at once
    assert board["role"] == "viewer"
    card = next(card for card in board["cards"] if card["id"] == world.card_id)
    assert card["assignee_ids"] == [world.member_id]
    event = await _last_event(api, world)
    assert event["type"] == "member.restored"
    assert event["data"]["card_ids"] == [world.card_id]
    assert event["data"]["member"]["role"] == "viewer"


async def test_who_left_may_come_back_but_not_who_was_removed(api: Api) -> None:
    world = await build_world(api)
    c = api.client
    url = f"/api/v1/boards/{world.board_id}/members/{world.member_id}"
    assert (await c.delete(url, headers=auth(world.member))).status_code == 204  # leaves
    assert (await c.post(f"{url}/restore", headers=auth(world.member))).status_code == 200

    assert (await c.delete(url, headers=auth(world.owner))).status_code == 204  # removed
    assert_problem(await c.post(f"{url}/restore", headers=auth(world.member)), 404, "not_found")
    assert (await c.post(f"{url}/restore", headers=auth(world.owner))).status_code == 200
