"""Words for people in a real browser: every field error at once in the catalogue's words
with JavaScript off, the same words in the SPA, and Enter keeping the add field open for
the next card (SPA, and the page without JavaScript)."""

from __future__ import annotations

import re
from itertools import count

from conftest import PASSWORD
from playwright.sync_api import Locator, Page, expect

_n = count(1)
RAW = re.compile(r"Value error|Input should|Field required|must not be blank")


def column(page: Page, name: str) -> Locator:
    return page.locator("section.column").filter(has=page.get_by_role("heading", name=name))


def test_sign_up_without_javascript_shows_every_error_at_once(page: Page) -> None:
    page.goto("/signup")
    page.get_by_label("Display name").fill("   ")
    page.get_by_label("E-mail").fill("not-an-address")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("#signup-display_name-error")).to_have_text("Enter your name.")
    expect(page.locator("#signup-email-error")).to_have_text(
        "Enter a real e-mail address, such as ana@example.com."
    )
    expect(page.locator("#signup-password-error")).to_have_text(
        "Choose a password of at least 8 characters."
    )
    assert not RAW.search(page.content())


def test_after_adding_a_card_without_javascript_the_add_field_is_ready(page: Page) -> None:
    page.goto("/signup")
    page.get_by_label("Display name").fill("Wendy Words")
    page.get_by_label("E-mail").fill(f"words{next(_n)}-{id(page)}@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.get_by_label("Name").fill("Words board")
    page.get_by_role("button", name="Create board").click()
    field = column(page, "In progress").get_by_label("New card in In progress")
    expect(field).to_have_attribute("placeholder", "Add a card…")
    field.fill("  ")
    field.press("Enter")
    expect(page.locator(".field-error").first).to_have_text("Give it a title.")
    field = column(page, "In progress").get_by_label("New card in In progress")
    field.fill("First")
    field.press("Enter")
    expect(
        column(page, "In progress").get_by_role("link", name="First", exact=True)
    ).to_be_visible()
    field = column(page, "In progress").get_by_label("New card in In progress")
    expect(field).to_be_focused()
    page.keyboard.type("Second")
    page.keyboard.press("Enter")
    expect(
        column(page, "In progress").get_by_role("link", name="Second", exact=True)
    ).to_be_visible()


def spa_board(page: Page) -> None:
    page.goto("/app/signup")
    page.get_by_label("Display name").fill("Sam Words")
    page.get_by_label("E-mail").fill(f"spa-words{next(_n)}-{id(page)}@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Your boards")).to_be_visible()
    page.get_by_label("Name").fill("SPA words")
    page.get_by_role("button", name="Create board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("SPA words")


def test_spa_blank_title_shows_the_catalogue_message(js_page: Page) -> None:
    spa_board(js_page)
    todo = column(js_page, "To do")
    field = todo.get_by_label("New card in To do")
    field.fill(" \t ")
    field.press("Enter")
    expect(todo.locator(".field-error")).to_have_text("Give it a title.")
    expect(field).to_have_attribute("aria-invalid", "true")
    # The same words as the page without JavaScript and the API.
    js_page.get_by_role("button", name="Add column").click()
    expect(js_page.locator("#new-column-name-error")).to_have_text("Give it a name.")


def test_spa_sign_up_shows_every_server_message_at_once(js_page: Page) -> None:
    js_page.goto("/app/signup")
    js_page.get_by_label("E-mail").fill("not-an-address")
    js_page.get_by_label("Password").fill("short")
    js_page.get_by_role("button", name="Sign up").click()
    expect(js_page.locator("#signup-display_name-error")).to_have_text("Enter your name.")
    expect(js_page.locator("#signup-email-error")).to_have_text(
        "Enter a real e-mail address, such as ana@example.com."
    )
    expect(js_page.locator("#signup-password-error")).to_have_text(
        "Choose a password of at least 8 characters."
    )
    # The 422 is expected; the browser logs it.
    js_page.browser_errors.messages.clear()  # type: ignore[attr-defined]


def test_spa_enter_adds_and_keeps_the_field_open(js_page: Page) -> None:
    spa_board(js_page)
    todo = column(js_page, "To do")
    field = todo.get_by_label("New card in To do")
    expect(field).to_have_attribute("placeholder", "Add a card…")
    field.fill("One")
    field.press("Enter")
    expect(todo.get_by_role("link", name="One", exact=True)).to_be_visible()
    expect(field).to_have_value("")
    expect(field).to_be_focused()
    js_page.keyboard.type("Two")
    js_page.keyboard.press("Enter")
    expect(todo.get_by_role("link", name="Two", exact=True)).to_be_visible()
    expect(field).to_be_focused()
