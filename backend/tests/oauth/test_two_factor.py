"""Provider log-in asks for the second factor of an account that has it: after the
provider's answer, before any session (the same second step page as the log-in page), and
for the split-origin SPA at the code exchange. A squatter's second factor does not survive
the owner taking the address back."""

from __future__ import annotations

from sqlalchemy import update

from devkit.api import assert_problem
from teamboard.accounts.models import User
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from tests.support.app import PASSWORD
from tests.support.authenticator import Authenticator, enrol, enrol_through_pages
from tests.support.oidc import exchange, handed_code, log_in_with, pkce, set_user
from tests.support.pages import NewBrowser, hidden


async def test_provider_log_in_asks_for_the_code_before_the_session(
    new_browser: NewBrowser, issuer: str, runtime: Runtime
) -> None:
    owner = await (await new_browser()).signup("Grace")
    async with runtime.db.session() as db:  # as a followed link would (e-mail's part)
        await db.execute(update(User).where(User.id == owner.id).values(email_verified_at=utcnow()))
        await db.commit()
    app, _codes = await enrol_through_pages(owner)
    set_user(issuer, "grace-2fa", email=owner.email, email_verified=True)

    browser = await new_browser()
    r = await log_in_with(browser.client, "grace-2fa", "/auth/oauth/oidc/start?next=/account")
    assert r.status_code == 200, r.text
    assert 'action="/login/code"' in r.text and hidden(r.text, "next") == "/account"
    assert "tb_session" not in browser.client.cookies
    assert "tb_oauth" not in browser.client.cookies  # the provider's answer is spent
    assert (await browser.get("/api/v1/me")).status_code == 401

    form = {"csrf_token": hidden(r.text, "csrf_token"), "mfa_token": hidden(r.text, "mfa_token")}
    r = await browser.post("/login/code", form | {"next": "/account", "code": app.wrong()})
    assert r.status_code == 422
    r = await browser.post("/login/code", form | {"next": "/account", "code": await app.code()})
    assert r.status_code == 303 and r.headers["location"] == "/account"
    assert (await browser.get("/api/v1/me")).json()["id"] == owner.id


async def test_the_split_origin_exchange_asks_for_the_code(
    new_browser: NewBrowser, issuer: str
) -> None:
    browser = await new_browser()
    set_user(issuer, "spa-2fa", email="spa2fa@example.com", email_verified=True, name="Spa")
    verifier, challenge = pkce()
    code = await handed_code(browser.client, "spa-2fa", challenge)
    r = await exchange(browser.client, code, verifier)
    assert r.status_code == 200, r.text  # no two-factor yet: the token pair
    headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
    app, _codes = await enrol(browser.client, headers)

    verifier, challenge = pkce()
    code = await handed_code(browser.client, "spa-2fa", challenge)
    body = assert_problem(await exchange(browser.client, code, verifier), 401, "mfa_required")
    r = await browser.client.post(
        "/api/v1/auth/mfa",
        json={"mfa_token": body["mfa_token"], "code": await app.code()},
        headers={"Origin": "http://spa.example"},
    )
    assert r.status_code == 200, r.text
    assert set(r.json()) >= {"access_token", "refresh_token"}


async def test_the_owner_taking_a_squatted_address_back_drops_its_second_factor(
    new_browser: NewBrowser, issuer: str
) -> None:
    squatter = await (await new_browser()).signup("Squatter")
    app, codes = await enrol_through_pages(squatter)

    set_user(issuer, "real-owner", email=squatter.email, email_verified=True)
    owner = await new_browser()
    r = await log_in_with(owner.client, "real-owner")
    assert r.status_code == 303, r.text  # no code the owner could not know
    me = (await owner.get("/api/v1/me")).json()
    assert me["two_factor_enabled"] is False
    # Nor does anything the squatter kept open it.
    r = await owner.client.post(
        "/api/v1/auth/token", data={"username": squatter.email, "password": PASSWORD}
    )
    assert r.status_code == 401 and "mfa_token" not in r.json()
    assert isinstance(app, Authenticator) and codes
