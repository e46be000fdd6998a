from __future__ import annotations

from datetime import datetime

from pydantic import Field

from teamboard.core.schemas import Id, Schema


class AttachmentRead(Schema):
    id: int
    card_id: int
    board_id: int
    uploader_id: int | None
    filename: str
    content_type: str = Field(description="Sniffed from the file's bytes, not the client's word")
    size: int = Field(description="In bytes")
    has_thumbnail: bool
    is_cover: bool
    created_at: datetime
    content_url: str = Field(description="The file (Range requests welcome)")
    thumbnail_url: str | None = Field(description="A small preview, for images")


class CoverSet(Schema):
    attachment_id: Id | None = Field(
        description="An image of the card with a preview; null takes the cover off"
    )
