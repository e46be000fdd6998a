"""The SPA on its own origin: built with VITE_API_URL, served by a plain static server on
one loopback port, the API on another that lists exactly that origin in
TEAMBOARD_CORS_ORIGINS. Bearer tokens, refreshed after a reload; an origin that is not
listed is refused by the browser's CORS check."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import BrowserErrors, require_build, start_server
from PIL import Image
from playwright.sync_api import Page, expect
from test_spa import add_card, board_story, column, spa_sign_up

from devkit.chromium import log_out
from devkit.ports import free_port
from devkit.spa import split_spa


class SpaHandler(SimpleHTTPRequestHandler):
    """Static files; any other path is a client route and gets index.html."""

    def translate_path(self, path: str) -> str:
        found = super().translate_path(path)
        return found if Path(found).is_file() else str(Path(self.directory) / "index.html")

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve_static(directory: Path, port: int) -> ThreadingHTTPServer:
    handler = functools.partial(SpaHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    require_build()  # the dependencies are installed; this is a second flavour
    spa_port, stranger_port = free_port(), free_port()
    spa = f"http://127.0.0.1:{spa_port}"
    backend = start_server(tmp_path_factory.mktemp("split-data"), cors_origins=spa)
    out = split_spa(tmp_path_factory.mktemp("spa-split"), backend.url)
    static = serve_static(out, spa_port)
    stranger = serve_static(out, stranger_port)  # the same app on an origin not listed
    yield {
        "api": backend.url,
        "spa": spa,
        "stranger": f"http://127.0.0.1:{stranger_port}",
    }
    static.shutdown()
    stranger.shutdown()
    backend.stop()


def open_page(browser: Any, origin: str) -> tuple[Page, BrowserErrors]:
    context = browser.new_context(
        base_url=origin,
        java_script_enabled=True,
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    return page, BrowserErrors(page)


def test_the_spa_on_its_own_origin(browser: Any, split: dict[str, str]) -> None:
    page, errors = open_page(browser, split["spa"])
    spa_sign_up(page, "Sol Split", root="/")
    board_story(page)  # ends with a reload: the session came back through the refresh token
    assert page.context.cookies(split["api"]) == []  # no cookie session: bearer tokens only
    refresh = page.evaluate("sessionStorage.getItem('teamboard.refresh')")
    assert refresh, "the refresh token lives in this tab's sessionStorage"
    log_out(page)
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('teamboard.refresh')") is None
    page.context.close()
    assert errors.messages == []


def test_an_origin_that_is_not_listed_is_refused(browser: Any, split: dict[str, str]) -> None:
    page, errors = open_page(browser, split["stranger"])
    page.goto("/login")
    page.get_by_label("E-mail").fill("nobody@example.com")
    page.get_by_label("Password").fill("whatever passphrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("cannot be reached")
    outcome = page.evaluate(
        """async (api) => {
            const headers = {Authorization: "Bearer x"};
            try { await fetch(api + "/api/v1/boards", {headers}); return "answered"; }
            catch (e) { return "refused"; }
        }""",
        split["api"],
    )
    assert outcome == "refused"
    assert any("CORS" in message for message in errors.messages), errors.messages
    page.context.close()


def test_files_on_a_split_origin_are_fetched_with_the_token(
    browser: Any, split: dict[str, str], tmp_path: Path
) -> None:
    """Covers, previews and downloads are member-only, and a split origin has no cookie
    for an <img> or a link to carry: they are fetched with the bearer token."""
    page, errors = open_page(browser, split["spa"])
    spa_sign_up(page, "Fia Files", root="/")
    page.get_by_label("Name").first.fill("Split files")
    page.get_by_role("button", name="Create board").click()
    add_card(page, "To do", "Poster")
    page.get_by_role("link", name="Poster", exact=True).click()
    dialog = page.get_by_role("dialog")
    picture = tmp_path / "poster.png"
    Image.new("RGB", (320, 200), (200, 80, 40)).save(picture, "PNG")
    dialog.get_by_label("Attach a file").set_input_files(str(picture))
    preview = dialog.locator("img.cv-thumb")
    expect(preview).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=preview.element_handle()
    )
    assert preview.get_attribute("src", timeout=1000).startswith("blob:")
    with page.expect_download() as info:
        dialog.get_by_role("link", name="poster.png").click()
    assert info.value.suggested_filename == "poster.png"
    assert Path(info.value.path()).read_bytes() == picture.read_bytes()
    dialog.get_by_role("button", name="Make cover (poster.png)").click()
    page.keyboard.press("Escape")
    cover = column(page, "To do").locator("img.tile-cover")
    expect(cover).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=cover.element_handle()
    )
    page.context.close()
    assert errors.messages == [], errors.messages
