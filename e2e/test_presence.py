"""Who is here: two people on one board, one in the SPA and one on the server-rendered
board page (its island); each sees both names, and when one leaves the other sees one."""

from __future__ import annotations

from typing import Any

from conftest import AddMember, BrowserErrors, require_build
from playwright.sync_api import Page, expect
from test_spa import spa_sign_up

from devkit.api import SyncApi


def test_each_viewer_sees_who_else_is_on_the_board(
    js_page: Page, browser: Any, base_url: str, api: SyncApi, add_member: AddMember
) -> None:
    require_build()
    ada_email = spa_sign_up(js_page, "Ada Lovelace")
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    other = context.new_page()
    errors = BrowserErrors(other)
    bob_email = spa_sign_up(other, "Bob Babbage")

    owner = api.sign_up("Owen Owner")
    board = api.board(owner, "Together")
    for email in (ada_email, bob_email):
        add_member(owner, board["id"], email, "editor")

    js_page.goto(f"/app/boards/{board['id']}")
    other.goto(f"/boards/{board['id']}")  # the server's page, with its island
    for page in (js_page, other):
        viewers = page.get_by_role("list", name="Viewing this board")
        expect(viewers.get_by_role("listitem")).to_have_text(
            ["ALAda Lovelace", "BBBob Babbage"], timeout=5000
        )

    context.close()
    viewers = js_page.get_by_role("list", name="Viewing this board")
    expect(viewers.get_by_role("listitem")).to_have_text(["ALAda Lovelace"], timeout=5000)
    assert errors.messages == [], errors.messages
