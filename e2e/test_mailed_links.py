"""The mailed account links in a real browser, the mail read from a real SMTP server the
server sends to (its background sender, as in production). JavaScript off: sign up and
confirm the address from the link; forget the password, choose a new one from the link,
log in with it; change the e-mail, confirm it from the link the new address got. The SPA
(JavaScript on): the banner and its "Send me the link", the link proving the address on
the server's page, "Forgot your password?"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest
from conftest import PASSWORD, start_server
from playwright.sync_api import Page, expect

from devkit.chromium import log_out
from devkit.smtp import Received, SmtpServer

NEW_PASSWORD = "a new e2e passphrase"  # noqa: S105 - a test account's
_n = count(1)


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().up()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, smtp: SmtpServer) -> Iterator[str]:
    """A server of this module's own that mails through ``smtp``, polling its outbox often."""
    data: Path = tmp_path_factory.mktemp("e2e-mail")
    server = start_server(data, smtp_url=smtp.url, mail_poll_seconds=0.2)
    yield server.url
    server.stop()


def mail(smtp: SmtpServer, to: str, n: int) -> Received:
    received = smtp.wait_for(n, to=to, timeout=20)
    assert len(received) >= n, [m.header("Subject") for m in received]
    return received[n - 1]


def link(message: Received, path: str) -> str:
    found = re.findall(rf"https?://[^\s/]+{re.escape(path)}/[A-Za-z0-9_-]+", message.text)
    assert len(set(found)) == 1, message.text
    return str(found[0])


def sign_up(page: Page, name: str) -> str:
    email = f"mail{next(_n)}-{id(page)}@example.com"
    page.goto("/signup")
    page.get_by_label("Display name").fill(name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/boards$"))
    return email


def test_sign_up_then_confirm_the_address_from_the_mailed_link(
    page: Page, smtp: SmtpServer
) -> None:
    email = sign_up(page, "Vera Verify")
    banner = page.get_by_role("region", name="Confirm your address")
    expect(banner).to_contain_text(email)

    message = mail(smtp, email, 1)
    assert message.header("Subject")
    page.goto(link(message, "/verify-email"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your address")
    page.get_by_role("button", name=f"Confirm {email}").click()
    expect(page).to_have_url(re.compile(r"/boards$"))
    expect(page.get_by_role("status")).to_have_text(f"Thank you: {email} is confirmed.")
    expect(page.get_by_role("region", name="Confirm your address")).to_have_count(0)


def test_forgot_password_then_reset_from_the_mailed_link_and_log_in(
    page: Page, smtp: SmtpServer
) -> None:
    email = sign_up(page, "Rita Reset")
    log_out(page)
    expect(page.get_by_role("status")).to_have_text("You are logged out.")

    page.goto("/login")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forgot your password?")
    page.get_by_label("E-mail").fill(email)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("status")).to_contain_text("If an account uses this address")

    reset = link(mail(smtp, email, 2), "/reset-password")  # after the sign-up's link
    page.goto(reset)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my new password").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("status")).to_contain_text("Your new password is set")

    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)  # the old one no longer works
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/boards$"))
    expect(page.get_by_role("status")).to_contain_text("Welcome back, Rita Reset.")
    # The link was used: it opens a page that says so.
    page.goto(reset)
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Choose a new password")


def test_change_the_email_then_confirm_it_from_the_link_the_new_address_got(
    page: Page, smtp: SmtpServer
) -> None:
    old = sign_up(page, "Chad Change")
    new = f"new-{old}"
    page.goto("/account")
    profile = page.get_by_role("region", name="Profile")
    profile.get_by_label("E-mail").fill(new)
    profile.get_by_label("Current password").fill(PASSWORD)
    profile.get_by_role("button", name="Save profile").click()
    expect(page.locator("#pending-email")).to_contain_text(new)  # not changed yet
    expect(profile.get_by_label("E-mail")).to_have_value(old)

    notice = mail(smtp, old, 2)  # after the sign-up's link: a notice, no link to use
    assert new in notice.text and "/confirm-email-change/" not in notice.text
    page.goto(link(mail(smtp, new, 1), "/confirm-email-change"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your new address")
    page.get_by_role("button", name=f"Confirm {new}").click()
    expect(page).to_have_url(re.compile(r"/account$"))
    expect(page.get_by_role("status")).to_have_text(f"Your account's address is now {new}.")
    expect(page.get_by_role("region", name="Profile").get_by_label("E-mail")).to_have_value(new)
    # The link proved the new address: no banner asks to confirm it.
    expect(page.get_by_role("region", name="Confirm your address")).to_have_count(0)

    log_out(page)
    page.goto("/login")
    page.get_by_label("E-mail").fill(new)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/boards$"))


def test_the_spa_shows_the_banner_sends_the_link_again_and_asks_for_a_reset(
    js_page: Page, smtp: SmtpServer
) -> None:
    page = js_page
    email = f"spa-mail{next(_n)}-{id(page)}@example.com"
    page.goto("/app/signup")
    page.get_by_label("Display name").fill("Sam Spa")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    banner = page.get_by_role("region", name="Confirm your address")
    expect(banner).to_contain_text(email)
    banner.get_by_role("button", name="Send me the link").click()
    expect(banner.get_by_role("status")).to_have_text(
        f"We sent a new link to {email}. It works for 24 hours."
    )
    second = link(mail(smtp, email, 2), "/verify-email")  # the sign-up's, then this one

    page.goto(second)  # the server's page; its button proves the address
    page.get_by_role("button", name=f"Confirm {email}").click()
    page.goto("/app/")
    expect(page.get_by_role("heading", name="Your boards")).to_be_visible()
    expect(page.get_by_role("region", name="Confirm your address")).to_have_count(0)

    log_out(page)
    # Logged out for good before leaving: a navigation would cut the log-out short.
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")
    ).to_be_visible()
    page.goto("/app/login")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("E-mail").fill(email)
    expect(page.get_by_label("E-mail")).to_have_value(email)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("status")).to_contain_text("If an account uses this address")
    assert "/reset-password/" in mail(smtp, email, 3).text
