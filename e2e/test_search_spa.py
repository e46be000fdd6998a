"""The SPA's search in a real browser against the real endpoint: Ctrl-K (or the header's
button, or `/` off a board) opens it, hits come as one types, the arrow keys and Enter open
a card on its board; a card of a board one is not a member of never shows, neither on the
screen nor in what the server sent; "Load more" follows the cursor; at 390 px wide it fits
the screen and a tap opens a card. On a board page `/` stays the board filter's. A word
typed at once after `/` keeps every letter."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import PASSWORD, AddMember, BrowserErrors, require_build
from playwright.sync_api import Page, Response, expect

from devkit.api import SyncApi, User

API = "/api/v1"


@pytest.fixture(autouse=True)
def _built() -> None:
    require_build()


def _log_in(page: Page, user: User) -> None:
    page.goto("/app/login")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your boards")).to_be_visible()


def _keys_ready(page: Page) -> None:
    """Search's keys listen once its button's chunk is here (it comes beside the page's)."""
    expect(page.get_by_role("button", name="Search")).to_be_visible()


def _answers(page: Page) -> list[dict[str, Any]]:
    """Every answer of the search endpoint to this page, as JSON, as they come."""
    seen: list[dict[str, Any]] = []

    def on_response(response: Response) -> None:
        if f"{API}/search?" in response.url and response.ok:
            seen.append(response.json())

    page.on("response", on_response)
    return seen


def _titles(page: Page) -> list[str]:
    return [t.strip() for t in page.locator("[role=option] .search-hit-title").all_inner_texts()]


def test_typing_finds_ones_cards_and_the_keyboard_opens_one(
    js_page: Page, api: SyncApi, add_member: AddMember
) -> None:
    ada = api.sign_up("Ada Finder")
    mine = api.board(ada, "Launch plan")
    todo, doing = (c["id"] for c in mine["columns"][:2])
    cards = {
        "Deploy the staging server": api.card(ada, todo, "Deploy the staging server"),
        "Deployment checklist": api.card(ada, doing, "Deployment checklist"),
        "Write the release notes": api.card(ada, todo, "Write the release notes"),
    }
    api.comment(ada, cards["Write the release notes"]["id"], "After the deploy, <b>not</b> before")
    # Bo's boards: one Ada is a viewer of, one she is not a member of; both match.
    bo = api.sign_up("Bo Keeper")
    shared = api.board(bo, "Shared roadmap")
    cards["Deploy the docs site"] = api.card(bo, shared["columns"][0]["id"], "Deploy the docs site")
    add_member(bo, shared["id"], ada.email, "viewer")
    secret = api.board(bo, "Secret plans")
    api.card(bo, secret["columns"][0]["id"], "Deploy the secret rocket", description="deploy")

    answers = _answers(js_page)
    _log_in(js_page, ada)
    _keys_ready(js_page)
    js_page.keyboard.press("Control+k")
    dialog = js_page.get_by_role("dialog", name="Search")
    box = dialog.get_by_role("combobox", name="Search the cards of your boards")
    expect(box).to_be_focused()
    expect(dialog).to_contain_text("Find a card on any of your boards")

    box.press_sequentially("depl", delay=40)  # the start of a word finds it
    options = dialog.get_by_role("option")
    expect(options).to_have_count(4)
    assert sorted(_titles(js_page)) == sorted(cards)
    expect(dialog).not_to_contain_text("Secret")
    expect(dialog.locator("[role=option] mark").first).to_be_visible()
    # The comment's markup is text, escaped by the server and shown as typed.
    expect(dialog).to_contain_text("After the deploy, <b>not</b> before")
    expect(dialog.locator("[role=option] b")).to_have_count(0)
    hits = [hit for answer in answers for hit in answer["hits"]]
    assert hits, "no answer seen"
    assert {hit["board_id"] for hit in hits} <= {mine["id"], shared["id"]}

    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    box.press("ArrowDown")
    box.press("ArrowDown")
    box.press("ArrowUp")
    chosen = options.nth(1)
    expect(chosen).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", chosen.get_attribute("id") or "")
    title = chosen.locator(".search-hit-title").inner_text().strip()
    card = cards[title]
    box.press("Enter")
    expect(js_page).to_have_url(re.compile(rf"/app/boards/{card['board_id']}/cards/{card['id']}$"))
    expect(js_page.get_by_role("dialog")).to_have_count(1)  # search closed: the card's
    expect(js_page.get_by_role("dialog", name=title)).to_be_visible()

    # Over the card's dialog: Escape closes search alone.
    js_page.keyboard.press("Control+k")
    expect(dialog).to_be_visible()
    js_page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(js_page.get_by_role("dialog", name=title)).to_be_visible()

    # The word only Bo's secret board has: nothing, in words.
    js_page.keyboard.press("Control+k")
    box = dialog.get_by_role("combobox")
    box.press_sequentially("rocket", delay=40)
    expect(dialog).to_contain_text("No cards match “rocket”.")
    hits = [hit for answer in answers for hit in answer["hits"]]
    assert secret["id"] not in {hit["board_id"] for hit in hits}


def test_button_slash_and_escape_and_the_board_keeps_its_slash(js_page: Page, api: SyncApi) -> None:
    ada = api.sign_up("Ada Keys")
    board = api.board(ada, "Sprint")
    todo = board["columns"][0]["id"]
    for n in range(1, 24):
        api.card(ada, todo, f"Sprint task {n}")
    _log_in(js_page, ada)
    dialog = js_page.get_by_role("dialog", name="Search")

    button = js_page.get_by_role("button", name="Search")
    button.click()
    expect(dialog).to_be_visible()
    js_page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(button).to_be_focused()  # back where it was

    js_page.locator("body").press("/")
    expect(dialog).to_be_visible()
    box = dialog.get_by_role("combobox")
    expect(box).to_be_focused()
    # 23 cards match: a page of 20, then the rest through the cursor.
    box.press_sequentially("sprint", delay=40)
    expect(dialog.get_by_role("option")).to_have_count(20)
    dialog.get_by_role("button", name="Load more").click()
    expect(dialog.get_by_role("option")).to_have_count(23)
    expect(dialog.get_by_role("button", name="Load more")).to_have_count(0)
    expect(dialog.get_by_role("option").nth(20)).to_have_attribute("aria-selected", "true")
    expect(box).to_be_focused()
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_have_count(0)

    # On the board, `/` is the board filter's, as before; Ctrl-K is search's.
    js_page.goto(f"/app/boards/{board['id']}")
    expect(js_page.get_by_role("link", name="Sprint task 1", exact=True)).to_be_visible()
    js_page.locator("body").press("/")
    expect(js_page.locator("[data-filter-input]")).to_be_focused()
    expect(dialog).to_have_count(0)
    js_page.keyboard.press("Control+k")
    expect(dialog.get_by_role("combobox")).to_be_focused()


def test_a_word_typed_at_once_after_slash_loses_no_letter(js_page: Page, api: SyncApi) -> None:
    """The dialog's code is fetched at the first opening, and its field takes the focus a
    frame after it is drawn: the keys typed before are kept for it, not lost to the page."""
    ada = api.sign_up("Ada Quick")
    board = api.board(ada, "Release")
    api.card(ada, board["columns"][0]["id"], "Deploy the release")
    fetched: list[str] = []
    js_page.on("request", lambda r: fetched.append(r.url) if "SearchDialog" in r.url else None)
    _log_in(js_page, ada)
    _keys_ready(js_page)
    assert fetched == []  # not fetched ahead: the keys below come while it loads

    js_page.keyboard.press("/")
    js_page.keyboard.type("deplo")  # no pause: as fast as keys go
    box = js_page.get_by_role("dialog", name="Search").get_by_role("combobox")
    expect(box).to_be_focused()
    expect(box).to_have_value("deplo")
    expect(js_page.get_by_role("option", name=re.compile("Deploy the release"))).to_be_visible()
    js_page.keyboard.type("y")  # the field's own from now on, after what was kept
    expect(box).to_have_value("deploy")


def test_at_390_px_it_fits_and_a_tap_opens_the_card(
    browser: Any, base_url: str, api: SyncApi
) -> None:
    ada = api.sign_up("Ada Phone")
    board = api.board(ada, "Pocket")
    card = api.card(ada, board["columns"][0]["id"], "Deploy from the train")
    context = browser.new_context(
        base_url=base_url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    errors = BrowserErrors(page)
    try:
        _log_in(page, ada)
        button = page.get_by_role("button", name="Search")
        box = button.bounding_box()
        assert box and box["width"] >= 44 and box["height"] >= 44, box
        button.tap()
        dialog = page.get_by_role("dialog", name="Search")
        dialog.get_by_role("combobox").fill("deploy")
        option = dialog.get_by_role("option")
        expect(option).to_have_count(1)
        frame = dialog.bounding_box()
        assert frame and frame["x"] >= 0 and frame["x"] + frame["width"] <= 390, frame
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, width
        option.tap()
        expect(page).to_have_url(re.compile(rf"/app/boards/{board['id']}/cards/{card['id']}$"))
        expect(page.get_by_role("dialog", name="Deploy from the train")).to_be_visible()
        assert errors.messages == [], errors.messages
    finally:
        context.close()


def test_search_whose_code_cannot_be_fetched_leaves_the_page_whole(
    js_page: Page, api: SyncApi
) -> None:
    ada = api.sign_up("Ada Offline")
    api.board(ada, "Offline plan")
    dialog_chunk = "**/assets/SearchDialog-*.js"
    js_page.route(dialog_chunk, lambda route: route.abort())
    _log_in(js_page, ada)
    _keys_ready(js_page)
    js_page.keyboard.press("Control+k")
    expect(js_page.get_by_text("Search could not be loaded.")).to_be_visible()
    expect(js_page.get_by_role("dialog", name="Search")).to_have_count(0)
    js_page.unroute(dialog_chunk)
    js_page.keyboard.press("Control+k")  # asked for again
    expect(js_page.get_by_role("dialog", name="Search").get_by_role("combobox")).to_be_focused()
    _forget_failed_fetches(js_page)

    # Without even the button's code, the header and the page are whole.
    js_page.context.clear_cookies()
    js_page.route("**/assets/SearchLauncher-*.js", lambda route: route.abort())
    _log_in(js_page, ada)
    expect(js_page.get_by_role("link", name="Offline plan")).to_be_visible()
    expect(js_page.get_by_role("link", name="Boards", exact=True)).to_be_visible()
    expect(js_page.get_by_role("button", name="Search")).to_have_count(0)
    _forget_failed_fetches(js_page)


def _forget_failed_fetches(page: Page) -> None:
    """The console errors of the fetches this test made fail; any other one still counts."""
    errors: list[str] = page.browser_errors.messages  # type: ignore[attr-defined]
    errors[:] = [
        m for m in errors if "net::ERR_FAILED" not in m and "dynamically imported" not in m
    ]
