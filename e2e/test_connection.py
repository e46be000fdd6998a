"""The connection indicator and changes made offline (context.set_offline): the board says
"Offline", keeps what the person does — a new card, a move — marked pending, sends it on
reconnecting (another client then sees it) and names a change the server refused then."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from conftest import BrowserErrors, require_build
from playwright.sync_api import BrowserContext, Page, expect
from test_islands import make_board
from test_spa import add_card, column, create_board, expected_only, keyboard_drag, spa_sign_up


def _until(page: Page, done: Callable[[], bool], what: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, what
        page.wait_for_timeout(50)


def _status(page: Page) -> Any:
    return page.locator(".connection-state[role=status]")


@contextmanager
def _second_client(page: Page, browser: Any, base_url: str) -> Iterator[BrowserContext]:
    """Another browser of the same person, online all along."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    context.add_cookies(page.context.cookies())
    try:
        yield context
    finally:
        context.close()


def _card_by_title(other: BrowserContext, board_id: str, title: str) -> dict[str, Any]:
    board = other.request.get(f"/api/v1/boards/{board_id}").json()
    return next(c for col in board["columns"] for c in col["cards"] if c["title"] == title)


def test_offline_changes_are_kept_pending_and_sent_on_reconnecting(
    js_page: Page, browser: Any, base_url: str
) -> None:
    require_build()
    spa_sign_up(js_page, "Otto Offline")
    create_board(js_page, "On the train")
    for title in ("Stays", "Mover"):
        add_card(js_page, "To do", title)
    board_url = js_page.url
    board_id = board_url.rstrip("/").rsplit("/", 1)[1]
    expect(_status(js_page)).to_have_text("Live")

    js_page.context.set_offline(True)
    expect(_status(js_page)).to_contain_text("Offline")

    # A new card: the field is free again, the card shows at once, marked pending.
    field = column(js_page, "To do").get_by_label("New card in To do")
    field.fill("Written offline")
    field.press("Enter")
    expect(field).to_have_value("")
    pending = column(js_page, "To do").locator(".card-tile[data-pending]")
    expect(pending).to_contain_text("Written offline")
    expect(pending).to_contain_text("Pending")
    expect(column(js_page, "To do").get_by_role("button", name="Add card to To do")).to_be_enabled()

    # A move: shown where it was dropped, marked pending too.
    keyboard_drag(js_page, "Mover", "ArrowRight")
    moved = column(js_page, "In progress").locator(".card-tile")
    expect(moved).to_contain_text("Mover")
    expect(moved).to_contain_text("Pending")
    expect(_status(js_page)).to_contain_text("2 changes pending")

    with _second_client(js_page, browser, base_url) as other:
        board = other.request.get(f"/api/v1/boards/{board_id}").json()
        assert [c["title"] for c in board["columns"][0]["cards"]] == ["Stays", "Mover"]

        js_page.context.set_offline(False)
        expect(_status(js_page)).to_have_text("Live")
        expect(js_page.locator(".card-tile[data-pending]")).to_have_count(0)
        expect(column(js_page, "To do").locator(".card-title")).to_have_text(
            ["Stays", "Written offline"]
        )
        expect(column(js_page, "In progress").locator(".card-title")).to_have_text(["Mover"])
        expect(column(js_page, "To do").get_by_role("link", name="Written offline")).to_be_visible()

        # The other client sees both, saved in the order they were made.
        seen = other.new_page()
        errors = BrowserErrors(seen)
        seen.goto(board_url)
        expect(column(seen, "To do").locator(".card-title")).to_have_text(
            ["Stays", "Written offline"]
        )
        expect(column(seen, "In progress").locator(".card-title")).to_have_text(["Mover"])
        assert errors.messages == [], errors.messages
    expect(js_page.get_by_role("alert")).to_have_count(0)


def test_a_change_refused_on_reconnecting_is_named_and_the_board_shows_the_server(
    js_page: Page, browser: Any, base_url: str
) -> None:
    require_build()
    spa_sign_up(js_page, "Rita Refused")
    create_board(js_page, "Contested")
    add_card(js_page, "To do", "Disputed")
    board_id = js_page.url.rstrip("/").rsplit("/", 1)[1]
    expect(_status(js_page)).to_have_text("Live")

    js_page.context.set_offline(True)
    expect(_status(js_page)).to_contain_text("Offline")
    keyboard_drag(js_page, "Disputed", "ArrowRight")
    expect(column(js_page, "In progress").locator(".card-tile")).to_contain_text("Pending")

    # Meanwhile, from another client, the card is renamed: the offline move's version is old.
    with _second_client(js_page, browser, base_url) as other:
        card = _card_by_title(other, board_id, "Disputed")
        csrf = next(c["value"] for c in other.cookies() if c["name"] == "tb_csrf")
        renamed = other.request.patch(
            f"/api/v1/cards/{card['id']}",
            data={"title": "Disputed, renamed", "version": card["version"]},
            headers={"X-CSRF-Token": csrf},
        )
        assert renamed.ok, renamed.text()

    js_page.context.set_offline(False)
    alert = js_page.get_by_role("alert")
    expect(alert).to_contain_text("Your move of “Disputed” was not saved")
    expect(alert).to_contain_text("someone else changed this card meanwhile")
    # The server's truth: the card where it is, with its new title, nothing pending.
    expect(column(js_page, "To do").locator(".card-title")).to_have_text(["Disputed, renamed"])
    expect(column(js_page, "In progress").locator(".card-title")).to_have_count(0)
    expect(js_page.locator(".card-tile[data-pending]")).to_have_count(0)
    alert.get_by_role("button", name="Dismiss").click()
    expect(js_page.get_by_role("alert")).to_have_count(0)
    expected_only(js_page, "status of 409")


def test_the_islands_board_gives_feedback_for_an_offline_move(page: Page, js_page: Page) -> None:
    require_build()
    path = make_board(page)
    js_page.context.add_cookies(page.context.cookies())
    # The side panel is drawn once the page is idle, and reads the board's activity then:
    # going offline before that read would fail it (a browser error this test counts).
    with js_page.expect_response(lambda response: "/activity?" in response.url):
        js_page.goto(path)
    expect(js_page.get_by_role("button", name="Move “One”")).to_be_visible()
    expect(_status(js_page)).to_have_text("Live")

    js_page.context.set_offline(True)
    expect(_status(js_page)).to_contain_text("Offline")
    keyboard_drag(js_page, "One", "ArrowRight")
    tile = column(js_page, "In progress").locator(".card-tile")
    expect(tile).to_contain_text("One")
    expect(tile).to_contain_text("Pending")
    expect(_status(js_page)).to_contain_text("1 change pending")

    js_page.context.set_offline(False)
    expect(_status(js_page)).to_have_text("Live")
    expect(js_page.locator(".card-tile[data-pending]")).to_have_count(0)
    # Saved: the page itself, read again, has it.
    page.goto(path)
    expect(column(page, "In progress").locator(".card-title")).to_have_text(["One"])
    assert re.search(r"/boards/\d+", path)
