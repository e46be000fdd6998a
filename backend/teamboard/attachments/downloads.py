"""Serving a file: streamed from the storage in chunks as the client takes them, one byte
range when asked (RFC 9110 §14), and only ever shown in the browser when it is a raster
image — anything else (SVG and HTML above all) is a download, whatever its name says."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

from starlette.responses import Response, StreamingResponse

from teamboard.attachments.files import INLINE_TYPES, OCTETS, THUMBNAIL_TYPE
from teamboard.attachments.naming import content_disposition
from teamboard.attachments.service import THUMB, access_attachment
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import NotFound, RangeNotSatisfiable
from teamboard.core.storage import Missing, Storage

_RANGE = re.compile(r"^bytes=([0-9]{0,18})-([0-9]{0,18})$")
# No script runs in a file opened from here, even one a browser would otherwise render.
# Never sent as what they are, should the sniffing ever name them: a browser runs them.
_SCRIPTABLE = frozenset(
    {"text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml"}
    | {"text/javascript", "application/javascript", "application/x-shockwave-flash"}
)
_SANDBOX = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


@dataclass(frozen=True)
class Stored:
    """What serving needs of an attachment, read before the bytes (the database session
    is let go first: a long download holds no connection)."""

    id: int
    filename: str
    content_type: str
    size: int
    key: str


async def attachment_to_read(
    db: UnitOfWork, actor: Actor, attachment_id: int, *, thumbnail: bool = False
) -> Stored:
    row, _role = await access_attachment(db, actor, attachment_id)
    if thumbnail and not row.has_thumbnail:
        raise NotFound("This file has no preview")
    stored = Stored(row.id, row.filename, row.content_type, row.size, row.storage_key)
    await db.commit()
    return stored


def byte_range(header: str | None, size: int) -> tuple[int, int] | bool | None:
    """``(start, stop)`` for one satisfiable range; None to send the whole file (no
    header, or one this server ignores: several ranges, another unit, bad syntax); False
    when the range lies outside the file (416)."""
    if not header:
        return None
    found = _RANGE.match(header.strip())
    if found is None:
        return None
    first, last = found.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        suffix = int(last)
        return (max(0, size - suffix), size) if suffix > 0 and size > 0 else False
    start = int(first)
    stop = min(size, int(last) + 1) if last else size
    if last and int(last) < start:
        return None  # not a valid range: ignored (§14.1.1)
    return (start, stop) if start < size else False


async def file_response(
    storage: Storage, stored: Stored, range_header: str | None, *, thumbnail: bool
) -> Response:
    key = stored.key + THUMB if thumbnail else stored.key
    content_type = THUMBNAIL_TYPE if thumbnail else stored.content_type
    inline = content_type in INLINE_TYPES
    headers = {
        "Content-Disposition": content_disposition(stored.filename, inline=inline),
        "Content-Security-Policy": _SANDBOX,
        "Cache-Control": "private, max-age=300",
        "ETag": f'"a{stored.id}{"t" if thumbnail else ""}"',
    }
    if thumbnail:
        chunks = await _open(storage, key, 0, None)
        return StreamingResponse(chunks, media_type=content_type, headers=headers)
    headers["Accept-Ranges"] = "bytes"
    media_type = OCTETS if content_type in _SCRIPTABLE else content_type
    if media_type == "text/plain":
        media_type = "text/plain; charset=utf-8"
    wanted = byte_range(range_header, stored.size)
    if wanted is False:
        raise RangeNotSatisfiable(stored.size)
    start, stop = wanted if isinstance(wanted, tuple) else (0, stored.size)
    headers["Content-Length"] = str(stop - start)
    status = 200
    if isinstance(wanted, tuple):
        status = 206
        headers["Content-Range"] = f"bytes {start}-{stop - 1}/{stored.size}"
    chunks = await _open(storage, key, start, stop)
    return StreamingResponse(chunks, status_code=status, media_type=media_type, headers=headers)


async def _open(storage: Storage, key: str, start: int, stop: int | None) -> AsyncIterator[bytes]:
    try:
        return await storage.read(key, start, stop)
    except Missing:
        raise NotFound("This file's bytes are missing from the storage") from None
