"""The account and admin pages of the SPA: the same things the server's pages do, through
the API — a new display name shows in the header at once; an administrator deactivates an
account only after confirming it, and can bring it back."""

from __future__ import annotations

import itertools

from conftest import PASSWORD, require_build
from playwright.sync_api import Locator, Page, expect
from test_spa import spa_sign_up

from devkit.chromium import account_menu
from devkit.server import TeamboardServer

_n = itertools.count()


def _name_in_header(page: Page) -> Locator:
    """The account menu's button, named after the person signed in."""
    return page.locator("header .account-menu > summary")


def test_a_new_display_name_shows_in_the_header(js_page: Page) -> None:
    require_build()
    spa_sign_up(js_page, "Ada Account")
    expect(_name_in_header(js_page)).to_have_accessible_name("Ada Account")
    account_menu(js_page).get_by_role("link", name="Your account").click()
    expect(js_page).to_have_url(f"{js_page.url.split('/app/')[0]}/app/account")
    expect(js_page.get_by_role("heading", name="Your account", level=1)).to_be_visible()
    expect(js_page.get_by_role("table", name="Browsers where you are logged in")).to_contain_text(
        "This browser"
    )

    js_page.get_by_label("Display name").fill("Ada Lovelace")
    js_page.get_by_role("button", name="Save profile").click()
    expect(js_page.get_by_role("status").filter(has_text="Profile saved.")).to_be_visible()
    expect(_name_in_header(js_page)).to_have_accessible_name("Ada Lovelace")

    # A blank name is refused with a message written for people; nothing changes.
    js_page.get_by_label("Display name").fill("   ")
    js_page.get_by_role("button", name="Save profile").click()
    expect(js_page.locator("#account-name-error")).to_be_visible()
    expect(_name_in_header(js_page)).to_have_accessible_name("Ada Lovelace")
    js_page.browser_errors.messages.clear()  # type: ignore[attr-defined]  # the 422 above

    # The password changes too; a wrong current one is said so.
    js_page.get_by_label("Current password", exact=True).last.fill("not the password")
    js_page.get_by_label("New password").fill("a brand new passphrase")
    js_page.get_by_role("button", name="Change password").click()
    expect(
        js_page.locator("form").filter(has_text="New password").locator(".field-error")
    ).not_to_have_count(0)
    js_page.browser_errors.messages.clear()  # type: ignore[attr-defined]  # the refusal above
    js_page.get_by_label("Current password", exact=True).last.fill(PASSWORD)
    js_page.get_by_role("button", name="Change password").click()
    expect(js_page.get_by_role("status").filter(has_text="Password changed.")).to_be_visible()


def test_an_admin_deactivates_a_user_after_confirming(
    js_page: Page, server: TeamboardServer
) -> None:
    require_build()
    tag = f"{next(_n)}-{id(js_page)}"
    admin = f"root{tag}@example.com"
    target = f"target{tag}@example.com"
    for email, name, extra in ((admin, "Root Admin", ["--admin"]), (target, f"Tess {tag}", [])):
        made = server.cli("create-user", email, "--name", name, *extra, "--password", PASSWORD)
        assert made.returncode == 0, made.stderr

    js_page.goto("/app/login")
    js_page.get_by_label("E-mail").fill(admin)
    js_page.get_by_label("Password").fill(PASSWORD)
    js_page.get_by_role("button", name="Log in").click()
    account_menu(js_page).get_by_role("link", name="Admin", exact=True).click()
    expect(js_page.get_by_role("heading", name="Users", level=1)).to_be_visible()

    # Accounts are listed oldest first, 50 a page: the new one is on the last page.
    row = js_page.get_by_role("row").filter(has_text=target)
    while not row.is_visible():
        js_page.get_by_role("button", name="Next").click()
        js_page.wait_for_timeout(100)
    expect(row).to_contain_text("Active")

    # Deactivate asks first; Cancel changes nothing.
    row.get_by_role("button", name=f"Deactivate Tess {tag}").click()
    expect(row).to_contain_text(f"Deactivate Tess {tag}? They are logged out everywhere.")
    row.get_by_role("button", name="Cancel").click()
    expect(row).to_contain_text("Active")
    row.get_by_role("button", name=f"Deactivate Tess {tag}").click()
    row.get_by_role("button", name=f"Yes, deactivate Tess {tag}").click()
    expect(js_page.get_by_role("status")).to_contain_text(f"Tess {tag} is deactivated")
    expect(row).to_contain_text("Deactivated")

    # The account cannot log in any more.
    refused = js_page.request.post(
        "/api/v1/auth/token",
        form={"username": target, "password": PASSWORD, "grant_type": "password"},
    )
    assert refused.status >= 400, refused.text()

    row.get_by_role("button", name=f"Reactivate Tess {tag}").click()
    expect(row).to_contain_text("Active")
