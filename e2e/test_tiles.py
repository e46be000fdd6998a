"""Tiles that carry the information, on the page with JavaScript off, the islands and the
SPA: label chips with names, avatars, the due date as the viewer reads it (coloured by
urgency), comment and description marks; a person far away reads due dates against their
own today; activity entries name their card."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect
from test_js_off import sign_up
from test_spa import column

LONG_LABEL = "Backend and infrastructure work that nobody wants"
FAR_EAST = "Pacific/Kiritimati"  # UTC+14


def _today(zone: str) -> date:
    return datetime.now(UTC).astimezone(ZoneInfo(zone)).date()


def _call(page: Page, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    """The signed-in person's own API call, with the session cookie and CSRF header."""
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "tb_csrf")
    base = page.url.split("/", 3)[:3]
    headers = {"X-CSRF-Token": csrf, "Origin": "/".join(base)}
    r = page.request.fetch(url, method=method, headers=headers, data=body)
    assert r.ok, (url, r.status, r.text())
    return r.json() if r.status != 204 else None


def _board_with_a_full_card(page: Page, name: str, due: date) -> tuple[str, int]:
    """With JavaScript off: a board whose card "Fix login" has a long label, the person as
    assignee, ``due``, a description and a comment. Returns the board's path and card id."""
    sign_up(page, name)
    page.get_by_label("Name").fill("Tiles")
    page.get_by_role("button", name="Create board").click()
    field = column(page, "To do").get_by_label("New card in To do")
    field.fill("Fix login")
    field.press("Enter")
    path = urlsplit(page.url).path  # /boards/<id> (the page may add ?added=…#…)
    board_id = int(path.rsplit("/", 1)[1])
    me = _call(page, "GET", "/api/v1/me")
    board = _call(page, "GET", f"/api/v1/boards/{board_id}")
    card = board["columns"][0]["cards"][0]
    label = _call(
        page,
        "POST",
        f"/api/v1/boards/{board_id}/labels",
        {"name": LONG_LABEL, "color": "#b42318"},
    )
    changes = {
        "description": "Steps to reproduce",
        "due_date": due.isoformat(),
        "label_ids": [label["id"]],
        "assignee_ids": [me["id"]],
        "version": card["version"],
    }
    _call(page, "PATCH", f"/api/v1/cards/{card['id']}", changes)
    _call(page, "POST", f"/api/v1/cards/{card['id']}/comments", {"body": "Seen it too"})
    return path, card["id"]


def _check_tile(page: Page, due_text: str, urgency: str, initials: str) -> None:
    tile = page.locator(".card-tile").filter(has_text="Fix login")
    chip = tile.locator(".due")
    expect(chip).to_have_class(re.compile(rf"\bdue-{urgency}\b"))
    expect(chip.locator("[aria-hidden=true]")).to_have_text(due_text)
    expect(chip).to_have_attribute("datetime", re.compile(r"^\d{4}-\d{2}-\d{2}$"))
    expect(chip).to_have_attribute("title", re.compile(r"^\w+day, \w+ \d+, \d{4}$"))
    label = tile.locator(".chip")
    expect(label).to_have_attribute("title", LONG_LABEL)
    # Truncated with an ellipsis: the chip stays inside the tile.
    chip_box, tile_box = label.bounding_box(), tile.bounding_box()
    assert chip_box and tile_box
    assert chip_box["x"] + chip_box["width"] <= tile_box["x"] + tile_box["width"]
    expect(tile.locator(".avatar [aria-hidden=true]")).to_have_text(initials)
    expect(tile.locator(".avatar")).to_have_class(re.compile(r"\bavatar-c\d\b"))
    expect(tile.get_by_title("1 comment")).to_contain_text("1")
    expect(tile.get_by_title("Has a description")).to_be_visible()


def test_an_overdue_card_shows_on_every_surface(page: Page, js_page: Page) -> None:
    overdue = _today("UTC") - timedelta(days=2)
    path, card_id = _board_with_a_full_card(page, "Ada Lovelace", overdue)
    _call(page, "PATCH", "/api/v1/me", {"time_zone": "UTC"})
    page.goto(path)
    _check_tile(page, "2 days overdue", "overdue", "AL")
    page.goto(f"/cards/{card_id}")
    expect(page.locator("dd .due")).to_have_class(re.compile(r"\bdue-overdue\b"))

    js_page.context.add_cookies(page.context.cookies())
    js_page.goto(path)  # the islands
    expect(js_page.get_by_role("button", name="Move “Fix login”")).to_be_visible()
    _check_tile(js_page, "2 days overdue", "overdue", "AL")
    js_page.goto(f"/app{path}")  # the SPA
    _check_tile(js_page, "2 days overdue", "overdue", "AL")

    # The SPA's activity page names the card, as the server's does.
    js_page.goto(f"/app{path}/activity")
    entries = js_page.locator("ol.activity")
    expect(entries).to_contain_text("commented on “Fix login”")
    expect(entries).to_contain_text("added the card “Fix login” in To do")
    page.goto(f"{path}/activity")
    expect(page.locator("ol.activity")).to_contain_text("commented on “Fix login”")


def test_a_person_far_away_reads_due_dates_against_their_own_today(
    page: Page, browser: Any, base_url: str
) -> None:
    due = _today(FAR_EAST)  # already "today" there; still "tomorrow" or "today" in UTC
    path, _card = _board_with_a_full_card(page, "Kiri Mati", due)
    _call(page, "PATCH", "/api/v1/me", {"time_zone": FAR_EAST})
    page.goto(path)
    _check_tile(page, "Today", "soon", "KM")
    # Their account's zone wins over the browser's (which here is half a world away).
    context = browser.new_context(base_url=base_url, timezone_id="America/Los_Angeles")
    try:
        context.add_cookies(page.context.cookies())
        spa = context.new_page()
        spa.goto(f"/app{path}")
        _check_tile(spa, "Today", "soon", "KM")
        spa.goto(path)
        expect(spa.get_by_role("button", name="Move “Fix login”")).to_be_visible()
        _check_tile(spa, "Today", "soon", "KM")
    finally:
        context.close()
    assert _call(page, "GET", "/api/v1/me")["time_zone"] == FAR_EAST


def test_the_browser_zone_is_offered_once_when_the_account_has_none(
    page: Page, browser: Any, base_url: str
) -> None:
    sign_up(page, "Tokyo Person")
    assert _call(page, "GET", "/api/v1/me")["time_zone"] is None
    context = browser.new_context(base_url=base_url, timezone_id="Asia/Tokyo")
    try:
        context.add_cookies(page.context.cookies())
        spa = context.new_page()
        with spa.expect_response(
            lambda r: r.url.endswith("/api/v1/me") and r.request.method == "PATCH"
        ):
            spa.goto("/app/")
    finally:
        context.close()
    assert _call(page, "GET", "/api/v1/me")["time_zone"] == "Asia/Tokyo"
    page.goto("/account")
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
