"""An e-mail change by its mailed link: the new address gets the link, the current one a
notice; the address changes only when the link is used (and counts as proven then). The
answer to the request is the same whether another account has the new address: only
whoever holds that mailbox learns it, from the link. The link works once, for 24 hours,
and dies with the password it was asked with or with a newer request."""

from __future__ import annotations

from typing import Any

import pytest

from devkit.smtp import SmtpServer
from teamboard.core.runtime import Runtime
from tests.support.api import Api, auth
from tests.support.app import PASSWORD
from tests.support.mailbox import expire, link_in, mail_to, press, sending_to, token_of
from tests.support.pages import NewBrowser, follow

CONFIRM = "/api/v1/auth/confirm-email-change"
LINK = "/confirm-email-change"  # the server page the mailed link opens


@pytest.fixture
def settings_overrides(smtp: SmtpServer) -> dict[str, Any]:
    return sending_to(smtp)


async def ask(api: Api, who: dict[str, str], email: str) -> dict[str, Any]:
    r = await api.client.patch(
        "/api/v1/me", json={"email": email, "current_password": PASSWORD}, headers=auth(who)
    )
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def me(api: Api, who: dict[str, str]) -> dict[str, Any]:
    r = await api.client.get("/api/v1/me", headers=auth(who))
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def test_the_link_to_the_new_address_moves_the_account_and_the_old_one_is_told(
    api: Api, runtime: Runtime, smtp: SmtpServer
) -> None:
    who = await api.user("nell")
    old = who["X-Email"]
    asked = await ask(api, who, "nell.new@example.com")
    assert asked["email"] == old and asked["pending_email"] == "nell.new@example.com"

    confirm = await mail_to(runtime, smtp, "nell.new@example.com")
    assert confirm.header("Subject") == "Confirm your new e-mail address for Teamboard"
    token = token_of(link_in(confirm, LINK))
    notice = await mail_to(runtime, smtp, old, 2)  # after the sign-up's verification link
    assert (
        notice.header("Subject")
        == "Your Teamboard address is being changed to nell.new@example.com"
    )
    assert "/confirm-email-change/" not in notice.text  # the link goes to the new one only
    assert (await me(api, who))["email"] == old  # nothing moved yet

    r = await api.client.post(CONFIRM, json={"token": token})
    assert r.status_code == 204, r.text
    now = await me(api, who)
    assert now["email"] == "nell.new@example.com"
    assert now["email_verified"] is True and now["pending_email"] is None
    r = await api.client.post(CONFIRM, json={"token": token})
    assert r.status_code == 400 and "already used" in r.json()["detail"]
    # Logging in takes the new address, no longer the old one.
    form = {"username": "nell.new@example.com", "password": PASSWORD}
    assert (await api.client.post("/api/v1/auth/token", data=form)).status_code == 200
    form = {"username": old, "password": PASSWORD}
    assert (await api.client.post("/api/v1/auth/token", data=form)).status_code == 401


async def test_the_answer_is_the_same_when_the_new_address_is_taken(
    api: Api, runtime: Runtime, smtp: SmtpServer
) -> None:
    who = await api.user("otto")
    other = await api.user("olga")
    free = await ask(api, who, "otto.free@example.com")
    taken = await ask(api, who, other["X-Email"])
    assert free.keys() == taken.keys()
    assert taken["pending_email"] == other["X-Email"] and taken["email"] == who["X-Email"]

    # The mailbox's holder learns it when they use the link; nothing moves.
    message = await mail_to(runtime, smtp, other["X-Email"], 2)  # after olga's sign-up's
    r = await api.client.post(CONFIRM, json={"token": token_of(link_in(message, LINK))})
    assert r.status_code == 409 and "already the address of another" in r.json()["detail"]
    assert (await me(api, who))["email"] == who["X-Email"]
    assert (await me(api, other))["email"] == other["X-Email"]


async def test_a_newer_request_or_a_new_password_kills_the_link_and_it_expires(
    api: Api, runtime: Runtime, smtp: SmtpServer
) -> None:
    who = await api.user("pia")
    await ask(api, who, "pia.one@example.com")
    first = token_of(link_in(await mail_to(runtime, smtp, "pia.one@example.com"), LINK))
    await ask(api, who, "pia.two@example.com")
    second = token_of(link_in(await mail_to(runtime, smtp, "pia.two@example.com"), LINK))
    assert (await api.client.post(CONFIRM, json={"token": first})).status_code == 400
    assert (await me(api, who))["pending_email"] == "pia.two@example.com"

    r = await api.client.post(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "another long passphrase"},
        headers=auth(who),
    )
    assert r.status_code == 204, r.text
    assert (await api.client.post(CONFIRM, json={"token": second})).status_code == 400

    again = await api.user("pia2")
    await ask(api, again, "pia.three@example.com")
    third = token_of(link_in(await mail_to(runtime, smtp, "pia.three@example.com"), LINK))
    await expire(runtime, "change")
    assert (await api.client.post(CONFIRM, json={"token": third})).status_code == 400
    assert (await me(api, again))["pending_email"] is None


async def test_the_pages_change_the_address_by_the_link_alone(
    new_browser: NewBrowser, runtime: Runtime, smtp: SmtpServer
) -> None:
    owner = await (await new_browser()).signup("Quin")
    r = await owner.post(
        "/account/profile",
        {"display_name": "Quin", "email": "quin.new@example.com", "current_password": PASSWORD},
    )
    page = await follow(owner, r)
    assert "open the link we sent there" in page.text
    assert 'id="pending-email"' in page.text and "quin.new@example.com" in page.text

    link = link_in(await mail_to(runtime, smtp, "quin.new@example.com"), LINK)
    opened = await owner.get(link)  # opening it changes nothing
    assert opened.status_code == 200 and "Confirm quin.new@example.com" in opened.text
    assert (await owner.get("/api/v1/me")).json()["email"] == owner.email
    done = await press(owner, link)
    assert done.status_code == 303 and done.headers["location"] == "/account"
    account = await follow(owner, done)
    assert "Your account&#39;s address is now quin.new@example.com" in account.text
    assert 'id="pending-email"' not in account.text
    used = await owner.get(link)
    assert used.status_code == 400 and "This link does not work" in used.text
