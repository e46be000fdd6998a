from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class ActorRef(BaseModel):
    id: int
    display_name: str


class EventRead(BaseModel):
    """One entry of a board's event log; the same shape real-time clients receive."""

    type: str
    board_id: int
    seq: int
    actor: ActorRef | None
    data: dict[str, Any]
    at: datetime
