"""Moving in from Trello in a real browser: an export chosen on the SPA's board list is
imported in the background, followed to the end, and opens as a board with its lists,
cards, checklists and comments; the same with JavaScript off."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import PASSWORD, BrowserErrors, require_build
from playwright.sync_api import Page, expect
from test_spa import column, spa_sign_up

from devkit.api import SyncApi


def _export(path: Path) -> Path:
    """A small Trello board export (the published format; made up)."""

    def list_(n: int, name: str, pos: int) -> dict[str, Any]:
        return {"id": f"l{n}" * 4, "name": name, "pos": pos, "closed": False, "idBoard": "b" * 24}

    def card(n: int, list_n: int, name: str, pos: int, **extra: Any) -> dict[str, Any]:
        return {
            "id": f"c{n}" * 4, "name": name, "pos": pos, "idList": f"l{list_n}" * 4,
            "desc": "", "due": None, "dueComplete": False, "closed": False,
            "idLabels": [], "idMembers": [], "idChecklists": [], **extra,
        }  # fmt: skip

    export = {
        "id": "b" * 24,
        "name": "Moving day",
        "desc": "Brought over from Trello",
        "lists": [list_(2, "Packed", 2000), list_(1, "To pack", 1000)],
        "cards": [
            card(1, 1, "Books", 1000, desc="The **heavy** ones first", idChecklists=["k1" * 12]),
            card(2, 1, "Kitchen", 2000),
            card(3, 2, "Bikes", 1000),
        ],
        "labels": [],
        "checklists": [
            {
                "id": "k1" * 12,
                "idCard": "c1" * 4,
                "name": "Boxes",
                "pos": 1,
                "checkItems": [
                    {"id": "i1" * 12, "name": "Shelf A", "state": "complete", "pos": 1},
                    {"id": "i2" * 12, "name": "Shelf B", "state": "incomplete", "pos": 2},
                ],
            }
        ],
        "members": [{"id": "m1" * 12, "username": "ann", "fullName": "Ann Trello"}],
        "actions": [
            {
                "id": "a1" * 12,
                "type": "commentCard",
                "date": "2026-11-01T10:00:00.000Z",
                "idMemberCreator": "m1" * 12,
                "memberCreator": {"id": "m1" * 12, "username": "ann", "fullName": "Ann Trello"},
                "data": {"text": "Tape is in the hall", "card": {"id": "c1" * 4, "name": "Books"}},
            }
        ],
    }
    path.write_text(json.dumps(export), encoding="utf-8")
    return path


def test_a_trello_board_imported_from_the_spa(js_page: Page, tmp_path: Path) -> None:
    require_build()
    page = js_page
    errors = BrowserErrors(page)
    spa_sign_up(page, "Mo Ving")
    section = page.get_by_role("region", name="Import a board")
    section.get_by_role("button", name="Import").click()
    expect(section.get_by_text("Choose the export file.")).to_be_visible()
    chosen = str(_export(tmp_path / "t.json"))
    section.get_by_label("Export file (.json or .zip)").set_input_files(chosen)
    section.get_by_role("button", name="Import").click()
    expect(section.get_by_text("3 cards")).to_be_visible(timeout=15_000)
    # The import is in the address: a reload (or coming back later) shows it still.
    assert "?import=" in page.url
    page.reload()
    expect(section.get_by_text("3 cards")).to_be_visible()
    # And it is among one's recent imports, the way back to it from anywhere.
    recent = section.get_by_role("list", name="Your recent imports")
    expect(recent.get_by_role("listitem")).to_have_count(1)
    expect(recent.get_by_role("listitem")).to_contain_text("“t.json”Done")
    section.get_by_role("link", name="Open the board").click()
    expect(page.get_by_role("heading", name="Moving day", level=1)).to_be_visible()
    expect(column(page, "To pack").locator(".card-title")).to_have_text(["Books", "Kitchen"])
    expect(column(page, "Packed").locator(".card-title")).to_have_text(["Bikes"])
    tile = column(page, "To pack").locator(".card-tile").first
    expect(tile).to_contain_text("1/2")
    assert errors.messages == [], errors.messages


def test_a_trello_board_imported_with_javascript_off(
    page: Page, api: SyncApi, tmp_path: Path
) -> None:
    owner = api.sign_up("Pat Plain")
    page.goto("/login")
    page.get_by_label("E-mail").fill(owner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/boards")
    form = page.get_by_role("region", name="Import a board")
    chosen = str(_export(tmp_path / "t.json"))
    form.get_by_label("Export file (.json or .zip)").set_input_files(chosen)
    form.get_by_role("button", name="Import").click()
    expect(page.get_by_role("link", name="Open the board")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("3 cards")).to_be_visible()
    page.get_by_role("link", name="Open the board").click()
    expect(page.get_by_role("heading", name="Moving day", level=1)).to_be_visible()
    books = page.locator(".card-tile", has_text="Books")
    books.get_by_role("link", name="Books", exact=True).click()
    expect(page.get_by_text("Tape is in the hall", exact=True)).to_be_visible()
    expect(page.get_by_text("Ann Trello (@ann) on Trello:", exact=True)).to_be_visible()
    # Its result stays one click from the board list.
    page.goto("/boards")
    page.get_by_role("link", name="Your imports").click()
    page.get_by_role("link", name="“t.json”").click()
    expect(page.get_by_text("3 cards")).to_be_visible()
