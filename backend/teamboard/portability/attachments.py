"""Attachments in a board's export and import. The document lists each card's files (what
they were, who added them, which is the cover) and where an archive keeps their bytes
(``file``); on import the bytes, never the document, say what a file is."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from teamboard.accounts.models import User
from teamboard.attachments.models import Attachment
from teamboard.attachments.naming import clean_filename
from teamboard.cards.models import Card
from teamboard.core.db import UnitOfWork

FILES = "files/"
# Characters some systems refuse in a file's name, replaced in the archive's paths only
# (the attachment keeps its name): whoever unzips an export gets every file.
_UNPORTABLE = re.compile(r'[\\/:*?"<>|]')


class AttachmentDoc(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=255)
    # As exported, for people reading the document; the import sniffs the bytes again.
    content_type: str = Field(default="application/octet-stream", max_length=100)
    size: int = Field(default=0, ge=0)
    created_at: datetime
    uploader: str | None = None  # an e-mail; someone this server does not know: the importer
    cover: bool = False
    file: str = Field(min_length=1, max_length=1000)  # the bytes' path inside an archive


@dataclass(frozen=True)
class Packed:
    """A file an archive carries: where its bytes are in the storage."""

    key: str
    size: int
    created_at: datetime


@dataclass
class Carried:
    """The files of an export in the document's order, by their path in the archive."""

    files: dict[str, Packed] = field(default_factory=dict)

    def add(self, row: Attachment, uploader: str | None) -> AttachmentDoc:
        # Numbered in the document's order: the same board gives the same paths.
        path = f"{FILES}{len(self.files) + 1}/{_UNPORTABLE.sub('_', row.filename)}"
        self.files[path] = Packed(row.storage_key, row.size, row.created_at)
        return AttachmentDoc(
            name=row.filename,
            content_type=row.content_type,
            size=row.size,
            created_at=row.created_at,
            uploader=uploader,
            cover=row.is_cover,
            file=path,
        )


async def attachments_of_board(
    db: UnitOfWork, board_id: int
) -> dict[int, list[tuple[Attachment, str | None]]]:
    """Each card's attachments with their uploader's e-mail, oldest first (one query)."""
    found: dict[int, list[tuple[Attachment, str | None]]] = {}
    rows = await db.execute(
        select(Attachment, User.email)
        .outerjoin(User, User.id == Attachment.uploader_id)
        .where(Attachment.board_id == board_id)
        .order_by(Attachment.created_at, Attachment.id)
    )
    for row, email in rows:
        found.setdefault(row.card_id, []).append((row, email))
    return found


@dataclass(frozen=True)
class Staged:
    """A file of an archive already in the storage, under a key of the import's own, with
    what its bytes are."""

    key: str
    size: int
    content_type: str
    has_thumbnail: bool


@dataclass
class Placed:
    """An imported attachment's row, and where its staged bytes go once it has an id."""

    row: Attachment
    staged: Staged


def add_attachments(
    db: UnitOfWork,
    card: Card,
    docs: list[AttachmentDoc],
    staged: dict[str, Staged],
    users: dict[str, int],
    importer: int,
) -> list[Placed]:
    """The card's attachments whose bytes the import carries (the others are skipped)."""
    placed = []
    for doc in docs:
        found = staged.get(doc.file)
        if found is None:
            continue
        uploader = None if doc.uploader is None else users.get(doc.uploader, importer)
        row = Attachment(
            card_id=card.id,
            board_id=card.board_id,
            uploader_id=uploader,
            filename=clean_filename(doc.name),
            content_type=found.content_type,
            size=found.size,
            # Under the board's prefix, as an upload's: its deletion takes them along.
            storage_key=f"boards/{card.board_id}/{secrets.token_hex(16)}",
            has_thumbnail=found.has_thumbnail,
            # A cover is an image with a preview (attachments/service.py set_cover).
            is_cover=doc.cover and found.has_thumbnail,
            created_at=doc.created_at,
        )
        db.add(row)
        placed.append(Placed(row, found))
    return placed
