"""With JavaScript off there is no toast: a destructive form asks first (a page with the
same form, changing nothing until confirmed), and the message after it offers an "Undo"
button (a POST form) while the server can still undo it."""

from __future__ import annotations

from teamboard.core.runtime import Runtime
from tests.support.pages import Browser, NewBrowser, World, follow, make_admin, share, tags


def undo_actions(html: str) -> list[str]:
    return [
        str(attrs["action"])
        for tag, attrs in tags(html)
        if tag == "form" and "flash-undo" in str(attrs.get("class"))
    ]


def undo_action(html: str) -> str:
    """The action of the message's Undo form."""
    [found] = undo_actions(html)
    return found


async def test_a_comment_is_deleted_only_once_confirmed_and_can_be_undone(
    owner: Browser, world: World
) -> None:
    url = f"/cards/{world.card_id}"
    r = await owner.post(f"{url}/comments", {"body": "Ship it on Friday"})
    comment_id = int(r.headers["location"].rsplit("#comment-", 1)[-1])
    r = await owner.post(f"/comments/{comment_id}/delete", {"card_id": world.card_id})
    assert r.status_code == 200
    assert "Delete this comment?" in r.text and "Ship it on Friday" in r.text
    assert "Ship it on Friday" in (await owner.get(url)).text  # nothing changed yet

    r = await owner.post(
        f"/comments/{comment_id}/delete", {"card_id": world.card_id, "confirm": "yes"}
    )
    page = await follow(owner, r)
    assert "Comment deleted." in page.text and "Ship it on Friday" not in page.text
    action = undo_action(page.text)
    assert action == f"/comments/{comment_id}/undelete"
    page = await follow(owner, await owner.post(action))
    assert "Comment restored." in page.text and "Ship it on Friday" in page.text


async def test_a_deleted_card_can_be_undone_from_the_message(owner: Browser, world: World) -> None:
    r = await owner.post(f"/cards/{world.card_id}/delete", {})
    page = await follow(owner, r)
    assert "Write docs" in page.text and "deleted." in page.text
    page = await follow(owner, await owner.post(undo_action(page.text)))
    assert "is back." in page.text
    board = await owner.board_json(world.board_id)
    assert [c["id"] for c in board["columns"][0]["cards"]] == [world.card_id]


async def test_a_label_delete_asks_then_offers_undo_back_on_its_cards(
    owner: Browser, world: World
) -> None:
    r = await owner.post(f"/cards/{world.card_id}", {"title": "Write docs", "version": "1"})
    r = await owner.post(
        f"/cards/{world.card_id}",
        {"title": "Write docs", "label_ids": str(world.label_id), "version": "2"},
    )
    assert r.status_code == 303, r.text
    delete = f"/labels/{world.label_id}/delete"
    r = await owner.post(delete, {"board_id": world.board_id})
    assert r.status_code == 200 and "Delete the label “Bug”?" in r.text
    assert [label["id"] for label in (await owner.board_json(world.board_id))["labels"]]
    r = await owner.post(delete, {"board_id": world.board_id, "confirm": "yes"})
    page = await follow(owner, r)
    assert (await owner.board_json(world.board_id))["labels"] == []
    page = await follow(owner, await owner.post(undo_action(page.text)))
    assert "Label “Bug” is back on its cards." in page.text
    card = (await owner.board_json(world.board_id))["columns"][0]["cards"][0]
    assert card["label_ids"] == [world.label_id]


async def test_removing_a_member_asks_then_offers_undo_with_the_same_role(
    owner: Browser, world: World, new_browser: NewBrowser
) -> None:
    mate = await (await new_browser()).signup("Mia Mate")
    await share(owner, world.board_id, mate, "editor")
    remove = f"/boards/{world.board_id}/members/{mate.id}/remove"
    r = await owner.post(remove)
    assert r.status_code == 200 and "Remove Mia Mate?" in r.text
    assert (await mate.get(f"/boards/{world.board_id}")).status_code == 200
    page = await follow(owner, await owner.post(remove, {"confirm": "yes"}))
    assert (await mate.get(f"/boards/{world.board_id}")).status_code == 404
    page = await follow(owner, await owner.post(undo_action(page.text)))
    assert "Mia Mate is back as editor." in page.text
    assert (await mate.get(f"/boards/{world.board_id}")).status_code == 200


async def test_deactivating_a_user_asks_then_offers_undo(
    owner: Browser, new_browser: NewBrowser, runtime: Runtime
) -> None:
    await make_admin(runtime, owner.id)
    target = await (await new_browser()).signup("Target")
    r = await owner.post(f"/admin/users/{target.id}", {"action": "deactivate"})
    assert r.status_code == 200 and "Deactivate Target?" in r.text
    r = await owner.post(f"/admin/users/{target.id}", {"action": "deactivate", "confirm": "yes"})
    page = await follow(owner, r)
    assert "Target was deactivated." in page.text
    page = await follow(owner, await owner.post(undo_action(page.text)))
    assert "Target was reactivated." in page.text
    assert (await (await new_browser()).login(target.email)).status_code == 303


async def test_a_plain_message_offers_no_undo(owner: Browser, world: World) -> None:
    await owner.get(f"/boards/{world.board_id}")  # shows the message left by the set-up
    r = await owner.post(f"/boards/{world.board_id}/labels", {"name": "Chore", "color": "#00ff00"})
    page = await follow(owner, r)
    assert "Label “Chore” created." in page.text
    assert undo_actions(page.text) == []
