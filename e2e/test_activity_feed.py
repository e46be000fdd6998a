"""The live activity panel on the server-rendered board page: it starts from the board's
newest events and shows a change someone makes elsewhere within a second. With JavaScript
off it is not there at all (the plain "Activity" page has the log)."""

from __future__ import annotations

from typing import Any

from conftest import PASSWORD, AddMember
from playwright.sync_api import Page, expect
from test_spa import spa_sign_up

from devkit.api import SyncApi


def test_a_change_made_elsewhere_shows_in_the_feed_within_a_second(
    js_page: Page, api: SyncApi, add_member: AddMember
) -> None:
    email = spa_sign_up(js_page, "Vic Viewer")
    ada = api.sign_up("Ada Mover")
    board = api.board(ada, "Feed")
    add_member(ada, board["id"], email, "editor")
    todo, doing = board["columns"][0], board["columns"][1]
    card = api.card(ada, todo["id"], "Fix log-in")
    js_page.goto(f"/boards/{board['id']}")
    feed = js_page.get_by_role("region", name="Activity")
    items = feed.get_by_role("listitem")
    expect(items.first).to_contain_text(f"Ada Mover added the card “Fix log-in” in {todo['name']}")
    expect(js_page.get_by_role("list", name="Viewing this board")).to_contain_text("Vic Viewer")

    api.call(
        ada,
        "POST",
        f"/api/v1/cards/{card['id']}/move",
        json={"column_id": doing["id"], "position": 0, "version": card["version"]},
    )
    expect(items.first).to_have_text(
        f"Ada Mover moved “Fix log-in” to {doing['name']} just now", timeout=1000
    )
    expect(items.first.get_by_role("link", name="“Fix log-in”")).to_have_attribute(
        "href", f"/cards/{card['id']}"
    )


def test_without_javascript_the_board_page_has_no_feed_but_the_activity_page_works(
    page: Any, api: SyncApi
) -> None:
    ada = api.sign_up("Ada Plain")
    board = api.board(ada, "Plain feed")
    page.goto("/login")
    page.get_by_label("E-mail").fill(ada.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/boards/{board['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Plain feed")
    expect(page.get_by_role("region", name="Activity")).to_have_count(0)
    page.goto(f"/boards/{board['id']}/activity")
    expect(page.get_by_text("created the board")).to_be_visible()
