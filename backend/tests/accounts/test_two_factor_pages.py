"""Two-factor log-in through the pages, without JavaScript: enrolment from the account
page (QR code and the key by hand), the log-in page's second step, turning it off."""

from __future__ import annotations

import base64
import re
from urllib.parse import unquote

import httpx

from teamboard.core.security import token_matches
from tests.support.authenticator import Authenticator, enrol_through_pages, manual_key
from tests.support.pages import NewBrowser, follow, hidden


async def test_enrolment_from_the_account_page(new_browser: NewBrowser) -> None:
    browser = await (await new_browser()).signup()
    r = await browser.post("/account/two-factor/start")
    page = await follow(browser, r)
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert "img-src 'self' data:" in page.headers["content-security-policy"]
    # The QR code is an SVG image in a data: URI (no inline script or style to allow).
    src = re.search(r'<img class="qr-code" src="data:image/svg\+xml;base64,([^"]+)"', page.text)
    assert src, page.text
    svg = base64.b64decode(src.group(1)).decode()
    assert svg.startswith("<svg") and "<script" not in svg
    secret = manual_key(page.text)
    assert re.search(r"[A-Z2-7]{4}( [A-Z2-7]{4}){7}", page.text)  # grouped for reading
    app = Authenticator(secret)

    # A wrong code comes back with its message; the account is unchanged.
    r = await browser.post("/account/two-factor/confirm", {"code": app.wrong()})
    assert r.status_code == 422
    assert 'id="confirm-code-error"' in r.text and "is not correct" in r.text
    assert manual_key(r.text) == secret
    assert (await browser.get("/api/v1/me")).json()["two_factor_enabled"] is False
    r = await browser.post("/account/two-factor/confirm", {"code": " "})
    assert r.status_code == 422 and "Enter the 6-digit code" in r.text

    r = await browser.post("/account/two-factor/confirm", {"code": await app.code()})
    assert r.status_code == 200 and "they will not be shown again" in r.text
    assert r.headers["cache-control"] == "no-store"
    assert (await browser.get("/api/v1/me")).json()["two_factor_enabled"] is True  # still in
    account = await browser.get("/account")
    assert "10 recovery codes left" in account.text
    # The secret is never shown again.
    r = await browser.get("/account/two-factor")
    assert r.status_code == 303 and r.headers["location"] == "/account"
    assert secret not in account.text


async def test_the_log_in_page_asks_for_the_code_and_keeps_next(
    new_browser: NewBrowser, client: httpx.AsyncClient
) -> None:
    owner = await (await new_browser()).signup()
    app, _codes = await enrol_through_pages(owner)

    browser = await new_browser()
    r = await browser.login(owner.email, next="/account")
    assert r.status_code == 200, r.text
    assert "tb_session" not in browser.client.cookies
    assert 'action="/login/code"' in r.text and 'autocomplete="one-time-code"' in r.text
    assert hidden(r.text, "next") == "/account"
    token = hidden(r.text, "mfa_token")
    form_token = hidden(r.text, "csrf_token")
    # The form's token is the cookie's secret, masked afresh for this response.
    assert token_matches(form_token, browser.client.cookies.get("tb_form") or "")

    # Without the form's double-submit token: refused.
    r = await browser.post("/login/code", {"mfa_token": token, "code": app.wrong()}, csrf=False)
    assert r.status_code == 403
    # A wrong code: the same step again, with the message and the token.
    r = await browser.post(
        "/login/code",
        {"csrf_token": form_token, "mfa_token": token, "next": "/account", "code": app.wrong()},
    )
    assert r.status_code == 422 and "is not correct" in r.text
    assert hidden(r.text, "mfa_token") == token and hidden(r.text, "next") == "/account"
    # The page's token is for the page only (refused before any code is looked at).
    r = await client.post("/api/v1/auth/mfa", json={"mfa_token": token, "code": app.wrong()})
    assert r.status_code == 401

    r = await browser.post(
        "/login/code",
        {
            "csrf_token": form_token,
            "mfa_token": token,
            "next": "/account",
            "code": await app.code(),
        },
    )
    assert r.status_code == 303 and r.headers["location"] == "/account"
    assert browser.client.cookies.get("tb_session")
    assert (await browser.get("/api/v1/me")).json()["id"] == owner.id

    # Used: sending it again starts the log-in over.
    r = await browser.post(
        "/login/code", {"csrf_token": form_token, "mfa_token": token, "code": app.wrong()}
    )
    assert r.status_code == 401 and "log in again" in r.text


async def test_a_recovery_code_logs_in_through_the_page(new_browser: NewBrowser) -> None:
    owner = await (await new_browser()).signup()
    _app, codes = await enrol_through_pages(owner)
    browser = await new_browser()
    r = await browser.login(owner.email)
    r = await browser.post(
        "/login/code",
        {
            "csrf_token": hidden(r.text, "csrf_token"),
            "mfa_token": hidden(r.text, "mfa_token"),
            "code": codes[0],
        },
    )
    assert r.status_code == 303 and unquote(r.headers["location"]) == "/boards"
    assert "9 recovery codes left" in (await browser.get("/account")).text


async def test_turning_it_off_from_the_account_page(new_browser: NewBrowser) -> None:
    owner = await (await new_browser()).signup()
    app, codes = await enrol_through_pages(owner)
    r = await owner.post("/account/two-factor/disable", {"code": app.wrong()})
    assert r.status_code == 422 and 'id="disable-code-error"' in r.text
    r = await owner.post("/account/two-factor/recovery-codes", {"code": app.wrong()})
    assert r.status_code == 422 and 'id="regenerate-code-error"' in r.text
    r = await owner.post("/account/two-factor/recovery-codes", {"code": await app.code()})
    assert r.status_code == 200 and codes[0] not in r.text
    r = await owner.post("/account/two-factor/disable", {"code": await app.code()})
    assert r.status_code == 303
    page = await follow(owner, r)
    assert "Two-factor log-in is off" in page.text and "Set up two-factor log-in" in page.text
    r = await (await new_browser()).login(owner.email)
    assert r.status_code == 303  # one step again
