"""Every board-scoped route against every kind of caller: a non-member learns nothing
(404), a viewer reads but never writes (403), an editor works on the board's content but
not on its membership or existence, an owner does everything. A refused request changes
nothing; an allowed one appends exactly one event to the board's log (a copy of the board,
none: it is another board's first)."""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute

from devkit.api import assert_problem
from tests.support.api import Api, auth
from tests.support.boards import (
    MUTATIONS,
    READS,
    Route,
    actor_with_role,
    board_seq,
    build_world,
    snapshot,
)

# How far each role reaches (None: not a member of the board).
RANK = {None: -1, "viewer": 0, "editor": 1, "owner": 2}
CALLERS = [None, "viewer", "editor", "owner"]


def expected(route: Route, role: str | None) -> int:
    if role is None:
        return 404
    return route.ok if RANK[role] >= RANK[route.need] else 403


def test_the_table_is_complete() -> None:
    """Each mutating board-scoped route of the boards, cards and checklists routers is in the matrix
    (``POST /boards`` has no board yet; an invitation's own routes are the invitee's or
    its board's owners', tests/boards/test_invitations.py)."""
    from teamboard.attachments.api import router as attachments
    from teamboard.boards.api import router as boards
    from teamboard.cards.api import router as cards
    from teamboard.cards.checklist_api import router as checklists

    routes = [*boards.routes, *cards.routes, *checklists.routes, *attachments.routes]
    assert all(isinstance(route, APIRoute) for route in routes)
    declared = {
        (method, route.path)
        for route in routes
        if isinstance(route, APIRoute)
        for method in route.methods or ()  # always a set on an APIRoute
        if method != "GET" and route.path != "/boards"
        if not route.path.startswith("/invitations/")
    }

    def template(path: str) -> str:
        for name, param in [
            ("board", "board_id"),
            ("member", "user_id"),
            ("column", "column_id"),
            ("label", "label_id"),
            ("card", "card_id"),
            ("comment", "comment_id"),
            ("checklist", "checklist_id"),
            ("item", "item_id"),
            ("attachment", "attachment_id"),
        ]:
            path = path.replace("{" + name + "}", "{" + param + "}")
        return path

    covered = {(r.method, template(r.path)) for r in MUTATIONS}
    assert declared == covered


@pytest.mark.parametrize("role", CALLERS, ids=lambda r: r or "non-member")
@pytest.mark.parametrize("route", MUTATIONS, ids=lambda r: r.name)
async def test_mutation(api: Api, route: Route, role: str | None) -> None:
    world = await build_world(api)
    actor = await actor_with_role(api, world, role)
    await route.prepare(api, world)
    before = await snapshot(api.client, world)
    body = route.body(world) if route.body else None
    files = route.files(world) if route.files else None
    r = await api.client.request(
        route.method, route.url(world), json=body, files=files, headers=auth(actor)
    )
    status = expected(route, role)
    if status >= 400:
        assert_problem(r, status, "not_found" if status == 404 else "forbidden")
        assert await snapshot(api.client, world) == before
        return
    assert r.status_code == status, r.text
    if status == 204:
        assert r.content == b""
    if not route.writes:
        assert await snapshot(api.client, world) == before
        return
    if route.path == "/boards/{board}" and route.method == "DELETE":
        gone = await api.client.get(route.url(world), headers=auth(world.owner))
        assert_problem(gone, 404, "not_found")
        return
    assert await board_seq(api.client, world) == before["seq"] + route.events
    assert await snapshot(api.client, world) != before


@pytest.mark.parametrize("role", CALLERS, ids=lambda r: r or "non-member")
async def test_reads(api: Api, role: str | None) -> None:
    """Reads change nothing, so one board serves every read route."""
    world = await build_world(api)
    actor = await actor_with_role(api, world, role)
    for path in READS:
        r = await api.client.get("/api/v1" + path.format(**world.ids()), headers=auth(actor))
        if role is None:
            assert_problem(r, 404, "not_found")
        else:
            assert r.status_code == 200, (path, r.text)


@pytest.mark.parametrize("role", ["viewer", "editor"])
async def test_a_member_sees_their_role_on_the_board(api: Api, role: str) -> None:
    world = await build_world(api)
    actor = await actor_with_role(api, world, role)
    r = await api.client.get(f"/api/v1/boards/{world.board_id}", headers=auth(actor))
    assert r.json()["role"] == role
    r = await api.client.get("/api/v1/boards", headers=auth(actor))
    assert [(b["id"], b["role"]) for b in r.json()["items"]] == [(world.board_id, role)]


async def test_unauthenticated_is_401_everywhere(api: Api) -> None:
    world = await build_world(api)
    for route in MUTATIONS:
        body = route.body(world) if route.body else None
        r = await api.client.request(route.method, route.url(world), json=body)
        assert_problem(r, 401, "unauthenticated")
    for path in READS:
        r = await api.client.get("/api/v1" + path.format(**world.ids()))
        assert_problem(r, 401, "unauthenticated")
