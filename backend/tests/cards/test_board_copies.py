"""Copying a board: its structure, or with its visible cards; the caller owns the copy
alone; the copy costs the same number of statements at any size."""

from __future__ import annotations

from typing import Any

from devkit.api import assert_problem
from tests.support.api import Api, Headers, auth, label
from tests.support.app import QueryCounter


async def _copy(api: Api, who: Headers, board_id: int, **body: Any) -> Any:
    return await api.client.post(f"/api/v1/boards/{board_id}/copy", json=body, headers=auth(who))


async def _read(api: Api, who: Headers, board_id: int) -> dict[str, Any]:
    r = await api.client.get(f"/api/v1/boards/{board_id}", headers=auth(who))
    assert r.status_code == 200, r.text
    board: dict[str, Any] = r.json()
    return board


def _shape(board: dict[str, Any]) -> list[Any]:
    """Columns with their WIP limits and cards (title, description, due date, label names)."""
    names = {label["id"]: label["name"] for label in board["labels"]}
    return [
        (
            column["name"],
            column["wip_limit"],
            [
                (
                    c["title"],
                    c["description"],
                    c["due_date"],
                    sorted(names[i] for i in c["label_ids"]),
                )
                for c in column["cards"]
            ],
        )
        for column in board["columns"]
    ]


async def _populated(api: Api, owner: Headers, helper: Headers) -> dict[str, Any]:
    board = await api.board(owner, "Source", description="The plan")
    await api.share(owner, board["id"], helper, "viewer")
    columns = [c["id"] for c in board["columns"]]
    r = await api.client.patch(
        f"/api/v1/columns/{columns[1]}", json={"wip_limit": 2}, headers=auth(owner)
    )
    assert r.status_code == 200, r.text
    bug = await label(api, owner, board["id"], "Bug")
    ux = await label(api, owner, board["id"], "UX")
    first = await api.card(
        owner,
        columns[0],
        "First",
        description="Notes",
        due_date="2031-05-06",
        label_ids=[bug, ux],
        assignee_ids=[int(helper["X-User-Id"])],
    )
    await api.card(owner, columns[0], "Second", label_ids=[ux])
    await api.card(owner, columns[2], "Third")
    archived = await api.card(owner, columns[1], "Archived")
    r = await api.client.patch(
        f"/api/v1/cards/{archived['id']}", json={"archived": True}, headers=auth(owner)
    )
    assert r.status_code == 200, r.text
    await api.comment(owner, first["id"], "A comment stays behind")
    return await _read(api, owner, board["id"])


async def test_a_copy_with_cards_has_the_visible_cards_and_the_caller_as_owner(
    api: Api,
) -> None:
    owner, viewer = await api.user("owner"), await api.user("viewer")
    source = await _populated(api, owner, viewer)

    r = await _copy(api, viewer, source["id"], name="Mine", include_cards=True)

    assert r.status_code == 201, r.text
    made = r.json()
    assert (made["name"], made["description"], made["role"]) == ("Mine", "The plan", "owner")
    assert made["is_template"] is False
    copy = await _read(api, viewer, made["id"])
    assert _shape(copy) == _shape(source)
    assert [c["title"] for col in copy["columns"] for c in col["cards"]] == [
        "First",
        "Second",
        "Third",
    ]
    assert sorted((x["name"], x["color"]) for x in copy["labels"]) == sorted(
        (x["name"], x["color"]) for x in source["labels"]
    )
    # The caller alone, owner; nobody assigned; no comments; their own new ids.
    assert [(m["user_id"], m["role"]) for m in copy["members"]] == [
        (int(viewer["X-User-Id"]), "owner")
    ]
    cards = [c for col in copy["columns"] for c in col["cards"]]
    assert all(c["assignee_ids"] == [] and c["comment_count"] == 0 for c in cards)
    assert not {c["id"] for c in cards} & {
        c["id"] for col in source["columns"] for c in col["cards"]
    }
    assert {c["board_id"] for c in cards} == {made["id"]}
    # The source is untouched, and its owner cannot see the copy.
    assert await _read(api, owner, source["id"]) == source
    r = await api.client.get(f"/api/v1/boards/{made['id']}", headers=auth(owner))
    assert_problem(r, 404, "not_found")
    # Its log starts with the copy.
    r = await api.client.get(f"/api/v1/boards/{made['id']}/activity", headers=auth(viewer))
    assert [(e["type"], e["seq"], e["data"]["name"]) for e in r.json()["items"]] == [
        ("board.copied", 1, "Mine")
    ]


async def test_a_copy_of_the_structure_has_no_cards(api: Api) -> None:
    owner = await api.user("owner")
    source = await _populated(api, owner, await api.user("helper"))

    r = await _copy(api, owner, source["id"], name="Empty")

    assert r.status_code == 201, r.text
    copy = await _read(api, owner, r.json()["id"])
    assert [(c["name"], c["wip_limit"], c["cards"]) for c in copy["columns"]] == [
        (c["name"], c["wip_limit"], []) for c in source["columns"]
    ]
    assert [x["name"] for x in copy["labels"]] == ["Bug", "UX"]


async def test_the_copy_of_cards_is_searchable(api: Api) -> None:
    owner = await api.user("owner")
    board = await api.board(owner, "Source")
    await api.card(owner, board["columns"][0]["id"], "Quarterly zebra report")

    copy = (await _copy(api, owner, board["id"], name="Copy", include_cards=True)).json()

    r = await api.client.get("/api/v1/search", params={"q": "zebra"}, headers=auth(owner))
    assert r.status_code == 200, r.text
    assert sorted(hit["board_id"] for hit in r.json()["hits"]) == [board["id"], copy["id"]]


async def test_only_members_copy_and_bad_input_is_told(api: Api) -> None:
    owner, stranger = await api.user("owner"), await api.user("stranger")
    board = await api.board(owner, "Source")

    r = await _copy(api, stranger, board["id"], name="Stolen")
    assert_problem(r, 404, "not_found")
    r = await _copy(api, owner, board["id"], name="  ", include_cards="maybe")
    assert_problem(r, 422, "invalid")
    assert [e["loc"][-1] for e in r.json()["errors"]] == ["name", "include_cards"]


async def test_a_copy_costs_the_same_statements_at_any_size(
    api: Api, queries: QueryCounter
) -> None:
    owner = await api.user("owner")
    counts = []
    for size in (3, 60):
        board = await api.board(owner, f"Size {size}")
        labels = [await label(api, owner, board["id"], name) for name in ("a", "b")]
        for index in range(size):
            await api.card(
                owner,
                board["columns"][index % 3]["id"],
                f"Card {index}",
                label_ids=labels[: index % 3],
            )
        queries.statements.clear()
        queries.active = True
        r = await _copy(api, owner, board["id"], name="Copy", include_cards=True)
        queries.active = False
        assert r.status_code == 201, r.text
        counts.append(queries.count())
    assert counts[0] == counts[1], queries.statements
