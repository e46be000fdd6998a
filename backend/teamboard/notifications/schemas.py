from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from teamboard.core.schemas import Schema
from teamboard.notifications.preferences import Delivery

Kind = Literal["assigned", "mentioned", "commented", "due_soon", "overdue"]


class NotificationRead(BaseModel):
    id: int
    kind: Kind = Field(
        description="assigned, mentioned, commented (on a card you follow), due_soon (due "
        "today: the reminder 24 hours before the end of the due day, UTC) or overdue"
    )
    board_id: int
    card_id: int
    actor_id: int | None
    actor_name: str
    card_title: str
    board_name: str
    excerpt: str | None
    due_date: date | None = Field(description="due_soon and overdue: the due date it reminds of")
    created_at: datetime
    read_at: datetime | None


class NotificationPage(BaseModel):
    items: list[NotificationRead]
    total: int
    unread: int
    limit: int
    offset: int


class MarkedRead(BaseModel):
    marked: int


def _delivery(value: Any) -> Any:
    if value not in tuple(Delivery):
        raise PydanticCustomError("delivery", "must be immediately, daily or off")
    return value


Choice = Annotated[Delivery, BeforeValidator(_delivery)]


class NotificationSettings(Schema):
    """E-mail for each kind of notification: ``immediately`` (a message each), ``daily``
    (one digest a day) or ``off``. In-app notifications are not affected."""

    mentions: Choice
    assignments: Choice
    comments: Choice = Field(description="Comments on the cards you follow")
    due_dates: Choice = Field(description="Due today, and overdue, on cards assigned to you")


class FollowState(BaseModel):
    following: bool
