"""Bad input on every create and update route is a 422 problem naming the field, never a
500 and never a partial write; bad ids in paths are 422, well-formed unknown ids 404."""

from __future__ import annotations

import re
from typing import Any

import pytest

from devkit.api import assert_problem
from tests.support.api import Api, auth
from tests.support.boards import MUTATIONS, READS, build_world, snapshot

HUGE = 99_999_999_999_999_999_999_999
MAX_ID = 9_223_372_036_854_775_807
LONG_TITLE = "x" * 201
LONG_NAME = "x" * 101

TITLES: list[Any] = ["", "   ", LONG_TITLE, "a\x00b", "line\nbreak", "esc\x1b", 5, ["x"]]
NAMES: list[Any] = ["", "   ", LONG_NAME, "a\x00b", "tab\tname", 5]

BAD: dict[tuple[str, str], list[Any]] = {
    ("POST", "/boards"): [
        {},
        *({"name": name} for name in TITLES),
        {"name": "Ok", "description": "bell\x07"},
        {"name": "Ok", "description": "x" * 20_001},
        {"name": "Ok", "columns": "To do"},
        {"name": "Ok", "template": "kanban"},
        {"name": "Ok", "template": "builtin:nothing"},
        {"name": "Ok", "template": 1},
        {"name": "Ok", "columns": ["   "]},
        {"name": "Ok", "columns": [LONG_NAME]},
        {"name": "Ok", "columns": ["c"] * 51},
        {"name": "Ok", "owner_id": 1},
        [],
        "Ok",
    ],
    ("PATCH", "/boards/{board}"): [
        *({"name": name} for name in TITLES),
        {"description": "nul\x00"},
        {"archived": "maybe"},
        {"archived": 2},
        {"seq": 9},
        [],
    ],
    ("POST", "/boards/{board}/members"): [
        {},
        {"email": "not-an-email"},
        {"email": 5},
        {"email": "someone@example.com", "role": "admin"},
        {"email": "someone@example.com", "role": None},
        {"email": "someone@example.com", "user_id": 1},
    ],
    ("PATCH", "/boards/{board}/members/{member}"): [
        {},
        {"role": "god"},
        {"role": "OWNER"},
        {"role": 2},
    ],
    ("POST", "/boards/{board}/columns"): [
        {},
        *({"name": name} for name in NAMES),
        {"name": "Ok", "wip_limit": 0},
        {"name": "Ok", "wip_limit": -1},
        {"name": "Ok", "wip_limit": 10_001},
        {"name": "Ok", "wip_limit": "many"},
        {"name": "Ok", "position": -1},
        {"name": "Ok", "position": 1.5},
        {"name": "Ok", "position": 1_000_001},
        {"name": "Ok", "position": HUGE},
    ],
    ("PATCH", "/columns/{column}"): [
        *({"name": name} for name in NAMES),
        {"wip_limit": 0},
        {"position": -1},
        {"version": 0},
        {"version": "x"},
        {"version": HUGE},
        {"board_id": 1},
    ],
    ("PUT", "/boards/{board}/columns/order"): [
        {},
        {"column_ids": "1,2,3"},
        {"column_ids": [0]},
        {"column_ids": [-1]},
        {"column_ids": ["a"]},
        {"column_ids": [HUGE]},
        {"column_ids": [1] * 201},
    ],
    ("POST", "/boards/{board}/labels"): [
        {},
        {"name": "   "},
        {"name": "x" * 51},
        {"name": "Ok", "color": "red"},
    ],
    ("PATCH", "/labels/{label}"): [{"name": "   "}, {"color": "red"}, {"board_id": 2}],
    ("POST", "/columns/{column}/cards"): [
        {},
        *({"title": title} for title in TITLES),
        {"title": "Ok", "description": "nul\x00"},
        {"title": "Ok", "due_date": "tomorrow"},
        {"title": "Ok", "due_date": "1899-12-31"},
        {"title": "Ok", "label_ids": [0]},
        {"title": "Ok", "label_ids": "1"},
        {"title": "Ok", "label_ids": list(range(1, 52))},
        {"title": "Ok", "assignee_ids": [HUGE]},
        {"title": "Ok", "position": -1},
        {"title": "Ok", "column_id": 1},
    ],
    ("PATCH", "/cards/{card}"): [
        *({"title": title} for title in TITLES),
        {"version": 0},
        {"archived": "maybe"},
        {"due_date": "31/12/2030"},
        {"column_id": 1},
        {"position": 0},
    ],
    ("POST", "/cards/{card}/move"): [
        {},
        {"column_id": "{column2}"},
        {"position": 0},
        {"column_id": "{column2}", "position": -1},
        {"column_id": 0, "position": 0},
        {"column_id": HUGE, "position": 0},
        {"column_id": "first", "position": 0},
        {"column_id": "{column2}", "position": 0, "version": 0},
    ],
    ("POST", "/cards/{card}/copy"): [
        {},
        {"column_id": 0},
        {"column_id": "{column2}", "position": -1},
        {"column_id": "{column2}", "title": ""},
        {"column_id": "{column2}", "include": "labels"},
        {"column_id": "{column2}", "include": ["comments"]},
    ],
    ("POST", "/boards/{board}/copy"): [
        {},
        *({"name": name} for name in TITLES),
        {"name": "Ok", "include_cards": "perhaps"},
        {"name": "Ok", "columns": []},
    ],
    ("POST", "/cards/{card}/comments"): [
        {},
        {"body": ""},
        {"body": "   \n\t "},
        {"body": "nul\x00"},
        {"body": 3},
    ],
    ("PATCH", "/comments/{comment}"): [{}, {"body": " "}, {"body": None}],
    ("POST", "/cards/{card}/checklists"): [
        {},
        *({"title": title} for title in TITLES),
        {"title": "Ok", "position": -1},
        {"title": "Ok", "position": HUGE},
        {"title": "Ok", "card_id": 1},
    ],
    ("PATCH", "/checklists/{checklist}"): [
        {"title": "   "},
        {"position": "first"},
        {"position": 1.5},
    ],
    ("POST", "/checklists/{checklist}/items"): [
        {},
        {"text": ""},
        {"text": "x" * 501},
        {"text": "a\x00b"},
        {"text": "Ok", "assignee_id": 0},
        {"text": "Ok", "assignee_id": "me"},
        {"text": "Ok", "due_at": "soon"},
        {"text": "Ok", "done": "yes please"},
    ],
    ("PATCH", "/checklist-items/{item}"): [
        {"text": "  "},
        {"done": "maybe"},
        {"done": 2},
        {"position": -1},
        {"checklist_id": 0},
        {"checklist_id": HUGE},
        {"due_at": "1899-12-31"},
        {"card_id": 1},
    ],
    ("POST", "/checklist-items/{item}/convert"): [
        {"position": -1},
        {"position": "top"},
        {"column_id": 1},
        [],
    ],
    # Not a form with a file (a JSON body): refused as a missing file.
    ("POST", "/cards/{card}/attachments"): [{}, {"file": "text"}],
    ("PUT", "/cards/{card}/cover"): [
        {},
        {"attachment_id": 0},
        {"attachment_id": "first"},
        {"attachment_id": HUGE},
        {"attachment_id": 987_654_321},  # no such attachment
    ],
}


def fill(value: Any, ids: dict[str, Any]) -> Any:
    """``"{column2}"`` in a body becomes that id (an int)."""
    if isinstance(value, dict):
        return {key: fill(item, ids) for key, item in value.items()}
    if isinstance(value, str) and re.fullmatch(r"\{\w+\}", value):
        return ids[value[1:-1]]
    return value


@pytest.mark.parametrize(("method", "path"), list(BAD), ids=[f"{m} {p}" for m, p in BAD])
async def test_bad_bodies_are_422_and_change_nothing(api: Api, method: str, path: str) -> None:
    world = await build_world(api)
    before = await snapshot(api.client, world)
    url = "/api/v1" + path.format(**world.ids())
    for body in BAD[(method, path)]:
        r = await api.client.request(
            method, url, json=fill(body, world.ids()), headers=auth(world.owner)
        )
        problem = assert_problem(r, 422, "invalid")
        assert problem["errors"], (body, problem)
        assert all(isinstance(e["loc"], list) for e in problem["errors"])
    assert await snapshot(api.client, world) == before
    r = await api.client.get("/api/v1/boards", headers=auth(world.owner))
    assert r.json()["total"] == 1


@pytest.mark.parametrize(("method", "path"), [*BAD][:6], ids=[f"{m} {p}" for m, p in [*BAD][:6]])
async def test_malformed_json_is_400(api: Api, method: str, path: str) -> None:
    world = await build_world(api)
    r = await api.client.request(
        method,
        "/api/v1" + path.format(**world.ids()),
        content=b'{"name": ',
        headers=auth(world.owner) | {"Content-Type": "application/json"},
    )
    assert_problem(r, 400, "bad_request")


ALL_ROUTES = [(r.method, r.path, r.body) for r in MUTATIONS] + [
    ("GET", path, None) for path in READS
]


@pytest.mark.parametrize("bad", [str(HUGE), str(MAX_ID + 1), "0", "-1", "abc", "1.5", "1e3", " "])
async def test_bad_ids_in_paths_are_422(api: Api, bad: str) -> None:
    world = await build_world(api)
    before = await snapshot(api.client, world)
    for method, path, body in ALL_ROUTES:
        for name in re.findall(r"\{(\w+)\}", path):
            url = "/api/v1" + path.format(**(world.ids() | {name: bad}))
            data = body(world) if body else None
            r = await api.client.request(method, url, json=data, headers=auth(world.owner))
            assert_problem(r, 422, "invalid")
    assert await snapshot(api.client, world) == before


@pytest.mark.parametrize("unknown", [MAX_ID, 987_654_321])
async def test_well_formed_unknown_ids_are_404(api: Api, unknown: int) -> None:
    world = await build_world(api)
    before = await snapshot(api.client, world)
    for method, path, body in ALL_ROUTES:
        for name in re.findall(r"\{(\w+)\}", path):
            if name == "member" and method == "DELETE":
                continue  # an owner leaving is checked below
            url = "/api/v1" + path.format(**(world.ids() | {name: unknown}))
            data = body(world) if body else None
            r = await api.client.request(method, url, json=data, headers=auth(world.owner))
            assert_problem(r, 404, "not_found")
    r = await api.client.delete(
        f"/api/v1/boards/{world.board_id}/members/{unknown}", headers=auth(world.owner)
    )
    assert_problem(r, 404, "not_found")
    assert await snapshot(api.client, world) == before


@pytest.mark.parametrize(
    "query", [f"label={HUGE}", "assignee=0", "column=-1", "due_before=someday", "q=" + "x" * 201]
)
async def test_bad_card_filters_are_422(api: Api, query: str) -> None:
    world = await build_world(api)
    r = await api.client.get(
        f"/api/v1/boards/{world.board_id}/cards?{query}", headers=auth(world.owner)
    )
    assert_problem(r, 422, "invalid")


async def test_an_unknown_column_in_a_move_is_422(api: Api) -> None:
    world = await build_world(api)
    before = await snapshot(api.client, world)
    r = await api.client.post(
        f"/api/v1/cards/{world.card_id}/move",
        json={"column_id": MAX_ID, "position": 0},
        headers=auth(world.owner),
    )
    problem = assert_problem(r, 422, "invalid")
    assert problem["errors"][0]["loc"] == ["body", "column_id"]
    assert await snapshot(api.client, world) == before


def test_every_write_route_has_bad_bodies() -> None:
    # Neither a deletion nor its undo takes a body.
    writes = {(r.method, r.path) for r in MUTATIONS if r.method != "DELETE" and not r.undoes}
    assert writes <= set(BAD)
