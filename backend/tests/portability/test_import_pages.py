"""The Trello import with JavaScript off: the form on the board list (multipart, with its
CSRF token), the import's page reloading itself until it is done, then the new board and
the report; a file that is not an export sent back with the reason in words."""

from __future__ import annotations

import re

from teamboard.core.runtime import Runtime
from tests.support.pages import Browser, NewBrowser, World, follow
from tests.support.trello import encoded, run_imports, small_export


async def test_an_export_imported_from_the_board_list(owner: Browser, runtime: Runtime) -> None:
    page = await owner.get("/boards")
    assert 'action="/imports" enctype="multipart/form-data"' in page.text
    export = small_export()
    r = await owner.post(
        "/imports", files={"file": ("board.json", encoded(export), "application/json")}
    )
    assert r.status_code == 303
    url = r.headers["location"]
    assert re.fullmatch(r"/imports/\d+", url), url
    waiting = await owner.get(url)
    assert '<meta http-equiv="refresh" content="2">' in waiting.text
    assert "Waiting to start" in waiting.text
    await run_imports(runtime)
    done = await owner.get(url)
    assert "refresh" not in done.text
    board_id = re.search(r'href="/boards/(\d+)">Open the board', done.text)
    assert board_id, done.text
    assert "What came over" in done.text and " cards</li>" in done.text
    board = await owner.get(f"/api/v1/boards/{board_id.group(1)}")
    assert board.json()["name"] == export["name"]

    # The same file again: a second board, and the page says so in words.
    r = await owner.post(
        "/imports", files={"file": ("board.json", encoded(export), "application/json")}
    )
    await run_imports(runtime)
    again = await owner.get(r.headers["location"])
    assert f"You imported this file before, into board {board_id.group(1)}" in again.text
    second = re.search(r'href="/boards/(\d+)">Open the board', again.text)
    assert second and second.group(1) != board_id.group(1)


async def test_a_file_that_is_not_an_export_is_sent_back_in_words(owner: Browser) -> None:
    r = await owner.post(
        "/imports", files={"file": ("notes.json", b'{"hello": 1}', "application/json")}
    )
    page = await follow(owner, r)
    assert "not a Trello board export" in page.text
    r = await owner.post("/imports", files={"file": ("", b"", "application/octet-stream")})
    page = await follow(owner, r)
    assert 'class="flash flash-error"' in page.text


async def test_the_form_needs_its_token_and_the_page_is_the_importers(
    owner: Browser, new_browser: NewBrowser
) -> None:
    forged = await owner.post(
        "/imports",
        {"csrf_token": "forged"},
        files={"file": ("board.json", encoded(small_export()), "application/json")},
    )
    assert forged.status_code == 403
    r = await owner.post(
        "/imports",
        files={"file": ("board.json", encoded(small_export()), "application/json")},
    )
    stranger = await (await new_browser()).signup("Stan Stranger")
    assert (await stranger.get(r.headers["location"])).status_code == 404


async def test_a_teamboard_export_becomes_a_board_at_once(owner: Browser, world: World) -> None:
    zipped = await owner.get(f"/api/v1/boards/{world.board_id}/export", params={"format": "zip"})
    assert zipped.status_code == 200
    r = await owner.post("/imports", files={"file": ("launch.zip", zipped.content)})
    assert r.status_code == 303
    assert re.fullmatch(r"/boards/\d+", r.headers["location"])
    page = await follow(owner, r)
    assert "Board imported." in page.text
    document = await owner.get(f"/api/v1/boards/{world.board_id}/export")
    r = await owner.post("/imports", files={"file": ("launch.json", document.content)})
    assert r.headers["location"] != f"/boards/{world.board_id}"
    assert "Board imported" in (await follow(owner, r)).text
