"""Changing an account's e-mail address asks for proof that it is its owner: the current
password, or for an account without one, a fresh log-in through its provider. The new
address is taken only when its owner follows the link mailed to it
(tests/accounts/test_email_change_link.py)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from teamboard.accounts.models import BrowserSession, User
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from tests.support.api import Api, auth
from tests.support.app import PASSWORD
from tests.support.pages import NewBrowser


async def test_the_api_asks_for_the_current_password_to_change_the_email(api: Api) -> None:
    who = await api.user("mover")
    c = api.client
    r = await c.patch("/api/v1/me", json={"email": "new@example.com"}, headers=auth(who))
    assert r.status_code == 422, r.text
    assert [e["loc"] for e in r.json()["errors"]] == [["body", "current_password"]]
    r = await c.patch(
        "/api/v1/me",
        json={"email": "new@example.com", "current_password": "not the password"},
        headers=auth(who),
    )
    assert r.status_code == 422 and "is not correct" in r.text
    assert (await c.get("/api/v1/me", headers=auth(who))).json()["email"] == who["X-Email"]

    # A name alone needs no password.
    r = await c.patch("/api/v1/me", json={"display_name": "Mo"}, headers=auth(who))
    assert r.status_code == 200, r.text
    r = await c.patch(
        "/api/v1/me",
        json={"email": "new@example.com", "current_password": PASSWORD},
        headers=auth(who),
    )
    assert r.status_code == 200, r.text
    assert r.json()["email"] == who["X-Email"]  # until the link mailed to it is used
    assert r.json()["pending_email"] == "new@example.com"


async def test_wrong_passwords_on_an_email_change_are_throttled(api: Api) -> None:
    who = await api.user("guesser")
    statuses = []
    for _ in range(7):
        r = await api.client.patch(
            "/api/v1/me",
            json={"email": "x@example.com", "current_password": "guess guess"},
            headers=auth(who),
        )
        statuses.append(r.status_code)
    assert statuses[-1] == 429 and 422 in statuses


async def test_the_account_page_asks_for_the_current_password(new_browser: NewBrowser) -> None:
    browser = await (await new_browser()).signup("Paige")
    r = await browser.post("/account/profile", {"display_name": "Paige", "email": "p@example.com"})
    assert r.status_code == 422
    assert 'id="profile-current_password"' in r.text
    r = await browser.post(
        "/account/profile",
        {"display_name": "Paige", "email": "p@example.com", "current_password": PASSWORD},
    )
    assert r.status_code == 303, r.text
    assert (await browser.get("/api/v1/me")).json()["pending_email"] == "p@example.com"


async def test_an_account_without_a_password_needs_a_fresh_session(
    new_browser: NewBrowser, runtime: Runtime
) -> None:
    browser = await (await new_browser()).signup("Pat")
    async with runtime.db.session() as db:  # as if made by a provider log-in
        await db.execute(update(User).where(User.id == browser.id).values(password_hash=None))
        await db.commit()
    headers = {"X-CSRF-Token": browser.csrf}
    r = await browser.client.patch("/api/v1/me", json={"email": "pat@example.com"}, headers=headers)
    assert r.status_code == 200, r.text  # the session was begun a moment ago

    async with runtime.db.session() as db:
        await db.execute(
            update(BrowserSession)
            .where(BrowserSession.user_id == browser.id)
            .values(created_at=utcnow() - timedelta(minutes=11))
        )
        await db.commit()
    r = await browser.client.patch(
        "/api/v1/me", json={"email": "pat2@example.com"}, headers=headers
    )
    assert r.status_code == 422 and "within 10 minutes of logging in" in r.text
