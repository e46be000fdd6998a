"""Checklists in a real browser: built in the SPA's card dialog (added, ticked, reordered
with the keyboard, an item made a card), a tick in one browser moving the tile's progress
in another's at once, and the same on the server's card page with JavaScript off."""

from __future__ import annotations

from typing import Any

from conftest import PASSWORD, AddMember, BrowserErrors, require_build
from playwright.sync_api import Page, expect
from test_spa import column, next_frames, spa_sign_up

from devkit.api import SyncApi, User

API = "/api/v1"


def _log_in(page: Page, email: str) -> None:
    page.goto("/app/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your boards")).to_be_visible()


def _board(api: SyncApi) -> tuple[User, dict[str, Any], dict[str, Any]]:
    owner = api.sign_up("Cy Owner")
    board = api.board(owner, "Release")
    card = api.card(owner, board["columns"][0]["id"], "Ship the app")
    return owner, board, card


def _items(page: Page) -> list[str]:
    return page.locator(".cl-item .cl-text").all_inner_texts()


def test_a_checklist_built_in_the_dialog_shows_on_the_tiles_live(
    js_page: Page, api: SyncApi, add_member: AddMember, browser: Any, base_url: str
) -> None:
    require_build()
    owner, board, card = _board(api)
    email = spa_sign_up(js_page, "Di Editor")
    add_member(owner, board["id"], email, "editor")

    # The owner watches the board in a browser of their own.
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    other = context.new_page()
    errors = BrowserErrors(other)
    _log_in(other, owner.email)
    other.goto(f"/app/boards/{board['id']}")
    tile = column(other, "To do").locator(".card-tile").first
    expect(tile).to_contain_text("Ship the app")

    page = js_page
    page.goto(f"/app/boards/{board['id']}/cards/{card['id']}")
    dialog = page.get_by_role("dialog")
    # The form's field takes the focus, its suggested title selected: typing replaces it.
    # Cancel gives the focus back to the button, and the suggestion to the next opening.
    add = dialog.get_by_role("button", name="Add a checklist")
    title = dialog.get_by_label("Checklist title")
    add.click()
    expect(title).to_be_focused()
    page.keyboard.type("Not this one")
    dialog.get_by_role("button", name="Cancel", exact=True).click()
    expect(add).to_be_focused()
    add.click()
    expect(title).to_have_value("Checklist")
    expect(title).to_be_focused()
    page.keyboard.type("Before launch")
    expect(title).to_have_value("Before launch")
    title.press("Enter")
    new_item = dialog.get_by_label("Add an item to “Before launch”")
    for text in ("Write notes", "Run the tests", "Tag the release"):
        new_item.fill(text)
        new_item.press("Enter")
        expect(dialog.locator(".cl-item .cl-text").last).to_have_text(text)
    assert _items(page) == ["Write notes", "Run the tests", "Tag the release"]
    expect(tile).to_contain_text("0/3")  # the other browser's tile, by the events

    dialog.get_by_role("checkbox", name="Run the tests").check()
    expect(dialog.get_by_role("progressbar")).to_have_attribute("value", "1")
    expect(tile).to_contain_text("1/3", timeout=2000)

    # The keyboard moves "Tag the release" to the top.
    live = dialog.locator("[id^=DndLiveRegion]")
    dialog.get_by_role("button", name="Move “Tag the release”").focus()
    page.keyboard.press("Space")
    expect(live).to_contain_text("“Tag the release” is over place 3 of 3")
    next_frames(page)  # the sensor measures the items before it moves one
    for _ in range(2):
        before = live.inner_text()
        page.keyboard.press("ArrowUp")
        expect(live).not_to_have_text(before)
    # The list shows the drop at once; the server's order is read once it has answered.
    with page.expect_response(
        lambda r: r.request.method == "PATCH" and "/checklist-items/" in r.url
    ):
        page.keyboard.press("Space")
    expect(live).to_contain_text("dropped at place 1 of 3")
    expect(dialog.locator(".cl-item .cl-text")).to_have_text(
        ["Tag the release", "Write notes", "Run the tests"]
    )
    read = api.call(owner, "GET", f"{API}/cards/{card['id']}")
    assert [i["text"] for i in read["checklists"][0]["items"]] == [
        "Tag the release",
        "Write notes",
        "Run the tests",
    ]

    # "Write notes" becomes a card of its own, right below this one, on both screens.
    dialog.get_by_role("button", name="Make a card of “Write notes”").click()
    expect(dialog.locator(".cl-item .cl-text")).to_have_text(["Tag the release", "Run the tests"])
    expect(column(other, "To do").locator(".card-title")).to_have_text(
        ["Ship the app", "Write notes"]
    )
    expect(tile).to_contain_text("1/2")
    context.close()
    assert errors.messages == [], errors.messages


def test_checklists_on_the_card_page_without_javascript(page: Page, api: SyncApi) -> None:
    owner, board, card = _board(api)
    page.goto("/login")
    page.get_by_label("E-mail").fill(owner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/cards/{card['id']}")
    page.get_by_label("New checklist").fill("Before launch")
    page.get_by_role("button", name="Add the checklist").click()
    new_item = page.get_by_label("Add an item to “Before launch”")
    new_item.fill("Write notes")
    page.get_by_role("button", name="Add the item to “Before launch”").click()
    page.get_by_label("Add an item to “Before launch”").fill("Run the tests")
    page.get_by_role("button", name="Add the item to “Before launch”").click()
    expect(page.locator(".cl-item .cl-text")).to_have_text(["Write notes", "Run the tests"])
    page.get_by_role("button", name="Tick “Run the tests”").click()
    expect(page.locator(".cl-done .cl-text")).to_have_text(["Run the tests"])
    expect(page.locator(".cl-count")).to_have_text("1/2")
    page.get_by_role("button", name="Move “Run the tests” up").click()
    expect(page.locator(".cl-item .cl-text")).to_have_text(["Run the tests", "Write notes"])
    # The board's tile shows the progress.
    page.goto(f"/boards/{board['id']}")
    expect(page.locator(".card-tile").first.locator(".tile-checklist")).to_contain_text("1/2")


def test_a_card_copied_from_the_dialog_keeps_its_checklists(
    js_page: Page, api: SyncApi, add_member: AddMember
) -> None:
    require_build()
    owner, board, card = _board(api)
    steps = api.checklist(owner, card["id"], "Steps", ["Plan", "Do"])
    first = steps["items"][0]["id"]
    api.call(owner, "PATCH", f"{API}/checklist-items/{first}", json={"done": True})
    email = spa_sign_up(js_page, "Kit Copier")
    add_member(owner, board["id"], email, "editor")
    page = js_page
    page.goto(f"/app/boards/{board['id']}/cards/{card['id']}")
    dialog = page.get_by_role("dialog")
    dialog.locator("summary", has_text="Copy").click()
    dialog.get_by_label("Copy to column").select_option(label="Done")
    dialog.get_by_role("button", name="Copy card").click()
    expect(dialog.get_by_role("link", name="Open the copy")).to_be_visible()
    page.keyboard.press("Escape")
    copied = column(page, "Done").locator(".card-tile").first
    expect(copied).to_contain_text("Ship the app")
    expect(copied.locator(".tile-checklist")).to_contain_text("1/2")
