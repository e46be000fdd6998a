"""Cookie sessions: the CSRF rule on writes, Origin checks, log-out and the session list."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from teamboard.accounts.models import BrowserSession
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from tests.support.api import Api, auth
from tests.support.app import PASSWORD
from tests.support.sessions import Login, SpaBrowser, cookie_me_status

EVIL = "http://evil.example"


def assert_csrf_refused(r: httpx.Response) -> None:
    assert r.status_code == 403, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "csrf_failed"


async def display_name(b: SpaBrowser) -> str:
    name: str = (await b.client.get("/api/v1/me")).json()["display_name"]
    return name


async def board_count(b: SpaBrowser) -> int:
    total: int = (await b.client.get("/api/v1/boards")).json()["total"]
    return total


async def session_ids(b: SpaBrowser) -> list[int]:
    r = await b.client.get("/api/v1/me/sessions")
    assert r.status_code == 200, r.text
    return [s["id"] for s in r.json()]


async def current_session_id(b: SpaBrowser) -> int:
    r = await b.client.get("/api/v1/me/sessions")
    (current,) = (s["id"] for s in r.json() if s["current"])
    session_id: int = current
    return session_id


# -- CSRF on cookie-authenticated writes ----------------------------------------------------

HeadersFor = dict[str, Any]
BAD_CSRF: dict[str, HeadersFor] = {
    "no token": {},
    "empty token": {"X-CSRF-Token": ""},
    "wrong token": {"X-CSRF-Token": "not-the-token"},
}


@pytest.mark.parametrize("headers", BAD_CSRF.values(), ids=BAD_CSRF.keys())
async def test_cookie_writes_without_the_right_token_change_nothing(
    api: Api, browser: Login, headers: dict[str, str]
) -> None:
    alice = await api.user("alice")
    b = await browser(alice["X-Email"])
    other = await browser(alice["X-Email"])
    before = await display_name(b)
    c = b.client
    assert_csrf_refused(await c.patch("/api/v1/me", json={"display_name": "X"}, headers=headers))
    assert_csrf_refused(await c.post("/api/v1/boards", json={"name": "B"}, headers=headers))
    other_id = await current_session_id(other)
    assert_csrf_refused(await c.delete(f"/api/v1/me/sessions/{other_id}", headers=headers))
    assert_csrf_refused(await c.post("/api/v1/auth/logout", headers=headers))
    assert await display_name(b) == before
    assert await board_count(b) == 0
    assert sorted(await session_ids(b)) == sorted(await session_ids(other))
    assert len(await session_ids(b)) == 2


async def test_cookie_writes_with_the_right_token_succeed(api: Api, browser: Login) -> None:
    alice = await api.user("alice")
    b = await browser(alice["X-Email"])
    same_site = {**b.csrf_headers(), "Origin": "http://testserver"}
    r = await b.client.patch("/api/v1/me", json={"display_name": "Renamed"}, headers=same_site)
    assert r.status_code == 200, r.text
    assert await display_name(b) == "Renamed"
    r = await b.client.post("/api/v1/boards", json={"name": "B"}, headers=b.csrf_headers())
    assert r.status_code == 201, r.text
    r = await b.client.delete(f"/api/v1/boards/{r.json()['id']}", headers=b.csrf_headers())
    assert r.status_code == 204, r.text


async def test_another_sessions_csrf_token_is_refused(api: Api, browser: Login) -> None:
    alice = await api.user("alice")
    first, second = await browser(alice["X-Email"]), await browser(alice["X-Email"])
    r = await first.client.patch(
        "/api/v1/me", json={"display_name": "X"}, headers=second.csrf_headers()
    )
    assert_csrf_refused(r)


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": EVIL},
        {"Origin": "null"},
        {"Referer": f"{EVIL}/page"},
        {"Origin": "https://testserver"},
    ],
    ids=["foreign origin", "null origin", "foreign referer", "other scheme"],
)
async def test_right_token_from_a_foreign_origin_is_refused(
    api: Api, browser: Login, headers: dict[str, str]
) -> None:
    alice = await api.user("alice")
    b = await browser(alice["X-Email"])
    r = await b.client.patch(
        "/api/v1/me", json={"display_name": "X"}, headers={**b.csrf_headers(), **headers}
    )
    assert_csrf_refused(r)
    assert await display_name(b) != "X"


async def test_bearer_writes_need_no_csrf_token(api: Api, client: httpx.AsyncClient) -> None:
    alice = await api.user("alice")
    r = await client.patch("/api/v1/me", json={"display_name": "Bearer"}, headers=auth(alice))
    assert r.status_code == 200, r.text
    assert r.json()["display_name"] == "Bearer"


async def test_bearer_wins_over_a_cookie_and_skips_csrf(api: Api, browser: Login) -> None:
    alice, bob = await api.user("alice"), await api.user("bob")
    b = await browser(alice["X-Email"])
    r = await b.client.patch("/api/v1/me", json={"display_name": "Bob!"}, headers=auth(bob))
    assert r.status_code == 200, r.text
    assert r.json()["id"] == int(bob["X-User-Id"])
    assert await display_name(b) != "Bob!"


@pytest.mark.parametrize("path", ["/api/v1/auth/login", "/api/v1/auth/signup"])
async def test_foreign_origin_on_login_and_signup_is_refused(
    api: Api, client: httpx.AsyncClient, path: str
) -> None:
    alice = await api.user("alice")
    body = {"email": alice["X-Email"], "password": PASSWORD, "display_name": "Dup"}
    if path.endswith("login"):
        body.pop("display_name")
    r = await client.post(path, json=body, headers={"Origin": EVIL})
    assert_csrf_refused(r)
    assert "tb_session" not in r.headers.get("set-cookie", "")
    r = await client.post(
        "/api/v1/auth/login",
        json={"email": alice["X-Email"], "password": PASSWORD},
        headers={"Origin": "http://testserver"},
    )
    assert r.status_code == 200


# -- log-out ----------------------------------------------------------------------------------


async def test_cookie_logout_ends_the_session(
    api: Api, browser: Login, client: httpx.AsyncClient
) -> None:
    alice = await api.user("alice")
    b, other = await browser(alice["X-Email"]), await browser(alice["X-Email"])
    r = await b.client.post("/api/v1/auth/logout", headers=b.csrf_headers())
    assert r.status_code == 204, r.text
    assert not b.client.cookies.get("tb_session")  # the browser was told to drop it
    assert await cookie_me_status(client, b.session_cookie) == 401  # and replaying it fails
    assert await cookie_me_status(client, other.session_cookie) == 200


async def test_cookie_logout_also_revokes_a_given_refresh_family(
    api: Api, browser: Login, client: httpx.AsyncClient
) -> None:
    alice = await api.user("alice")
    b = await browser(alice["X-Email"])
    r = await b.client.post(
        "/api/v1/auth/logout",
        json={"refresh_token": alice["X-Refresh"]},
        headers=b.csrf_headers(),
    )
    assert r.status_code == 204, r.text
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": alice["X-Refresh"]})
    assert r.status_code == 401


# -- the session list ---------------------------------------------------------------------------


async def test_sessions_are_listed_with_the_current_one_flagged(
    api: Api, browser: Login, client: httpx.AsyncClient
) -> None:
    alice, bob = await api.user("alice"), await api.user("bob")
    first, second = await browser(alice["X-Email"]), await browser(alice["X-Email"])
    await browser(bob["X-Email"])
    r = await first.client.get("/api/v1/me/sessions")
    assert r.status_code == 200, r.text
    sessions = r.json()
    assert len(sessions) == 2
    assert [s["current"] for s in sessions].count(True) == 1
    assert {"id", "user_agent", "ip_address", "created_at", "expires_at"} <= sessions[0].keys()
    assert "token_hash" not in sessions[0] and "csrf_token" not in sessions[0]
    assert await current_session_id(first) != await current_session_id(second)
    r = await client.get("/api/v1/me/sessions", headers=auth(alice))
    assert [s["current"] for s in r.json()] == [False, False]


async def test_revoking_a_session_logs_that_browser_out(api: Api, browser: Login) -> None:
    alice = await api.user("alice")
    first, second = await browser(alice["X-Email"]), await browser(alice["X-Email"])
    target = await current_session_id(second)
    r = await first.client.delete(f"/api/v1/me/sessions/{target}", headers=first.csrf_headers())
    assert r.status_code == 204, r.text
    assert (await second.client.get("/api/v1/me")).status_code == 401
    assert (await first.client.get("/api/v1/me")).status_code == 200
    assert target not in await session_ids(first)
    r = await first.client.delete(f"/api/v1/me/sessions/{target}", headers=first.csrf_headers())
    assert r.status_code == 404  # already gone


async def test_someone_elses_session_is_not_found(api: Api, browser: Login) -> None:
    alice, bob = await api.user("alice"), await api.user("bob")
    a, b = await browser(alice["X-Email"]), await browser(bob["X-Email"])
    bobs = await current_session_id(b)
    r = await a.client.delete(f"/api/v1/me/sessions/{bobs}", headers=a.csrf_headers())
    assert r.status_code == 404, r.text
    assert r.json()["code"] == "not_found"
    assert (await b.client.get("/api/v1/me")).status_code == 200
    r = await a.client.delete("/api/v1/me/sessions/999999", headers=a.csrf_headers())
    assert r.status_code == 404


async def test_an_expired_session_no_longer_works(
    api: Api, browser: Login, runtime: Runtime
) -> None:
    alice = await api.user("alice")
    old, fresh = await browser(alice["X-Email"]), await browser(alice["X-Email"])
    expired = await current_session_id(old)
    async with runtime.db.session() as s:
        await s.execute(
            update(BrowserSession)
            .where(BrowserSession.id == expired)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
        await s.commit()
    # Written behind the app's back (as time passing would): the access cache's entry
    # would only expire after TEAMBOARD_CACHE_SECONDS.
    runtime.db.access.clear()
    assert (await old.client.get("/api/v1/me")).status_code == 401
    assert expired not in await session_ids(fresh)
    assert (await fresh.client.get("/api/v1/me")).status_code == 200
