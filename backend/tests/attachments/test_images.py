"""Images: a thumbnail made once at upload (upright, without EXIF, none for a
decompression bomb), served inline; one image can be the card's cover, which the board's
tile shows."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from devkit.api import assert_problem
from devkit.s3 import S3Server
from tests.support.api import Api, auth
from tests.support.boards import World, build_world
from tests.support.files import MAKE, ORIENTATION, fresh_storage, image, uploaded

MAX_PIXELS = 10_000


@pytest.fixture
def settings_overrides(s3: S3Server | None, tmp_path: Path) -> dict[str, Any]:
    return fresh_storage(s3, tmp_path / "files") | {"image_max_pixels": MAX_PIXELS}


async def _thumbnail(api: Api, world: World, made: dict[str, Any]) -> Image.Image:
    r = await api.client.get(made["thumbnail_url"], headers=auth(world.member))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "image/webp"
    assert r.headers["content-disposition"].startswith("inline;")
    return Image.open(io.BytesIO(r.content))


async def test_the_thumbnail_is_upright_and_has_no_exif(api: Api) -> None:
    world = await build_world(api)
    # Stored 40 x 20 (red left), shot rotated: EXIF orientation 6 turns it 90° clockwise.
    photo = image(40, 20, "JPEG", orientation=6)
    assert Image.open(io.BytesIO(photo)).getexif()[MAKE] == "TestCam"
    made = await uploaded(api.client, world.owner, world.card_id, photo, "photo.jpg")
    assert made["has_thumbnail"] is True
    preview = await _thumbnail(api, world, made)
    assert preview.size == (20, 40)
    red, blue = preview.convert("RGB").getpixel((10, 5)), preview.convert("RGB").getpixel((10, 35))
    assert isinstance(red, tuple) and isinstance(blue, tuple)
    assert red[0] > 200 and red[2] < 60  # the red half is on top now
    assert blue[2] > 200 and blue[0] < 60
    exif = preview.getexif()
    assert ORIENTATION not in exif and MAKE not in exif


async def test_a_decompression_bomb_gets_no_thumbnail(api: Api) -> None:
    world = await build_world(api)
    made = await uploaded(api.client, world.owner, world.card_id, image(200, 100), "huge.png")
    assert made["content_type"] == "image/png"
    assert made["has_thumbnail"] is False
    assert made["thumbnail_url"] is None
    r = await api.client.get(
        f"/api/v1/attachments/{made['id']}/thumbnail", headers=auth(world.owner)
    )
    assert_problem(r, 404, "not_found")


async def test_a_file_that_only_claims_to_be_an_image_gets_no_thumbnail(api: Api) -> None:
    world = await build_world(api)
    broken = image()[:60]  # a PNG's signature and header, then nothing
    made = await uploaded(api.client, world.owner, world.card_id, broken, "broken.png")
    assert made["content_type"] == "image/png"
    assert made["has_thumbnail"] is False


async def _tile(api: Api, world: World) -> dict[str, Any]:
    r = await api.client.get(f"/api/v1/boards/{world.board_id}", headers=auth(world.member))
    tiles = [card for column in r.json()["columns"] for card in column["cards"]]
    tile: dict[str, Any] = next(t for t in tiles if t["id"] == world.card_id)
    return tile


async def test_an_image_becomes_the_cover_and_the_tile_shows_it(api: Api) -> None:
    world = await build_world(api)
    tile = await _tile(api, world)
    assert (tile["attachment_count"], tile["cover_url"]) == (1, None)
    cover = f"/api/v1/cards/{world.card_id}/cover"
    r = await api.client.put(
        cover, json={"attachment_id": world.attachment_id}, headers=auth(world.owner)
    )
    assert r.status_code == 204, r.text
    tile = await _tile(api, world)
    assert tile["cover_url"] == f"/api/v1/attachments/{world.attachment_id}/thumbnail"
    r = await api.client.get(tile["cover_url"], headers=auth(world.member))
    assert r.status_code == 200
    # Another image takes its place; then the cover goes with its file.
    other = await uploaded(api.client, world.owner, world.card_id, image(30, 30), "b.png")
    await api.client.put(cover, json={"attachment_id": other["id"]}, headers=auth(world.owner))
    r = await api.client.get(
        f"/api/v1/cards/{world.card_id}/attachments", headers=auth(world.owner)
    )
    assert [a["is_cover"] for a in r.json()] == [False, True]
    await api.client.delete(f"/api/v1/attachments/{other['id']}", headers=auth(world.owner))
    tile = await _tile(api, world)
    assert (tile["attachment_count"], tile["cover_url"]) == (1, None)


async def test_only_an_image_of_the_card_can_be_its_cover(api: Api) -> None:
    world = await build_world(api)
    text = await uploaded(api.client, world.owner, world.card_id, b"notes", "n.txt")
    other_card = await api.card(world.owner, world.columns[1], "Elsewhere")
    elsewhere = await uploaded(api.client, world.owner, other_card["id"], image(), "e.png")
    for attachment_id in (text["id"], elsewhere["id"]):
        r = await api.client.put(
            f"/api/v1/cards/{world.card_id}/cover",
            json={"attachment_id": attachment_id},
            headers=auth(world.owner),
        )
        problem = assert_problem(r, 422, "invalid")
        assert problem["errors"][0]["loc"] == ["body", "attachment_id"]
