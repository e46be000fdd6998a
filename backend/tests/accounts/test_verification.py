"""Proof of an address: a sign-up (API or page) mails a link; opening it shows a page and
changes nothing, its button (or the API) proves the address, once, within 24 hours, and
only while the account still has that address. Unproven accounts are asked on every page
and may ask for the link again, throttled."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select, update

from devkit.smtp import SmtpServer
from teamboard.accounts import service
from teamboard.accounts.models import User
from teamboard.core.runtime import Runtime
from teamboard.mail.models import OutboxMessage
from tests.support.api import Api, auth
from tests.support.app import PASSWORD
from tests.support.mailbox import FROM, expire, link_in, mail_to, press, sending_to, token_of
from tests.support.pages import NewBrowser

PER_ACCOUNT = 2
PER_ADDRESS = 3


@pytest.fixture
def settings_overrides(smtp: SmtpServer) -> dict[str, Any]:
    return sending_to(
        smtp,
        account_mail_max_per_account=PER_ACCOUNT,
        account_mail_max_per_address=PER_ADDRESS,
    )


async def verified(api: Api, who: dict[str, str]) -> bool:
    me = await api.client.get("/api/v1/me", headers=auth(who))
    return bool(me.json()["email_verified"])


async def test_an_api_sign_up_mails_a_link_whose_page_button_proves_the_address(
    api: Api, runtime: Runtime, smtp: SmtpServer, new_browser: NewBrowser
) -> None:
    who = await api.user("ada")
    assert not await verified(api, who)
    mail = await mail_to(runtime, smtp, who["X-Email"])
    assert mail.header("Subject") == "Confirm your e-mail address for Teamboard"
    assert mail.header("From") == FROM
    assert who["X-Email"] in mail.text and "24 hours" in mail.text
    link = link_in(mail, "/verify-email")

    # Opening the link (a mail scanner does as much) changes nothing.
    stranger = await new_browser()
    page = await stranger.get(link)
    assert page.status_code == 200 and f"Confirm {who['X-Email']}" in page.text
    assert not await verified(api, who)
    # Its button does, from any browser (the mailbox is the proof, not a session).
    done = await press(stranger, link)
    assert done.status_code == 303, done.text
    assert await verified(api, who)
    shown = await stranger.get(done.headers["location"], follow_redirects=True)
    assert f"Thank you: {who['X-Email']} is confirmed." in shown.text

    # Once only.
    again = await stranger.get(link)
    assert again.status_code == 400 and "invalid, has expired or was already used" in again.text


async def test_the_api_proves_an_address_with_the_token_once(
    api: Api, runtime: Runtime, smtp: SmtpServer
) -> None:
    who = await api.user("bo")
    token = token_of(link_in(await mail_to(runtime, smtp, who["X-Email"]), "/verify-email"))
    r = await api.client.post("/api/v1/auth/verify-email", json={"token": token})
    assert r.status_code == 204, r.text
    assert await verified(api, who)
    r = await api.client.post("/api/v1/auth/verify-email", json={"token": token})
    assert r.status_code == 400 and r.json()["code"] == "bad_request"
    r = await api.client.post("/api/v1/auth/verify-email", json={"token": "made-up"})
    assert r.status_code == 400


async def test_a_verification_link_expires_after_a_day(
    api: Api, runtime: Runtime, smtp: SmtpServer, new_browser: NewBrowser
) -> None:
    who = await api.user("cy")
    link = link_in(await mail_to(runtime, smtp, who["X-Email"]), "/verify-email")
    await expire(runtime, "verify")
    browser = await new_browser()
    assert (await browser.get(link)).status_code == 400
    r = await api.client.post("/api/v1/auth/verify-email", json={"token": token_of(link)})
    assert r.status_code == 400
    assert not await verified(api, who)


async def test_a_link_for_an_address_the_account_no_longer_has_does_nothing(
    api: Api, runtime: Runtime, smtp: SmtpServer
) -> None:
    who = await api.user("dee")
    token = token_of(link_in(await mail_to(runtime, smtp, who["X-Email"]), "/verify-email"))
    async with runtime.db.session() as db, db.transaction():
        await db.execute(
            update(User).where(User.id == int(who["X-User-Id"])).values(email="dee@elsewhere.org")
        )
    runtime.db.access.clear()  # written behind the services' back
    r = await api.client.post("/api/v1/auth/verify-email", json={"token": token})
    assert r.status_code == 400
    assert not await verified(api, who)


async def test_a_page_sign_up_mails_a_link_and_every_page_asks_until_it_is_used(
    new_browser: NewBrowser, runtime: Runtime, smtp: SmtpServer
) -> None:
    browser = await (await new_browser()).signup("Eve")
    boards = await browser.get("/boards")
    assert "Please confirm your address, <strong>" in boards.text
    assert f"<strong>{browser.email}</strong>" in boards.text
    assert 'action="/account/verification-email"' in boards.text
    link = link_in(await mail_to(runtime, smtp, browser.email), "/verify-email")
    done = await press(browser, link)  # signed in: the session's CSRF token
    assert done.status_code == 303, done.text
    assert "Confirm your address" not in (await browser.get("/boards")).text


async def test_the_banner_sends_the_link_again_throttled_per_account(
    new_browser: NewBrowser, runtime: Runtime, smtp: SmtpServer
) -> None:
    browser = await (await new_browser()).signup("Fay")
    for n in range(PER_ACCOUNT):
        r = await browser.post("/account/verification-email", {"next": "/account"})
        assert r.status_code == 303 and r.headers["location"] == "/account"
        shown = await browser.get("/account")
        assert f"We sent a new link to {browser.email}." in shown.text
        await mail_to(runtime, smtp, browser.email, 2 + n)
    r = await browser.post("/account/verification-email", {"next": "/account"})
    assert r.status_code == 429 and 1 <= int(r.headers["retry-after"]) <= 3600
    assert "Too many link requests" in r.text
    # Every link sent works until it expires, the first as well as the last.
    first = link_in(await mail_to(runtime, smtp, browser.email, 1), "/verify-email")
    assert (await press(browser, first)).status_code == 303
    r = await browser.post("/account/verification-email", {"next": "https://evil.example/"})
    assert r.status_code == 303 and r.headers["location"] == "/boards"  # confirmed already


async def test_the_api_sends_the_link_again_throttled_per_account_and_address(
    api: Api, runtime: Runtime, smtp: SmtpServer
) -> None:
    first, second = await api.user("gus"), await api.user("hal")
    sent = await api.client.post("/api/v1/me/verification-email", headers=auth(first))
    assert sent.status_code == 202, sent.text
    assert sent.json() == {
        "detail": f"We sent a new link to {first['X-Email']}. It works for 24 hours."
    }
    await mail_to(runtime, smtp, first["X-Email"], 2)
    assert (
        await api.client.post("/api/v1/me/verification-email", headers=auth(first))
    ).status_code == 202
    limited = await api.client.post("/api/v1/me/verification-email", headers=auth(first))
    assert limited.status_code == 429 and limited.json()["code"] == "rate_limited"
    assert 1 <= int(limited.headers["retry-after"]) <= 3600
    # The client address's budget (3, the refusal not counted): one more from another
    # account, then it waits too.
    r = await api.client.post("/api/v1/me/verification-email", headers=auth(second))
    assert r.status_code == 202
    r = await api.client.post("/api/v1/me/verification-email", headers=auth(second))
    assert r.status_code == 429

    token = token_of(link_in(await mail_to(runtime, smtp, first["X-Email"], 3), "/verify-email"))
    assert (
        await api.client.post("/api/v1/auth/verify-email", json={"token": token})
    ).status_code == 204
    r = await api.client.post("/api/v1/me/verification-email", headers=auth(first))
    assert r.status_code == 409 and r.json()["detail"] == "Your address is already confirmed"


async def test_accounts_the_operator_makes_are_mailed_nothing(runtime: Runtime) -> None:
    async with runtime.db.session() as db:
        await service.create_user(
            db, runtime, email="op@example.com", password=PASSWORD, display_name="Op", client=None
        )
        assert await db.scalar(select(func.count()).select_from(OutboxMessage)) == 0
