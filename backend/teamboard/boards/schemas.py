from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field, StringConstraints

from teamboard.accounts.schemas import Email
from teamboard.boards.models import Role
from teamboard.core.schemas import (
    Id,
    LabelName,
    LongText,
    Position,
    Schema,
    ShortName,
    Title,
    Version,
    whole_number,
)

Color = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$", to_lower=True)]
WipLimit = Annotated[int, Field(ge=1, le=10_000), BeforeValidator(whole_number(1, 10_000))]


TemplateId = Annotated[
    str, StringConstraints(pattern=r"^(builtin:[a-z][a-z0-9-]{0,39}|board:[1-9][0-9]{0,17})$")
]


class BoardCreate(Schema):
    name: Title
    description: LongText = ""
    columns: Annotated[list[ShortName], Field(max_length=50)] = ["To do", "In progress", "Done"]
    template: TemplateId | None = Field(
        default=None,
        description="Start from a template (an id from GET /templates): its columns, labels"
        " and cards, and its description unless one is given; ``columns`` is then unused",
    )


class BoardUpdate(Schema):
    name: Title | None = None
    description: LongText | None = None
    archived: bool | None = None
    is_template: bool | None = Field(
        default=None, description="Offer the board as a template for new boards (owners only)"
    )


class BoardRead(Schema):
    id: int
    name: str
    description: str
    archived: bool
    is_template: bool = Field(description="Its members may start new boards from it")
    role: Role
    seq: int
    created_at: datetime
    updated_at: datetime


class MemberAdd(Schema):
    """An invitation: the person at ``email`` becomes a member with ``role`` once they
    accept it."""

    email: Email
    role: Role = Role.viewer


class MemberUpdate(Schema):
    role: Role


class MemberRead(BaseModel):
    user_id: int
    display_name: str
    email: str
    role: Role


class InvitationSent(Schema):
    """The answer to an invitation, the same for every address: one with an account or
    none, a member's (nothing is sent to them) or one invited before (renewed)."""

    email: str
    role: Role


class PersonRef(Schema):
    id: int
    display_name: str


class InvitationRead(Schema):
    """A pending invitation: owners see their board's, a person the ones to their own
    verified address."""

    id: int
    board_id: int
    board_name: str
    email: str
    role: Role
    invited_by: PersonRef | None = Field(description="None once that account is gone")
    created_at: datetime
    expires_at: datetime


class ColumnCreate(Schema):
    name: ShortName
    wip_limit: WipLimit | None = None
    position: Position | None = None


class ColumnUpdate(Schema):
    name: ShortName | None = None
    wip_limit: WipLimit | None = None
    position: Position | None = None
    version: Version | None = None


class ColumnOrder(Schema):
    column_ids: Annotated[list[Id], Field(min_length=1, max_length=200)]


class ColumnRead(Schema):
    id: int
    board_id: int
    name: str
    wip_limit: int | None
    position: int
    version: int


class LabelCreate(Schema):
    name: LabelName
    color: Color = "#6b7280"


class LabelUpdate(Schema):
    name: LabelName | None = None
    color: Color | None = None


class LabelRead(Schema):
    id: int
    board_id: int
    name: str
    color: str
