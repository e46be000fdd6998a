"""Files in the activity: told in words on the page, naming the card; a file's name is
text people chose, so the log keeps no copy of it (read back from the file while it
exists, gone with it)."""

from __future__ import annotations

from sqlalchemy import select

from teamboard.boards.models import Event
from teamboard.core.runtime import Runtime
from tests.support.api import Api, auth
from tests.support.files import image, uploaded
from tests.support.pages import Browser, World

OLD = "ZEBRA-OLD"


async def test_the_log_keeps_no_copy_of_a_files_name(api: Api, runtime: Runtime) -> None:
    owner = await api.user("owner")
    board = await api.board(owner)
    card = await api.card(owner, board["columns"][0]["id"], "Task")
    made = await uploaded(api.client, owner, card["id"], b"plans", f"{OLD}.txt")
    feed_url = f"/api/v1/boards/{board['id']}/activity"
    feed = (await api.client.get(feed_url, headers=auth(owner))).json()["items"]
    created = next(e for e in feed if e["type"] == "attachment.created")
    assert created["data"]["attachment"]["filename"] == f"{OLD}.txt"  # read back, it exists
    assert created["data"]["card_title"] == "Task"
    async with runtime.db.session() as db:
        assert OLD not in repr(list(await db.scalars(select(Event.data))))

    r = await api.client.delete(f"/api/v1/attachments/{made['id']}", headers=auth(owner))
    assert r.status_code == 204
    feed = (await api.client.get(feed_url, headers=auth(owner))).json()["items"]
    assert OLD not in repr(feed)
    created = next(e for e in feed if e["type"] == "attachment.created")
    assert created["data"]["attachment"]["gone"] is True


def _lines(html: str) -> str:
    return " ".join(html.split())


async def test_the_activity_page_tells_files_and_covers(owner: Browser, world: World) -> None:
    card = world.card_id
    r = await owner.client.post(
        f"/api/v1/cards/{card}/attachments",
        files={"file": ("p.png", image(), "image/png")},
        headers={"X-CSRF-Token": owner.csrf},
    )
    assert r.status_code == 201, r.text
    picture = r.json()["id"]
    r = await owner.client.put(
        f"/api/v1/cards/{card}/cover",
        json={"attachment_id": picture},
        headers={"X-CSRF-Token": owner.csrf},
    )
    assert r.status_code == 204, r.text
    r = await owner.client.delete(
        f"/api/v1/attachments/{picture}", headers={"X-CSRF-Token": owner.csrf}
    )
    assert r.status_code == 204, r.text
    text = _lines((await owner.get(f"/boards/{world.board_id}/activity")).text)
    link = f'<a href="/cards/{card}">“Write docs”</a>'
    assert f"attached a file to {link}." in text
    assert f"changed the cover of {link}." in text
    assert f"removed a file from {link}." in text
