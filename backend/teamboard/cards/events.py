"""What the events of cards and comments carry (``data``); see boards/events.py."""

from __future__ import annotations

from pydantic import BaseModel, Field

from teamboard.boards.events import GONE
from teamboard.cards.schemas import CardRead, CommentRead


class CardData(CardRead):
    gone: bool = GONE


class CardChange(BaseModel):
    card: CardData
    assigned: list[int] = Field(
        default=[], description="Who this change assigned to the card (not who already was)"
    )


class CardMoved(BaseModel):
    card: CardData
    from_column_id: int


class CardDeleted(BaseModel):
    id: int
    column_id: int


class CommentData(CommentRead):
    gone: bool = GONE


class CommentChange(BaseModel):
    comment: CommentData


class CommentDeleted(BaseModel):
    id: int
    card_id: int
