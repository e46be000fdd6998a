"""Activity entries name the card they are about — by its title now, filled in when the log
is read — and a card deleted since by no text at all."""

from __future__ import annotations

from sqlalchemy import select

from teamboard.boards.models import Event
from teamboard.core.runtime import Runtime
from tests.support.api import Api, auth
from tests.support.pages import Browser, World, follow


def _lines(html: str) -> str:
    return " ".join(html.split())


async def test_the_activity_page_names_the_card_of_each_entry(owner: Browser, world: World) -> None:
    await owner.post(
        f"/cards/{world.card_id}/move", {"column_id": world.columns[1], "position": "1"}
    )
    await owner.post(f"/cards/{world.card_id}/comments", {"body": "Hi"})
    other = await owner.card(world.columns[0], "Fix login")
    await owner.post(f"/cards/{other}/comments", {"body": "On it"})
    text = _lines((await owner.get(f"/boards/{world.board_id}/activity")).text)
    link = f'<a href="/cards/{world.card_id}">“Write docs”</a>'
    assert f"moved {link} to In progress." in text
    assert f"commented on {link}." in text

    await follow(owner, await owner.post(f"/cards/{other}/delete", {}))  # its flash, once
    text = _lines((await owner.get(f"/boards/{world.board_id}/activity")).text)
    assert "Fix login" not in text  # deleted text does not live on
    assert "deleted a card." in text
    assert "added the card a card that was deleted in To do." in text
    assert "commented on a card that was deleted." in text
    assert f"commented on {link}." in text  # the other card is still named


async def test_the_feed_carries_the_title_of_a_comments_card(api: Api, runtime: Runtime) -> None:
    owner = await api.user("owner")
    board = await api.board(owner)
    card = await api.card(owner, board["columns"][0]["id"], "Roadmap")
    c = api.client
    r = await c.post(
        f"/api/v1/cards/{card['id']}/comments", json={"body": "Soon"}, headers=auth(owner)
    )
    assert r.status_code == 201, r.text
    url = f"/api/v1/boards/{board['id']}/activity"
    feed = (await c.get(url, headers=auth(owner))).json()["items"]
    assert feed[0]["type"] == "comment.created"
    assert feed[0]["data"]["card_title"] == "Roadmap"
    assert "card_gone" not in feed[0]["data"]
    # Never stored: the log keeps the reference only.
    async with runtime.db.session() as db:
        stored = [repr(d) for d in await db.scalars(select(Event.data))]
    assert not any("card_title" in d for d in stored)

    assert (await c.delete(f"/api/v1/cards/{card['id']}", headers=auth(owner))).is_success
    feed = (await c.get(url, headers=auth(owner))).json()["items"]
    assert feed[0]["type"] == "card.deleted"
    assert feed[0]["data"]["title"] == "" and feed[0]["data"]["gone"] is True
    comment = next(e for e in feed if e["type"] == "comment.created")
    assert comment["data"]["card_gone"] is True and "card_title" not in comment["data"]


async def test_a_members_new_name_reads_as_a_profile_change(owner: Browser, world: World) -> None:
    """Not as "changed the role of Olive to owner", as it did: a name is not a role."""
    r = await owner.post(
        "/account/profile", {"display_name": "Olive Renamed", "email": owner.email}
    )
    assert r.status_code == 303, r.text
    text = _lines((await owner.get(f"/boards/{world.board_id}/activity")).text)
    assert "updated their profile" in text
    assert "changed the role" not in text
