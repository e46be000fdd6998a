"""Two-factor log-in in a real browser with JavaScript off: set it up from the account page
(the key read off the page, the code computed here), log out, log in with a code."""

from __future__ import annotations

import re
import time
from itertools import count

import pyotp
from conftest import PASSWORD
from playwright.sync_api import Page, expect

from devkit.chromium import log_out

_n = count(1)


class App:
    """The authenticator: codes for time steps never used before (the server refuses a
    step twice, and takes the steps either side of its own)."""

    def __init__(self, secret: str) -> None:
        self.totp = pyotp.TOTP(secret)
        self.last = 0

    def code(self) -> str:
        while True:
            now = int(time.time()) // 30
            step = max(now - 1, self.last + 1)
            if step <= now + 1:
                break
            time.sleep(1)
        self.last = step
        return self.totp.generate_otp(step)

    def wrong(self) -> str:
        now = int(time.time()) // 30
        near = {self.totp.generate_otp(now + k) for k in range(-3, 4)}
        return next(c for c in ("000000", "111111", "222222", "333333") if c not in near)


def test_set_up_two_factor_then_log_in_with_a_code(page: Page) -> None:
    email = f"totp{next(_n)}-{id(page)}@example.com"
    page.goto("/signup")
    page.get_by_label("Display name").fill("Tess Totp")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/boards$"))

    page.goto("/account")
    page.get_by_role("button", name="Set up two-factor log-in").click()
    expect(page).to_have_url(re.compile(r"/account/two-factor$"))
    qr = page.locator("img.qr-code")
    expect(qr).to_be_visible()
    assert page.evaluate("document.querySelector('img.qr-code').naturalWidth") > 0  # CSP let it
    key = page.locator("#manual-key").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{4}){7}", key), key
    app = App(key.replace(" ", ""))

    page.get_by_label("Code from the app").fill(app.code())
    page.get_by_role("button", name="Turn on two-factor log-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.get_by_role("list", name="Recovery codes").locator("li")).to_have_count(10)
    page.get_by_role("link", name="I have saved them").click()
    expect(page.get_by_text("10 recovery codes left")).to_be_visible()

    log_out(page)
    expect(page.get_by_role("status")).to_have_text("You are logged out.")

    page.goto("/boards")  # the log-in keeps where the visitor was going
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor log-in")
    page.get_by_label("Authentication code").fill(app.wrong())
    page.get_by_role("button", name="Verify").click()
    expect(page.locator("#code-code-error")).to_contain_text("That code is not correct")
    page.get_by_label("Authentication code").fill(app.code())
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(re.compile(r"/boards$"))
    expect(page.get_by_role("status")).to_contain_text("Welcome back, Tess Totp.")
