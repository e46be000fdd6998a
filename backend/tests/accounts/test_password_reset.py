"""A new password through a mailed link: the request answers the same for every address
(status, body, and before the account is even looked up), is limited per address asked
for and per client; the link works once, for an hour, dies when the password changes by
any route, ends every session and token, proves the address, and gives an account made
through a provider its first password."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update

from devkit.smtp import SmtpServer
from teamboard.accounts.models import User
from teamboard.core.runtime import Runtime
from teamboard.mail.models import OutboxMessage
from tests.support.api import Api, auth
from tests.support.app import PASSWORD, QueryCounter
from tests.support.mailbox import expire, link_in, mail_to, press, sending_to, token_of
from tests.support.pages import NewBrowser, hidden
from tests.support.sessions import Login, bearer, cookie_me_status, me_status

NEW_PASSWORD = "a brand new passphrase"  # noqa: S105 - a test account's
PER_EMAIL = 2
PER_ADDRESS = 5


@pytest.fixture
def settings_overrides(smtp: SmtpServer) -> dict[str, Any]:
    return sending_to(
        smtp,
        account_mail_max_per_email=PER_EMAIL,
        account_mail_max_per_address=PER_ADDRESS,
    )


async def ask(client: httpx.AsyncClient, email: str) -> httpx.Response:
    return await client.post("/api/v1/auth/password-reset", json={"email": email})


async def reset_link(api: Api, runtime: Runtime, smtp: SmtpServer, email: str, n: int = 1) -> str:
    assert (await ask(api.client, email)).status_code == 202
    # The sign-up's verification link is the first message to the address.
    return link_in(await mail_to(runtime, smtp, email, n + 1), "/reset-password")


async def outbox(runtime: Runtime, to: str) -> int:
    async with runtime.db.session() as db:
        query = (
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.to_address == to)
        )
        return int(await db.scalar(query) or 0)


async def test_the_answer_is_the_same_for_every_address_and_work_is_queued_only_for_accounts(
    api: Api, runtime: Runtime, smtp: SmtpServer
) -> None:
    who = await api.user("ann")
    known = await ask(api.client, who["X-Email"])
    unknown = await ask(api.client, "nobody-here@example.com")
    assert known.status_code == unknown.status_code == 202
    assert known.content == unknown.content
    assert known.headers["content-type"] == unknown.headers["content-type"]
    assert "If an account uses this address" in known.json()["detail"]

    mail = await mail_to(runtime, smtp, who["X-Email"], 2)
    assert mail.header("Subject") == "Set a new password for Teamboard"
    assert "one hour" in mail.text and "has no password yet" not in mail.text
    link_in(mail, "/reset-password")
    assert await outbox(runtime, "nobody-here@example.com") == 0
    assert smtp.messages(to="nobody-here@example.com") == []


async def _answered(app: Any, queries: QueryCounter, email: str) -> tuple[int, bytes, list[str]]:
    """A request straight to the ASGI app: its status and body, and the SQL that ran
    before the answer's last byte was sent (the rest runs after it)."""
    body = json.dumps({"email": email}).encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/auth/password-reset",
        "raw_path": b"/api/v1/auth/password-reset",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    done = asyncio.Event()
    status, chunks, before = 0, [b""], list[str]()
    first = True

    async def receive() -> dict[str, Any]:
        nonlocal first
        if first:
            first = False
            return {"type": "http.request", "body": body, "more_body": False}
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                before.extend(queries.statements)
                done.set()

    queries.statements.clear()
    queries.active = True
    try:
        await app(scope, receive, send)
    finally:
        queries.active = False
    return status, b"".join(chunks), before


async def test_the_answer_is_sent_before_the_account_is_looked_up(
    api: Api, app: Any, runtime: Runtime, queries: QueryCounter
) -> None:
    """No timing tell: whatever depends on the account runs after the answer has gone."""
    who = await api.user("bea")
    known = await _answered(app, queries, who["X-Email"])
    after_known = list(queries.statements)
    unknown = await _answered(app, queries, "ghost@example.com")
    assert known[:2] == unknown[:2] and known[0] == 202
    assert known[2] == unknown[2] == []  # nothing at all before the answer
    assert any("users" in statement for statement in after_known)  # the lookup, after
    assert await outbox(runtime, who["X-Email"]) == 2  # verification, then the reset link
    assert await outbox(runtime, "ghost@example.com") == 0


async def test_requests_are_limited_per_address_asked_for_whether_it_has_an_account_or_not(
    api: Api, from_address: Any
) -> None:
    who = await api.user("cal")
    for email in (who["X-Email"], "ghost@example.com"):
        for _ in range(PER_EMAIL):
            assert (await ask(api.client, email)).status_code == 202
    for email in (who["X-Email"], "ghost@example.com"):
        async with from_address(("198.51.100.7", 1234)) as elsewhere:  # any client
            r = await ask(elsewhere, email)
        assert r.status_code == 429 and 1 <= int(r.headers["retry-after"]) <= 3600
        assert r.json()["code"] == "rate_limited"


async def test_requests_are_limited_per_client_address(api: Api, from_address: Any) -> None:
    for n in range(PER_ADDRESS):
        assert (await ask(api.client, f"someone{n}@example.com")).status_code == 202
    limited = await ask(api.client, "one-more@example.com")
    assert limited.status_code == 429 and "retry-after" in limited.headers
    async with from_address(("198.51.100.9", 1234)) as elsewhere:
        assert (await ask(elsewhere, "one-more@example.com")).status_code == 202


async def test_the_link_sets_a_password_once_ends_everything_and_proves_the_address(
    api: Api, runtime: Runtime, smtp: SmtpServer, browser: Login, new_browser: NewBrowser
) -> None:
    who = await api.user("dot")
    signed_in = await browser(who["X-Email"])
    link = await reset_link(api, runtime, smtp, who["X-Email"])

    visitor = await new_browser()
    page = await visitor.get(link)  # opening it changes nothing
    assert page.status_code == 200 and who["X-Email"] in page.text
    assert await me_status(api.client, auth(who)) == 200
    token = hidden(page.text, "csrf_token")
    short = await visitor.post(link, {"csrf_token": token, "password": "short"})
    assert short.status_code == 422 and "at least 8 characters" in short.text
    common = await visitor.post(link, {"csrf_token": token, "password": "password123"})
    assert common.status_code == 422 and "too common" in common.text
    done = await visitor.post(link, {"csrf_token": token, "password": NEW_PASSWORD})
    assert done.status_code == 303 and done.headers["location"] == "/login"
    login_page = await visitor.get("/login")
    assert "Your new password is set" in login_page.text

    # Every session, access token and refresh token of the account ended.
    assert await cookie_me_status(api.client, signed_in.session_cookie) == 401
    assert await me_status(api.client, auth(who)) == 401
    r = await api.client.post("/api/v1/auth/refresh", json={"refresh_token": who["X-Refresh"]})
    assert r.status_code == 401
    # The new password opens it, the old one no longer; the address counts as proven.
    old = {"username": who["X-Email"], "password": PASSWORD}
    assert (await api.client.post("/api/v1/auth/token", data=old)).status_code == 401
    new = {"username": who["X-Email"], "password": NEW_PASSWORD}
    pair = await api.client.post("/api/v1/auth/token", data=new)
    assert pair.status_code == 200
    me = await api.client.get("/api/v1/me", headers=bearer(pair.json()["access_token"]))
    assert me.json()["email_verified"] is True
    # Once only.
    assert (await visitor.get(link)).status_code == 400
    again = await visitor.post(link, {"csrf_token": token, "password": "yet another passphrase"})
    assert again.status_code == 400 and "Ask for a new link" in again.text


async def test_the_api_sets_the_password_with_the_token_once(
    api: Api, runtime: Runtime, smtp: SmtpServer
) -> None:
    who = await api.user("eli")
    token = token_of(await reset_link(api, runtime, smtp, who["X-Email"]))
    url = "/api/v1/auth/password-reset/confirm"
    r = await api.client.post(url, json={"token": token, "password": "short"})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "password"]
    r = await api.client.post(url, json={"token": token, "password": NEW_PASSWORD})
    assert r.status_code == 204, r.text
    r = await api.client.post(url, json={"token": token, "password": NEW_PASSWORD})
    assert r.status_code == 400 and "already used" in r.json()["detail"]
    form = {"username": who["X-Email"], "password": NEW_PASSWORD}
    assert (await api.client.post("/api/v1/auth/token", data=form)).status_code == 200


async def test_a_reset_link_expires_after_an_hour(
    api: Api, runtime: Runtime, smtp: SmtpServer
) -> None:
    who = await api.user("fin")
    token = token_of(await reset_link(api, runtime, smtp, who["X-Email"]))
    await expire(runtime, "reset")
    r = await api.client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD}
    )
    assert r.status_code == 400


async def test_a_reset_link_dies_when_the_password_changes(
    api: Api, runtime: Runtime, smtp: SmtpServer
) -> None:
    url = "/api/v1/auth/password-reset/confirm"
    who = await api.user("gil")
    token = token_of(await reset_link(api, runtime, smtp, who["X-Email"]))
    r = await api.client.post(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=auth(who),
    )
    assert r.status_code == 204
    r = await api.client.post(url, json={"token": token, "password": "the attacker's choice"})
    assert r.status_code == 400
    # A reset is a password change too: it kills the account's other reset links.
    other = await api.user("gia")
    first = token_of(await reset_link(api, runtime, smtp, other["X-Email"], 1))
    second = token_of(await reset_link(api, runtime, smtp, other["X-Email"], 2))
    assert (
        await api.client.post(url, json={"token": first, "password": NEW_PASSWORD})
    ).status_code == 204
    r = await api.client.post(url, json={"token": second, "password": "the attacker's choice"})
    assert r.status_code == 400


async def test_an_account_made_through_a_provider_gets_a_password(
    api: Api, runtime: Runtime, smtp: SmtpServer
) -> None:
    who = await api.user("hua")
    async with runtime.db.session() as db, db.transaction():  # as a provider log-in makes it
        await db.execute(
            update(User).where(User.id == int(who["X-User-Id"])).values(password_hash=None)
        )
    assert (await ask(api.client, who["X-Email"])).status_code == 202
    mail = await mail_to(runtime, smtp, who["X-Email"], 2)
    assert "has no password yet" in mail.text
    token = token_of(link_in(mail, "/reset-password"))
    r = await api.client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD}
    )
    assert r.status_code == 204
    form = {"username": who["X-Email"], "password": NEW_PASSWORD}
    assert (await api.client.post("/api/v1/auth/token", data=form)).status_code == 200


async def test_a_deactivated_account_is_mailed_nothing(api: Api, runtime: Runtime) -> None:
    who = await api.user("ivy")
    async with runtime.db.session() as db, db.transaction():
        await db.execute(
            update(User).where(User.id == int(who["X-User-Id"])).values(is_active=False)
        )
    assert (await ask(api.client, who["X-Email"])).status_code == 202
    assert await outbox(runtime, who["X-Email"]) == 1  # the sign-up's only


async def test_the_log_in_page_leads_to_a_reset_by_page_alone(
    api: Api, runtime: Runtime, smtp: SmtpServer, new_browser: NewBrowser
) -> None:
    who = await api.user("joy")
    visitor = await new_browser()
    login = await visitor.get("/login")
    assert 'href="/forgot-password">Forgot your password?</a>' in login.text
    form = await visitor.get("/forgot-password")
    token = hidden(form.text, "csrf_token")
    bad = await visitor.post("/forgot-password", {"csrf_token": token, "email": "not an address"})
    assert bad.status_code == 422 and 'id="forgot-email-error"' in bad.text
    known = await visitor.post("/forgot-password", {"csrf_token": token, "email": who["X-Email"]})
    unknown = await visitor.post(
        "/forgot-password", {"csrf_token": token, "email": "no@example.com"}
    )
    assert known.status_code == unknown.status_code == 303
    assert known.headers["location"] == unknown.headers["location"] == "/forgot-password"
    shown = await visitor.get("/forgot-password")
    assert "If an account uses this address" in shown.text
    forged = await visitor.post(
        "/forgot-password", {"csrf_token": "forged", "email": who["X-Email"]}
    )
    assert forged.status_code == 403

    link = link_in(await mail_to(runtime, smtp, who["X-Email"], 2), "/reset-password")
    done = await press(visitor, link, {"password": NEW_PASSWORD})
    assert done.status_code == 303 and done.headers["location"] == "/login"
    assert (await visitor.login(who["X-Email"], NEW_PASSWORD)).status_code == 303


async def test_setting_passwords_by_link_counts_against_the_client_address(
    api: Api, runtime: Runtime, smtp: SmtpServer, from_address: Any
) -> None:
    url = "/api/v1/auth/password-reset/confirm"
    first, second = await api.user("kai"), await api.user("lee")
    tokens = [token_of(await reset_link(api, runtime, smtp, w["X-Email"])) for w in (first, second)]
    runtime.settings = runtime.settings.model_copy(update={"login_max_per_address": 1})
    async with from_address(("198.51.100.3", 1234)) as elsewhere:
        r = await elsewhere.post(url, json={"token": tokens[0], "password": NEW_PASSWORD})
        assert r.status_code == 204
        r = await elsewhere.post(url, json={"token": tokens[1], "password": NEW_PASSWORD})
        assert r.status_code == 429 and "password attempts" in r.json()["detail"]
