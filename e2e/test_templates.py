"""Boards made from boards, in a real browser: a board copied with its cards from the SPA's
settings, marked a template there, and a new board started from it on the SPA's board
list; and the same with JavaScript off, from a built-in template."""

from __future__ import annotations

from conftest import PASSWORD, BrowserErrors, require_build
from playwright.sync_api import Page, expect
from test_spa import add_card, column, spa_sign_up

from devkit.api import SyncApi

API = "/api/v1"


def test_copy_a_board_and_start_one_from_it_as_a_template_in_the_spa(
    js_page: Page, api: SyncApi
) -> None:
    require_build()
    page = js_page
    errors = BrowserErrors(page)
    spa_sign_up(page, "Tem Plater")
    page.get_by_label("Name").first.fill("Release")
    page.get_by_role("button", name="Create board").click()
    expect(column(page, "To do")).to_be_visible()
    add_card(page, "To do", "Write the notes")

    page.get_by_role("link", name="Settings & members").click()
    copy = page.get_by_role("region", name="Copy this board")
    expect(copy.get_by_label("Name of the copy")).to_have_value("Copy of Release")
    copy.get_by_label("Name of the copy").fill("Release 2")
    copy.get_by_label("With its cards").check()
    copy.get_by_role("button", name="Copy board").click()
    expect(page.get_by_role("heading", name="Release 2", level=1)).to_be_visible()
    expect(column(page, "To do").locator(".card-title")).to_have_text(["Write the notes"])

    page.get_by_role("link", name="Settings & members").click()
    template = page.get_by_role("region", name="Template")
    template.get_by_role("button", name="Use as template").click()
    expect(template.get_by_role("button", name="Stop using as template")).to_be_visible()
    expect(template).to_contain_text("This board is a template")

    page.get_by_role("link", name="Boards").first.click()
    page.get_by_label("Name").first.fill("Release 3")
    start = page.get_by_label("Start from")
    start.select_option(label="Release 2 (To do, In progress, Done)")
    page.get_by_role("button", name="Create board").click()
    expect(page.get_by_role("heading", name="Release 3", level=1)).to_be_visible()
    expect(column(page, "To do").locator(".card-title")).to_have_text(["Write the notes"])
    assert errors.messages == [], errors.messages


def test_a_board_from_a_built_in_template_with_javascript_off(page: Page, api: SyncApi) -> None:
    owner = api.sign_up("Nat Plain")
    page.goto("/login")
    page.get_by_label("E-mail").fill(owner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/boards")
    page.get_by_label("Name", exact=True).fill("Triage")
    options = page.get_by_label("Start from").locator("option").all_inner_texts()
    bug = next(o for o in options if o.startswith("Bug triage"))
    page.get_by_label("Start from").select_option(label=bug)
    page.get_by_role("button", name="Create board").click()
    expect(page.get_by_role("heading", name="Triage", level=1)).to_be_visible()
    headings = page.locator("section.column h2").all_inner_texts()
    assert len(headings) >= 3, headings
    boards = api.call(owner, "GET", f"{API}/boards")
    assert [b["name"] for b in boards["items"]] == ["Triage"]
