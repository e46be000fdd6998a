from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel


class NotificationRead(BaseModel):
    id: int
    kind: Literal["assigned", "mentioned"] | str
    board_id: int
    card_id: int
    actor_id: int | None
    actor_name: str
    card_title: str
    board_name: str
    excerpt: str | None
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
