"""Sign-up rules and the browser log-in (cookies, CSRF token, indistinguishable failures)."""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any

import httpx
import pytest

from devkit.api import assert_problem
from devkit.flows import CSRF_COOKIE, SESSION_COOKIE
from tests.support.api import Api
from tests.support.app import PASSWORD
from tests.support.sessions import Login


async def signup(
    client: httpx.AsyncClient, email: str, password: str = PASSWORD, name: str = "Someone"
) -> httpx.Response:
    return await client.post(
        "/api/v1/auth/signup", json={"email": email, "password": password, "display_name": name}
    )


def field_locs(body: dict[str, Any]) -> list[list[Any]]:
    return [e["loc"] for e in body["errors"]]


def set_cookies(r: httpx.Response) -> dict[str, SimpleCookie]:
    cookies: dict[str, SimpleCookie] = {}
    for header in r.headers.get_list("set-cookie"):
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        for name in jar:
            cookies[name] = jar
    return cookies


# -- sign-up -------------------------------------------------------------------------


async def test_sign_up_creates_an_active_ordinary_account(client: httpx.AsyncClient) -> None:
    r = await signup(client, "New.Person@Example.COM", name="  New Person ")
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["email"] == "new.person@example.com"
    assert body["display_name"] == "New Person"
    assert body["is_active"] is True and body["is_admin"] is False
    assert not {"password", "password_hash", "auth_epoch"} & body.keys()
    r = await client.post(
        "/api/v1/auth/login", json={"email": "new.person@example.com", "password": PASSWORD}
    )
    assert r.status_code == 200, r.text
    assert r.json()["user"]["id"] == body["id"]


async def test_duplicate_email_differing_only_in_case_is_a_conflict(
    client: httpx.AsyncClient,
) -> None:
    assert (await signup(client, "Alice@Example.com")).status_code == 201
    body = assert_problem(await signup(client, "aLICE@example.COM"), 409, "conflict")
    assert "already exists" in body["detail"]
    r = await client.post(
        "/api/v1/auth/login", json={"email": "alice@example.com", "password": "other password"}
    )
    assert r.status_code == 401  # the first account kept its password


@pytest.mark.parametrize("email", ["not-an-email", "a@", "@example.com", "a b@example.com", ""])
async def test_invalid_email_is_a_field_error(client: httpx.AsyncClient, email: str) -> None:
    body = assert_problem(await signup(client, email), 422, "invalid")
    assert body["type"] == "about:blank" and body["title"]
    assert ["body", "email"] in field_locs(body)


async def test_missing_fields_are_all_reported(client: httpx.AsyncClient) -> None:
    r = await client.post("/api/v1/auth/signup", json={})
    body = assert_problem(r, 422, "invalid")
    assert {tuple(loc) for loc in field_locs(body)} == {
        ("body", "email"),
        ("body", "password"),
        ("body", "display_name"),
    }


@pytest.mark.parametrize("password", ["", "short", "7chars!", "🙂" * 7])
async def test_password_shorter_than_8_is_refused(client: httpx.AsyncClient, password: str) -> None:
    body = assert_problem(await signup(client, "short@example.com", password), 422, "invalid")
    assert ["body", "password"] in field_locs(body)
    r = await client.post(
        "/api/v1/auth/login", json={"email": "short@example.com", "password": password or "x"}
    )
    assert r.status_code == 401  # no account was created


@pytest.mark.parametrize("password", ["password123", "PassWord123", "password", "12345678"])
async def test_very_common_password_is_refused(client: httpx.AsyncClient, password: str) -> None:
    body = assert_problem(await signup(client, "common@example.com", password), 422, "invalid")
    assert ["body", "password"] in field_locs(body)
    assert "common" in body["errors"][0]["msg"]


@pytest.mark.parametrize(
    "password",
    [
        "k9#Lm2$q",  # exactly the minimum
        "x" * 64,
        "correct horse battery staple " * 6 + "and more!",  # 183 chars
        "Z" * 200,
        "pässwörd-日本語-🙂",
        "🙂" * 8,
        "y" * 1024,
    ],
)
async def test_long_and_unicode_passwords_are_accepted_and_work(
    client: httpx.AsyncClient, password: str
) -> None:
    assert (await signup(client, "long@example.com", password)).status_code == 201
    r = await client.post(
        "/api/v1/auth/login", json={"email": "long@example.com", "password": password}
    )
    assert r.status_code == 200, r.text
    r = await client.post(
        "/api/v1/auth/token", data={"username": "long@example.com", "password": password}
    )
    assert r.status_code == 200, r.text
    wrong = password[:-1] + ("a" if password[-1] != "a" else "b")
    r = await client.post(
        "/api/v1/auth/login", json={"email": "long@example.com", "password": wrong}
    )
    assert r.status_code == 401


async def test_password_over_1024_chars_is_refused(client: httpx.AsyncClient) -> None:
    body = assert_problem(await signup(client, "huge@example.com", "y" * 1025), 422, "invalid")
    assert ["body", "password"] in field_locs(body)


# -- log-in ----------------------------------------------------------------------------


async def test_login_sets_httponly_lax_session_and_readable_csrf_cookie(
    api: Api, client: httpx.AsyncClient
) -> None:
    alice = await api.user("alice")
    r = await client.post(
        "/api/v1/auth/login", json={"email": alice["X-Email"].upper(), "password": PASSWORD}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["user"]["email"] == alice["X-Email"]
    assert body["csrf_token"]
    cookies = set_cookies(r)
    session = cookies[SESSION_COOKIE][SESSION_COOKIE]
    csrf = cookies[CSRF_COOKIE][CSRF_COOKIE]
    assert session["httponly"] is True
    assert session["samesite"].lower() == "lax"
    assert session["path"] == "/"
    assert not session["secure"]  # the test site is plain http
    assert not csrf["httponly"]
    assert csrf["samesite"].lower() == "lax"
    assert csrf.value == body["csrf_token"]
    assert session.value != csrf.value
    r = await client.get("/api/v1/me")
    assert r.status_code == 200
    assert r.json()["id"] == int(alice["X-User-Id"])


async def test_each_login_gets_a_new_session_id_and_csrf_token(api: Api, browser: Login) -> None:
    alice = await api.user("alice")
    first, second = await browser(alice["X-Email"]), await browser(alice["X-Email"])
    assert first.session_cookie != second.session_cookie
    assert first.csrf != second.csrf
    for b in (first, second):
        assert (await b.client.get("/api/v1/me")).status_code == 200


async def test_unknown_email_and_wrong_password_look_the_same(
    api: Api, client: httpx.AsyncClient
) -> None:
    alice = await api.user("alice")
    unknown = await client.post(
        "/api/v1/auth/login", json={"email": "nobody@example.com", "password": PASSWORD}
    )
    wrong = await client.post(
        "/api/v1/auth/login", json={"email": alice["X-Email"], "password": "not the password"}
    )
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()
    assert unknown.headers.get("www-authenticate") == wrong.headers.get("www-authenticate")
    assert SESSION_COOKIE not in set_cookies(unknown) and SESSION_COOKIE not in set_cookies(wrong)
    token_unknown = await client.post(
        "/api/v1/auth/token", data={"username": "nobody@example.com", "password": PASSWORD}
    )
    token_wrong = await client.post(
        "/api/v1/auth/token", data={"username": alice["X-Email"], "password": "not it"}
    )
    assert token_unknown.status_code == token_wrong.status_code == 401
    assert token_unknown.json() == token_wrong.json() == unknown.json()


async def test_me_needs_credentials(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/v1/me")
    body = assert_problem(r, 401, "unauthenticated")
    assert body["detail"]
    assert r.headers["www-authenticate"].startswith("Bearer")
    r = await client.get("/api/v1/me", headers={"Cookie": f"{SESSION_COOKIE}=made-up-session"})
    assert_problem(r, 401, "unauthenticated")
