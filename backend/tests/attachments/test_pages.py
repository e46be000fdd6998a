"""Files with JavaScript off: a plain file form on the card page (with its CSRF token),
the list with download links and previews, "make cover", and delete (asked first)."""

from __future__ import annotations

import re

from devkit.api import assert_problem
from tests.support.files import image
from tests.support.pages import Browser, NewBrowser, World, follow, share


def _ids(html: str) -> list[int]:
    return [int(found) for found in re.findall(r'id="attachment-(\d+)"', html)]


async def test_upload_cover_and_delete_from_the_card_page(owner: Browser, world: World) -> None:
    page = await owner.get(f"/cards/{world.card_id}")
    assert 'enctype="multipart/form-data"' in page.text
    assert "No files yet." in page.text
    r = await owner.post(
        f"/cards/{world.card_id}/attachments", files={"file": ("photo.png", image(), "image/png")}
    )
    page = await follow(owner, r)
    assert "“photo.png” attached." in page.text
    [picture] = _ids(page.text)
    assert f'href="/api/v1/attachments/{picture}/content">photo.png</a>' in page.text
    assert f'src="/api/v1/attachments/{picture}/thumbnail" alt="" loading="lazy"' in page.text
    download = await owner.get(f"/api/v1/attachments/{picture}/content")
    assert download.content == image()

    page = await follow(
        owner, await owner.post(f"/cards/{world.card_id}/cover", {"attachment_id": str(picture)})
    )
    assert "Cover set" in page.text
    board = await owner.get(f"/api/v1/boards/{world.board_id}")
    tile = next(
        c for col in board.json()["columns"] for c in col["cards"] if c["id"] == world.card_id
    )
    assert tile["cover_url"] == f"/api/v1/attachments/{picture}/thumbnail"

    asked = await owner.post(f"/attachments/{picture}/delete")
    assert asked.status_code == 200
    assert "Delete “photo.png”?" in asked.text
    page = await follow(
        owner, await owner.post(f"/attachments/{picture}/delete", {"confirm": "yes"})
    )
    assert "“photo.png” deleted." in page.text
    assert _ids(page.text) == []
    gone = await owner.get(f"/api/v1/attachments/{picture}/content")
    assert_problem(gone, 404, "not_found")


async def test_a_refused_upload_says_why_on_the_card_page(owner: Browser, world: World) -> None:
    r = await owner.post(
        f"/cards/{world.card_id}/attachments", files={"file": ("empty.txt", b"", "text/plain")}
    )
    page = await follow(owner, r)
    assert "The file is empty" in page.text


async def test_the_upload_form_needs_its_csrf_token(owner: Browser, world: World) -> None:
    r = await owner.post(
        f"/cards/{world.card_id}/attachments",
        {"csrf_token": "forged"},
        files={"file": ("a.txt", b"a", "text/plain")},
    )
    assert r.status_code == 403
    page = await owner.get(f"/cards/{world.card_id}")
    assert _ids(page.text) == []


async def test_viewers_see_files_but_no_forms(
    owner: Browser, world: World, new_browser: NewBrowser
) -> None:
    await owner.post(
        f"/cards/{world.card_id}/attachments", files={"file": ("notes.txt", b"hi", "text/plain")}
    )
    viewer = await (await new_browser()).signup("Vera")
    await share(owner, world.board_id, viewer, "viewer")
    page = await viewer.get(f"/cards/{world.card_id}")
    files = page.text.split('id="attachments-title"')[1].split("</section>")[0]
    assert "notes.txt" in files
    assert "<form" not in files
