"""A user who is not on a board cannot tell its ids from ids that do not exist: every
route answers 404 with the very body a missing id gets, never 403, and ids of another
board inside a request body are refused exactly like unknown ids."""

from __future__ import annotations

from typing import Any

import pytest

from devkit.api import assert_problem
from devkit.flows import PROBLEM_KEYS
from tests.support.api import Api, Headers, auth
from tests.support.boards import MUTATIONS, READS, Route, World, build_world, snapshot

MISSING = 987_654_321


def missing_ids() -> dict[str, int]:
    kinds = ("board", "column", "column2", "card", "label", "comment", "checklist", "item")
    return dict.fromkeys((*kinds, "attachment"), MISSING) | {"member": MISSING}


async def two_worlds(api: Api) -> tuple[World, World]:
    """A's populated board and B's: B is a real user with real boards of their own."""
    return await build_world(api), await build_world(api)


@pytest.mark.parametrize("route", MUTATIONS, ids=lambda r: r.name)
async def test_a_foreign_id_looks_like_a_missing_one(api: Api, route: Route) -> None:
    a, b = await two_worlds(api)
    await route.prepare(api, a)  # a deletion waiting for its undo is as private
    before = await snapshot(api.client, a)
    body = route.body(a) if route.body else None
    theirs = await api.client.request(route.method, route.url(a), json=body, headers=auth(b.owner))
    missing_url = "/api/v1" + route.path.format(**missing_ids())
    missing = await api.client.request(route.method, missing_url, json=body, headers=auth(b.owner))
    assert_problem(theirs, 404, "not_found")
    assert theirs.json() == missing.json()
    assert set(theirs.json()) == PROBLEM_KEYS
    assert await snapshot(api.client, a) == before


async def test_reads_of_foreign_ids_look_like_missing_ones(api: Api) -> None:
    a, b = await two_worlds(api)
    for path in READS:
        theirs = await api.client.get("/api/v1" + path.format(**a.ids()), headers=auth(b.owner))
        missing = await api.client.get(
            "/api/v1" + path.format(**missing_ids()), headers=auth(b.owner)
        )
        assert_problem(theirs, 404, "not_found")
        assert theirs.json() == missing.json(), path


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
async def test_a_foreign_user_is_not_a_member_of_my_board(api: Api, method: str) -> None:
    """A's members addressed through B's own board: 'no such member', like anyone."""
    a, b = await two_worlds(api)
    body = {"role": "editor"} if method == "PATCH" else None
    url = f"/api/v1/boards/{b.board_id}/members"
    theirs = await api.client.request(
        method, f"{url}/{a.member_id}", json=body, headers=auth(b.owner)
    )
    missing = await api.client.request(method, f"{url}/{MISSING}", json=body, headers=auth(b.owner))
    assert_problem(theirs, 404, "not_found")
    assert theirs.json() == missing.json()


async def refused_alike(api: Api, who: Headers, method: str, url: str, **bodies: Any) -> None:
    """``bodies['theirs']`` (with another board's ids) and ``bodies['missing']`` get the
    same 422."""
    theirs = await api.client.request(method, url, json=bodies["theirs"], headers=auth(who))
    missing = await api.client.request(method, url, json=bodies["missing"], headers=auth(who))
    assert_problem(theirs, 422, "invalid")
    assert theirs.json() == missing.json()


async def test_foreign_ids_in_bodies_are_refused_like_unknown_ones(api: Api) -> None:
    a, b = await two_worlds(api)
    before = await snapshot(api.client, a)
    b_before = await snapshot(api.client, b)
    mine = b.owner
    cards_url = f"/api/v1/columns/{b.columns[0]}/cards"
    await refused_alike(
        api,
        mine,
        "POST",
        cards_url,
        theirs={"title": "x", "label_ids": [a.label_id]},
        missing={"title": "x", "label_ids": [MISSING]},
    )
    await refused_alike(
        api,
        mine,
        "POST",
        cards_url,
        theirs={"title": "x", "assignee_ids": [a.member_id]},
        missing={"title": "x", "assignee_ids": [MISSING]},
    )
    await refused_alike(
        api,
        mine,
        "PATCH",
        f"/api/v1/cards/{b.card_id}",
        theirs={"label_ids": [a.label_id]},
        missing={"label_ids": [MISSING]},
    )
    await refused_alike(
        api,
        mine,
        "POST",
        f"/api/v1/cards/{b.card_id}/move",
        theirs={"column_id": a.columns[1], "position": 0},
        missing={"column_id": MISSING, "position": 0},
    )
    await refused_alike(
        api,
        mine,
        "PUT",
        f"/api/v1/boards/{b.board_id}/columns/order",
        theirs={"column_ids": [*b.columns, a.columns[0]]},
        missing={"column_ids": [*b.columns, MISSING]},
    )
    assert await snapshot(api.client, a) == before
    assert await snapshot(api.client, b) == b_before


async def test_filters_with_foreign_ids_find_nothing(api: Api) -> None:
    a, b = await two_worlds(api)
    for query in (
        f"label={a.label_id}",
        f"assignee={a.member_id}",
        f"column={a.columns[0]}",
        "q=Task",
    ):
        r = await api.client.get(
            f"/api/v1/boards/{b.board_id}/cards?{query}", headers=auth(b.owner)
        )
        assert r.status_code == 200, r.text
        assert {card["board_id"] for card in r.json()["items"]} <= {b.board_id}, query
    r = await api.client.get(f"/api/v1/boards/{b.board_id}/activity", headers=auth(b.owner))
    assert {event["board_id"] for event in r.json()["items"]} == {b.board_id}


async def test_board_lists_show_only_my_boards(api: Api) -> None:
    a, b = await two_worlds(api)
    for world in (a, b):
        r = await api.client.get("/api/v1/boards", headers=auth(world.owner))
        assert [board["id"] for board in r.json()["items"]] == [world.board_id]
        assert r.json()["total"] == 1
    # The outsider of A's world sees no board at all.
    r = await api.client.get("/api/v1/boards", headers=auth(a.outsider))
    assert r.json() == {"items": [], "total": 0, "limit": 50, "offset": 0}


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [("PATCH", "", {"title": "x"}), ("POST", "/move", {"position": 0}), ("DELETE", "", None)],
)
async def test_a_stale_version_on_a_foreign_card_is_404_not_409(
    api: Api, method: str, suffix: str, body: Any
) -> None:
    """The 409 carries the current card: it must never reach a non-member."""
    a, b = await two_worlds(api)
    if suffix:
        body = body | {"column_id": b.columns[0]}
    r = await api.client.request(
        method,
        f"/api/v1/cards/{a.card_id}{suffix}",
        json=body,
        headers=auth(b.owner) | {"If-Match": '"7"'},
    )
    problem = assert_problem(r, 404, "not_found")
    assert "current" not in problem


async def test_a_reused_board_id_shows_nothing_of_the_deleted_board(api: Api) -> None:
    """SQLite hands the id of a deleted newest row to the next insert: whatever is known
    about the old board must not surface on the new one."""
    alice, bob = await api.user("alice"), await api.user("bob")
    old = await api.board(alice, "Alice's secret")
    assert (await api.client.get(f"/api/v1/boards/{old['id']}", headers=auth(alice))).json()
    r = await api.client.delete(f"/api/v1/boards/{old['id']}", headers=auth(alice))
    assert r.status_code == 204
    new = await api.board(bob, "Bob's")
    r = await api.client.get(f"/api/v1/boards/{new['id']}", headers=auth(bob))
    assert r.json()["name"] == "Bob's"
    assert [m["email"] for m in r.json()["members"]] == [bob["X-Email"]]
