"""Board export and import (portability/service.py), called as the CLI calls them: the
document names people by e-mail and labels by name, never by id, so export → import →
export gives the same document; people this server does not know are left out of the
copy, and only an owner can export. (The commands themselves: tests/test_cli.py.)"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from teamboard.core.errors import Forbidden, NotFound
from teamboard.core.runtime import Runtime
from teamboard.portability.imports import import_board
from teamboard.portability.service import FORMAT, BoardDoc, export_board
from tests.support.api import Api, Headers, actor, auth
from tests.support.boards import populated_board


async def _export(runtime: Runtime, who: Headers, board_id: int) -> BoardDoc:
    async with runtime.db.session() as db:
        return await export_board(db, await actor(runtime, who), board_id)


async def _import(runtime: Runtime, who: Headers, doc: BoardDoc) -> int:
    async with runtime.db.session() as db:
        return (await import_board(db, await actor(runtime, who), doc)).board_id


async def test_export_import_export_is_identical(api: Api, runtime: Runtime) -> None:
    (owner, editor, viewer), board_id = await populated_board(api)
    doc = await _export(runtime, owner, board_id)
    cards = [card for column in doc.columns for card in column.cards]
    assert [c.name for c in doc.columns] == ["To do", "In progress", "Done"]
    assert doc.columns[1].wip_limit == 2
    assert {(m.email, m.role) for m in doc.members} == {
        (owner["X-Email"], "owner"),
        (editor["X-Email"], "editor"),
        (viewer["X-Email"], "viewer"),
    }
    assert [(c.title, c.labels, c.assignees, c.archived) for c in cards] == [
        ("Sign-up form", ["bug", "ui"], [editor["X-Email"]], False),
        ("Dark mode", ["ui"], [], False),
        ("Old idea", [], [], True),
    ]
    comments = cards[0].comments
    assert [(c.author, c.body, c.edited_at is not None) for c in comments] == [
        (owner["X-Email"], "Looks good.", False),
        (editor["X-Email"], "Done", True),
    ]

    lists = [
        (c.title, [(i.text, i.done, i.assignee) for i in c.items]) for c in cards[0].checklists
    ]
    assert lists == [
        (
            "Steps",
            [("Build", False, editor["X-Email"]), ("Design", True, None), ("Test", False, None)],
        ),
        ("Later", [("Polish", False, None)]),
    ]

    copy_id = await _import(runtime, owner, doc)
    assert copy_id != board_id
    assert await _export(runtime, owner, copy_id) == doc
    # The copy's tiles count its checklists.
    r = await api.client.get(f"/api/v1/boards/{copy_id}", headers=auth(owner))
    tile = r.json()["columns"][0]["cards"][0]
    assert (tile["checklist_done"], tile["checklist_total"]) == (1, 4)
    # The members of the original are members of the copy, with the same role; only its
    # owners may take it out (the document names the members by e-mail).
    r = await api.client.get(f"/api/v1/boards/{copy_id}", headers=auth(editor))
    assert r.status_code == 200 and r.json()["role"] == "editor"
    with pytest.raises(Forbidden):
        await _export(runtime, editor, copy_id)


async def test_the_import_is_one_event_on_a_new_board(api: Api, runtime: Runtime) -> None:
    (owner, _editor, _viewer), board_id = await populated_board(api)
    doc = await _export(runtime, owner, board_id)
    published: list[dict[str, Any]] = []
    runtime.publisher.subscribe(published.extend)
    copy_id = await _import(runtime, owner, doc)
    assert [(e["type"], e["board_id"], e["seq"]) for e in published] == [
        ("board.imported", copy_id, 1)
    ]
    r = await api.client.get(f"/api/v1/boards/{copy_id}/activity", headers=auth(owner))
    assert [e["type"] for e in r.json()["items"]] == ["board.imported"]


async def test_people_this_server_does_not_know_are_left_out(api: Api, runtime: Runtime) -> None:
    importer = await api.user("importer")
    stranger = "nobody@elsewhere.example"
    doc = BoardDoc.model_validate(
        {
            "format": FORMAT,
            "name": "Moved here",
            # Listed as a viewer, the importer still owns what they import.
            "members": [
                {"email": importer["X-Email"], "role": "viewer"},
                {"email": stranger, "role": "owner"},
            ],
            "columns": [
                {
                    "name": "Only",
                    "cards": [
                        {
                            "title": "Theirs",
                            "labels": ["missing-label"],
                            "assignees": [stranger],
                            "comments": [
                                {
                                    "author": stranger,
                                    "body": "Hi",
                                    "created_at": "2030-01-02T03:04:05Z",
                                }
                            ],
                        }
                    ],
                }
            ],
        }
    )
    copy = await _export(runtime, importer, await _import(runtime, importer, doc))
    assert [(m.email, m.role) for m in copy.members] == [(importer["X-Email"], "owner")]
    [card] = copy.columns[0].cards
    assert (card.labels, card.assignees) == ([], [])
    assert [(c.author, c.body) for c in card.comments] == [(None, "Hi")]


async def test_only_a_member_exports(api: Api, runtime: Runtime) -> None:
    (owner, _editor, _viewer), board_id = await populated_board(api)
    outsider = await api.user("outsider")
    with pytest.raises(NotFound):
        await _export(runtime, outsider, board_id)
    with pytest.raises(NotFound):
        await _export(runtime, owner, board_id + 1000)


@pytest.mark.parametrize(
    "wrong",
    [
        {"format": "other/9"},
        {"name": ""},
        {"labels": [{"name": "bug", "color": "red"}]},
        {"members": [{"email": "a@example.com", "role": "admin"}]},
        {"columns": [{"name": "C", "cards": [{"title": ""}]}]},
        {"columns": [{"name": "C", "wip_limit": 0}]},
        {"id": 7},
    ],
)
def test_a_document_is_checked_before_anything_is_written(wrong: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        BoardDoc.model_validate({"format": FORMAT, "name": "Board"} | wrong)
