"""The notifications menu in the SPA header, kept live over the WebSocket: someone assigns
you to a card while you look at your boards list, and the badge counts it with no reload."""

from __future__ import annotations

import re
import time
from typing import Any

from conftest import PASSWORD, AddMember, require_build
from playwright.sync_api import Page, expect
from test_spa import spa_sign_up

from devkit.api import SyncApi
from devkit.chromium import log_out


def test_an_assignment_shows_in_the_badge_at_once_and_can_be_marked_read(
    js_page: Page, base_url: str, api: SyncApi, add_member: AddMember
) -> None:
    require_build()
    frames: list[str] = []
    sockets: list[Any] = []

    def watch(ws: Any) -> None:
        sockets.append(ws)
        ws.on("framereceived", lambda f: frames.append(str(f)))

    js_page.on("websocket", watch)
    email = spa_sign_up(js_page, "Bea Badge")
    bell = js_page.get_by_role("button", name="Notifications, 0 unread")
    expect(bell).to_be_visible()
    me = js_page.request.get(base_url + "/api/v1/me").json()

    ada = api.sign_up("Ada Assigner")
    board = api.board(ada, "Launch")
    add_member(ada, board["id"], email, "editor")
    column_id = board["columns"][0]["id"]
    # The socket opens on the boards list, with no board open.
    _until(js_page, lambda: sockets, "no socket on the boards list")
    js_page.wait_for_timeout(300)  # its handshake
    card = api.card(ada, column_id, "Fix log-in", assignee_ids=[me["id"]])

    bell = js_page.get_by_role("button", name="Notifications, 1 unread")
    expect(bell).to_be_visible(timeout=2000)
    assert any('"notification"' in f for f in frames)
    bell.click()
    panel = js_page.get_by_role("region", name="Notifications")
    expect(panel).to_contain_text("Ada Assigner assigned you to Fix log-in on Launch")
    link = panel.get_by_role("link", name="Fix log-in")
    expect(link).to_have_attribute("href", f"/app/boards/{board['id']}/cards/{card['id']}")
    panel.get_by_role("button", name="Mark read: Ada Assigner assigned you to Fix log-in").click()
    expect(js_page.get_by_role("button", name="Notifications, 0 unread")).to_be_visible()
    expect(panel.get_by_role("button", name="Mark all read")).to_be_disabled()
    js_page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    assert len(sockets) == 1  # one socket per tab

    # Out and back in with the password, no reload: the header follows at once.
    log_out(js_page)
    expect(js_page.get_by_role("link", name="Log in")).to_be_visible()
    expect(js_page.get_by_role("button", name=re.compile("^Notifications"))).to_have_count(0)
    js_page.goto("/app/login")
    js_page.get_by_label("E-mail").fill(email)
    js_page.get_by_label("Password").fill(PASSWORD)
    js_page.get_by_role("button", name="Log in").click()
    expect(js_page.get_by_role("heading", name="Your boards")).to_be_visible()
    expect(js_page.get_by_role("button", name="Notifications, 0 unread")).to_be_visible()
    expect(js_page.get_by_role("navigation", name="Main")).to_contain_text("Bea Badge")


def _until(page: Page, done: Any, what: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, what
        page.wait_for_timeout(50)
