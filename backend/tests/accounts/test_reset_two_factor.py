"""A password reset and two-factor log-in: the mailed link stands in for the password,
never for the second factor. The reset keeps two-factor on and logs nobody in; the next
log-in asks for a code as any other does, and a log-in that was waiting for its code
with the old password dies with it."""

from __future__ import annotations

from typing import Any

import pytest

from devkit.smtp import Received, SmtpServer
from teamboard.core.runtime import Runtime
from tests.support.api import Api, auth
from tests.support.app import PASSWORD
from tests.support.authenticator import enrol, enrol_through_pages, token_log_in
from tests.support.mailbox import link_in, mail_to, press, sending_to, token_of
from tests.support.pages import NewBrowser, hidden

NEW_PASSWORD = "a brand new passphrase"  # noqa: S105 - a test account's


@pytest.fixture
def settings_overrides(smtp: SmtpServer) -> dict[str, Any]:
    return sending_to(smtp)


async def reset_mail(api: Api, runtime: Runtime, smtp: SmtpServer, email: str, n: int) -> Received:
    """The reset message mailed to ``email`` as its ``n``-th message."""
    r = await api.client.post("/api/v1/auth/password-reset", json={"email": email})
    assert r.status_code == 202, r.text
    return await mail_to(runtime, smtp, email, n)


async def reset_token(api: Api, runtime: Runtime, smtp: SmtpServer, email: str, n: int) -> str:
    """The token of the reset link mailed to ``email`` as its ``n``-th message."""
    message = await reset_mail(api, runtime, smtp, email, n)
    return token_of(link_in(message, "/reset-password"))


async def test_logging_in_after_a_reset_still_asks_for_the_code(
    api: Api, runtime: Runtime, smtp: SmtpServer
) -> None:
    who = await api.user("tara")
    app, _codes = await enrol(api.client, auth(who))
    message = await reset_mail(api, runtime, smtp, who["X-Email"], 2)  # after the sign-up's
    assert "Two-factor log-in stays on" in message.text
    assert "Two-factor log-in stays on" in message.html
    plain = await api.user("vic")  # without two-factor log-in: nothing about it
    assert "Two-factor" not in (await reset_mail(api, runtime, smtp, plain["X-Email"], 2)).text
    token = token_of(link_in(message, "/reset-password"))
    r = await api.client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD}
    )
    assert r.status_code == 204, r.text  # no session, no tokens: nobody is logged in

    me = await api.client.get("/api/v1/me", headers=auth(who))
    assert me.status_code == 401
    form = {"username": who["X-Email"], "password": NEW_PASSWORD}
    r = await api.client.post("/api/v1/auth/token", data=form)
    assert r.status_code == 401 and r.json()["mfa_required"] is True
    r = await api.client.post(
        "/api/v1/auth/login", json={"email": who["X-Email"], "password": NEW_PASSWORD}
    )
    assert r.status_code == 401 and r.json()["mfa_required"] is True
    headers = await token_log_in(api.client, who["X-Email"], NEW_PASSWORD, app)
    me = await api.client.get("/api/v1/me", headers=headers)
    assert me.json()["two_factor_enabled"] is True


async def test_a_log_in_waiting_for_its_code_dies_with_the_reset(
    api: Api, runtime: Runtime, smtp: SmtpServer
) -> None:
    """Whoever typed the old password and waits with its ``mfa_token`` (the owner's code
    read over a shoulder, say) cannot finish once the owner set a new password."""
    who = await api.user("uma")
    app, _codes = await enrol(api.client, auth(who))
    old = {"username": who["X-Email"], "password": PASSWORD}
    waiting = (await api.client.post("/api/v1/auth/token", data=old)).json()["mfa_token"]
    token = await reset_token(api, runtime, smtp, who["X-Email"], 2)
    r = await api.client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD}
    )
    assert r.status_code == 204, r.text
    r = await api.client.post(
        "/api/v1/auth/mfa", json={"mfa_token": waiting, "code": await app.code()}
    )
    assert r.status_code == 401, r.text


async def test_the_reset_page_leads_to_the_log_in_page_and_its_code_step(
    new_browser: NewBrowser, api: Api, runtime: Runtime, smtp: SmtpServer
) -> None:
    owner = await (await new_browser()).signup()
    app, _codes = await enrol_through_pages(owner)
    visitor = await new_browser()
    r = await api.client.post("/api/v1/auth/password-reset", json={"email": owner.email})
    assert r.status_code == 202
    link = link_in(await mail_to(runtime, smtp, owner.email, 2), "/reset-password")
    done = await press(visitor, link, {"password": NEW_PASSWORD})
    assert done.status_code == 303 and done.headers["location"] == "/login"
    assert "tb_session" not in visitor.client.cookies

    r = await visitor.login(owner.email, NEW_PASSWORD)
    assert r.status_code == 200 and 'action="/login/code"' in r.text
    r = await visitor.post(
        "/login/code",
        {
            "csrf_token": hidden(r.text, "csrf_token"),
            "mfa_token": hidden(r.text, "mfa_token"),
            "code": await app.code(),
        },
    )
    assert r.status_code == 303, r.text
    assert (await visitor.get("/api/v1/me")).json()["id"] == owner.id
