"""Files for the attachment tests, made on the spot: real images (Pillow), with EXIF when
asked, and uploads through the API."""

from __future__ import annotations

import io
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx
from PIL import Image

from devkit.s3 import S3Server
from teamboard.core.runtime import Runtime
from tests.support.api import Headers, auth

# EXIF tag numbers: Orientation, and the camera's Make (a detail the preview must drop).
ORIENTATION = 0x0112
MAKE = 0x010F


def image(
    width: int = 40, height: int = 20, fmt: str = "PNG", *, orientation: int | None = None
) -> bytes:
    """A ``width`` x ``height`` image, left half red, right half blue."""
    picture = Image.new("RGB", (width, height), "blue")
    picture.paste("red", (0, 0, width // 2, height))
    out = io.BytesIO()
    extra: dict[str, Any] = {}
    if orientation is not None:
        exif = Image.Exif()
        exif[ORIENTATION] = orientation
        exif[MAKE] = "TestCam"
        extra["exif"] = exif.tobytes()
    picture.save(out, fmt, **extra)
    return out.getvalue()


async def upload(
    client: httpx.AsyncClient,
    who: Headers,
    card_id: int,
    data: bytes,
    filename: str = "notes.txt",
    content_type: str = "application/octet-stream",
) -> httpx.Response:
    return await client.post(
        f"/api/v1/cards/{card_id}/attachments",
        files={"file": (filename, data, content_type)},
        headers=auth(who),
    )


async def uploaded(
    client: httpx.AsyncClient, who: Headers, card_id: int, data: bytes, filename: str = "a.txt"
) -> dict[str, Any]:
    r = await upload(client, who, card_id, data, filename)
    assert r.status_code == 201, r.text
    found: dict[str, Any] = r.json()
    return found


BUCKET = "teamboard-tests"


def fresh_storage(s3: S3Server | None, folder: Path) -> dict[str, str]:
    """Settings for a storage of the test's own — a bucket, or ``folder`` — as ids (and so
    the boards' key prefixes) start again in every test."""
    url = s3.storage_url(f"t-{secrets.token_hex(8)}") if s3 is not None else folder.as_uri()
    return {"storage_url": url}


def stored_names(runtime: Runtime, s3: S3Server | None, board_id: int) -> list[str]:
    """The objects the storage holds for one board (its keys under ``boards/<id>/``)."""
    prefix = f"boards/{board_id}/"
    if s3 is not None:
        bucket = urlsplit(runtime.settings.storage_url).hostname or ""
        return [key for key in s3.keys(bucket) if key.startswith(prefix)]
    root = Path(unquote(urlsplit(runtime.settings.storage_url).path)) / prefix
    return sorted(prefix + p.name for p in root.glob("*")) if root.exists() else []
