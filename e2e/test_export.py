"""Taking a board out in a real browser: its owner downloads the cards as CSV from the
settings page with JavaScript off, and the whole board as a zip from the SPA's settings."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from conftest import PASSWORD, BrowserErrors, require_build
from playwright.sync_api import Page, expect
from test_spa import spa_sign_up

from devkit.api import SyncApi


def test_cards_as_csv_with_javascript_off(page: Page, api: SyncApi) -> None:
    owner = api.sign_up("Cy Sheets")
    board = api.board(owner, "Budget")
    api.card(owner, board["columns"][0]["id"], "=SUM(A1:A9)")
    page.goto("/login")
    page.get_by_label("E-mail").fill(owner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/boards/{board['id']}/settings")
    with page.expect_download() as info:
        page.get_by_role("link", name="Cards for a spreadsheet (.csv)").click()
    download = info.value
    assert download.suggested_filename.startswith("Budget ")
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_bytes().decode("utf-8")
    assert text.startswith("\ufeffboard,column,title,")
    assert "Budget,To do,'=SUM(A1:A9)," in text


def test_everything_as_a_zip_from_the_spa(js_page: Page, api: SyncApi) -> None:
    require_build()
    page = js_page
    errors = BrowserErrors(page)
    spa_sign_up(page, "Zed Owner")
    page.get_by_label("Name").first.fill("Archive me")
    page.get_by_role("button", name="Create board").click()
    page.get_by_role("link", name="Settings & members").click()
    export = page.get_by_role("region", name="Export")
    with page.expect_download() as info:
        export.get_by_role("button", name="Everything (.zip)").click()
    download = info.value
    assert download.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes())) as archive:
        doc = json.loads(archive.read("board.json"))
    assert doc["name"] == "Archive me"
    assert [c["name"] for c in doc["columns"]] == ["To do", "In progress", "Done"]
    expect(export.get_by_role("button", name="Everything (.zip)")).to_be_enabled()
    # And back in, from the board list: a new board at once.
    page.get_by_role("link", name="Boards").first.click()
    section = page.get_by_role("region", name="Import a board")
    section.get_by_label("Export file (.json or .zip)").set_input_files(download.path())
    section.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="Archive me", level=1)).to_be_visible()
    assert "/boards/" in page.url
    boards = page.evaluate("fetch('/api/v1/boards').then((r) => r.json())")
    assert [b["name"] for b in boards["items"]] == ["Archive me", "Archive me"]
    assert errors.messages == [], errors.messages
