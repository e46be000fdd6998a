"""Account pre-hijacking: someone signs up with an address they do not own, then its owner
logs in through a provider that vouches for the address. The owner gets the account, and
nothing the squatter had — password, browser session, tokens — opens it any more."""

from __future__ import annotations

from sqlalchemy import select, update

from teamboard.accounts.models import User
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from tests.support.app import PASSWORD
from tests.support.oidc import log_in_with, set_user
from tests.support.pages import NewBrowser

VICTIM = "owner.of.this@example.com"


async def test_a_squatted_address_goes_to_its_owner_and_the_squatter_is_locked_out(
    new_browser: NewBrowser, issuer: str, runtime: Runtime
) -> None:
    squatter = await new_browser()
    token = await squatter.entry_token("/signup")
    r = await squatter.post(
        "/signup",
        {"csrf_token": token, "email": VICTIM, "password": PASSWORD, "display_name": "Sq"},
    )
    assert r.status_code == 303, r.text
    assert (await squatter.get("/api/v1/me")).json()["email_verified"] is False
    r = await squatter.client.post(
        "/api/v1/auth/token", data={"username": VICTIM, "password": PASSWORD}
    )
    pair = r.json()

    set_user(issuer, "the-owner", email=VICTIM, email_verified=True, name="Owner")
    owner = await new_browser()
    r = await log_in_with(owner.client, "the-owner")
    assert r.status_code == 303, r.text
    me = (await owner.get("/api/v1/me")).json()
    assert me["email"] == VICTIM and me["email_verified"] is True
    page = await owner.get(r.headers["location"])
    assert "any password set for this account was removed" in page.text

    # The squatter's session, access token, refresh token and password all fail now.
    assert (await squatter.get("/api/v1/me")).status_code == 401
    bearer = {"Authorization": f"Bearer {pair['access_token']}"}
    assert (await squatter.client.get("/api/v1/me", headers=bearer)).status_code == 401
    r = await squatter.client.post(
        "/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]}
    )
    assert r.status_code == 401
    r = await squatter.client.post(
        "/api/v1/auth/login", json={"email": VICTIM, "password": PASSWORD}
    )
    assert r.status_code == 401
    async with runtime.db.session() as db:
        user = await db.scalar(select(User).where(User.email == VICTIM))
        assert user is not None and user.password_hash is None


async def test_a_proven_account_is_linked_and_keeps_its_password(
    new_browser: NewBrowser, issuer: str, runtime: Runtime
) -> None:
    first = await (await new_browser()).signup("Proven")
    async with runtime.db.session() as db:  # as a followed confirmation link leaves it
        await db.execute(update(User).where(User.id == first.id).values(email_verified_at=utcnow()))
        await db.commit()
    set_user(issuer, "proven-sub", email=first.email, email_verified=True)
    browser = await new_browser()
    r = await log_in_with(browser.client, "proven-sub")
    assert r.status_code == 303, r.text
    assert (await browser.get("/api/v1/me")).json()["id"] == first.id
    assert (await first.get("/api/v1/me")).status_code == 200  # its session lives on
    again = await new_browser()
    assert (await again.login(first.email)).status_code == 303  # and its password works
