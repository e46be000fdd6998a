"""What an uploaded file is, and its preview: the type from its first bytes (magic
numbers, the ``filetype`` library; never the client's word), and a thumbnail made once
with Pillow. Both read the spooled upload and run in a worker thread (anyio.to_thread):
decoding an image is CPU work the event loop must not wait on."""

from __future__ import annotations

import io
from typing import BinaryIO

import anyio
import anyio.to_thread
import filetype
from PIL import Image, ImageOps

HEAD = 8192
THUMBNAIL_BOX = (480, 480)
THUMBNAIL_TYPE = "image/webp"
# Shown inline (an <img>, or the file opened in the browser): raster images the browsers
# decode themselves, which run no script. Everything else (SVG and HTML above all) is
# served as a download.
INLINE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
# The images Pillow makes a thumbnail of.
THUMBNAIL_SOURCES = INLINE_TYPES
OCTETS = "application/octet-stream"


def sniff(head: bytes) -> str:
    """The media type of a file starting with ``head``: a known format's, else plain text
    for UTF-8 without NULs, else octets."""
    kind = filetype.guess(head)
    if kind is not None:
        return str(kind.mime)
    if b"\0" in head:
        return OCTETS
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the head is still text.
        if error.start < len(head) - 3:
            return OCTETS
    return "text/plain"


async def sniff_file(source: BinaryIO) -> str:
    def head() -> bytes:
        source.seek(0)
        return source.read(HEAD)

    return sniff(await anyio.to_thread.run_sync(head))


def _thumbnail(source: BinaryIO, max_pixels: int) -> bytes | None:
    source.seek(0)
    try:
        with Image.open(source) as image:
            # Decided from the header, before a pixel is decoded: a small file can claim
            # (and make Pillow allocate) billions of pixels.
            if image.width * image.height > max_pixels:
                return None
            image.draft("RGB", (THUMBNAIL_BOX[0] * 2, THUMBNAIL_BOX[1] * 2))  # JPEG: cheaper
            # The camera's orientation applied, then the EXIF left behind: the preview is
            # written from pixels only (no location, no camera details).
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail(THUMBNAIL_BOX)
            mode = "RGBA" if upright.mode in ("RGBA", "LA", "P", "PA") else "RGB"
            out = io.BytesIO()
            upright.convert(mode).save(out, "WEBP", quality=80)
            return out.getvalue()
    except (Image.DecompressionBombError, OSError, ValueError, SyntaxError):
        return None  # not an image Pillow can read after all: no preview


# A decoded image can weigh hundreds of MB (40 megapixels of RGBA: 160 MB): a process
# decodes this many at once, the others wait their turn.
THUMBNAILS_AT_ONCE = 2
_limiter: anyio.CapacityLimiter | None = None


async def thumbnail(source: BinaryIO, max_pixels: int) -> bytes | None:
    """A WebP preview at most 480 px each way, or None when the image cannot have one."""
    global _limiter
    if _limiter is None:  # made in the event loop, on first use
        _limiter = anyio.CapacityLimiter(THUMBNAILS_AT_ONCE)
    return await anyio.to_thread.run_sync(_thumbnail, source, max_pixels, limiter=_limiter)
