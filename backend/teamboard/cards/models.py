from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from teamboard.core.models import AUTOINCREMENT, Base, utcnow


class CardLabel(Base):
    __tablename__ = "card_labels"

    card_id: Mapped[int] = mapped_column(
        ForeignKey("cards.id", ondelete="CASCADE"), primary_key=True
    )
    label_id: Mapped[int] = mapped_column(
        ForeignKey("labels.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CardAssignee(Base):
    __tablename__ = "card_assignees"

    card_id: Mapped[int] = mapped_column(
        ForeignKey("cards.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Card(Base):
    __tablename__ = "cards"
    __table_args__ = (
        Index("ix_cards_column_rank", "column_id", "rank"),
        Index("ix_cards_board_id", "board_id"),
        # The due-date reminders' scan: cards due in a few days' window (notifications/).
        Index("ix_cards_due_date", "due_date"),
        AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Denormalised from the column: access checks and board-wide filters need no join.
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    column_id: Mapped[int] = mapped_column(ForeignKey("board_columns.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    rank: Mapped[int]
    due_date: Mapped[date | None]
    archived: Mapped[bool] = mapped_column(default=False)
    creator_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    label_links: Mapped[list[CardLabel]] = relationship(
        lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )
    assignee_links: Mapped[list[CardAssignee]] = relationship(
        lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def label_ids(self) -> list[int]:
        return sorted(link.label_id for link in self.label_links)

    @property
    def assignee_ids(self) -> list[int]:
        return sorted(link.user_id for link in self.assignee_links)


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_card_created", "card_id", "created_at"), AUTOINCREMENT)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]


class Checklist(Base):
    """A card's ordered checklist; its items say how far the card's work has come."""

    __tablename__ = "checklists"
    __table_args__ = (Index("ix_checklists_card_rank", "card_id", "rank"), AUTOINCREMENT)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    # Denormalised, as on cards: access checks need no join.
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    rank: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChecklistItem(Base):
    __tablename__ = "checklist_items"
    __table_args__ = (
        Index("ix_checklist_items_checklist_rank", "checklist_id", "rank"),
        # The board read counts each card's items (done and all) by board: one seek.
        Index("ix_checklist_items_board_card", "board_id", "card_id", "done"),
        AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_id: Mapped[int] = mapped_column(ForeignKey("checklists.id", ondelete="CASCADE"))
    # Both denormalised: a card's progress and a board's are counted without a join, and a
    # deleted card takes its items along directly (its trash keeps them, boards/trash.py).
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"), index=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(500))
    done: Mapped[bool] = mapped_column(default=False)
    rank: Mapped[int]
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    due_at: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
