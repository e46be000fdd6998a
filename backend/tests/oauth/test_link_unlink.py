"""Linking a provider from the account page, and unlinking without losing the last way in."""

from __future__ import annotations

from tests.support.oidc import authorize, log_in_with, set_user
from tests.support.pages import Browser, NewBrowser, follow


async def link(browser: Browser, provider: str, sub: str) -> str:
    """Clicks "Link …" on the account page and passes the provider; returns the page after."""
    r = await browser.post(f"/account/identities/{provider}/link")
    assert r.status_code == 303, r.text
    back = await authorize(r.headers["location"], sub)
    r = await browser.get(back)
    return (await follow(browser, r)).text


async def identities(browser: Browser) -> list[dict[str, object]]:
    r = await browser.get("/api/v1/me/identities")
    assert r.status_code == 200, r.text
    items: list[dict[str, object]] = r.json()
    return items


async def test_link_from_the_account_page_then_log_in_with_it(
    new_browser: NewBrowser, issuer: str
) -> None:
    owner = await (await new_browser()).signup("Lin")
    account = await owner.get("/account")
    assert "No provider is linked" in account.text
    assert 'action="/account/identities/oidc/link"' in account.text
    # The provider's address need not be verified, nor equal: the person proved both.
    set_user(issuer, "lin-at-acme", email="someone.else@example.org")
    page = await link(owner, "oidc", "lin-at-acme")
    assert "Acme ID is now linked to your account." in page
    assert page.count("Unlink Acme ID") == 1
    assert 'action="/account/identities/oidc/link"' not in page
    assert [i["provider"] for i in await identities(owner)] == ["oidc"]

    other = await new_browser()
    r = await log_in_with(other.client, "lin-at-acme")
    assert r.status_code == 303
    assert (await other.get("/api/v1/me")).json()["id"] == owner.id


async def test_an_identity_of_another_account_is_not_linked(
    new_browser: NewBrowser, issuer: str
) -> None:
    set_user(issuer, "taken", email="taken@example.com", email_verified=True)
    first = await new_browser()
    assert (await log_in_with(first.client, "taken")).status_code == 303
    owner = await (await new_browser()).signup("Second")
    page = await link(owner, "oidc", "taken")
    assert "already linked to another Teamboard account" in page
    assert await identities(owner) == []


async def test_linking_needs_the_form_token(new_browser: NewBrowser) -> None:
    owner = await (await new_browser()).signup()
    r = await owner.post("/account/identities/oidc/link", {"csrf_token": "wrong"})
    assert r.status_code == 403
    assert "tb_oauth" not in owner.client.cookies


async def test_the_last_way_to_log_in_cannot_be_unlinked(
    new_browser: NewBrowser, issuer: str
) -> None:
    set_user(issuer, "solo", email="solo@example.com", email_verified=True, name="Solo")
    solo = await new_browser()
    assert (await log_in_with(solo.client, "solo")).status_code == 303
    [only] = await identities(solo)
    account = (await solo.get("/account")).text
    assert "this account has no password" in account and "Current password" not in account

    r = await solo.post(f"/account/identities/{only['id']}/unlink")
    assert r.status_code == 409
    assert "only way to log in" in r.text and "no password" in r.text
    r = await solo.client.delete(
        f"/api/v1/me/identities/{only['id']}", headers={"X-CSRF-Token": solo.csrf}
    )
    assert r.status_code == 409 and r.json()["code"] == "conflict"

    # With a second provider linked, either may go; then the other is the last again.
    page = await link(solo, "corp", "solo-at-corp")
    assert "Corp ID is now linked" in page
    r = await solo.post(f"/account/identities/{only['id']}/unlink")
    page = (await follow(solo, r)).text
    assert "Acme ID was unlinked from your account." in page
    [corp] = await identities(solo)
    assert corp["provider"] == "corp"
    r = await solo.post(f"/account/identities/{corp['id']}/unlink")
    assert r.status_code == 409


async def test_with_a_password_the_only_provider_may_go(
    new_browser: NewBrowser, issuer: str
) -> None:
    owner = await (await new_browser()).signup()
    await link(owner, "oidc", "pw-user")
    [identity] = await identities(owner)
    r = await owner.client.delete(
        f"/api/v1/me/identities/{identity['id']}", headers={"X-CSRF-Token": owner.csrf}
    )
    assert r.status_code == 204
    assert await identities(owner) == []
    # Someone else's (or a gone) identity is not found.
    r = await owner.client.delete(
        f"/api/v1/me/identities/{identity['id']}", headers={"X-CSRF-Token": owner.csrf}
    )
    assert r.status_code == 404
