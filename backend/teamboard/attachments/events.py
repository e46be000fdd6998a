"""What the events of attachments and covers carry (``data``); see boards/events.py.

Each names its card at the top (``card_id``): a card's activity finds them
(boards/log.py card_of), and the log, read back, adds the card's title as for comments
(activity/content.py)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from teamboard.attachments.schemas import AttachmentRead
from teamboard.boards.events import GONE
from teamboard.cards.events import CARD_GONE, CARD_TITLE


class AttachmentData(AttachmentRead):
    gone: bool = GONE


class AttachmentChange(BaseModel):
    """``attachment.created``. The tile shows one more attachment."""

    card_id: int
    attachment: AttachmentData
    card_title: str = CARD_TITLE
    card_gone: bool = CARD_GONE


class AttachmentDeleted(BaseModel):
    """``attachment.deleted``: its bytes are gone too. The tile shows one fewer, and no
    cover when it was the cover."""

    id: int
    card_id: int
    was_cover: bool = False
    card_title: str = CARD_TITLE
    card_gone: bool = CARD_GONE


class CoverChange(BaseModel):
    """``card.cover_changed``: the card's cover is now this attachment (None: no cover)."""

    card_id: int
    attachment_id: int | None
    cover_url: str | None = Field(description="The cover's thumbnail, as the tile shows it")
    card_title: str = CARD_TITLE
    card_gone: bool = CARD_GONE
