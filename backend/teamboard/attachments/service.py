"""Files on cards. Members read them; editors and owners add and delete them and choose
the card's cover. The bytes go to the storage outside any database transaction (a slow
upload holds no board lock); the row and its event are written after, and the bytes are
taken back out if that fails."""

from __future__ import annotations

import io
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, BinaryIO, cast

from sqlalchemy import func, select, update

from teamboard.attachments.files import (
    THUMBNAIL_SOURCES,
    THUMBNAIL_TYPE,
    sniff_file,
    thumbnail,
)
from teamboard.attachments.models import Attachment
from teamboard.attachments.naming import clean_filename
from teamboard.attachments.schemas import AttachmentRead
from teamboard.boards.access import access_statement, access_to
from teamboard.boards.log import lock_board, record_event
from teamboard.boards.models import Role
from teamboard.cards.access import access_card
from teamboard.cards.attachment_tiles import cover_url
from teamboard.core.actor import Actor
from teamboard.core.config import Settings
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import Invalid, QuotaExceeded, TooLarge
from teamboard.core.storage import Storage

log = logging.getLogger(__name__)
_ATTACHMENT = access_statement(Attachment)
THUMB = ".thumb"


def attachment_read(row: Attachment) -> AttachmentRead:
    base = f"/api/v1/attachments/{row.id}"
    return AttachmentRead(
        id=row.id,
        card_id=row.card_id,
        board_id=row.board_id,
        uploader_id=row.uploader_id,
        filename=row.filename,
        content_type=row.content_type,
        size=row.size,
        has_thumbnail=row.has_thumbnail,
        is_cover=row.is_cover,
        created_at=row.created_at,
        content_url=f"{base}/content",
        thumbnail_url=f"{base}/thumbnail" if row.has_thumbnail else None,
    )


async def access_attachment(
    db: UnitOfWork, actor: Actor, attachment_id: int, need: Role = Role.viewer
) -> tuple[Attachment, Role]:
    """The attachment with the caller's role; NotFound for a non-member (or no such id)."""
    row, role = await access_to(db, actor, _ATTACHMENT, "attachment", attachment_id, need)
    return cast(Attachment, row), role


async def list_attachments(db: UnitOfWork, actor: Actor, card_id: int) -> list[AttachmentRead]:
    await access_card(db, actor, card_id)
    rows = await db.scalars(
        select(Attachment)
        .where(Attachment.card_id == card_id)
        .order_by(Attachment.created_at, Attachment.id)
    )
    return [attachment_read(row) for row in rows]


async def read_attachment(db: UnitOfWork, actor: Actor, attachment_id: int) -> AttachmentRead:
    row, _role = await access_attachment(db, actor, attachment_id)
    return attachment_read(row)


async def board_usage(db: UnitOfWork, board_id: int) -> int:
    used = await db.scalar(
        select(func.coalesce(func.sum(Attachment.size), 0)).where(Attachment.board_id == board_id)
    )
    return int(used or 0)


def check_room(settings: Settings, used: int, size: int) -> None:
    if used + size > settings.board_quota_bytes:
        left = max(0, settings.board_quota_bytes - used)
        raise QuotaExceeded(
            f"This board's files may take {_megabytes(settings.board_quota_bytes)} in all; "
            f"{_megabytes(left)} is left. Delete files it no longer needs first."
        )


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"


@dataclass(frozen=True)
class Upload:
    """A file as the request brought it: spooled (from position 0, ``size`` bytes), with
    the name the client gave (None: no file in the request)."""

    source: BinaryIO | None
    size: int
    filename: str | None


async def add_attachment(
    db: UnitOfWork,
    storage: Storage,
    settings: Settings,
    actor: Actor,
    card_id: int,
    receive: Callable[[], Awaitable[Upload]],
) -> AttachmentRead:
    """``receive`` reads the request's body: only once the caller may add a file to the
    card, so an outsider's or a viewer's upload is refused before a byte of it is read."""
    card, _role = await access_card(db, actor, card_id, Role.editor)
    used = await board_usage(db, card.board_id)
    check_room(settings, used, 1)
    await db.commit()  # no transaction stays open over the upload below
    upload = await receive()
    source, size = upload.source, upload.size
    if source is None:
        raise Invalid.field("file", "file_missing")
    if size > settings.max_upload_bytes:
        raise TooLarge(f"Files are limited to {_megabytes(settings.max_upload_bytes)} each")
    if size == 0:
        raise Invalid.field("file", "file_empty")
    # Checked again with the board locked, when the row is written.
    check_room(settings, used, size)
    content_type = await sniff_file(source)
    preview = (
        await thumbnail(source, settings.image_max_pixels)
        if (content_type in THUMBNAIL_SOURCES)
        else None
    )
    # Under the board's prefix: a deleted board's files go together (attachments/cleanup.py).
    key = f"boards/{card.board_id}/{secrets.token_hex(16)}"
    stored = [key]
    try:
        await storage.save(key, source, size, content_type)
        if preview is not None:
            stored.append(key + THUMB)
            await storage.save(key + THUMB, io.BytesIO(preview), len(preview), THUMBNAIL_TYPE)
        return await _record(
            db, settings, actor, card_id, key, upload.filename, content_type, size, preview
        )
    except BaseException:
        for written in stored:
            await _forget(storage, written)
        raise


async def _record(
    db: UnitOfWork,
    settings: Settings,
    actor: Actor,
    card_id: int,
    key: str,
    filename: str | None,
    content_type: str,
    size: int,
    preview: bytes | None,
) -> AttachmentRead:
    async with db.transaction():
        card, _role = await access_card(db, actor, card_id, Role.editor)
        await lock_board(db, card.board_id)
        check_room(settings, await board_usage(db, card.board_id), size)
        row = Attachment(
            card_id=card_id,
            board_id=card.board_id,
            uploader_id=actor.id,
            filename=clean_filename(filename),
            content_type=content_type,
            size=size,
            storage_key=key,
            has_thumbnail=preview is not None,
            is_cover=False,
        )
        db.add(row)
        await db.flush()
        result = attachment_read(row)
        data = {"card_id": card_id, "attachment": result.model_dump(mode="json")}
        await record_event(db, card.board_id, "attachment.created", actor, data)
    return result


async def delete_attachment(
    db: UnitOfWork, storage: Storage, actor: Actor, attachment_id: int
) -> None:
    """The row and its event first, then the bytes: a failure in between leaves bytes
    nobody can reach, never a row whose bytes are gone."""
    async with db.transaction():
        row, _role = await access_attachment(db, actor, attachment_id, Role.editor)
        await lock_board(db, row.board_id)
        key, has_thumbnail = row.storage_key, row.has_thumbnail
        data = {"id": row.id, "card_id": row.card_id, "was_cover": row.is_cover}
        await db.delete(row)
        await db.flush()
        await record_event(db, row.board_id, "attachment.deleted", actor, data)
    await forget_file(storage, key, has_thumbnail)


async def forget_file(storage: Storage, key: str, has_thumbnail: bool) -> None:
    """An attachment's bytes (and its thumbnail's) out of the storage."""
    await _forget(storage, key)
    if has_thumbnail:
        await _forget(storage, key + THUMB)


async def _forget(storage: Storage, key: str) -> None:
    try:
        await storage.delete(key)
    except Exception:  # the storage is down: the bytes stay, unreachable; say so
        log.exception("could not delete %s from the storage", key)


async def set_cover(
    db: UnitOfWork, actor: Actor, card_id: int, attachment_id: int | None
) -> str | None:
    """Make an image of the card (one with a thumbnail) its cover, or take the cover off
    (None); the cover's thumbnail URL."""
    async with db.transaction():
        card, _role = await access_card(db, actor, card_id, Role.editor)
        await lock_board(db, card.board_id)
        if attachment_id is not None:
            chosen = await db.get(Attachment, attachment_id)
            if chosen is None or chosen.card_id != card_id or not chosen.has_thumbnail:
                raise Invalid.field("attachment_id", "cover_not_image")
        current = await db.scalar(
            select(Attachment.id).where(Attachment.card_id == card_id, Attachment.is_cover)
        )
        url = cover_url(attachment_id)
        if current == attachment_id:
            return url  # nothing changes: no event
        # Off first, then on: the partial unique index allows one cover per card.
        await db.execute(_cover(card_id, False).where(Attachment.is_cover))
        if attachment_id is not None:
            await db.execute(_cover(card_id, True).where(Attachment.id == attachment_id))
        data: dict[str, Any] = {"card_id": card_id, "attachment_id": attachment_id}
        await record_event(
            db, card.board_id, "card.cover_changed", actor, data | {"cover_url": url}
        )
    return url


def _cover(card_id: int, on: bool) -> Any:
    return (
        update(Attachment)
        .where(Attachment.card_id == card_id)
        .values(is_cover=on)
        .execution_options(synchronize_session=False)
    )
