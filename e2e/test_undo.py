"""Undo: archive, delete and move come back from a toast on the SPA and the islands (for
every live viewer too); with JavaScript off the pages ask first and offer Undo in their
message; the SPA lists a board's archived cards to restore."""

from __future__ import annotations

import re
from typing import Any

from conftest import BrowserErrors, require_build
from playwright.sync_api import Page, expect
from test_islands import make_board
from test_js_off import sign_up
from test_live import _log_in, _until
from test_spa import add_card, column, create_board, keyboard_drag, saved, spa_sign_up


def _toast(page: Page, text: str) -> Any:
    return page.locator(".toasts[role=status]").locator(".toast", has_text=text)


def test_spa_archive_then_undo_brings_it_back_for_a_second_live_client(
    js_page: Page, browser: Any, base_url: str
) -> None:
    require_build()
    email = spa_sign_up(js_page, "Una Undo")
    create_board(js_page, "Undoable")
    add_card(js_page, "To do", "Keep me")
    board_url = js_page.url

    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    other = context.new_page()
    errors = BrowserErrors(other)
    frames: list[str] = []
    other.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(str(f))))
    _log_in(other, email)
    other.goto(board_url)
    expect(column(other, "To do").locator(".card-title")).to_have_text(["Keep me"])
    _until(other, lambda: any('"subscribed"' in f for f in frames), "never subscribed")

    js_page.get_by_role("link", name="Keep me").click()
    js_page.get_by_role("dialog").get_by_role("button", name="Archive").click()
    toast = _toast(js_page, "“Keep me” archived.")
    expect(toast).to_be_visible()
    expect(column(js_page, "To do").locator(".card-title")).to_have_count(0)
    expect(column(other, "To do").locator(".card-title")).to_have_count(0)

    toast.hover()  # held while the pointer is on it
    js_page.wait_for_timeout(9_000)
    expect(toast).to_be_visible()
    toast.get_by_role("button", name="Undo").click()
    expect(toast).to_have_count(0)
    expect(column(js_page, "To do").locator(".card-title")).to_have_text(["Keep me"])
    expect(column(other, "To do").locator(".card-title")).to_have_text(["Keep me"])
    context.close()
    assert errors.messages == [], errors.messages


def test_islands_move_and_delete_then_undo(page: Page, js_page: Page) -> None:
    path = make_board(page)
    js_page.context.add_cookies(page.context.cookies())
    js_page.goto(path)
    expect(js_page.get_by_role("button", name="Move “One”")).to_be_visible()
    feed = js_page.get_by_role("region", name="Activity")
    expect(feed.get_by_role("listitem").first).to_be_visible()

    # A move, undone from its toast (reached with the keyboard): the inverse move.
    with saved(js_page):
        keyboard_drag(js_page, "Two", "ArrowRight")
    expect(column(js_page, "In progress").locator(".card-title")).to_have_text(["Two"])
    undo = _toast(js_page, "“Two” moved to In progress.").get_by_role("button", name="Undo")
    undo.focus()
    with saved(js_page):
        js_page.keyboard.press("Enter")
    expect(column(js_page, "To do").locator(".card-title")).to_have_text(["One", "Two"])

    # A delete from the card's page, undone from the board's message.
    column(js_page, "To do").get_by_role("link", name="One", exact=True).click()
    js_page.get_by_role("link", name="Delete card…").click()
    js_page.get_by_role("button", name="Delete permanently").click()
    expect(js_page).to_have_url(re.compile(r"/boards/\d+$"))
    expect(column(js_page, "To do").locator(".card-title")).to_have_text(["Two"])
    js_page.locator(".flash").get_by_role("button", name="Undo").click()
    expect(js_page.get_by_role("status").filter(has_text="is back.")).to_be_visible()
    js_page.goto(path)  # back where it was
    expect(column(js_page, "To do").locator(".card-title")).to_have_text(["One", "Two"])


def test_js_off_comment_delete_asks_to_confirm_then_offers_undo(page: Page) -> None:
    sign_up(page, "Cora Comment")
    page.get_by_label("Name").fill("Comments")
    page.get_by_role("button", name="Create board").click()
    field = column(page, "To do").get_by_label("New card in To do")
    field.fill("Discuss")
    field.press("Enter")
    page.get_by_role("link", name="Discuss").click()
    page.get_by_label("Add a comment").fill("Ship on Friday")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.locator(".comment")).to_contain_text("Ship on Friday")

    page.get_by_role("button", name="Delete comment").click()
    expect(page.get_by_role("heading", name="Delete this comment?")).to_be_visible()
    expect(page.locator("blockquote")).to_have_text("Ship on Friday")
    page.get_by_role("button", name="Delete comment").click()
    expect(page.get_by_role("status")).to_contain_text("Comment deleted.")
    expect(page.locator(".comment")).to_have_count(0)
    page.get_by_role("status").get_by_role("button", name="Undo").click()
    expect(page.get_by_role("status")).to_contain_text("Comment restored.")
    expect(page.locator(".comment")).to_contain_text("Ship on Friday")


def test_spa_archived_view_restores_a_card(js_page: Page) -> None:
    spa_sign_up(js_page, "Ari Archive")
    create_board(js_page, "Archive")
    add_card(js_page, "To do", "Old news")
    js_page.get_by_role("link", name="Old news").click()
    js_page.get_by_role("dialog").get_by_role("button", name="Archive").click()
    expect(column(js_page, "To do").locator(".card-title")).to_have_count(0)

    js_page.get_by_role("link", name="Archived cards").click()
    expect(js_page.get_by_role("heading", name="Archived cards")).to_be_visible()
    row = js_page.locator(".archived-card", has_text="Old news")
    expect(row).to_contain_text("from To do")
    row.get_by_role("button", name="Restore").click()
    expect(row).to_have_count(0)
    js_page.get_by_role("link", name="Board", exact=True).click()
    expect(column(js_page, "To do").locator(".card-title")).to_have_text(["Old news"])
