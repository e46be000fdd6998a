"""Copies carry files: a card's copy (part ``attachments``) and a board's with its cards
have files of their own, the same bytes copied in the storage (deleting either leaves the
other's), their covers kept, within the target board's quota (refused in words, nothing
made), in a constant number of statements; a copy that rolls back leaves no bytes."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError

from devkit.api import assert_problem
from devkit.s3 import S3Server
from teamboard.attachments.models import Attachment
from teamboard.cards.copies import copy_card
from teamboard.cards.schemas import CopyPart
from teamboard.core.runtime import Runtime
from tests.support.api import Api, Headers, actor, auth, label
from tests.support.app import QueryCounter
from tests.support.boards import build_world
from tests.support.files import image, stored_names, uploaded
from tests.support.pages import Browser, World, follow

QUOTA = 250_000
BIG = b"0123456789" * 15_000  # 150 kB: a second copy of it is past the quota


@pytest.fixture
def settings_overrides(settings_overrides: dict[str, Any]) -> dict[str, Any]:
    return settings_overrides | {"board_quota_bytes": QUOTA}


async def _get(api: Api, who: Headers, url: str) -> Any:
    r = await api.client.get(url, headers=auth(who))
    assert r.status_code == 200, r.text
    return r.json()


async def _files(api: Api, who: Headers, card_id: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = await _get(api, who, f"/api/v1/cards/{card_id}/attachments")
    return found


async def _tile(api: Api, who: Headers, board_id: int, card_id: int) -> dict[str, Any]:
    board = await _get(api, who, f"/api/v1/boards/{board_id}")
    return next(c for col in board["columns"] for c in col["cards"] if c["id"] == card_id)


async def _cover(api: Api, who: Headers, card_id: int, attachment_id: int) -> None:
    r = await api.client.put(
        f"/api/v1/cards/{card_id}/cover", json={"attachment_id": attachment_id}, headers=auth(who)
    )
    assert r.status_code == 204, r.text


async def _copy_card(api: Api, who: Headers, card_id: int, **body: Any) -> Any:
    return await api.client.post(f"/api/v1/cards/{card_id}/copy", json=body, headers=auth(who))


async def _copy_board(api: Api, who: Headers, board_id: int, name: str) -> Any:
    return await api.client.post(
        f"/api/v1/boards/{board_id}/copy",
        json={"name": name, "include_cards": True},
        headers=auth(who),
    )


def _shape(files: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (f["filename"], f["content_type"], f["size"], f["has_thumbnail"], f["is_cover"])
        for f in files
    ]


async def test_a_card_copy_has_files_of_its_own_with_the_same_bytes_and_cover(
    api: Api, runtime: Runtime, s3: S3Server | None
) -> None:
    world = await build_world(api)
    owner, card = world.owner, world.card["id"]
    await uploaded(api.client, owner, card, b"plain notes\n" * 50, "notes.txt")
    await _cover(api, owner, card, world.attachment_id)
    other = await api.board(owner, "Elsewhere")
    column = other["columns"][1]["id"]
    await label(api, owner, other["id"], "Bug")  # the card's label: none made by the copy
    await _get(api, owner, f"/api/v1/boards/{other['id']}")  # its state cached, kept live

    r = await _copy_card(api, owner, card, column_id=column)

    assert r.status_code == 201, r.text
    copy = r.json()
    source, copied = await _files(api, owner, card), await _files(api, owner, copy["id"])
    assert _shape(copied) == _shape(source)
    assert not {f["id"] for f in copied} & {f["id"] for f in source}
    assert {f["board_id"] for f in copied} == {other["id"]}
    for mine, theirs in zip(copied, source, strict=True):
        for url in ("content_url", "thumbnail_url"):
            if theirs[url] is not None:
                a = await api.client.get(mine[url], headers=auth(owner))
                b = await api.client.get(theirs[url], headers=auth(owner))
                assert a.status_code == b.status_code == 200
                assert a.content == b.content
    # Under the target board's prefix: the image, its thumbnail and the notes.
    assert len(stored_names(runtime, s3, other["id"])) == 3
    cover = next(f for f in copied if f["is_cover"])
    tile = await _tile(api, owner, other["id"], copy["id"])
    assert (tile["attachment_count"], tile["cover_url"]) == (2, cover["thumbnail_url"])
    log = await _get(api, owner, f"/api/v1/boards/{other['id']}/activity")
    created = log["items"][0]
    assert created["type"] == "card.created"
    assert (created["data"]["attachment_count"], created["data"]["cover_url"]) == (
        2,
        cover["thumbnail_url"],
    )

    # Independent: the source's files deleted, the copy's bytes stay.
    for f in source:
        r = await api.client.delete(f"/api/v1/attachments/{f['id']}", headers=auth(owner))
        assert r.status_code == 204
    for f in copied:
        r = await api.client.get(f["content_url"], headers=auth(owner))
        assert r.status_code == 200
    assert len(stored_names(runtime, s3, other["id"])) == 3


async def test_without_the_part_a_copy_has_no_files(
    api: Api, runtime: Runtime, s3: S3Server | None
) -> None:
    world = await build_world(api)
    before = stored_names(runtime, s3, world.board_id)

    r = await _copy_card(
        api, world.owner, world.card["id"], column_id=world.columns[1], include=["labels"]
    )

    assert r.status_code == 201, r.text
    assert await _files(api, world.owner, r.json()["id"]) == []
    tile = await _tile(api, world.owner, world.board_id, r.json()["id"])
    assert (tile["attachment_count"], tile["cover_url"]) == (0, None)
    assert stored_names(runtime, s3, world.board_id) == before


async def test_a_copy_past_the_target_boards_quota_is_refused_and_nothing_is_made(
    api: Api, runtime: Runtime, s3: S3Server | None
) -> None:
    world = await build_world(api)
    owner = world.owner
    await uploaded(api.client, owner, world.card["id"], BIG, "big.bin")
    board_before = await _get(api, owner, f"/api/v1/boards/{world.board_id}")
    stored = stored_names(runtime, s3, world.board_id)

    r = await _copy_card(api, owner, world.card["id"], column_id=world.columns[1])

    problem = assert_problem(r, 413, "quota_exceeded")
    assert problem["detail"].startswith("The files to copy take 14")
    assert "Copy without the attachments" in problem["detail"]
    assert await _get(api, owner, f"/api/v1/boards/{world.board_id}") == board_before
    assert stored_names(runtime, s3, world.board_id) == stored
    # Without the files, the copy is made.
    r = await _copy_card(
        api, owner, world.card["id"], column_id=world.columns[1], include=["checklists"]
    )
    assert r.status_code == 201, r.text


async def test_a_copy_that_rolls_back_after_its_bytes_were_copied_leaves_none(
    api: Api, runtime: Runtime, s3: S3Server | None
) -> None:
    world = await build_world(api)
    await uploaded(api.client, world.owner, world.card["id"], b"refused", "refused.txt")
    stored = stored_names(runtime, s3, world.board_id)
    cards = await _get(api, world.owner, f"/api/v1/boards/{world.board_id}/cards")
    # The database refuses the copy's rows (a real failure in the copy's transaction, after
    # its bytes were copied): as if the write had failed for any other reason.
    postgres = runtime.db.engine.dialect.name == "postgresql"
    refuse = (
        [
            "CREATE FUNCTION refuse_copy() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'refused'; END $$",
            "CREATE TRIGGER refuse_copy BEFORE INSERT ON attachments FOR EACH ROW "
            "WHEN (NEW.filename = 'refused.txt') EXECUTE FUNCTION refuse_copy()",
        ]
        if postgres
        else [
            "CREATE TRIGGER refuse_copy BEFORE INSERT ON attachments "
            "WHEN NEW.filename = 'refused.txt' BEGIN SELECT RAISE(ABORT, 'refused'); END"
        ]
    )
    async with runtime.db.engine.begin() as conn:
        for statement in refuse:
            await conn.execute(text(statement))
    try:
        who = await actor(runtime, world.owner)
        async with runtime.db.session() as db:
            with pytest.raises(DBAPIError, match="refused"):
                await copy_card(
                    db,
                    runtime.files,
                    who,
                    world.card["id"],
                    column_id=world.columns[1],
                    position=None,
                    title=None,
                    include=list(CopyPart),
                )
    finally:
        async with runtime.db.engine.begin() as conn:
            await conn.execute(text("DROP TRIGGER refuse_copy" + (" ON attachments" * postgres)))
            if postgres:
                await conn.execute(text("DROP FUNCTION refuse_copy()"))

    assert stored_names(runtime, s3, world.board_id) == stored
    assert await _get(api, world.owner, f"/api/v1/boards/{world.board_id}/cards") == cards


async def test_a_board_copy_with_cards_carries_checklists_and_files(
    api: Api, runtime: Runtime, s3: S3Server | None
) -> None:
    world = await build_world(api)
    owner, card = world.owner, world.card["id"]
    r = await api.client.patch(
        f"/api/v1/checklist-items/{world.item_id}",
        json={"done": True, "assignee_id": int(world.member["X-User-Id"])},
        headers=auth(owner),
    )
    assert r.status_code == 200, r.text
    await _cover(api, owner, card, world.attachment_id)
    source = await _get(api, owner, f"/api/v1/cards/{card}")

    r = await _copy_board(api, owner, world.board_id, "With everything")

    assert r.status_code == 201, r.text
    board_id = r.json()["id"]
    board = await _get(api, owner, f"/api/v1/boards/{board_id}")
    [copy] = [c for col in board["columns"] for c in col["cards"] if c["title"] == "Task"]
    detail = await _get(api, owner, f"/api/v1/cards/{copy['id']}")
    assert [
        (c["title"], [(i["text"], i["done"], i["assignee_id"]) for i in c["items"]])
        for c in detail["checklists"]
    ] == [
        (c["title"], [(i["text"], i["done"], None) for i in c["items"]])
        for c in source["checklists"]
    ]
    [picture] = await _files(api, owner, copy["id"])
    assert (picture["filename"], picture["is_cover"]) == ("picture.png", True)
    assert picture["id"] != world.attachment_id
    r = await api.client.get(picture["content_url"], headers=auth(owner))
    assert r.content == image()
    assert (copy["checklist_done"], copy["checklist_total"]) == (1, 2)
    assert (copy["attachment_count"], copy["cover_url"]) == (1, picture["thumbnail_url"])
    assert len(stored_names(runtime, s3, board_id)) == 2  # the image and its thumbnail
    # The source's board deleted, its files with it: the copy's stay.
    r = await api.client.delete(f"/api/v1/boards/{world.board_id}", headers=auth(owner))
    assert r.status_code == 204
    r = await api.client.get(picture["content_url"], headers=auth(owner))
    assert r.content == image()


async def test_a_board_copy_past_the_quota_is_refused_and_nothing_is_made(
    api: Api, runtime: Runtime, s3: S3Server | None
) -> None:
    world = await build_world(api)
    # A board filled before its quota was lowered: its files take more than a board may.
    async with runtime.db.session() as db, db.transaction():
        await db.execute(
            update(Attachment).where(Attachment.id == world.attachment_id).values(size=QUOTA + 1)
        )
    boards = await _get(api, world.owner, "/api/v1/boards")

    r = await _copy_board(api, world.owner, world.board_id, "Too much")

    assert_problem(r, 413, "quota_exceeded")
    assert await _get(api, world.owner, "/api/v1/boards") == boards
    # The refused board's prefix (it would have been the next board) holds nothing.
    assert stored_names(runtime, s3, world.board_id + 1) == []


async def _card_copy_statements(
    api: Api, runtime: Runtime, queries: QueryCounter, files: int
) -> int:
    owner = await api.user("owner")
    board = await api.board(owner)
    column = board["columns"][0]["id"]
    card = (await api.card(owner, column, "Card"))["id"]
    for n in range(files):
        made = await uploaded(api.client, owner, card, image(), f"p{n}.png")
        await api.checklist(owner, card, f"List {n}", ["One", "Two"])
    await _cover(api, owner, card, made["id"])
    runtime.db.access.clear()
    runtime.db.memo.clear()
    queries.statements.clear()
    queries.active = True
    r = await _copy_card(api, owner, card, column_id=column)
    queries.active = False
    assert r.status_code == 201, r.text
    assert len(await _files(api, owner, r.json()["id"])) == files
    return queries.count()


async def test_a_card_copy_costs_the_same_statements_with_one_file_or_many(
    api: Api, runtime: Runtime, queries: QueryCounter
) -> None:
    one = await _card_copy_statements(api, runtime, queries, 1)
    many = await _card_copy_statements(api, runtime, queries, 5)
    assert one == many, queries.statements


async def test_a_board_copy_costs_the_same_statements_with_few_cards_or_many(
    api: Api, runtime: Runtime, queries: QueryCounter
) -> None:
    owner = await api.user("owner")
    counts = []
    for size in (2, 6):
        board = await api.board(owner, f"Size {size}")
        for n in range(size):
            card = (await api.card(owner, board["columns"][n % 3]["id"], f"Card {n}"))["id"]
            await api.checklist(owner, card, "Steps", ["One", "Two"][: 1 + n % 2])
            picture = await uploaded(api.client, owner, card, image(), "p.png")
            await uploaded(api.client, owner, card, b"notes", "n.txt")
            await _cover(api, owner, card, picture["id"])
        runtime.db.access.clear()
        runtime.db.memo.clear()
        queries.statements.clear()
        queries.active = True
        r = await _copy_board(api, owner, board["id"], "Copy")
        queries.active = False
        assert r.status_code == 201, r.text
        counts.append(queries.count())
        copy = await _get(api, owner, f"/api/v1/boards/{r.json()['id']}")
        tiles = [c for col in copy["columns"] for c in col["cards"]]
        assert len(tiles) == size
        assert all(t["attachment_count"] == 2 and t["cover_url"] for t in tiles)
    assert counts[0] == counts[1], queries.statements


async def test_the_card_pages_copy_form_offers_the_attachments(
    owner: Browser, world: World
) -> None:
    r = await owner.post(
        f"/cards/{world.card_id}/attachments", files={"file": ("photo.png", image(), "image/png")}
    )
    assert r.status_code == 303, r.text
    page = await owner.get(f"/cards/{world.card_id}")
    assert (
        '<input type="checkbox" id="copy-include-attachments" name="include"'
        ' value="attachments" checked><label for="copy-include-attachments">Files</label>'
    ) in page.text
    form = {"column_id": str(world.columns[1]), "title": "Copied", "position": ""}

    r = await owner.post(f"/cards/{world.card_id}/copy", form | {"include": ["attachments"]})

    page = await follow(owner, r)
    assert "Card copied as “Copied”." in page.text
    assert ">photo.png</a>" in page.text
    r = await owner.post(f"/cards/{world.card_id}/copy", form | {"include": ["labels"]})
    page = await follow(owner, r)
    assert "Card copied as “Copied”." in page.text
    assert "photo.png" not in page.text


async def test_a_file_whose_bytes_are_gone_is_left_out_of_the_copy(
    api: Api, runtime: Runtime
) -> None:
    world = await build_world(api)
    notes = await uploaded(api.client, world.owner, world.card["id"], b"still here", "n.txt")
    async with runtime.db.session() as db:
        key = await db.scalar(
            select(Attachment.storage_key).where(Attachment.id == world.attachment_id)
        )
    assert key is not None
    await runtime.files.delete(key)  # the storage lost the image (its thumbnail is left)

    r = await _copy_card(api, world.owner, world.card["id"], column_id=world.columns[1])

    assert r.status_code == 201, r.text
    [copied] = await _files(api, world.owner, r.json()["id"])
    assert copied["filename"] == notes["filename"]
    r = await api.client.get(copied["content_url"], headers=auth(world.owner))
    assert r.content == b"still here"
