"""Checklists as the API takes and gives them, and what their events carry."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from teamboard.boards.events import GONE
from teamboard.cards.events import CARD_GONE, CARD_TITLE
from teamboard.cards.schemas import CardRead, Day, Progress
from teamboard.core.schemas import Id, LongLine, Position, Schema, Title

MAX_CHECKLISTS_PER_CARD = 20
MAX_ITEMS_PER_CHECKLIST = 200


class ChecklistCreate(Schema):
    title: Title
    position: Position | None = Field(default=None, description="0 = first; none = last")


class ChecklistUpdate(Schema):
    title: Title | None = None
    position: Position | None = None


class ItemCreate(Schema):
    text: LongLine
    assignee_id: Id | None = None
    due_at: Day | None = Field(default=None, description="The day it is due")
    position: Position | None = Field(default=None, description="0 = first; none = last")


class ItemUpdate(Schema):
    text: LongLine | None = None
    done: bool | None = None
    # Send null to clear the assignee or the day.
    assignee_id: Id | None = None
    due_at: Day | None = None
    checklist_id: Id | None = Field(
        default=None, description="Move to another checklist of the same card"
    )
    position: Position | None = None


class ItemConvert(Schema):
    """Where the new card goes in the item's card's column: right below that card unless
    a ``position`` is given."""

    position: Position | None = None


class ItemRead(Schema):
    id: int
    checklist_id: int
    card_id: int
    text: str
    done: bool
    position: int
    assignee_id: int | None
    due_at: date | None
    created_at: datetime


class ChecklistHead(Schema):
    id: int
    card_id: int
    title: str
    position: int
    created_at: datetime


class ChecklistRead(ChecklistHead):
    items: list[ItemRead]


class CardDetail(CardRead):
    """A card as its own read gives it: with its checklists and their items, in order."""

    checklists: list[ChecklistRead]


# -- events -----------------------------------------------------------------------------------


class ChecklistData(ChecklistHead):
    gone: bool = GONE


class ItemData(ItemRead):
    gone: bool = GONE


class ChecklistChange(BaseModel):
    """``checklist.created`` (with no items yet) or ``checklist.updated`` (renamed,
    moved): the checklist, and its card's progress after the change."""

    checklist: ChecklistData
    card_id: int
    progress: Progress
    card_title: str = CARD_TITLE
    card_gone: bool = CARD_GONE


class ChecklistDeleted(BaseModel):
    id: int
    card_id: int
    progress: Progress
    card_title: str = CARD_TITLE
    card_gone: bool = CARD_GONE


class ItemChange(BaseModel):
    item: ItemData
    card_id: int
    progress: Progress
    changed: list[str] = Field(
        default=[], description="checklist_item.updated: the fields the change changed"
    )
    card_title: str = CARD_TITLE
    card_gone: bool = CARD_GONE


class ItemDeleted(BaseModel):
    id: int
    checklist_id: int
    card_id: int
    progress: Progress
    converted_to: int | None = Field(
        default=None, description="The card the item became, when it was converted"
    )
    card_title: str = CARD_TITLE
    card_gone: bool = CARD_GONE
