"""Columns and keyboard on every surface: a column dragged (mouse) or moved (keyboard) on
the SPA, seen live by another client; a WIP limit set from the islands and its over-limit
mark seen live on the SPA; with JavaScript off, Move left / Move right and the WIP form;
the board's shortcuts, the same on the SPA and the islands (a title typed at once after `e`
loses no letter; Escape saves nothing); and none on a phone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import PASSWORD, BrowserErrors
from playwright.sync_api import Locator, Page, expect
from test_js_off import sign_up
from test_spa import add_card, column, create_board, next_frames, saved, spa_sign_up


def names(page: Page) -> Locator:
    return page.locator("section.column[id^=column-] h2")


def reordered(page: Page) -> Any:
    """Waits for the answer to a new order of the columns."""
    return page.expect_response(
        lambda r: r.request.method == "PUT" and r.url.endswith("/columns/order")
    )


def second_client(browser: Any, base_url: str, email: str, url: str) -> Page:
    """The same person in another browser, on the SPA board at ``url``, subscribed."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    other = context.new_page()
    other.browser_errors = BrowserErrors(other)  # type: ignore[attr-defined]
    subscribed: list[bool] = []
    other.on(
        "websocket",
        lambda ws: ws.on("framereceived", lambda f: subscribed.append('"subscribed"' in str(f))),
    )
    other.goto("/app/login")
    other.get_by_label("E-mail").fill(email)
    other.get_by_label("Password").fill(PASSWORD)
    other.get_by_role("button", name="Log in").click()
    expect(other.get_by_role("heading", name="Your boards")).to_be_visible()
    other.goto(url)
    expect(names(other)).to_have_count(3)
    for _ in range(200):
        if any(subscribed):
            break
        other.wait_for_timeout(50)
    assert any(subscribed), "never subscribed"
    return other


def drag_by_handle(page: Page, handle: Locator, target: Locator) -> None:
    start, end = handle.bounding_box(), target.bounding_box()
    assert start and end
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 10, y + 5, steps=5)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + 20, steps=20)
    page.mouse.up()


def test_a_column_dragged_on_the_spa_moves_for_another_client(
    js_page: Page, browser: Any, base_url: str
) -> None:
    email = spa_sign_up(js_page, "Cole Columns")
    create_board(js_page, "Lanes")
    add_card(js_page, "To do", "Rides along")
    other = second_client(browser, base_url, email, js_page.url)

    # The mouse, by the column's handle: "Done" onto "To do" takes its place.
    with reordered(js_page):
        drag_by_handle(
            js_page,
            js_page.get_by_role("button", name="Move column “Done”"),
            column(js_page, "To do").locator("h2"),
        )
    expect(names(js_page)).to_have_text(["Done", "To do", "In progress"])
    expect(names(other)).to_have_text(["Done", "To do", "In progress"], timeout=2000)
    expect(column(other, "To do").locator(".card-title")).to_have_text(["Rides along"])

    # The keyboard: Space on the handle, one step right, Space; a screen reader hears it.
    live = js_page.locator("[id^=DndLiveRegion]")
    with reordered(js_page):
        js_page.get_by_role("button", name="Move column “Done”").focus()
        js_page.keyboard.press("Space")
        # (the keys count once the drag has measured the columns, a frame after "is over")
        expect(live).to_contain_text("Column “Done” is over position 1 of 3")
        next_frames(js_page)
        js_page.keyboard.press("ArrowRight")
        expect(live).to_contain_text("Column “Done” is over position 2 of 3")
        js_page.keyboard.press("Space")
        expect(live).to_contain_text("Column “Done” dropped at position 2 of 3")
    expect(names(js_page)).to_have_text(["To do", "Done", "In progress"])
    expect(names(other)).to_have_text(["To do", "Done", "In progress"], timeout=2000)

    js_page.reload()
    expect(names(js_page)).to_have_text(["To do", "Done", "In progress"])
    assert other.browser_errors.messages == []  # type: ignore[attr-defined]
    other.context.close()


def test_a_refused_reorder_is_rolled_back_with_a_message(js_page: Page) -> None:
    spa_sign_up(js_page, "Rollo Back")
    create_board(js_page, "Refusals")
    js_page.route(
        re.compile(r"/columns/order$"),
        lambda route: route.fulfill(
            status=403,
            content_type="application/problem+json",
            body='{"title": "Forbidden", "detail": "You need the editor role"}',
        ),
    )
    drag_by_handle(
        js_page,
        js_page.get_by_role("button", name="Move column “Done”"),
        column(js_page, "To do").locator("h2"),
    )
    expect(js_page.get_by_role("alert")).to_contain_text("They are back where they were")
    expect(names(js_page)).to_have_text(["To do", "In progress", "Done"])
    js_page.browser_errors.messages.clear()  # type: ignore[attr-defined]


def test_a_wip_limit_set_on_the_islands_marks_the_column_on_the_spa(
    js_page: Page, browser: Any, base_url: str
) -> None:
    email = spa_sign_up(js_page, "Wanda Wip")
    create_board(js_page, "Limits")
    for title in ("First", "Second"):
        add_card(js_page, "To do", title)
    spa_url = js_page.url
    board_id = spa_url.rstrip("/").rsplit("/", 1)[1]
    other = second_client(browser, base_url, email, spa_url)
    spa_todo = column(other, "To do")
    expect(spa_todo.locator(".count")).to_have_text(re.compile(r"^2 cards$"))

    # The islands: the server's board page with JavaScript on (the same session).
    js_page.goto(f"/boards/{board_id}")
    todo = column(js_page, "To do")
    expect(js_page.get_by_role("button", name="Move column “To do”")).to_be_visible()
    todo.get_by_text("Column settings").click()
    limit = todo.get_by_label("WIP limit")
    limit.fill("0")
    todo.get_by_role("button", name="Set limit").click()
    expect(todo.locator(".field-error")).to_have_text("The WIP limit must be at least 1.")
    expect(limit).to_have_attribute("aria-invalid", "true")
    limit.fill("1")
    with saved(js_page):
        todo.get_by_role("button", name="Set limit").click()
    expect(todo.locator(".count")).to_have_text("2 / 1 cards of a limit of 1, over the limit")
    expect(todo).to_have_class(re.compile(r"\bover-limit\b"))

    # Live on the SPA: "2 / 1", marked, and said.
    expect(spa_todo.locator(".count")).to_have_text(
        "2 / 1 cards of a limit of 1, over the limit", timeout=2000
    )
    expect(spa_todo).to_have_class(re.compile(r"\bover-limit\b"))
    expect(spa_todo.locator(".count.over-limit")).to_be_visible()

    # Cleared from the SPA's own column tools: the mark goes on both.
    spa_todo.get_by_text("Column settings").click()
    spa_todo.get_by_label("WIP limit").fill("")
    with saved(other):
        spa_todo.get_by_role("button", name="Set limit").click()
    expect(spa_todo).not_to_have_class(re.compile(r"\bover-limit\b"))
    expect(todo.locator(".count")).to_have_text("2 cards", timeout=2000)
    other.context.close()


def test_without_javascript_move_left_right_and_wip(page: Page) -> None:
    sign_up(page, "Nora NoScript")
    page.get_by_label("Name").fill("Plain")
    page.get_by_role("button", name="Create board").click()
    expect(names(page)).to_have_text(["To do", "In progress", "Done"])
    todo = column(page, "To do")
    todo.get_by_text("Column settings").click()
    expect(todo.get_by_role("button", name="Move left")).to_have_count(0)  # already first
    todo.get_by_role("button", name="Move right “To do”").click()
    expect(page.get_by_role("status")).to_contain_text("Column “To do” moved right.")
    expect(names(page)).to_have_text(["In progress", "To do", "Done"])
    done = column(page, "Done")
    done.get_by_text("Column settings").click()
    done.get_by_role("button", name="Move left “Done”").click()
    expect(names(page)).to_have_text(["In progress", "Done", "To do"])

    for title in ("Uno", "Dos"):
        field = column(page, "To do").get_by_label("New card in To do")
        field.fill(title)
        field.press("Enter")
    todo = column(page, "To do")
    todo.get_by_text("Column settings").click()
    todo.get_by_label("WIP limit").fill("\uff11")  # a full-width one
    todo.get_by_role("button", name="Set limit").click()
    todo = column(page, "To do")
    expect(todo.locator(".field-error")).to_have_text(
        "Enter the WIP limit as a whole number, using the digits 0 to 9."
    )
    todo.get_by_label("WIP limit").fill("1")
    todo.get_by_role("button", name="Set limit").click()
    expect(page.get_by_role("status")).to_contain_text("WIP limit of “To do” set to 1.")
    todo = column(page, "To do")
    expect(todo.locator(".count")).to_have_text("2 / 1 cards of a limit of 1, over the limit")
    expect(todo).to_have_class(re.compile(r"\bover-limit\b"))


def open_board(js_page: Page, surface: str) -> str:
    """A board with cards in two columns, on the SPA or on the islands page; its id."""
    spa_sign_up(js_page, f"Kim Keys {surface}")
    create_board(js_page, f"Keys {surface}")
    for title in ("A1", "A2"):
        add_card(js_page, "To do", title)
    add_card(js_page, "In progress", "B1")
    board_id = js_page.url.rstrip("/").rsplit("/", 1)[1]
    if surface == "islands":
        js_page.goto(f"/boards/{board_id}")
        expect(js_page.get_by_role("button", name="Move “A1”")).to_be_visible()
    return board_id


def focused_title(page: Page) -> str:
    return str(page.evaluate("document.activeElement.textContent")).strip()


@pytest.mark.parametrize("surface", ["spa", "islands"])
def test_the_shortcuts_are_the_same_on_both_surfaces(js_page: Page, surface: str) -> None:
    board_id = open_board(js_page, surface)
    js_page.evaluate("document.activeElement.blur()")  # out of the new-card field

    # ? opens the help, ? closes it again, and so does Escape.
    js_page.keyboard.press("?")
    help_dialog = js_page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(help_dialog).to_be_visible()
    expect(help_dialog).to_contain_text("move the card to…")
    js_page.keyboard.press("?")
    expect(help_dialog).to_have_count(0)
    js_page.keyboard.press("?")
    js_page.keyboard.press("Escape")
    expect(help_dialog).to_have_count(0)

    # The arrows: from nowhere to the first card, down, across, back.
    js_page.evaluate("document.activeElement.blur()")
    js_page.keyboard.press("ArrowDown")
    assert focused_title(js_page) == "A1"
    js_page.keyboard.press("ArrowDown")
    assert focused_title(js_page) == "A2"
    js_page.keyboard.press("ArrowRight")
    assert focused_title(js_page) == "B1"
    js_page.keyboard.press("ArrowLeft")
    assert focused_title(js_page) == "A1"

    # n: a new card in the focused card's column.
    js_page.keyboard.press("ArrowRight")
    js_page.keyboard.press("n")
    expect(column(js_page, "In progress").get_by_label("New card in In progress")).to_be_focused()
    js_page.keyboard.type("nothing")  # typing in a field: no shortcut fires
    expect(help_dialog).to_have_count(0)
    js_page.keyboard.press("Escape")

    # e: the focused card's title, inline; Enter saves and the keyboard stays on the card.
    column(js_page, "To do").get_by_role("link", name="A2").focus()
    js_page.keyboard.press("e")
    title = js_page.get_by_label("Card title")
    expect(title).to_be_focused()
    title.fill("A2 edited")
    with saved(js_page):
        js_page.keyboard.press("Enter")
    expect(column(js_page, "To do").get_by_role("link", name="A2 edited")).to_be_focused()

    # m: move to… a column and a position; the keyboard follows the card.
    js_page.keyboard.press("m")
    chooser = js_page.get_by_role("dialog", name="Move “A2 edited” to…")
    expect(chooser).to_be_visible()
    chooser.get_by_label("Column").select_option(label="In progress")
    chooser.get_by_label("Position").select_option(label="1 (top)")
    with saved(js_page):
        chooser.get_by_role("button", name="Move", exact=True).click()
    expect(column(js_page, "In progress").locator(".card-title")).to_have_text(["A2 edited", "B1"])
    expect(column(js_page, "In progress").get_by_role("link", name="A2 edited")).to_be_focused()

    # Enter opens the focused card: the SPA's dialog, the server's card page.
    js_page.keyboard.press("ArrowDown")
    assert focused_title(js_page) == "B1"
    js_page.keyboard.press("Enter")
    if surface == "spa":
        expect(js_page.get_by_role("dialog")).to_contain_text("B1")
        expect(js_page).to_have_url(re.compile(rf"/app/boards/{board_id}/cards/\d+$"))
    else:
        expect(js_page).to_have_url(re.compile(r"/cards/\d+$"))
        expect(js_page.get_by_role("heading", level=1)).to_have_text("B1")


@pytest.mark.parametrize("surface", ["spa", "islands"])
def test_a_title_typed_at_once_after_e_loses_no_letter_and_escape_saves_nothing(
    js_page: Page, surface: str
) -> None:
    open_board(js_page, surface)
    writes: list[str] = []
    js_page.on(
        "request",
        lambda r: writes.append(r.url) if r.method == "PATCH" and "/cards/" in r.url else None,
    )
    js_page.evaluate("document.activeElement.blur()")
    js_page.keyboard.press("ArrowDown")
    assert focused_title(js_page) == "A1"

    # e, then the words at once: the editor's code comes meanwhile, and keeps them all.
    js_page.keyboard.press("e")
    js_page.keyboard.type(" done")
    title = js_page.get_by_label("Card title")
    expect(title).to_be_focused()
    expect(title).to_have_value("A1 done")

    # Escape cancels: the field's removal (which blurs it) saves nothing either.
    js_page.keyboard.press("Escape")
    expect(column(js_page, "To do").get_by_role("link", name="A1", exact=True)).to_be_focused()
    next_frames(js_page)
    js_page.reload()
    expect(column(js_page, "To do").get_by_role("link", name="A1", exact=True)).to_be_visible()
    assert writes == []

    # Enter saves, once.
    column(js_page, "To do").get_by_role("link", name="A1", exact=True).focus()
    js_page.keyboard.press("e")
    expect(js_page.get_by_label("Card title")).to_be_focused()
    js_page.keyboard.type("!")
    with saved(js_page):
        js_page.keyboard.press("Enter")
    expect(column(js_page, "To do").get_by_role("link", name="A1!")).to_be_focused()
    next_frames(js_page)
    assert len(writes) == 1, writes


def test_no_shortcuts_on_a_phone(browser: Any, base_url: str, js_page: Page) -> None:
    email = spa_sign_up(js_page, "Pat Phone")
    create_board(js_page, "Pocket")
    url = js_page.url
    phone = browser.new_context(
        base_url=base_url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = phone.new_page()
    page.goto("/app/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your boards")).to_be_visible()
    page.goto(url)
    expect(names(page)).to_have_count(3)
    expect(page.get_by_role("button", name=re.compile("Keyboard shortcuts"))).to_have_count(0)
    page.locator("body").press("?")
    page.locator("body").press("n")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_label("New card in To do")).not_to_be_focused()
    phone.close()
