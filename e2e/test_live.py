"""Two people on one board, each in a browser of their own (two contexts, JavaScript on):
a card one of them drags shows in its new place for the other within a second, with no
reload — the event reaches the second page over its WebSocket and updates its cache."""

from __future__ import annotations

import re
import time
from typing import Any

from conftest import PASSWORD, BrowserErrors, require_build
from playwright.sync_api import Page, expect
from test_spa import (
    add_card,
    column,
    create_board,
    keyboard_drag,
    mouse_drag,
    saved,
    spa_sign_up,
)


def _log_in(page: Page, email: str) -> None:
    page.goto("/app/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your boards")).to_be_visible()


def _until(page: Page, done: Any, what: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, what
        page.wait_for_timeout(50)


def test_a_move_in_one_browser_shows_in_the_other(
    js_page: Page, browser: Any, base_url: str
) -> None:
    require_build()
    email = spa_sign_up(js_page, "Lee Live")
    create_board(js_page, "Together")
    for title in ("Travels", "Stays"):
        add_card(js_page, "To do", title)
    board_url = js_page.url

    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    other = context.new_page()
    errors = BrowserErrors(other)
    frames: list[str] = []
    other.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(str(f))))
    _log_in(other, email)
    other.goto(board_url)
    expect(column(other, "To do").locator(".card-title")).to_have_text(["Travels", "Stays"])
    _until(other, lambda: any('"subscribed"' in f for f in frames), "never subscribed")

    with saved(js_page):
        tile = column(js_page, "To do").locator(".card-tile").first
        mouse_drag(js_page, tile, column(js_page, "In progress"))
    expect(column(other, "In progress").locator(".card-title")).to_have_text(
        ["Travels"], timeout=1000
    )
    expect(column(other, "To do").locator(".card-title")).to_have_text(["Stays"])
    assert any('"card.moved"' in f for f in frames)

    # And back the other way, from the second browser.
    with saved(other):
        tile = column(other, "To do").locator(".card-tile").first
        mouse_drag(other, tile, column(other, "In progress"))
    expect(column(js_page, "In progress").locator(".card-title")).to_have_count(2, timeout=1000)
    context.close()
    assert errors.messages == [], errors.messages


def test_the_moving_page_takes_its_move_from_its_own_event(js_page: Page) -> None:
    """No read of the board after a move: the page's guess is confirmed by the event the
    server sends it as to everyone, which also brings the card's new version — so the
    same card moves again at once without a conflict."""
    require_build()
    frames: list[str] = []
    js_page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(str(f))))
    spa_sign_up(js_page, "Oda Own")
    create_board(js_page, "Own events")
    add_card(js_page, "To do", "Twice")
    _until(js_page, lambda: any('"subscribed"' in f for f in frames), "never subscribed")
    reads: list[str] = []
    board_read = re.compile(r"/api/v1/boards/\d+$")
    js_page.on(
        "request",
        lambda r: reads.append(r.url) if r.method == "GET" and board_read.search(r.url) else None,
    )

    def moved(times: int) -> Any:
        return lambda: sum('"card.moved"' in f for f in frames) == times

    for times, target in enumerate(("In progress", "Done"), start=1):
        with saved(js_page) as answer:
            keyboard_drag(js_page, "Twice", "ArrowRight")
        assert answer.value.status == 200, answer.value.text()
        expect(column(js_page, target).locator(".card-title")).to_have_text(["Twice"])
        _until(js_page, moved(times), "the move's own event never came")
    expect(js_page.get_by_role("alert")).to_have_count(0)
    assert reads == [], reads
