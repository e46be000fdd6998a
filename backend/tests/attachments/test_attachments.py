"""Files on cards through the API: upload, list, read, download (whole, ranges), delete
(with their bytes), the type from the content, safe names and headers."""

from __future__ import annotations

from devkit.api import assert_problem
from devkit.s3 import S3Server
from teamboard.core.runtime import Runtime
from tests.support.api import Api, auth
from tests.support.boards import build_world
from tests.support.files import image, stored_names, upload, uploaded


async def test_upload_list_read_download_and_delete(
    api: Api, runtime: Runtime, s3: S3Server | None
) -> None:
    world = await build_world(api)
    data = b"hello, files\n" * 1000
    made = await uploaded(api.client, world.owner, world.card_id, data, "notes.txt")
    assert len(stored_names(runtime, s3, world.board_id)) == 3
    assert made["filename"] == "notes.txt"
    assert made["content_type"] == "text/plain"
    assert made["size"] == len(data)
    assert made["has_thumbnail"] is False
    r = await api.client.get(
        f"/api/v1/cards/{world.card_id}/attachments", headers=auth(world.member)
    )
    assert [a["id"] for a in r.json()] == [world.attachment_id, made["id"]]
    r = await api.client.get(made["content_url"], headers=auth(world.member))
    assert r.status_code == 200
    assert r.content == data
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    assert r.headers["content-disposition"].startswith("attachment;")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["accept-ranges"] == "bytes"
    r = await api.client.delete(f"/api/v1/attachments/{made['id']}", headers=auth(world.owner))
    assert r.status_code == 204
    r = await api.client.get(f"/api/v1/attachments/{made['id']}", headers=auth(world.owner))
    assert_problem(r, 404, "not_found")
    # The world's own image (with its thumbnail) is left; the text file's bytes are gone.
    assert len(stored_names(runtime, s3, world.board_id)) == 2


async def test_ranges(api: Api) -> None:
    world = await build_world(api)
    data = bytes(range(256)) * 400
    made = await uploaded(api.client, world.owner, world.card_id, data, "blob.bin")
    url = made["content_url"]
    for header, start, stop in [
        ("bytes=0-9", 0, 10),
        ("bytes=100-", 100, len(data)),
        ("bytes=-5", len(data) - 5, len(data)),
        ("bytes=102390-999999999", 102390, len(data)),
    ]:
        r = await api.client.get(url, headers=auth(world.owner) | {"Range": header})
        assert r.status_code == 206, header
        assert r.content == data[start:stop]
        assert r.headers["content-range"] == f"bytes {start}-{stop - 1}/{len(data)}"
    r = await api.client.get(url, headers=auth(world.owner) | {"Range": f"bytes={len(data)}-"})
    assert_problem(r, 416, "range_not_satisfiable")
    assert r.headers["content-range"] == f"bytes */{len(data)}"
    # Several ranges, or nonsense: the whole file.
    r = await api.client.get(url, headers=auth(world.owner) | {"Range": "bytes=0-1,5-6"})
    assert r.status_code == 200
    assert r.content == data


async def test_the_type_comes_from_the_bytes_not_the_client(api: Api) -> None:
    world = await build_world(api)
    png = image()
    r = await upload(api.client, world.owner, world.card_id, png, "cat.txt", "text/plain")
    assert r.json()["content_type"] == "image/png"
    html = b"<html><script>alert(1)</script></html>"
    r = await upload(api.client, world.owner, world.card_id, html, "page.png", "image/png")
    made = r.json()
    assert made["content_type"] == "text/plain"
    r = await api.client.get(made["content_url"], headers=auth(world.owner))
    assert r.headers["content-disposition"].startswith("attachment;")
    assert r.headers["content-type"].startswith("text/plain")


async def test_svg_is_never_shown_inline(api: Api) -> None:
    world = await build_world(api)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    made = await uploaded(api.client, world.owner, world.card_id, svg, "logo.svg")
    r = await api.client.get(made["content_url"], headers=auth(world.owner))
    assert r.headers["content-disposition"].startswith("attachment;")
    assert "svg" not in r.headers["content-type"]
    assert "sandbox" in r.headers.get_list("content-security-policy")[0]


async def test_raster_images_open_inline(api: Api) -> None:
    world = await build_world(api)
    made = await uploaded(api.client, world.owner, world.card_id, image(fmt="JPEG"), "p.jpg")
    r = await api.client.get(made["content_url"], headers=auth(world.owner))
    assert r.headers["content-type"] == "image/jpeg"
    assert r.headers["content-disposition"].startswith("inline;")


async def test_filenames_are_cleaned_and_sent_back_per_rfc_6266(api: Api) -> None:
    world = await build_world(api)
    made = await uploaded(
        api.client, world.owner, world.card_id, b"x", '../../etc/Ré"sumé\u202e.txt'
    )
    assert made["filename"] == 'Ré"sumé.txt'
    r = await api.client.get(made["content_url"], headers=auth(world.owner))
    assert r.headers["content-disposition"] == (
        "attachment; filename=\"R__sum_.txt\"; filename*=UTF-8''R%C3%A9%22sum%C3%A9.txt"
    )


async def test_outsiders_and_guessed_ids_get_404(api: Api) -> None:
    world = await build_world(api)
    made = await uploaded(api.client, world.owner, world.card_id, b"secret")
    for url in (f"/api/v1/attachments/{made['id']}", made["content_url"]):
        r = await api.client.get(url, headers=auth(world.outsider))
        assert_problem(r, 404, "not_found")
    r = await api.client.get(
        f"/api/v1/attachments/{made['id'] + 1}/content", headers=auth(world.owner)
    )
    assert_problem(r, 404, "not_found")
    r = await upload(api.client, world.outsider, world.card_id, b"x")
    assert_problem(r, 404, "not_found")
    r = await upload(api.client, world.member, world.card_id, b"x")
    assert_problem(r, 403, "forbidden")
