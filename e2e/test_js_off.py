"""A person's whole story in a real browser with JavaScript off: sign up, make a board,
add, edit, comment on, label, filter and move a card, then log out."""

from __future__ import annotations

import re
from itertools import count
from typing import Any

from conftest import PASSWORD
from playwright.sync_api import Page, expect

from devkit.chromium import log_out

_n = count(1)


def sign_up(page: Page, name: str = "Erin E2E") -> str:
    email = f"e2e{next(_n)}-{id(page)}@example.com"
    page.goto("/")
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Display name").fill(name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/boards$"))
    expect(page.get_by_role("status")).to_contain_text(f"Welcome to Teamboard, {name}!")
    return email


def column(page: Page, name: str) -> Any:
    return page.locator("section.column").filter(has=page.get_by_role("heading", name=name))


def test_the_whole_story_without_javascript(page: Page) -> None:
    sign_up(page)
    page.get_by_label("Name").fill("E2E board")
    page.get_by_role("button", name="Create board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("E2E board")

    todo = column(page, "To do")
    todo.get_by_label("New card in To do").fill("Ship it")
    todo.get_by_label("New card in To do").press("Enter")  # implicit submission
    expect(page.get_by_role("status")).to_contain_text("Card “Ship it” added.")
    page.get_by_role("link", name="Ship it", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ship it")

    page.get_by_text("Edit card", exact=True).click()  # <details> opens without a script
    page.get_by_role("textbox", name="Description").fill(
        "Do it **now**, see [the plan](https://example.com)"
    )
    page.get_by_label("Due date").fill("2031-05-04")
    page.get_by_role("button", name="Save card").click()
    expect(page.locator(".prose strong")).to_have_text("now")
    expect(page.get_by_role("link", name="the plan")).to_have_attribute("rel", "noopener nofollow")

    page.get_by_label("Add a comment").fill("On it")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.locator(".comment")).to_contain_text("On it")

    page.get_by_role("combobox", name="Column", exact=True).select_option(label="Done")
    page.get_by_role("button", name="Move card").click()
    expect(page.locator(".details")).to_contain_text("Done (position 1)")

    # From the board: the tile's Move link, the card page's form, and back to the board.
    page.get_by_role("link", name="E2E board").first.click()
    page.get_by_role("link", name="Move “Ship it”").click()
    expect(page.get_by_role("combobox", name="Column", exact=True)).to_be_in_viewport()
    page.get_by_role("combobox", name="Column", exact=True).select_option(label="In progress")
    page.get_by_role("button", name="Move card").click()
    expect(page.get_by_role("status")).to_contain_text("Card “Ship it” moved.")
    expect(
        column(page, "In progress").get_by_role("link", name="Ship it", exact=True)
    ).to_be_visible()
    page.get_by_role("link", name="Move “Ship it”").click()
    page.get_by_role("combobox", name="Column", exact=True).select_option(label="Done")
    page.get_by_role("button", name="Move card").click()
    page.get_by_role("link", name="Settings & members").click()
    page.get_by_label("Name", exact=True).last.fill("Urgent")
    page.get_by_role("button", name="Create label").click()
    expect(page.get_by_role("status")).to_contain_text("Label “Urgent” created.")

    page.get_by_role("link", name="Board", exact=True).click()
    page.get_by_role("link", name="Ship it", exact=True).click()
    page.get_by_text("Edit card", exact=True).click()
    page.get_by_label("Urgent").check()
    page.get_by_role("button", name="Save card").click()
    page.get_by_role("link", name="E2E board").first.click()
    expect(column(page, "Done").locator(".chip")).to_have_text("Urgent")

    page.get_by_label("Label").select_option(label="Urgent")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("status")).to_have_text("Showing 1 matching card.")

    log_out(page)
    expect(page.get_by_role("status")).to_have_text("You are logged out.")
    page.goto("/boards")
    expect(page).to_have_url(re.compile(r"/login\?next=/boards$"))


def test_a_wrong_form_comes_back_with_its_message(page: Page) -> None:
    sign_up(page, "Fay Form")
    page.get_by_label("Name").fill("   ")
    page.get_by_label("Description (optional)").fill("kept")
    page.get_by_role("button", name="Create board").click()
    name = page.get_by_label("Name")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#new-board-name-error")).to_have_text("Give it a name.")
    expect(page.get_by_label("Description (optional)")).to_have_value("kept")


def test_keyboard_reaches_the_skip_link_first(page: Page) -> None:
    page.goto("/login")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_phone_width_has_no_sideways_scroll(browser: Any, base_url: str) -> None:
    context = browser.new_context(
        base_url=base_url,
        java_script_enabled=False,
        viewport={"width": 360, "height": 740},
    )
    page = context.new_page()
    sign_up(page, "Pat Phone")
    page.get_by_label("Name").fill("Phone board")
    page.get_by_role("button", name="Create board").click()
    for url in (page.url, "/boards", "/account"):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (url, width)
    context.close()
