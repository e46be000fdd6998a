"""(h) Files shared by the instances through one S3 bucket: a file uploaded on instance 1
is read on instance 2 (all of it, and a range), its cover shows on instance 2's board
read, and deleting it there takes its bytes out of the bucket."""

from __future__ import annotations

import asyncio
import hashlib
import io
import os
import time
from typing import Any

import httpx
from PIL import Image

from devkit.api import API, User, expect
from scaletest.client import client, driver, make_board
from scaletest.cluster import BUCKET, Cluster
from scaletest.report import Out

SIZE = 3 * 1024 * 1024  # past the 1 MB the multipart parser keeps in memory


def _png() -> bytes:
    picture = Image.new("RGB", (64, 32), "blue")
    picture.paste("red", (0, 0, 32, 32))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


async def _upload(
    http: httpx.AsyncClient, user: User, card_id: int, name: str, data: bytes, where: str
) -> dict[str, Any]:
    r = await http.post(
        f"{API}/cards/{card_id}/attachments",
        files={"file": (name, data, "application/octet-stream")},
        headers=user.headers,
    )
    found: dict[str, Any] = expect(r, 201, f"upload of {name} {where}")
    return found


async def _keys(cluster: Cluster) -> list[str]:
    return await asyncio.to_thread(cluster.s3.keys, BUCKET)


def _tile(board: dict[str, Any], card_id: int) -> dict[str, Any]:
    cards = [card for column in board["columns"] for card in column["cards"]]
    return next(card for card in cards if card["id"] == card_id)


async def shared_files(cluster: Cluster, out: Out) -> None:
    one, two = (i.url for i in cluster.instances)
    async with (
        client(cluster.public_origin, cluster.tls) as http,
        httpx.AsyncClient(base_url=one, timeout=30) as direct1,
        httpx.AsyncClient(base_url=two, timeout=30) as direct2,
    ):
        user = await driver(http).sign_up("files")
        board = await make_board(http, user, cards=1)
        card_id = board["columns"][0]["cards"][0]["id"]
        data = os.urandom(SIZE)
        # nginx lets an upload be larger than any other body (nginx.conf.template).
        edge = await _upload(http, user, card_id, "edge.bin", data, "through nginx")
        out.ok(f"a {SIZE // 1_048_576} MiB upload through nginx → 201 (other bodies: 1 MiB)")
        expect(
            await http.delete(f"{API}/attachments/{edge['id']}", headers=user.headers),
            204,
            "delete",
        )
        stored = await _upload(direct1, user, card_id, "data.bin", data, "on instance 1")
        picture = await _upload(direct1, user, card_id, "picture.png", _png(), "on instance 1")
        prefix = f"boards/{board['id']}/"
        ours = [key for key in await _keys(cluster) if key.startswith(prefix)]
        out.check(
            len(ours) == 3 and sum(key.endswith(".thumb") for key in ours) == 1,
            f"instance 1 stored a {SIZE // 1_048_576} MiB file and an image with its "
            "thumbnail in the bucket (3 objects under the board's prefix)",
            str(ours),
        )

        content = f"{API}/attachments/{stored['id']}/content"
        r = await direct2.get(content, headers=user.headers)
        out.check(
            r.status_code == 200 and hashlib.sha256(r.content).digest() == _sha(data),
            f"instance 2 serves the same {len(data):,} bytes",
            f"{r.status_code}, {len(r.content)} bytes",
        )
        r = await direct2.get(content, headers=user.headers | {"Range": "bytes=1000000-1999999"})
        out.check(
            r.status_code == 206
            and r.content == data[1_000_000:2_000_000]
            and r.headers.get("content-range") == f"bytes 1000000-1999999/{SIZE}",
            "…and a range of them (206, Content-Range, the right bytes)",
            f"{r.status_code} {r.headers.get('content-range')} {len(r.content)} bytes",
        )

        cover = f"{API}/cards/{card_id}/cover"
        await direct1.get(f"{API}/boards/{board['id']}", headers=user.headers)  # cached there
        put = await direct1.put(cover, json={"attachment_id": picture["id"]}, headers=user.headers)
        expect(put, 204, "cover set on instance 1")
        thumb_url = f"/api/v1/attachments/{picture['id']}/thumbnail"
        shown, waited = await _tile_until(direct2, user, board["id"], card_id, thumb_url, 2)
        out.check(
            shown == (thumb_url, 2),
            f"instance 2's board read shows the cover set on instance 1, and 2 files "
            f"(after {waited:.2f} s: the change reaches its board cache through Redis)",
            f"cover_url, attachment_count: {shown}",
        )
        r = await direct2.get(thumb_url, headers=user.headers)
        out.check(
            r.status_code == 200
            and r.headers.get("content-type") == "image/webp"
            and r.content[8:12] == b"WEBP",
            "…and serves its thumbnail (WebP)",
            f"{r.status_code} {r.headers.get('content-type')}",
        )

        for attachment in (stored, picture):
            r = await direct2.delete(f"{API}/attachments/{attachment['id']}", headers=user.headers)
            expect(r, 204, "delete on instance 2")
        left = [key for key in await _keys(cluster) if key.startswith(prefix)]
        out.check(not left, "deleted on instance 2: their bytes left the bucket", str(left))
        r = await direct1.get(content, headers=user.headers)
        out.check(r.status_code == 404, "instance 1 then answers 404 for the file", str(r))
        shown, waited = await _tile_until(direct1, user, board["id"], card_id, None, 0)
        out.check(
            shown == (None, 0),
            f"…and its board read no cover and no files (after {waited:.2f} s)",
            f"cover_url, attachment_count: {shown}",
        )


async def _tile_until(
    http: httpx.AsyncClient, user: User, board_id: int, card_id: int, cover: str | None, count: int
) -> tuple[tuple[str | None, int], float]:
    """The card's tile on this instance's board read, once it shows ``cover`` and
    ``count`` files (or as it is after 5 s), and how long that took. A read may be
    answered from the board cache, which hears another instance's changes through Redis
    a moment after they commit."""
    began = time.monotonic()
    while True:
        read = expect(await http.get(f"{API}/boards/{board_id}", headers=user.headers), 200, "read")
        tile = _tile(read, card_id)
        shown = (tile.get("cover_url"), int(tile.get("attachment_count", -1)))
        waited = time.monotonic() - began
        if shown == (cover, count) or waited > 5:
            return shown, waited
        await asyncio.sleep(0.05)


def _sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()
