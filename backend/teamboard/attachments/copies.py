"""The files of copied cards (a card's copy, or a board's with its cards): the copier of
the ``attachments`` part, registered with the cards' copies when the process is assembled
(wiring.py; cards/copying.py says why).

Each file of the copy has bytes of its own: the source's copied in the storage (a
server-side copy on S3, a file copy in a worker thread in a folder), its thumbnail too,
under the target board's prefix, so that deleting either file (or board) leaves the
other's. The copy's transaction holds the target board's lock meanwhile: its quota is
checked for all the files at once before a byte is copied, and nothing else can fill the
board in between. If the copy rolls back after that, the copied bytes are taken back out
(``Copied.undo``), as a deleted file's bytes leave the storage after its commit
(attachments/cleanup.py): either way no bytes stay that no row points to.
"""

from __future__ import annotations

import logging
import secrets
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import anyio
from sqlalchemy import insert, select

from teamboard.attachments.models import Attachment
from teamboard.attachments.naming import human_size
from teamboard.attachments.service import THUMB, board_usage, forget_file
from teamboard.cards.attachment_tiles import cover_url
from teamboard.cards.copying import Copied
from teamboard.core.errors import QuotaExceeded
from teamboard.core.storage import Missing, Storage

log = logging.getLogger(__name__)
# Copies under way at once, per copy: enough to hide the store's latency, few enough to
# leave worker threads and connections to everyone else.
COPIES_AT_ONCE = 8


@dataclass
class _File:
    """One file to copy: its source row's fields, the copy's key, and what of its bytes
    the storage had (a file whose bytes are gone is left out)."""

    source: Any
    card_id: int  # the copy's card
    key: str
    copied: bool = False
    thumbnail: bool = False


async def copy_files(copied: Copied) -> None:
    """Three statements (the files, the board's usage, the insert), and a fourth to find
    the covers' ids when a copy has one."""
    db, pairs = copied.db, copied.pairs
    sources = list(
        await db.execute(
            select(
                Attachment.card_id,
                Attachment.filename,
                Attachment.content_type,
                Attachment.size,
                Attachment.storage_key,
                Attachment.has_thumbnail,
                Attachment.is_cover,
            )
            .where(Attachment.card_id.in_(list(pairs)))
            .order_by(Attachment.card_id, Attachment.created_at, Attachment.id)
        )
    )
    if not sources:
        return
    _check_room(
        db.settings.board_quota_bytes,
        await board_usage(db, copied.board_id),
        sum(row.size for row in sources),
    )
    prefix = f"boards/{copied.board_id}/"
    files = [_File(row, pairs[row.card_id], prefix + secrets.token_hex(16)) for row in sources]

    async def undo() -> None:
        for file in files:
            await forget_file(copied.files, file.key, True)

    copied.undo.append(undo)  # before the first byte: a copy cut short is taken back too
    await _copy_bytes(copied.files, files)
    kept = [file for file in files if file.copied]
    if not kept:
        return
    await db.execute(
        insert(Attachment),
        [
            {
                "card_id": file.card_id,
                "board_id": copied.board_id,
                "uploader_id": copied.actor.id,
                "filename": file.source.filename,
                "content_type": file.source.content_type,
                "size": file.source.size,
                "storage_key": file.key,
                "has_thumbnail": file.thumbnail,
                # A cover is an image with a preview: without one, the copy has no cover.
                "is_cover": file.source.is_cover and file.thumbnail,
            }
            for file in kept
        ],
    )
    await _tiles(copied, kept)


def _check_room(quota: int, used: int, size: int) -> None:
    if used + size > quota:
        left = max(0, quota - used)
        raise QuotaExceeded(
            f"The files to copy take {human_size(size)}, more than the {human_size(left)} "
            f"left of the {human_size(quota)} the board's files may take. Copy without "
            "the attachments, or delete files the board no longer needs first."
        )


async def _copy_bytes(storage: Storage, files: list[_File]) -> None:
    limiter = anyio.CapacityLimiter(COPIES_AT_ONCE)

    async def one(file: _File) -> None:
        async with limiter:
            file.copied = await _copy(storage, file.source.storage_key, file.key)
            if file.copied and file.source.has_thumbnail:
                file.thumbnail = await _copy(
                    storage, file.source.storage_key + THUMB, file.key + THUMB
                )

    try:
        async with anyio.create_task_group() as group:
            for file in files:
                group.start_soon(one, file)
    except ExceptionGroup as failed:  # the storage's error, as a single copy would raise it
        raise failed.exceptions[0] from None


async def _copy(storage: Storage, source: str, target: str) -> bool:
    """False when the source's bytes are gone (the storage lost them): that file is left
    out of the copy, whose others still come along."""
    try:
        await storage.copy(source, target)
    except Missing:
        log.warning("no bytes under %s in the storage: left out of a copy", source)
        return False
    return True


async def _tiles(copied: Copied, kept: list[_File]) -> None:
    counts: defaultdict[int, int] = defaultdict(int)
    for file in kept:
        counts[file.card_id] += 1
    covers: dict[int, int] = {}
    cover_keys = [file.key for file in kept if file.source.is_cover and file.thumbnail]
    if cover_keys:
        covers = {
            card_id: attachment_id
            for attachment_id, card_id in await copied.db.execute(
                select(Attachment.id, Attachment.card_id).where(
                    Attachment.storage_key.in_(cover_keys)
                )
            )
        }
    for card_id, count in counts.items():
        copied.tiles[card_id] |= {
            "attachment_count": count,
            "cover_url": cover_url(covers.get(card_id)),
        }
