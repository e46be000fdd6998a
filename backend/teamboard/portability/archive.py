"""A board's archive: a zip holding ``board.json`` (the document) and ``files/…`` (the
attachments' bytes), and nothing else.

Written with the standard library's zipfile in worker threads, entry by entry, from the
storage's chunks: no file sits whole in memory and the event loop never waits on the zip.
Files are stored as they are (most are compressed already: images, PDFs, office files),
which costs no CPU and keeps an export's entries far from the zip bomb check below.

Read the other way round, after checks made before a byte is written anywhere: entries
few enough, named safely, each within the upload limit and not expanding past a bound,
every file the document names present, all of them within the board quota. Each file is
then spooled (as an upload is), sniffed, given its thumbnail, and staged in the storage
under the import's own prefix; ``unstage`` takes them back out when anything fails."""

from __future__ import annotations

import io
import re
import secrets
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import BinaryIO, Protocol, cast

import anyio.to_thread

from teamboard.attachments.files import THUMBNAIL_SOURCES, THUMBNAIL_TYPE, sniff_file, thumbnail
from teamboard.attachments.service import THUMB, forget_file
from teamboard.core.config import Settings
from teamboard.core.errors import Invalid, NotFound, QuotaExceeded, TooLarge
from teamboard.core.models import utcnow
from teamboard.core.storage import CHUNK, Missing, Storage
from teamboard.portability.attachments import FILES, AttachmentDoc, Packed, Staged
from teamboard.portability.sweep import STAGED

DOCUMENT = "board.json"
# A board's archive holds its document and at most this many files.
MAX_ENTRIES = 5001
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
# A file past this size may expand at most MAX_RATIO times its packed size: more is a zip
# bomb (and never what an export writes: its files are stored, not compressed). The
# document is exempt: JSON packs well, and its own limit bounds it.
RATIO_FLOOR = 1024 * 1024
MAX_RATIO = 100
# As Starlette spools an upload: in memory up to 1 MB, then on disk.
SPOOL_BYTES = 1024 * 1024
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_PART = re.compile(r"^[^\\\x00-\x1f\x7f]+$")
_ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)


class Writable(Protocol):
    """Where an archive goes: a file, or a stream that cannot seek (a response's body)."""

    def write(self, data: bytes, /) -> int: ...
    def flush(self) -> None: ...
    def close(self) -> None: ...


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"


def _stamp(moment: datetime) -> tuple[int, int, int, int, int, int]:
    when = max(moment if moment.tzinfo else moment.replace(tzinfo=UTC), _ZIP_EPOCH)
    return when.astimezone(UTC).timetuple()[:6]


async def write_archive(
    storage: Storage, document: str, files: dict[str, Packed], out: Writable
) -> None:
    """The zip, written to ``out``."""
    archive = await anyio.to_thread.run_sync(lambda: zipfile.ZipFile(out, "w"))
    try:
        info = zipfile.ZipInfo(DOCUMENT, date_time=_stamp(datetime.now(UTC)))
        info.compress_type = zipfile.ZIP_DEFLATED
        await anyio.to_thread.run_sync(archive.writestr, info, document.encode())
        for path, packed in files.items():
            info = zipfile.ZipInfo(path, date_time=_stamp(packed.created_at))
            info.file_size = packed.size  # past 2 GB: ZIP64, decided from this
            entry = await anyio.to_thread.run_sync(archive.open, info, "w")
            try:
                try:
                    chunks = await storage.read(packed.key)
                except Missing:
                    raise NotFound(f"The bytes of {path} are missing from the storage") from None
                async for chunk in chunks:
                    await anyio.to_thread.run_sync(entry.write, chunk)
            finally:
                await anyio.to_thread.run_sync(entry.close)
    finally:
        await anyio.to_thread.run_sync(archive.close)


def _safe(name: str) -> bool:
    parts = name.removesuffix("/").split("/")
    return (
        not name.startswith("/")
        and all(_PART.match(part) and part not in (".", "..") for part in parts)
        and ":" not in parts[0]  # a drive letter
    )


def open_archive(source: BinaryIO, settings: Settings) -> tuple[zipfile.ZipFile, bytes]:
    """The zip and its document's bytes, once its entries pass the checks (blocking: run
    it in a thread)."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, EOFError):
        raise Invalid("This file is not a zip archive, or it is damaged.") from None
    try:
        _check_entries(archive.infolist(), settings)
        return archive, archive.read(DOCUMENT)
    except (zipfile.BadZipFile, OSError, EOFError):
        archive.close()
        raise Invalid(f"The archive's {DOCUMENT} is damaged.") from None
    except BaseException:
        archive.close()
        raise


def _check_entries(entries: list[zipfile.ZipInfo], settings: Settings) -> None:
    if len(entries) > MAX_ENTRIES:
        raise Invalid(
            f"The archive holds {len(entries)} entries; a board's holds at most "
            f"{MAX_ENTRIES} (its document and {MAX_ENTRIES - 1} files)."
        )
    seen: set[str] = set()
    for entry in entries:
        name = entry.filename
        if not _safe(name):
            raise Invalid(f"The archive holds an entry named {name!r}, outside its own folder.")
        if name != DOCUMENT and not name.startswith(FILES):
            raise Invalid(f"The archive holds {name!r}: only {DOCUMENT} and {FILES}… belong.")
        if name in seen:
            raise Invalid(f"The archive holds {name!r} twice.")
        seen.add(name)
        if entry.flag_bits & 0x1:
            raise Invalid(f"The archive's {name!r} is encrypted.")
        if entry.compress_type not in _METHODS:
            raise Invalid(f"The archive's {name!r} is compressed in a way this server cannot read.")
        limit = MAX_DOCUMENT_BYTES if name == DOCUMENT else settings.max_upload_bytes
        if entry.file_size > limit:
            raise TooLarge(
                f"The archive's {name!r} is {_megabytes(entry.file_size)}; "
                f"{'the document' if name == DOCUMENT else 'a file'} may be "
                f"{_megabytes(limit)} at most."
            )
        packed = max(1, entry.compress_size)
        if name != DOCUMENT and entry.file_size > max(RATIO_FLOOR, MAX_RATIO * packed):
            times = entry.file_size // packed
            raise Invalid(
                f"The archive's {name!r} would expand {times} times its packed size: "
                "refused as a zip bomb."
            )
    if DOCUMENT not in seen:
        raise Invalid(f"The archive has no {DOCUMENT}: it is not a board's export.")


def check_files(
    archive: zipfile.ZipFile, docs: Iterable[AttachmentDoc], settings: Settings
) -> None:
    """Every file the document names is in the archive, once, and all fit the quota."""
    sizes = {entry.filename: entry.file_size for entry in archive.infolist()}
    named: set[str] = set()
    total = 0
    for doc in docs:
        if not doc.file.startswith(FILES) or doc.file not in sizes:
            raise Invalid(f"The document names the file {doc.file!r}, which the archive lacks.")
        if doc.file in named:
            raise Invalid(f"The document names the file {doc.file!r} twice.")
        named.add(doc.file)
        total += sizes[doc.file]
    if total > settings.board_quota_bytes:
        raise QuotaExceeded(
            f"The archive's files take {_megabytes(total)}; a board's may take "
            f"{_megabytes(settings.board_quota_bytes)} in all."
        )


def _extract(archive: zipfile.ZipFile, name: str, spool: BinaryIO) -> int:
    try:
        with archive.open(name) as entry:
            shutil.copyfileobj(entry, spool, CHUNK)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        raise Invalid(f"The archive's {name!r} is damaged.") from None
    return spool.tell()


async def stage(
    storage: Storage,
    settings: Settings,
    archive: zipfile.ZipFile,
    docs: Iterable[AttachmentDoc],
    staged: dict[str, Staged],
) -> None:
    """Each named file into the storage under the import's prefix, with what it is, as
    ``staged`` grows (the caller unstages it all on failure)."""
    prefix = f"{STAGED}/{utcnow():%Y%m%d}/{secrets.token_hex(16)}"  # the day: sweep.py
    for number, doc in enumerate(docs, 1):
        with tempfile.SpooledTemporaryFile(SPOOL_BYTES) as spooled:
            spool = cast(BinaryIO, spooled)
            size = await anyio.to_thread.run_sync(_extract, archive, doc.file, spool)
            content_type = await sniff_file(spool)
            preview = (
                await thumbnail(spool, settings.image_max_pixels)
                if content_type in THUMBNAIL_SOURCES
                else None
            )
            key = f"{prefix}/{number}"
            staged[doc.file] = Staged(key, size, content_type, preview is not None)
            await storage.save(key, spool, size, content_type)
        if preview is not None:
            await storage.save(key + THUMB, io.BytesIO(preview), len(preview), THUMBNAIL_TYPE)


async def unstage(storage: Storage, keys: Iterable[tuple[str, bool]]) -> None:
    """Files an import wrote (a key and whether it has a thumbnail) out of the storage."""
    for key, has_thumbnail in keys:
        await forget_file(storage, key, has_thumbnail)
