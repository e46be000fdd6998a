"""The 304 shortcut in front of the router: it answers a repeated board read only from
what the route itself cached, and hands everything else to the route unchanged."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.types import Receive, Scope, Send

from teamboard.app import API_PREFIX
from teamboard.cards.not_modified import NotModifiedShortcut
from teamboard.core.runtime import Runtime
from tests.support.api import Api, auth
from tests.support.app import BASE_URL, PASSWORD


class Routed:
    """The real application, counting the requests that reached it."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.count = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.count += 1
        await self.app(scope, receive, send)


@pytest.fixture
async def front(app: Any, runtime: Runtime) -> Any:
    routed = Routed(app)
    shortcut = NotModifiedShortcut(routed, runtime=runtime, prefix=API_PREFIX)
    transport = httpx.ASGITransport(app=shortcut)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client, routed


async def test_a_repeated_read_is_answered_without_the_route(api: Api, front: Any) -> None:
    client, routed = front
    owner = await api.user("owner")
    board = await api.board(owner)
    url = f"/api/v1/boards/{board['id']}"
    etag = (await client.get(url, headers=auth(owner))).headers["ETag"]
    assert routed.count == 1

    r = await client.get(url, headers=auth(owner) | {"If-None-Match": etag})
    assert (r.status_code, r.content, r.headers["ETag"]) == (304, b"", etag)
    assert routed.count == 1  # answered in front of the router
    r = await client.get(url, headers=auth(owner) | {"If-None-Match": f'W/"x", {etag}'})
    assert r.status_code == 304 and routed.count == 1


async def test_anything_unknown_goes_to_the_route(api: Api, front: Any) -> None:
    client, routed = front
    owner = await api.user("owner")
    outsider = await api.user("outsider")
    board = await api.board(owner)
    url = f"/api/v1/boards/{board['id']}"
    etag = (await client.get(url, headers=auth(owner))).headers["ETag"]
    cases = [
        (auth(outsider) | {"If-None-Match": etag}, 404),  # not theirs: never a 304
        ({"If-None-Match": etag}, 401),  # nobody
        ({"Authorization": "Bearer not-a-jwt", "If-None-Match": etag}, 401),
        ({"Authorization": "Basic abc", "If-None-Match": etag}, 401),
        (auth(owner) | {"If-None-Match": 'W/"other"'}, 200),
        (auth(owner) | {"If-None-Match": etag + " " * 500}, 422),
    ]
    for n, (headers, status) in enumerate(cases, start=2):
        r = await client.get(url, headers=headers)
        assert r.status_code == status, (headers, r.text)
        assert routed.count == n


async def test_a_change_or_a_removal_is_seen_at_once(api: Api, front: Any) -> None:
    client, routed = front
    owner = await api.user("owner")
    viewer = await api.user("viewer")
    board = await api.board(owner)
    await api.share(owner, board["id"], viewer, "viewer")
    url = f"/api/v1/boards/{board['id']}"
    etag = (await client.get(url, headers=auth(viewer))).headers["ETag"]
    r = await client.get(url, headers=auth(viewer) | {"If-None-Match": etag})
    assert r.status_code == 304

    await api.client.patch(url, json={"name": "Renamed"}, headers=auth(owner))
    r = await client.get(url, headers=auth(viewer) | {"If-None-Match": etag})
    assert r.status_code == 200 and r.json()["name"] == "Renamed"
    etag = r.headers["ETag"]

    r = await api.client.delete(
        f"/api/v1/boards/{board['id']}/members/{viewer['X-User-Id']}", headers=auth(owner)
    )
    assert r.status_code == 204, r.text
    before = routed.count
    r = await client.get(url, headers=auth(viewer) | {"If-None-Match": etag})
    assert r.status_code == 404 and routed.count == before + 1


async def test_the_session_cookie_works_and_log_out_ends_it(api: Api, front: Any) -> None:
    client, routed = front
    owner = await api.user("owner")
    board = await api.board(owner)
    r = await client.post(
        "/api/v1/auth/login", json={"email": owner["X-Email"], "password": PASSWORD}
    )
    assert r.status_code == 200, r.text
    url = f"/api/v1/boards/{board['id']}"
    etag = (await client.get(url)).headers["ETag"]
    before = routed.count
    r = await client.get(url, headers={"If-None-Match": etag})
    assert r.status_code == 304 and routed.count == before

    session = client.cookies["tb_session"]
    csrf = client.cookies["tb_csrf"]
    r = await client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf, "Origin": BASE_URL})
    assert r.status_code == 204, r.text
    client.cookies.set("tb_session", session)  # a copy kept from before the log-out
    r = await client.get(url, headers={"If-None-Match": etag})
    assert r.status_code == 401


async def test_the_304_carries_the_security_and_cache_headers(api: Api, client: Any) -> None:
    owner = await api.user("owner")
    board = await api.board(owner)
    url = f"/api/v1/boards/{board['id']}"
    etag = (await client.get(url, headers=auth(owner))).headers["ETag"]
    r = await client.get(url, headers=auth(owner) | {"If-None-Match": etag})
    assert r.status_code == 304
    assert r.headers["cache-control"] == "no-store"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
