"""An invitation in a real browser with JavaScript off, the mail through a real SMTP
server: the owner invites an address from the board's settings, the mail arrives, and
its reader (no account yet) opens the link, signs up there and lands on the board."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSWORD, start_server
from playwright.sync_api import expect

from devkit.server import TeamboardServer
from devkit.smtp import SmtpServer


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().up()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, smtp: SmtpServer) -> Iterator[TeamboardServer]:
    data: Path = tmp_path_factory.mktemp("e2e-invitations")
    server = start_server(
        data, smtp_url=smtp.url, mail_from="Teamboard <board@teamboard.test>", mail_poll_seconds=0.2
    )
    yield server
    server.stop()


def test_invite_by_mail_then_sign_up_from_the_link_and_see_the_board(
    browser: Any, site: TeamboardServer, smtp: SmtpServer
) -> None:
    owner = browser.new_context(base_url=site.url, java_script_enabled=False)
    invitee = browser.new_context(base_url=site.url, java_script_enabled=False)
    try:
        page = owner.new_page()
        page.goto("/signup")
        page.get_by_label("Display name").fill("Olga Owner")
        page.get_by_label("E-mail").fill("olga.invites@example.com")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign up").click()
        page.get_by_label("Name").fill("Garden")
        page.get_by_role("button", name="Create board").click()
        expect(page).to_have_url(re.compile(r"/boards/\d+$"))
        page.get_by_role("link", name="Settings & members").click()
        page.get_by_label("E-mail address").fill("Newt.Comer@example.com")
        page.get_by_label("Role", exact=True).select_option("editor")
        page.get_by_role("button", name="Send invitation").click()
        expect(page.get_by_role("status")).to_contain_text(
            "Invitation to join as editor sent to newt.comer@example.com."
        )
        pending = page.get_by_role("region", name="Pending invitations")
        invited = pending.get_by_role("cell", name="newt.comer@example.com", exact=True)
        expect(invited).to_be_visible()

        [mail] = smtp.wait_for(1, to="newt.comer@example.com", timeout=15)
        assert mail.header("Subject") == "Olga Owner invited you to “Garden” on Teamboard"
        found = re.search(r"https?://\S+/invitations/\S+", mail.text)
        assert found, mail.text

        them = invitee.new_page()
        them.goto(found.group(0))
        expect(them.get_by_role("heading", name="Join “Garden”")).to_be_visible()
        expect(them.get_by_label("E-mail")).to_have_value("newt.comer@example.com")
        them.get_by_label("Display name").fill("Newt Comer")
        them.get_by_label("Password").fill(PASSWORD)
        them.get_by_role("button", name="Sign up and join").click()
        expect(them).to_have_url(re.compile(r"/boards/\d+$"))
        expect(them.get_by_role("heading", name="Garden")).to_be_visible()
        expect(them.get_by_role("status")).to_contain_text("Welcome to Teamboard, Newt Comer!")

        page.reload()
        members = page.get_by_role("region", name="Members")
        expect(members).to_contain_text("Newt Comer")
        expect(page.get_by_text("No pending invitations.")).to_be_visible()
    finally:
        owner.close()
        invitee.close()
