from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field, field_validator

from teamboard.boards.schemas import BoardRead, ColumnRead, LabelRead, MemberRead
from teamboard.core.schemas import Body, Id, LongText, Position, Schema, Title, Version

IdList = Annotated[list[Id], Field(max_length=50)]
# The lower bound for the document too: a date's year from 1900 on (format "date" ends
# with 9999 anyway).
Day = Annotated[
    date,
    Field(
        ge=date(1900, 1, 1),
        le=date(9999, 12, 31),
        json_schema_extra={"pattern": r"^(?:19[0-9]{2}|[2-9][0-9]{3})-"},
    ),
]


def _unique(values: list[int] | None) -> list[int] | None:
    return sorted(set(values)) if values is not None else None


class CardCreate(Schema):
    title: Title
    description: LongText = ""
    due_date: Day | None = None
    label_ids: IdList = []
    assignee_ids: IdList = []
    position: Position | None = None

    _dedupe = field_validator("label_ids", "assignee_ids")(_unique)


class CardUpdate(Schema):
    title: Title | None = None
    description: LongText | None = None
    due_date: Day | None = None
    label_ids: IdList | None = None
    assignee_ids: IdList | None = None
    archived: bool | None = None
    version: Version | None = None

    _dedupe = field_validator("label_ids", "assignee_ids")(_unique)


class CopyPart(enum.StrEnum):
    """What a copy of a card may take along besides its title, description and due date.
    Each part has its copier: in cards/copies.py (``PARTS``), or registered by its domain
    (cards/copying.py); the process checks there is one when it is assembled."""

    labels = "labels"
    assignees = "assignees"
    checklists = "checklists"
    attachments = "attachments"


class CardCopy(Schema):
    column_id: Id = Field(description="Where the copy goes: a column of any board you edit")
    position: Position | None = Field(default=None, description="0 = top; none = last")
    title: Title | None = Field(default=None, description="The copy's title; none = the same")
    include: Annotated[list[CopyPart], Field(max_length=20)] = Field(
        default=list(CopyPart),
        description="What the copy takes along (default: everything it can). Labels go by"
        " name onto another board (made there when missing); assignees only if they are"
        " members of the target board; attachments as copies of their files (the target"
        " board's quota applies), the cover kept. Comments never.",
    )


class BoardCopy(Schema):
    name: Title
    include_cards: bool = Field(
        default=False,
        description="With the visible cards, their labels, checklists and attachments (files"
        " copied, the quota applies); else only columns and labels",
    )


class TemplateColumn(Schema):
    name: str
    wip_limit: int | None


class TemplateLabel(Schema):
    name: str
    color: str


class TemplateRead(Schema):
    """A template to start a board from: send its ``id`` as ``template`` to
    ``POST /boards``."""

    id: str = Field(description='"builtin:<key>", or "board:<id>" for a template board')
    name: str
    description: str
    builtin: bool
    board_id: int | None = Field(description="The template board; none for a built-in one")
    columns: list[TemplateColumn]
    labels: list[TemplateLabel]
    card_count: int


class CardMove(Schema):
    column_id: Id
    position: Position
    version: Version | None = None


class CardRead(Schema):
    id: int
    board_id: int
    column_id: int
    title: str
    description: str
    position: int
    due_date: date | None
    archived: bool
    label_ids: list[int]
    assignee_ids: list[int]
    creator_id: int | None
    version: int
    created_at: datetime
    updated_at: datetime


class CardFilters(BaseModel):
    label: Id | None = None
    assignee: Id | None = None
    q: Annotated[str, Field(max_length=200)] | None = None
    due_before: Day | None = None
    due_after: Day | None = None
    archived: bool = False
    column: Id | None = None


class CommentCreate(Schema):
    body: Body


class CommentUpdate(CommentCreate):
    pass


class CommentRead(Schema):
    id: int
    card_id: int
    author_id: int | None
    author_name: str | None
    body: str
    created_at: datetime
    edited_at: datetime | None


class Progress(BaseModel):
    """A card's checklist items: how many are done, of how many."""

    done: int
    total: int


class CardTile(CardRead):
    """A card as the board read shows it: with what its tile shows besides its fields,
    counted in the read's own statements."""

    has_description: bool = Field(description="Whether the description has any text")
    comment_count: int = Field(description="How many comments the card has")
    checklist_done: int = Field(description="How many of its checklist items are done")
    checklist_total: int = Field(description="How many checklist items it has")
    attachment_count: int = Field(default=0, description="How many files the card has")
    cover_url: str | None = Field(
        default=None, description="The thumbnail of the card's cover image, if it has one"
    )


class ColumnWithCards(ColumnRead):
    cards: list[CardTile]


class BoardDetail(BoardRead):
    """The whole board: its columns with their visible cards, its labels and members."""

    columns: list[ColumnWithCards]
    labels: list[LabelRead]
    members: list[MemberRead]
