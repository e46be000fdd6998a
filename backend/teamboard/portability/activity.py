"""A board's activity in its export, when asked for: the log's events as the activity
feed reads them (activity/service.py), oldest first, each person named by e-mail when a
member, else by name.

Only the newest :data:`MAX_EVENTS` (a long-lived board's log grows without end, and the
document is built in memory): ``activity_complete`` says whether that is all of it.
Trello's own export keeps its newest thousand actions for the same reason. An import
leaves the activity out: the new board's history starts with its import.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from teamboard.activity.service import list_board_activity
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork

MAX_EVENTS = 10_000


class ActivityDoc(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seq: int
    at: datetime
    by: str | None  # a member's e-mail, a former member's name; none for the system
    type: str
    data: dict[str, Any]


async def activity_of_board(
    db: UnitOfWork, actor: Actor, board_id: int, emails: dict[int, str]
) -> tuple[list[ActivityDoc], bool]:
    """The board's newest events, oldest first, and whether they are all of its log."""
    events, total = await list_board_activity(db, actor, board_id, limit=MAX_EVENTS, offset=0)
    docs = [
        ActivityDoc(
            seq=event.seq,
            at=event.at,
            by=None
            if event.actor is None
            else emails.get(event.actor.id, event.actor.display_name),
            type=str(getattr(event, "type", "")),
            data=_data(event),
        )
        for event in reversed(events)
    ]
    return docs, total <= MAX_EVENTS


def _data(event: BaseModel) -> dict[str, Any]:
    data = getattr(event, "data", None)
    return data.model_dump(mode="json") if isinstance(data, BaseModel) else {}
