"""An attachment: a file on a card. Its bytes are in the storage (core/storage.py) under
``storage_key`` (and its thumbnail's under ``storage_key + ".thumb"``); its row says what
they are."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from teamboard.core.models import AUTOINCREMENT, Base, utcnow


class Attachment(Base):
    __tablename__ = "attachments"
    __table_args__ = (
        Index("ix_attachments_card_created", "card_id", "created_at"),
        # At most one cover per card; the board read finds it with this index too.
        Index(
            "uq_attachments_card_cover",
            "card_id",
            unique=True,
            sqlite_where=text("is_cover"),
            postgresql_where=text("is_cover"),
        ),
        AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    # Denormalised from the card: access checks and the board's quota need no join.
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    uploader_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    # Sniffed from the bytes, never the client's word.
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    storage_key: Mapped[str] = mapped_column(String(200), unique=True)
    has_thumbnail: Mapped[bool] = mapped_column(default=False)
    # The card's cover: a field here rather than a column on cards, so that deleting the
    # attachment takes the cover with it, and the cards table stays the cards domain's.
    is_cover: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
