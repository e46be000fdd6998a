"""Password change and administrative deactivation end the right credentials."""

from __future__ import annotations

import httpx

from teamboard.core.runtime import Runtime
from tests.support.api import Api, auth
from tests.support.app import PASSWORD
from tests.support.sessions import Login, bearer, cookie_me_status, create_admin, me_status

NEW_PASSWORD = "a brand new passphrase"


async def refresh_status(client: httpx.AsyncClient, token: str) -> int:
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": token})
    return r.status_code


async def login_status(client: httpx.AsyncClient, email: str, password: str) -> int:
    r = await client.post("/api/v1/auth/token", data={"username": email, "password": password})
    return r.status_code


# -- password change ------------------------------------------------------------------------


async def test_wrong_current_password_is_refused_and_changes_nothing(
    api: Api, browser: Login, client: httpx.AsyncClient
) -> None:
    alice = await api.user("alice")
    b, other = await browser(alice["X-Email"]), await browser(alice["X-Email"])
    r = await b.client.post(
        "/api/v1/me/password",
        json={"current_password": "not my password", "new_password": NEW_PASSWORD},
        headers=b.csrf_headers(),
    )
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "invalid"
    assert [e["loc"] for e in r.json()["errors"]] == [["body", "current_password"]]
    assert await me_status(other.client) == 200
    assert await me_status(client, auth(alice)) == 200
    assert await login_status(client, alice["X-Email"], PASSWORD) == 200
    assert await login_status(client, alice["X-Email"], NEW_PASSWORD) == 401


async def test_new_password_must_follow_the_rules(api: Api, client: httpx.AsyncClient) -> None:
    alice = await api.user("alice")
    for weak in ("short", "password123"):
        r = await client.post(
            "/api/v1/me/password",
            json={"current_password": PASSWORD, "new_password": weak},
            headers=auth(alice),
        )
        assert r.status_code == 422, r.text
        assert r.json()["errors"][0]["loc"] == ["body", "new_password"]
    assert await me_status(client, auth(alice)) == 200


async def test_password_change_ends_other_sessions_and_all_tokens(
    api: Api, browser: Login, client: httpx.AsyncClient
) -> None:
    alice, bob = await api.user("alice"), await api.user("bob")
    here, elsewhere = await browser(alice["X-Email"]), await browser(alice["X-Email"])
    bobs_browser = await browser(bob["X-Email"])
    r = await here.client.post(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=here.csrf_headers(),
    )
    assert r.status_code == 204, r.text
    assert await me_status(here.client) == 200  # the session that made the change stays
    r = await here.client.patch(
        "/api/v1/me", json={"display_name": "Still here"}, headers=here.csrf_headers()
    )
    assert r.status_code == 200  # ...with the same CSRF token
    assert await me_status(elsewhere.client) == 401
    assert await me_status(client, auth(alice)) == 401  # old access token
    assert await refresh_status(client, alice["X-Refresh"]) == 401
    assert await login_status(client, alice["X-Email"], PASSWORD) == 401
    assert await login_status(client, alice["X-Email"], NEW_PASSWORD) == 200
    # Nobody else is affected.
    assert await me_status(bobs_browser.client) == 200
    assert await me_status(client, auth(bob)) == 200
    assert await refresh_status(client, bob["X-Refresh"]) == 200


async def test_password_change_over_bearer_ends_every_browser_session(
    api: Api, browser: Login, client: httpx.AsyncClient
) -> None:
    alice = await api.user("alice")
    b = await browser(alice["X-Email"])
    r = await client.post(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=auth(alice),
    )
    assert r.status_code == 204, r.text
    assert await me_status(b.client) == 401
    assert await me_status(client, auth(alice)) == 401


async def test_password_change_needs_the_csrf_token_with_a_cookie(
    api: Api, browser: Login, client: httpx.AsyncClient
) -> None:
    alice = await api.user("alice")
    b = await browser(alice["X-Email"])
    r = await b.client.post(
        "/api/v1/me/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert r.status_code == 403
    assert await login_status(client, alice["X-Email"], PASSWORD) == 200


# -- administrative deactivation ----------------------------------------------------------------


async def test_deactivation_ends_all_sessions_and_tokens(
    api: Api, browser: Login, client: httpx.AsyncClient, runtime: Runtime
) -> None:
    admin = await create_admin(runtime, client)
    alice, bob = await api.user("alice"), await api.user("bob")
    b = await browser(alice["X-Email"])
    bobs_browser = await browser(bob["X-Email"])
    user_url = f"/api/v1/admin/users/{alice['X-User-Id']}"
    r = await client.patch(user_url, json={"is_active": False}, headers=admin)
    assert r.status_code == 200, r.text
    assert r.json()["is_active"] is False
    assert await me_status(b.client) == 401
    assert await me_status(client, auth(alice)) == 401
    assert await refresh_status(client, alice["X-Refresh"]) == 401
    unknown = await client.post(
        "/api/v1/auth/login", json={"email": "nobody@example.com", "password": PASSWORD}
    )
    inactive = await client.post(
        "/api/v1/auth/login", json={"email": alice["X-Email"], "password": PASSWORD}
    )
    assert inactive.status_code == 401 and inactive.json() == unknown.json()
    assert await me_status(bobs_browser.client) == 200
    assert await me_status(client, auth(bob)) == 200

    # Reactivation does not bring the old credentials back: they were revoked, not paused.
    r = await client.patch(user_url, json={"is_active": True}, headers=admin)
    assert r.status_code == 200, r.text
    assert await cookie_me_status(client, b.session_cookie) == 401
    assert await me_status(client, auth(alice)) == 401
    assert await refresh_status(client, alice["X-Refresh"]) == 401
    assert await login_status(client, alice["X-Email"], PASSWORD) == 200


async def test_non_admin_cannot_administer(
    api: Api, client: httpx.AsyncClient, runtime: Runtime
) -> None:
    await create_admin(runtime, client)
    alice, bob = await api.user("alice"), await api.user("bob")
    r = await client.patch(
        f"/api/v1/admin/users/{bob['X-User-Id']}", json={"is_active": False}, headers=auth(alice)
    )
    assert r.status_code == 403, r.text
    assert r.json()["code"] == "forbidden"
    r = await client.patch(
        f"/api/v1/admin/users/{alice['X-User-Id']}", json={"is_admin": True}, headers=auth(alice)
    )
    assert r.status_code == 403
    assert (await client.get("/api/v1/admin/users", headers=auth(alice))).status_code == 403
    assert await me_status(client, auth(bob)) == 200
    assert (await client.get("/api/v1/me", headers=auth(alice))).json()["is_admin"] is False


async def test_admin_lists_users_and_cannot_lock_themself_out(
    api: Api, client: httpx.AsyncClient, runtime: Runtime
) -> None:
    admin = await create_admin(runtime, client)
    await api.user("alice")
    r = await client.get("/api/v1/admin/users", headers=admin)
    assert r.status_code == 200, r.text
    assert r.json()["total"] == 2
    admin_id = next(u["id"] for u in r.json()["items"] if u["is_admin"])
    for change in ({"is_active": False}, {"is_admin": False}):
        r = await client.patch(f"/api/v1/admin/users/{admin_id}", json=change, headers=admin)
        assert r.status_code == 409, r.text
    assert await me_status(client, admin) == 200
    r = await client.patch("/api/v1/admin/users/999999", json={"is_active": False}, headers=admin)
    assert r.status_code == 404


async def test_deactivation_also_ends_a_rotated_pair(
    api: Api, client: httpx.AsyncClient, runtime: Runtime
) -> None:
    admin = await create_admin(runtime, client)
    alice = await api.user("alice")
    pair = (
        await client.post("/api/v1/auth/refresh", json={"refresh_token": alice["X-Refresh"]})
    ).json()
    await client.patch(
        f"/api/v1/admin/users/{alice['X-User-Id']}", json={"is_active": False}, headers=admin
    )
    assert await me_status(client, bearer(pair["access_token"])) == 401
    assert await refresh_status(client, pair["refresh_token"]) == 401
