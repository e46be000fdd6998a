"""Log-in with a real OpenID provider: sign-up, log-in again, linking by verified e-mail,
and every way the answer can be refused."""

from __future__ import annotations

from sqlalchemy import func, select

from teamboard.accounts.models import User
from teamboard.core.runtime import Runtime
from teamboard.oauth.models import OAuthIdentity
from tests.support.oidc import (
    Provider,
    authorize,
    log_in_with,
    query_of,
    set_user,
    start,
    with_params,
)
from tests.support.pages import NewBrowser


async def _users(runtime: Runtime) -> list[User]:
    async with runtime.db.session() as db:
        return list(await db.scalars(select(User).order_by(User.id)))


async def test_first_log_in_creates_a_passwordless_account(
    new_browser: NewBrowser, issuer: str, runtime: Runtime
) -> None:
    set_user(issuer, "ada-1", email="Ada@Example.com", email_verified=True, name="Ada Lovelace")
    browser = await new_browser()
    r = await log_in_with(browser.client, "ada-1")
    assert r.status_code == 303, r.text
    assert r.headers["location"] == "/boards"
    assert "tb_oauth" not in browser.client.cookies  # the flow state is single use
    me = (await browser.get("/api/v1/me")).json()
    assert me["email"] == "ada@example.com" and me["display_name"] == "Ada Lovelace"
    page = await browser.get("/boards")
    assert "Welcome to Teamboard, Ada Lovelace!" in page.text
    [user] = await _users(runtime)
    assert user.password_hash is None

    # Again, from another browser: the same account, found by the provider's subject.
    other = await new_browser()
    r = await log_in_with(other.client, "ada-1")
    assert r.status_code == 303
    assert (await other.get("/api/v1/me")).json()["id"] == me["id"]
    assert len(await _users(runtime)) == 1


async def test_next_keeps_to_this_site(new_browser: NewBrowser, issuer: str) -> None:
    set_user(issuer, "nat", email="nat@example.com", email_verified=True)
    browser = await new_browser()
    r = await log_in_with(browser.client, "nat", "/auth/oauth/oidc/start?next=/account")
    assert r.headers["location"] == "/account"
    browser = await new_browser()
    r = await log_in_with(browser.client, "nat", "/auth/oauth/oidc/start?next=//evil.example/x")
    assert r.headers["location"] == "/boards"


async def test_verified_email_links_the_existing_account(
    new_browser: NewBrowser, issuer: str, runtime: Runtime
) -> None:
    owner = await (await new_browser()).signup("Grace")
    set_user(issuer, "grace-sub", email=owner.email.upper(), email_verified=True, name="G")
    browser = await new_browser()
    r = await log_in_with(browser.client, "grace-sub")
    assert r.status_code == 303, r.text
    me = (await browser.get("/api/v1/me")).json()
    assert me["id"] == owner.id and me["display_name"] == "Grace"
    identities = (await browser.get("/api/v1/me/identities")).json()
    assert [(i["provider"], i["provider_name"]) for i in identities] == [("oidc", "Acme ID")]


async def test_unverified_email_is_never_linked(
    new_browser: NewBrowser, issuer: str, runtime: Runtime
) -> None:
    owner = await (await new_browser()).signup("Victim")
    set_user(issuer, "mallory", email=owner.email, email_verified=False)
    browser = await new_browser()
    r = await log_in_with(browser.client, "mallory")
    assert r.status_code == 409
    assert "has not verified" in r.text and "Log in another way" in r.text
    assert "tb_session" not in browser.client.cookies
    assert (await browser.get("/api/v1/me")).status_code == 401
    async with runtime.db.session() as db:
        assert await db.scalar(select(func.count()).select_from(OAuthIdentity)) == 0

    # Nor is an account made from an address nobody verified.
    set_user(issuer, "newcomer", email="newcomer@example.com")
    r = await log_in_with(browser.client, "newcomer")
    assert r.status_code == 409 and "did not share a verified e-mail" in r.text
    assert len(await _users(runtime)) == 1


async def test_a_state_that_does_not_match_is_refused(
    new_browser: NewBrowser, issuer: str, runtime: Runtime
) -> None:
    set_user(issuer, "sam", email="sam@example.com", email_verified=True)
    browser = await new_browser()
    back = await authorize(await start(browser.client), "sam")
    r = await browser.get(with_params(back, state="forged-state"))
    assert r.status_code == 400
    assert "did not match this log-in" in r.text
    assert (await browser.get("/api/v1/me")).status_code == 401

    # An answer arriving in a browser that never started a log-in (log-in CSRF).
    victim = await new_browser()
    back = await authorize(await start(browser.client), "sam")
    r = await victim.get(back)
    assert r.status_code == 400 and "was not started here" in r.text
    assert (await victim.get("/api/v1/me")).status_code == 401
    assert await _users(runtime) == []


async def test_a_replayed_flow_cookie_never_reaches_the_provider(
    new_browser: NewBrowser, provider: Provider, runtime: Runtime
) -> None:
    """The flow cookie is single use on the server, not only because the browser drops it:
    the same cookie and answer sent again are refused before the provider is asked."""
    set_user(provider.issuer, "rey", email="rey@example.com", email_verified=True)
    browser = await new_browser()
    authorize_url = await start(browser.client)
    cookie = {"Cookie": f"tb_oauth={browser.client.cookies['tb_oauth']}"}
    back = await authorize(authorize_url, "rey")
    asked = provider.calls("POST /oauth2/token")
    r = await browser.get(back)
    assert r.status_code == 303, r.text
    assert provider.calls("POST /oauth2/token") == asked + 1

    for replay in (browser, await new_browser()):
        r = await replay.get(back, headers=cookie)
        assert r.status_code == 400, r.text
        assert "This log-in was already used; please start again" in r.text
    assert provider.calls("POST /oauth2/token") == asked + 1
    assert len(await _users(runtime)) == 1


async def test_an_id_token_for_another_nonce_is_refused(
    new_browser: NewBrowser, issuer: str, runtime: Runtime
) -> None:
    """A code obtained for one log-in (its nonce) injected into another (its state)."""
    set_user(issuer, "nina", email="nina@example.com", email_verified=True)
    browser = await new_browser()
    first = await start(browser.client)
    second = await start(browser.client)  # the browser now holds the second flow
    assert query_of(first)["nonce"] != query_of(second)["nonce"]
    back = await authorize(with_params(first, state=query_of(second)["state"]), "nina")
    r = await browser.get(back)
    assert r.status_code == 502
    assert "failed its checks" in r.text and "nonce" in r.text
    assert (await browser.get("/api/v1/me")).status_code == 401
    assert await _users(runtime) == []


async def test_the_provider_saying_no_is_shown_cleanly(
    new_browser: NewBrowser, issuer: str
) -> None:
    browser = await new_browser()
    back = await authorize(await start(browser.client), "anyone", action="deny")
    assert query_of(back)["error"] == "access_denied"
    r = await browser.get(back)
    assert r.status_code == 400
    assert "Acme ID did not complete the log-in: access_denied" in r.text
    assert 'role="alert"' in r.text and 'action="/login"' in r.text


async def test_unknown_provider_is_404(new_browser: NewBrowser) -> None:
    browser = await new_browser()
    assert (await browser.get("/auth/oauth/nope/start")).status_code == 404
    assert (await browser.get("/auth/oauth/nope/callback?state=x&code=y")).status_code == 404
