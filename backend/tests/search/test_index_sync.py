"""The index follows every change, in the change's own transaction: edits, comments,
labels, deletions and their undo (boards/trash.py), archiving, columns and boards going,
an imported board."""

from __future__ import annotations

from typing import Any

from teamboard.core.runtime import Runtime
from teamboard.portability.imports import import_board
from teamboard.portability.service import export_board
from tests.support.api import Api, Headers, actor, auth
from tests.support.search import found


async def _call(api: Api, who: Headers, method: str, path: str, status: int, **kw: Any) -> Any:
    r = await api.client.request(method, "/api/v1" + path, headers=auth(who), **kw)
    assert r.status_code == status, r.text
    return r.json() if r.content else None


async def test_an_edit_is_found_by_its_new_words_only(api: Api) -> None:
    who = await api.user("ana")
    column = (await api.board(who, "Ops"))["columns"][0]["id"]
    card = await api.card(who, column, "Walrus")
    await _call(api, who, "PATCH", f"/cards/{card['id']}", 200, json={"title": "Narwhal"})
    assert await found(api, who, "walrus") == []
    assert await found(api, who, "narwhal") == [card["id"]]
    await _call(api, who, "PATCH", f"/cards/{card['id']}", 200, json={"description": "tusk"})
    assert await found(api, who, "tusk") == [card["id"]]


async def test_a_deleted_card_is_not_found_and_its_restore_is(api: Api) -> None:
    who = await api.user("ana")
    column = (await api.board(who, "Ops"))["columns"][0]["id"]
    card = await api.card(who, column, "Walrus")
    await api.comment(who, card["id"], "a comment about krill")
    await _call(api, who, "DELETE", f"/cards/{card['id']}", 204)
    assert await found(api, who, "walrus") == []
    assert await found(api, who, "krill") == []
    await _call(api, who, "POST", f"/cards/{card['id']}/restore", 200)
    assert await found(api, who, "walrus") == [card["id"]]
    assert await found(api, who, "krill") == [card["id"]]


async def test_comments_deleted_and_restored(api: Api) -> None:
    who = await api.user("ana")
    column = (await api.board(who, "Ops"))["columns"][0]["id"]
    card = await api.card(who, column, "Walrus")
    comment = await api.comment(who, card["id"], "krill")
    await _call(api, who, "PATCH", f"/comments/{comment['id']}", 200, json={"body": "plankton"})
    assert await found(api, who, "krill") == []
    assert await found(api, who, "plankton") == [card["id"]]
    await _call(api, who, "DELETE", f"/comments/{comment['id']}", 204)
    assert await found(api, who, "plankton") == []
    await _call(api, who, "POST", f"/comments/{comment['id']}/restore", 200)
    assert await found(api, who, "plankton") == [card["id"]]


async def test_labels_renamed_deleted_and_restored(api: Api) -> None:
    who = await api.user("ana")
    board = await api.board(who, "Ops")
    column = board["columns"][0]["id"]
    label = await _call(
        api, who, "POST", f"/boards/{board['id']}/labels", 201, json={"name": "Urgent"}
    )
    tagged = [
        (await api.card(who, column, f"Card {n}", label_ids=[label["id"]]))["id"] for n in range(3)
    ]
    await api.card(who, column, "Untagged")
    assert sorted(await found(api, who, "urgent")) == tagged
    await _call(api, who, "PATCH", f"/labels/{label['id']}", 200, json={"name": "Blocker"})
    assert await found(api, who, "urgent") == []
    assert sorted(await found(api, who, "blocker")) == tagged
    await _call(api, who, "DELETE", f"/labels/{label['id']}", 204)
    assert await found(api, who, "blocker") == []
    await _call(api, who, "POST", f"/labels/{label['id']}/restore", 200)
    assert sorted(await found(api, who, "blocker")) == tagged


async def test_archived_cards_are_found_and_filtered(api: Api) -> None:
    who = await api.user("ana")
    column = (await api.board(who, "Ops"))["columns"][0]["id"]
    kept = await api.card(who, column, "Walrus one")
    archived = await api.card(who, column, "Walrus two")
    await _call(api, who, "PATCH", f"/cards/{archived['id']}", 200, json={"archived": True})
    assert set(await found(api, who, "walrus")) == {kept["id"], archived["id"]}
    assert await found(api, who, "walrus", archived="true") == [archived["id"]]
    assert await found(api, who, "walrus", archived="false") == [kept["id"]]
    await _call(api, who, "PATCH", f"/cards/{archived['id']}", 200, json={"archived": False})
    assert set(await found(api, who, "walrus", archived="false")) == {kept["id"], archived["id"]}


async def test_moved_cards_name_their_new_column(api: Api) -> None:
    who = await api.user("ana")
    board = await api.board(who, "Ops")
    first, second = board["columns"][0], board["columns"][1]
    card = await api.card(who, first["id"], "Walrus")
    await _call(
        api,
        who,
        "POST",
        f"/cards/{card['id']}/move",
        200,
        json={"column_id": second["id"], "position": 0},
    )
    r = await api.client.get("/api/v1/search", params={"q": "walrus"}, headers=auth(who))
    [hit] = r.json()["hits"]
    assert (hit["column_id"], hit["column_name"]) == (second["id"], second["name"])


async def test_columns_and_boards_take_their_cards_out(api: Api) -> None:
    who = await api.user("ana")
    board = await api.board(who, "Ops")
    column = board["columns"][0]["id"]
    await api.card(who, column, "Walrus")
    await _call(api, who, "DELETE", f"/columns/{column}", 204)
    assert await found(api, who, "walrus") == []
    other = await api.board(who, "Other")
    await api.card(who, other["columns"][0]["id"], "Narwhal")
    await _call(api, who, "DELETE", f"/boards/{other['id']}", 204)
    assert await found(api, who, "narwhal") == []


async def test_an_imported_board_is_found(api: Api, runtime: Runtime) -> None:
    who = await api.user("ana")
    board = await api.board(who, "Ops")
    card = await api.card(who, board["columns"][0]["id"], "Walrus", description="tusk")
    await api.comment(who, card["id"], "krill")
    me = await actor(runtime, who)
    async with runtime.db.session() as db:
        doc = await export_board(db, me, board["id"])
    await _call(api, who, "DELETE", f"/boards/{board['id']}", 204)
    async with runtime.db.session() as db:
        imported = (await import_board(db, me, doc)).board_id
    hits = await found(api, who, "krill")
    assert len(hits) == 1
    r = await api.client.get("/api/v1/search", params={"q": "tusk"}, headers=auth(who))
    assert r.json()["hits"][0]["board_id"] == imported


async def test_checklists_are_found_by_their_words(api: Api) -> None:
    who = await api.user("ana")
    column = (await api.board(who, "Ops"))["columns"][0]["id"]
    card = await api.card(who, column, "Walrus")
    checklist = await api.checklist(who, card["id"], "Migration", ["feed the krill"])
    assert await found(api, who, "migration") == [card["id"]]
    assert await found(api, who, "krill") == [card["id"]]
    item = checklist["items"][0]["id"]
    await _call(api, who, "PATCH", f"/checklist-items/{item}", 200, json={"text": "plankton"})
    assert await found(api, who, "krill") == []
    assert await found(api, who, "plankton") == [card["id"]]
    await _call(api, who, "DELETE", f"/checklists/{checklist['id']}", 204)
    assert await found(api, who, "plankton") == []
    assert await found(api, who, "migration") == []


async def test_files_are_found_by_their_names(api: Api) -> None:
    who = await api.user("ana")
    column = (await api.board(who, "Ops"))["columns"][0]["id"]
    card = await api.card(who, column, "Walrus")
    made = await _call(
        api,
        who,
        "POST",
        f"/cards/{card['id']}/attachments",
        201,
        files={"file": ("krill-invoice.txt", b"forty tonnes\n", "text/plain")},
    )
    assert await found(api, who, "invoice") == [card["id"]]
    assert await found(api, who, "krill-invoice.txt") == [card["id"]]
    assert await found(api, who, "tonnes") == []  # the name, not what is inside
    await _call(api, who, "DELETE", f"/attachments/{made['id']}", 204)
    assert await found(api, who, "invoice") == []
