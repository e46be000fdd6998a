"""Copying a card: within its board or to another the caller edits, with the parts asked
for; labels by name onto another board, assignees only if members there."""

from __future__ import annotations

from typing import Any

from devkit.api import assert_problem
from tests.support.api import Api, Headers, auth, label


async def _copy(api: Api, who: Headers, card_id: int, **body: Any) -> Any:
    return await api.client.post(f"/api/v1/cards/{card_id}/copy", json=body, headers=auth(who))


async def _events(api: Api, who: Headers, board_id: int) -> list[dict[str, Any]]:
    r = await api.client.get(f"/api/v1/boards/{board_id}/activity", headers=auth(who))
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


async def test_a_copy_on_the_same_board_keeps_everything_but_the_comments(api: Api) -> None:
    owner, helper = await api.user("owner"), await api.user("helper")
    board = await api.board(owner, "Work")
    await api.share(owner, board["id"], helper, "editor")
    todo, doing = board["columns"][0]["id"], board["columns"][1]["id"]
    bug = await label(api, owner, board["id"], "Bug")
    card = await api.card(
        owner,
        todo,
        "Fix it",
        description="Steps",
        due_date="2030-01-02",
        label_ids=[bug],
        assignee_ids=[int(helper["X-User-Id"])],
    )
    await api.comment(owner, card["id"], "Seen it")
    await api.card(owner, doing, "Already there")

    r = await _copy(api, helper, card["id"], column_id=doing, position=0)

    assert r.status_code == 201, r.text
    copy = r.json()
    assert copy["id"] != card["id"]
    assert (copy["column_id"], copy["position"], copy["title"]) == (doing, 0, "Fix it")
    assert (copy["description"], copy["due_date"]) == ("Steps", "2030-01-02")
    assert copy["label_ids"] == [bug]
    assert copy["assignee_ids"] == [int(helper["X-User-Id"])]
    assert copy["creator_id"] == int(helper["X-User-Id"])
    r = await api.client.get(f"/api/v1/cards/{copy['id']}/comments", headers=auth(owner))
    assert r.json()["total"] == 0
    shown = await api.client.get(f"/api/v1/boards/{board['id']}", headers=auth(owner))
    tiles = shown.json()["columns"][1]["cards"]
    assert [t["title"] for t in tiles] == ["Fix it", "Already there"]
    assert tiles[0]["comment_count"] == 0
    latest = (await _events(api, owner, board["id"]))[0]
    assert (latest["type"], latest["data"]["card"]["id"]) == ("card.created", copy["id"])


async def test_include_picks_the_parts_and_a_title_may_be_given(api: Api) -> None:
    owner = await api.user("owner")
    board = await api.board(owner)
    column = board["columns"][0]["id"]
    bug = await label(api, owner, board["id"], "Bug")
    me = int(owner["X-User-Id"])
    card = await api.card(owner, column, "Original", label_ids=[bug], assignee_ids=[me])

    r = await _copy(api, owner, card["id"], column_id=column, title="Second", include=[])

    assert r.status_code == 201, r.text
    assert (r.json()["title"], r.json()["label_ids"], r.json()["assignee_ids"]) == (
        "Second",
        [],
        [],
    )
    r = await _copy(api, owner, card["id"], column_id=column, include=["assignees"])
    assert (r.json()["label_ids"], r.json()["assignee_ids"]) == ([], [me])
    assert r.json()["position"] == 2  # none given: last


async def test_labels_go_by_name_to_another_board_made_there_when_missing(api: Api) -> None:
    owner = await api.user("owner")
    source = await api.board(owner, "Source")
    target = await api.board(owner, "Target")
    bug = await label(api, owner, source["id"], "Bug")
    ux = await label(api, owner, source["id"], "UX")
    there = await label(api, owner, target["id"], "bug")  # the same name, told apart by case
    card = await api.card(owner, source["columns"][0]["id"], "Card", label_ids=[bug, ux])
    seq = (await api.client.get(f"/api/v1/boards/{target['id']}", headers=auth(owner))).json()[
        "seq"
    ]

    r = await _copy(api, owner, card["id"], column_id=target["columns"][2]["id"])

    assert r.status_code == 201, r.text
    labels = (
        await api.client.get(f"/api/v1/boards/{target['id']}/labels", headers=auth(owner))
    ).json()
    assert sorted((x["name"], x["color"]) for x in labels) == [
        ("UX", "#123abc"),
        ("bug", "#123abc"),
    ]
    made = next(x["id"] for x in labels if x["name"] == "UX")
    assert r.json()["label_ids"] == sorted([there, made])
    assert r.json()["board_id"] == target["id"]
    events = await _events(api, owner, target["id"])
    assert [(e["type"], e["seq"]) for e in events[:2]] == [
        ("card.created", seq + 2),
        ("label.created", seq + 1),
    ]
    # The source is as it was.
    r = await api.client.get(f"/api/v1/cards/{card['id']}", headers=auth(owner))
    assert r.json()["label_ids"] == sorted([bug, ux])


async def test_assignees_come_along_only_if_members_of_the_target(api: Api) -> None:
    owner, both, one = await api.user("owner"), await api.user("both"), await api.user("one")
    source = await api.board(owner, "Source")
    target = await api.board(owner, "Target")
    await api.share(owner, source["id"], both, "editor")
    await api.share(owner, source["id"], one, "editor")
    await api.share(owner, target["id"], both, "viewer")
    ids = sorted(int(x["X-User-Id"]) for x in (both, one))
    card = await api.card(owner, source["columns"][0]["id"], "Card", assignee_ids=ids)

    r = await _copy(api, owner, card["id"], column_id=target["columns"][0]["id"])

    assert r.status_code == 201, r.text
    assert r.json()["assignee_ids"] == [int(both["X-User-Id"])]


async def test_the_target_must_be_a_board_the_caller_edits(api: Api) -> None:
    owner, viewer = await api.user("owner"), await api.user("viewer")
    source = await api.board(owner, "Source")
    mine = await api.board(viewer, "Mine")
    await api.share(owner, source["id"], viewer, "viewer")
    card = await api.card(owner, source["columns"][0]["id"], "Card")
    strangers = await api.board(await api.user("stranger"), "Theirs")

    # A viewer of the source copies it to a board of their own ...
    r = await _copy(api, viewer, card["id"], column_id=mine["columns"][0]["id"])
    assert r.status_code == 201, r.text
    # ... but not onto the board they only view, nor onto a board they are not on.
    r = await _copy(api, viewer, card["id"], column_id=source["columns"][0]["id"])
    assert_problem(r, 403, "forbidden")
    r = await _copy(api, viewer, card["id"], column_id=strangers["columns"][0]["id"])
    assert_problem(r, 404, "not_found")
    # Nor a card of a board they are not on.
    theirs = await api.card(owner, (await api.board(owner, "Private"))["columns"][0]["id"], "X")
    r = await _copy(api, viewer, theirs["id"], column_id=mine["columns"][0]["id"])
    assert_problem(r, 404, "not_found")


async def test_unknown_parts_are_refused_in_words(api: Api) -> None:
    owner = await api.user("owner")
    board = await api.board(owner)
    column = board["columns"][0]["id"]
    card = await api.card(owner, column, "Card")

    r = await _copy(api, owner, card["id"], column_id=column, include=["labels", "comments"])

    assert_problem(r, 422, "invalid")
    errors = r.json()["errors"]
    assert [(e["loc"], e["msg"]) for e in errors] == [
        (
            ["body", "include", 1],
            "Choose a part to copy from the list: labels, assignees, checklists or attachments.",
        )
    ]
