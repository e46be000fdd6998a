"""What the events of cards and comments carry (``data``); see boards/events.py."""

from __future__ import annotations

from pydantic import BaseModel, Field

from teamboard.boards.events import GONE
from teamboard.cards.schemas import CardRead, CommentRead, Progress


class CardData(CardRead):
    gone: bool = GONE


class CardChange(BaseModel):
    card: CardData
    assigned: list[int] = Field(
        default=[], description="Who this change assigned to the card (not who already was)"
    )
    comment_count: int | None = Field(
        default=None,
        description="card.restored only: how many comments came back with the card",
    )
    progress: Progress | None = Field(
        default=None,
        description=(
            "card.restored, and card.created by a copy with checklists: its checklist "
            "items, done and all"
        ),
    )
    attachment_count: int | None = Field(
        default=None,
        description="card.restored, and card.created by a copy with files: how many it has",
    )
    cover_url: str | None = Field(
        default=None,
        description="card.restored, and card.created by a copy with files: its cover's"
        " thumbnail, if any",
    )


class CardMoved(BaseModel):
    card: CardData
    from_column_id: int


class CardDeleted(BaseModel):
    id: int
    column_id: int
    # Live: the title it had. The log keeps none: read back, the title the card has if it
    # still exists somewhere (a card deleted for good: empty, and ``gone``).
    title: str = ""
    gone: bool = GONE


# The card a comment belongs to, as the log is read (never stored, never sent live): its
# title now, or none once the card was deleted (``card_gone``).
CARD_TITLE = Field(
    default="",
    exclude_if=lambda title: not title,
    description="Read back from the log: the title the comment's card has now",
)
CARD_GONE = Field(
    default=False,
    exclude_if=lambda gone: not gone,
    description="Read back from the log after the comment's card was deleted",
)


class CommentData(CommentRead):
    gone: bool = GONE


class CommentChange(BaseModel):
    comment: CommentData
    card_title: str = CARD_TITLE
    card_gone: bool = CARD_GONE


class CommentDeleted(BaseModel):
    id: int
    card_id: int
    card_title: str = CARD_TITLE
    card_gone: bool = CARD_GONE
