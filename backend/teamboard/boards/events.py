"""What the board's own events carry (``data``); the envelope and the one union of every
event are in activity/events.py, the whole protocol in realtime/protocol.py.

An event read back from the log (the feed, a replay) has its text filled in from the
current rows; a thing deleted since comes with empty text and ``gone: true``
(activity/content.py).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from teamboard.boards.models import Role
from teamboard.boards.schemas import ColumnRead, LabelRead, MemberRead

# Only ever true (and only then sent): in an event read back from the log after the thing
# it names was deleted, whose text is then empty.
GONE = Field(
    default=False,
    exclude_if=lambda gone: not gone,
    description="Read back from the log after the thing was deleted: no text",
)


class BoardData(BaseModel):
    id: int
    name: str
    description: str = ""
    archived: bool = False
    is_template: bool = False
    gone: bool = GONE


class BoardCopied(BoardData):
    """A board's first event when it was made as a copy of another board (or of a
    template board), or from a built-in template."""

    template: str = Field(default="", description="The built-in template's name, if from one")


class ColumnData(ColumnRead):
    gone: bool = GONE


class LabelData(LabelRead):
    gone: bool = GONE


class MemberData(MemberRead):
    gone: bool = GONE
    # A ``member.updated`` for the member's own name or address (their profile), not for
    # their role on the board.
    profile: bool = False


class Deleted(BaseModel):
    id: int


class ColumnsOrder(BaseModel):
    column_ids: list[int]


class LabelRestored(BaseModel):
    """A deleted label back (undo), on the cards it was on."""

    label: LabelData
    card_ids: list[int] = Field(description="The cards that have the label again")


class MemberRestored(BaseModel):
    """A removed member back (undo), with their role, on the cards they were assigned to."""

    member: MemberData
    card_ids: list[int] = Field(description="The cards they are assigned to again")


class MemberGone(BaseModel):
    user_id: int


class InvitationData(BaseModel):
    """An invitation sent (or renewed). Without the address: every member sees the
    board's events, only owners the invited addresses."""

    id: int
    role: Role
    expires_at: datetime
