"""Files in a real browser: uploaded with JavaScript off from the card page's plain form,
made the card's cover, and shown on the tiles — on the server's board page, and live on
another member's board in the SPA."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from conftest import PASSWORD, AddMember, BrowserErrors, require_build
from PIL import Image
from playwright.sync_api import Page, expect
from test_spa import column, spa_sign_up

from devkit.api import SyncApi

API = "/api/v1"


def _png(path: Path) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 360), (40, 120, 200)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_a_file_uploaded_with_javascript_off_becomes_the_cover(
    page: Page, api: SyncApi, tmp_path: Path
) -> None:
    owner = api.sign_up("Fay Files")
    board = api.board(owner, "Photos")
    card = api.card(owner, board["columns"][0]["id"], "Pick a banner")
    page.goto("/login")
    page.get_by_label("E-mail").fill(owner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/cards/{card['id']}")
    page.get_by_label("Attach a file").set_input_files(str(_png(tmp_path / "banner.png")))
    page.get_by_role("button", name="Upload").click()
    files = page.locator("#attachments")
    expect(files.get_by_role("link", name="banner.png")).to_be_visible()
    expect(files.locator("img.cv-thumb")).to_be_visible()
    files.get_by_role("button", name="Make cover (banner.png)").click()
    expect(files.locator(".badge", has_text="cover")).to_be_visible()
    page.goto(f"/boards/{board['id']}")
    tile = page.locator(".card-tile").first
    expect(tile.locator("img.tile-cover")).to_be_visible()
    expect(tile.locator(".tile-icon", has_text="1")).to_have_count(1)
    # The preview is a real image, served by the app.
    assert tile.locator("img.tile-cover").evaluate("img => img.naturalWidth") > 0


def test_a_cover_set_elsewhere_appears_live_on_the_spa_board(
    js_page: Page, api: SyncApi, add_member: AddMember, tmp_path: Path, base_url: str
) -> None:
    require_build()
    owner = api.sign_up("Gus Owner")
    board = api.board(owner, "Live covers")
    card = api.card(owner, board["columns"][0]["id"], "Poster")
    email = spa_sign_up(js_page, "Hal Watcher")
    add_member(owner, board["id"], email, "viewer")
    errors = BrowserErrors(js_page)
    js_page.goto(f"/app/boards/{board['id']}")
    tile = column(js_page, "To do").locator(".card-tile").first
    expect(tile).to_contain_text("Poster")

    data = _png(tmp_path / "poster.png").read_bytes()
    made: dict[str, Any] = api.call(
        owner,
        "POST",
        f"{API}/cards/{card['id']}/attachments",
        status=201,
        files={"file": ("poster.png", data, "image/png")},
    )
    expect(tile.locator(".tile-icon", has_text="1")).to_have_count(1, timeout=3000)
    api.call(
        owner,
        "PUT",
        f"{API}/cards/{card['id']}/cover",
        status=204,
        json={"attachment_id": made["id"]},
    )
    cover = tile.locator("img.tile-cover")
    expect(cover).to_be_visible(timeout=3000)
    assert cover.evaluate("img => img.complete && img.naturalWidth > 0")
    assert errors.messages == [], errors.messages


def test_files_in_the_spa_dialog_chosen_and_pasted(
    js_page: Page, api: SyncApi, add_member: AddMember, tmp_path: Path
) -> None:
    require_build()
    owner = api.sign_up("Ivy Owner")
    board = api.board(owner, "Screens")
    card = api.card(owner, board["columns"][0]["id"], "Bug report")
    email = spa_sign_up(js_page, "Jo Editor")
    add_member(owner, board["id"], email, "editor")
    page = js_page
    page.goto(f"/app/boards/{board['id']}/cards/{card['id']}")
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Attach a file").set_input_files(str(_png(tmp_path / "chosen.png")))
    expect(dialog.get_by_role("link", name="chosen.png")).to_be_visible()

    # A screenshot pasted into the open dialog is uploaded as a file.
    page.evaluate(
        """async () => {
          const canvas = document.createElement("canvas");
          canvas.width = 200; canvas.height = 120;
          canvas.getContext("2d").fillRect(0, 0, 200, 120);
          const blob = await new Promise((done) => canvas.toBlob(done, "image/png"));
          const data = new DataTransfer();
          data.items.add(new File([blob], "pasted.png", { type: "image/png" }));
          const event = new ClipboardEvent("paste", { clipboardData: data, bubbles: true });
          document.querySelector("dialog .cv-body").dispatchEvent(event);
        }"""
    )
    expect(dialog.get_by_role("link", name="pasted.png")).to_be_visible()
    expect(dialog.locator("img.cv-thumb")).to_have_count(2)

    dialog.get_by_role("button", name="Make cover (pasted.png)").click()
    expect(dialog.locator(".badge", has_text="cover")).to_be_visible()
    page.keyboard.press("Escape")
    tile = column(page, "To do").locator(".card-tile").first
    expect(tile.locator("img.tile-cover")).to_be_visible()
    expect(tile.locator(".tile-icon", has_text="2")).to_have_count(1)
    read = api.call(owner, "GET", f"{API}/cards/{card['id']}/attachments")
    assert sorted(f["filename"] for f in read) == ["chosen.png", "pasted.png"]


_DROP = """([selector, name, type]) => {
  const tile = document.querySelector(selector);
  const data = new DataTransfer();
  data.items.add(new File(["a few words\\n"], name, { type }));
  const target = tile.querySelector(".card-title");
  const over = new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true });
  target.dispatchEvent(over);
  const marked = tile.classList.contains("file-over") && over.defaultPrevented;
  const drop = new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true });
  target.dispatchEvent(drop);
  return marked;
}"""


def test_files_dropped_on_a_tile_join_that_card_in_the_spa_and_the_islands(
    js_page: Page, api: SyncApi, add_member: AddMember
) -> None:
    require_build()
    owner = api.sign_up("Kit Owner")
    board = api.board(owner, "Drops")
    column_id = board["columns"][0]["id"]
    target = api.card(owner, column_id, "Drop here")
    api.card(owner, column_id, "Not here")
    email = spa_sign_up(js_page, "Lou Editor")
    add_member(owner, board["id"], email, "editor")
    page = js_page
    errors = BrowserErrors(page)
    selector = f"[data-card-id='{target['id']}']"
    for surface, url, name in (
        ("SPA", f"/app/boards/{board['id']}", "notes.txt"),
        ("islands", f"/boards/{board['id']}", "minutes.txt"),
    ):
        page.goto(url)
        tile = page.locator(selector)
        expect(tile).to_contain_text("Drop here")
        page.wait_for_function(f"document.querySelector(\"{selector}\").closest('.live-columns')")
        assert page.evaluate(_DROP, [selector, name, "text/plain"]), surface
        expect(page.get_by_text(f"Added “{name}” to “Drop here”.")).to_be_visible()
        expect(tile).not_to_have_class(re.compile(r"\bfile-over\b"))
    expect(page.locator(selector).locator(".tile-icon", has_text="2")).to_have_count(1)
    read = api.call(owner, "GET", f"{API}/cards/{target['id']}/attachments")
    assert sorted(f["filename"] for f in read) == ["minutes.txt", "notes.txt"]
    cards = api.call(owner, "GET", f"{API}/boards/{board['id']}")["columns"][0]["cards"]
    assert [c.get("attachment_count", 0) for c in cards if c["id"] != target["id"]] == [0]
    assert errors.messages == [], errors.messages
