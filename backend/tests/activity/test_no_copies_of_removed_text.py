"""Deleted and edited text leaves no readable copy behind: not in the activity feed (API
and page), not in the stored log, not in notifications — and, once the few seconds in
which a deletion can be undone are over and it is purged, not in the trash either
(boards/trash.py). (Replays to a resuming socket: tests/realtime/test_live.py.)"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from teamboard.boards.models import Event
from teamboard.boards.trash import WINDOW, Purger, Trashed
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from teamboard.notifications.models import Notification
from tests.support.api import Api, auth
from tests.support.pages import NewBrowser, follow

OLD = "ZEBRA-OLD"  # every text that must vanish contains it
NEW = "QUOKKA-NEW"


async def _everything(api: Api, runtime: Runtime, who: dict[str, str], board_id: int) -> str:
    """All a member (and the database) can show of the board's history, as one text."""
    c = api.client
    feed = await c.get(f"/api/v1/boards/{board_id}/activity?limit=200", headers=auth(who))
    notes = await c.get("/api/v1/notifications", headers=auth(who))
    assert feed.status_code == notes.status_code == 200
    async with runtime.db.session() as db:
        stored = [repr(d) for d in await db.scalars(select(Event.data))]
        stored += [repr(d) for d in await db.scalars(select(Notification.data))]
        stored += [repr(d) for d in await db.scalars(select(Trashed.rows))]
    return "\n".join([feed.text, notes.text, *stored])


async def _readable(api: Api, who: dict[str, str], board_id: int) -> str:
    """What a member can read of the board's history: the feed and their notifications."""
    c = api.client
    feed = await c.get(f"/api/v1/boards/{board_id}/activity?limit=200", headers=auth(who))
    notes = await c.get("/api/v1/notifications", headers=auth(who))
    return feed.text + notes.text


async def _purged(runtime: Runtime) -> None:
    """The undo window over: the runner's purge."""
    assert await Purger(runtime.db).turn(utcnow() + WINDOW + timedelta(seconds=1)) == 1


async def _board(api: Api) -> tuple[dict[str, str], dict[str, str], int, int]:
    owner, mate = await api.user("owner"), await api.user("mate")
    board = await api.board(owner)
    await api.share(owner, board["id"], mate, "editor")
    return owner, mate, board["id"], board["columns"][0]["id"]


async def test_a_deleted_comment_leaves_no_copy_in_feed_log_or_notifications(
    api: Api, runtime: Runtime
) -> None:
    owner, mate, board_id, column = await _board(api)
    card = await api.card(owner, column, "Task")
    handle = mate["X-Email"].split("@")[0]
    r = await api.client.post(
        f"/api/v1/cards/{card['id']}/comments",
        json={"body": f"{OLD} @{handle} secret plans"},
        headers=auth(owner),
    )
    assert r.status_code == 201, r.text
    comment = r.json()
    assert OLD in await _everything(api, runtime, mate, board_id)  # while it exists
    notes = (await api.client.get("/api/v1/notifications", headers=auth(mate))).json()["items"]
    assert notes[0]["excerpt"].startswith(OLD)  # shown while the comment exists

    r = await api.client.delete(f"/api/v1/comments/{comment['id']}", headers=auth(owner))
    assert r.status_code == 204, r.text
    assert OLD not in await _readable(api, mate, board_id)  # at once
    await _purged(runtime)
    assert OLD not in await _everything(api, runtime, mate, board_id)
    # The mention went with its comment.
    assert (await api.client.get("/api/v1/notifications", headers=auth(mate))).json()["items"] == []


async def test_an_edited_comment_shows_only_its_current_text(api: Api, runtime: Runtime) -> None:
    owner, mate, board_id, column = await _board(api)
    card = await api.card(owner, column, "Task")
    handle = mate["X-Email"].split("@")[0]
    r = await api.client.post(
        f"/api/v1/cards/{card['id']}/comments",
        json={"body": f"{OLD} @{handle}"},
        headers=auth(owner),
    )
    comment_id = r.json()["id"]
    r = await api.client.patch(
        f"/api/v1/comments/{comment_id}", json={"body": f"{NEW} @{handle}"}, headers=auth(owner)
    )
    assert r.status_code == 200, r.text
    everything = await _everything(api, runtime, mate, board_id)
    assert OLD not in everything
    feed = await api.client.get(f"/api/v1/boards/{board_id}/activity", headers=auth(mate))
    comments = [e for e in feed.json()["items"] if e["type"].startswith("comment.")]
    assert [e["data"]["comment"]["body"] for e in comments] == [f"{NEW} @{handle}"] * 2
    notes = (await api.client.get("/api/v1/notifications", headers=auth(mate))).json()["items"]
    assert [n["excerpt"] for n in notes] == [f"{NEW} @{handle}"]


async def test_a_deleted_card_leaves_no_copy_of_its_title_or_description(
    api: Api, runtime: Runtime
) -> None:
    owner, mate, board_id, column = await _board(api)
    card = await api.card(
        owner,
        column,
        f"{OLD} title",
        description=f"{OLD} description",
        assignee_ids=[int(mate["X-User-Id"])],
    )
    url = f"/api/v1/cards/{card['id']}"
    c = api.client
    assert (
        await c.patch(url, json={"description": f"{OLD} again"}, headers=auth(owner))
    ).is_success
    r = await c.post(f"{url}/move", json={"column_id": column, "position": 0}, headers=auth(owner))
    assert r.status_code == 200, r.text
    assert OLD in await _everything(api, runtime, mate, board_id)  # the card exists

    assert (await c.delete(url, headers=auth(owner))).status_code == 204
    assert OLD not in await _readable(api, mate, board_id)  # at once
    await _purged(runtime)
    assert OLD not in await _everything(api, runtime, mate, board_id)
    feed = (await c.get(f"/api/v1/boards/{board_id}/activity", headers=auth(mate))).json()
    gone = [
        e["data"]["card"]
        for e in feed["items"]
        if e["type"].startswith("card.") and "card" in e["data"]
    ]
    assert gone and all(card["gone"] is True and card["title"] == "" for card in gone)


async def test_an_edited_card_title_shows_as_it_is_now(api: Api, runtime: Runtime) -> None:
    owner, mate, board_id, column = await _board(api)
    card = await api.card(owner, column, f"{OLD} title", description=f"{OLD} text")
    url = f"/api/v1/cards/{card['id']}"
    r = await api.client.patch(url, json={"title": NEW, "description": NEW}, headers=auth(owner))
    assert r.status_code == 200, r.text
    assert OLD not in await _everything(api, runtime, mate, board_id)
    feed = (await api.client.get(f"/api/v1/boards/{board_id}/activity", headers=auth(mate))).json()
    titles = {e["data"]["card"]["title"] for e in feed["items"] if "card" in e["data"]}
    assert titles == {NEW}


async def test_the_activity_page_names_a_deleted_card_without_its_title(
    new_browser: NewBrowser,
) -> None:
    owner = await (await new_browser()).signup("Owner")
    board_id = await owner.board()
    column = (await owner.board_json(board_id))["columns"][0]["id"]
    card_id = await owner.card(column, f"{OLD} title")
    page = await owner.get(f"/boards/{board_id}/activity")
    assert f"{OLD} title" in page.text  # named while it exists
    r = await owner.post(f"/cards/{card_id}/delete", {})
    await follow(owner, r)  # the deleter's own "Card … deleted." message, shown once
    page = await owner.get(f"/boards/{board_id}/activity")
    assert page.status_code == 200
    assert OLD not in page.text
    assert "a card that was deleted" in page.text
