"""The board read shows each tile's file count and cover in its own statements: as many
statements with files on every card as with none, and the board read's view of the
attachments table names columns the table has."""

from __future__ import annotations

from sqlalchemy import Table

from teamboard.attachments.models import Attachment
from teamboard.cards.attachment_tiles import ATTACHMENTS
from teamboard.cards.board_cache import board_cache
from teamboard.core.runtime import Runtime
from tests.support.api import Api, auth
from tests.support.app import QueryCounter
from tests.support.files import image, uploaded


def test_the_tiles_view_matches_the_table() -> None:
    table = Attachment.__table__
    assert isinstance(table, Table)
    assert ATTACHMENTS.name == table.name
    assert {column.name for column in ATTACHMENTS.c} <= {column.name for column in table.c}


async def _statements(
    api: Api, runtime: Runtime, queries: QueryCounter, url: str, who: dict[str, str]
) -> int:
    runtime.db.access.clear()
    runtime.db.memo.clear()
    board_cache(runtime.db).clear()
    queries.statements.clear()
    queries.active = True
    r = await api.client.get(url, headers=auth(who))
    queries.active = False
    assert r.status_code == 200, r.text
    return queries.count()


async def test_files_and_covers_add_no_statement_to_the_board_read(
    api: Api, runtime: Runtime, queries: QueryCounter
) -> None:
    owner = await api.user("owner")
    board = await api.board(owner)
    column = board["columns"][0]["id"]
    cards = [(await api.card(owner, column, f"Card {n}"))["id"] for n in range(6)]
    url = f"/api/v1/boards/{board['id']}"
    bare = await _statements(api, runtime, queries, url, owner)
    for card in cards:
        picture = await uploaded(api.client, owner, card, image(), "p.png")
        await uploaded(api.client, owner, card, b"notes", "n.txt")
        r = await api.client.put(
            f"/api/v1/cards/{card}/cover",
            json={"attachment_id": picture["id"]},
            headers=auth(owner),
        )
        assert r.status_code == 204
    assert await _statements(api, runtime, queries, url, owner) == bare
    r = await api.client.get(url, headers=auth(owner))
    tiles = r.json()["columns"][0]["cards"]
    assert {t["attachment_count"] for t in tiles} == {2}
    assert all(t["cover_url"].endswith("/thumbnail") for t in tiles)
