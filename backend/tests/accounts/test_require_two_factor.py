"""TEAMBOARD_REQUIRE_TWO_FACTOR: an account without two-factor log-in can log in, but is
sent to set it up before anything else: pages redirect to the enrolment page (log-out and
enrolment excepted), the API answers 403 ``two_factor_required`` (but /me, log-out and
/me/two-factor), and no socket opens."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from devkit.api import assert_problem
from teamboard.core.errors import TwoFactorRequired
from teamboard.core.http import ws_close_code
from teamboard.core.runtime import Runtime
from teamboard.realtime.auth import authenticate_socket
from tests.support.api import Api
from tests.support.app import PASSWORD
from tests.support.authenticator import enrol, enrol_through_pages, token_log_in
from tests.support.pages import NewBrowser


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"require_two_factor": True}


async def test_the_api_refuses_all_but_enrolment_until_it_is_on(
    api: Api, client: httpx.AsyncClient
) -> None:
    who = await api.user("Newcomer")  # signs up and logs in: allowed
    body = assert_problem(
        await client.get("/api/v1/boards", headers=who), 403, "two_factor_required"
    )
    assert "/account/two-factor" in body["detail"]
    r = await client.post("/api/v1/boards", json={"name": "B"}, headers=who)
    assert_problem(r, 403, "two_factor_required")
    assert_problem(await client.post("/api/v1/ws-ticket", headers=who), 403, "two_factor_required")
    me = await client.get("/api/v1/me", headers=who)
    assert me.status_code == 200 and me.json()["two_factor_enabled"] is False

    app, _codes = await enrol(client, who)
    headers = await token_log_in(client, who["X-Email"], PASSWORD, app)
    assert (await client.get("/api/v1/boards", headers=headers)).status_code == 200
    assert (await client.post("/api/v1/auth/logout", headers=headers)).status_code == 204


async def test_log_out_works_before_enrolling(api: Api, client: httpx.AsyncClient) -> None:
    who = await api.user()
    r = await client.post(
        "/api/v1/auth/logout", json={"refresh_token": who["X-Refresh"]}, headers=who
    )
    assert r.status_code == 204
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": who["X-Refresh"]})
    assert r.status_code == 401


async def test_pages_send_the_visitor_to_enrol_first(new_browser: NewBrowser) -> None:
    browser = await (await new_browser()).signup()  # the sign-up's redirect leads there too
    for path in ("/boards", "/account", "/", "/boards/1"):
        r = await browser.get(path)
        assert r.status_code == 303 and r.headers["location"] == "/account/two-factor", path
    r = await browser.post("/boards", {"name": "Sneaky"})
    assert r.status_code == 303 and r.headers["location"] == "/account/two-factor"
    page = await browser.get("/account/two-factor")
    assert page.status_code == 200 and "This site requires two-factor log-in" in page.text
    assert (await browser.get("/logout")).status_code == 200

    await enrol_through_pages(browser, start="/account/two-factor")
    assert (await browser.get("/boards")).status_code == 200
    r = await browser.post("/logout")
    assert r.status_code == 303 and "tb_session" not in browser.client.cookies


async def test_no_socket_opens_before_enrolling(new_browser: NewBrowser, runtime: Runtime) -> None:
    """What /ws asks (realtime/ws.py): refused with TwoFactorRequired, closed with 1008."""
    browser = await (await new_browser()).signup()
    cookie = browser.client.cookies.get("tb_session")
    async with runtime.db.session() as db:
        with pytest.raises(TwoFactorRequired) as refused:
            await authenticate_socket(
                db, session_token=cookie, ticket=None, require_two_factor=True
            )
        assert ws_close_code(refused.value) == 1008
        actor, _ = await authenticate_socket(
            db, session_token=cookie, ticket=None, require_two_factor=False
        )
        assert actor.id == browser.id
