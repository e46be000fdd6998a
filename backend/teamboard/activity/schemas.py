"""The activity feed answers with the board events themselves (activity/events.py)."""

from __future__ import annotations

from pydantic import BaseModel

from teamboard.activity.events import BoardEvent


class ActivityPage(BaseModel):
    """A page of a board's events, newest first."""

    items: list[BoardEvent]
    total: int
    limit: int
    offset: int
