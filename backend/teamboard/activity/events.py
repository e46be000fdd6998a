"""Every board event, one model per type, in one discriminated union (:data:`BoardEvent`).

This is the contract between the server and every client: the activity feed answers with
it, the WebSocket sends it (realtime/protocol.py adds the other messages), the OpenAPI
document publishes it, and the frontend's types are generated from it. The tests check
every event the server publishes against it.

``seq`` is the board's gapless sequence number (0 for ``board.deleted``, which the log
does not keep: the board and its log are gone).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, Field, TypeAdapter

from teamboard.attachments.events import AttachmentChange, AttachmentDeleted, CoverChange
from teamboard.boards.events import (
    BoardCopied,
    BoardData,
    ColumnData,
    ColumnsOrder,
    Deleted,
    InvitationData,
    LabelData,
    LabelRestored,
    MemberData,
    MemberGone,
    MemberRestored,
)
from teamboard.cards.checklist_schemas import (
    ChecklistChange,
    ChecklistDeleted,
    ItemChange,
    ItemDeleted,
)
from teamboard.cards.events import (
    CardChange,
    CardDeleted,
    CardMoved,
    CommentChange,
    CommentDeleted,
)


class ActorRef(BaseModel):
    id: int
    display_name: str


class BoardEventBase(BaseModel):
    """What every board event has; ``type`` and ``data`` are each event's own."""

    board_id: int
    seq: int = Field(ge=0)
    actor: ActorRef | None
    at: datetime


def _event(type_: str, data: type[BaseModel]) -> type[BoardEventBase]:
    name = "".join(part.capitalize() for part in type_.replace(".", "_").split("_")) + "Event"
    model: type[BoardEventBase] = type(
        name,
        (BoardEventBase,),
        {
            "__annotations__": {"type": Literal[type_], "data": data},
            "__module__": __name__,
            "__doc__": f"The ``{type_}`` event.",
        },
    )
    return model


EVENT_DATA: dict[str, type[BaseModel]] = {
    "board.created": BoardData,
    "board.updated": BoardData,
    "board.imported": BoardData,
    "board.copied": BoardCopied,
    "board.deleted": Deleted,
    "column.created": ColumnData,
    "column.updated": ColumnData,
    "column.moved": ColumnData,
    "column.deleted": Deleted,
    "columns.reordered": ColumnsOrder,
    "label.created": LabelData,
    "label.updated": LabelData,
    "label.deleted": Deleted,
    "label.restored": LabelRestored,
    "member.added": MemberData,
    "member.updated": MemberData,
    "member.removed": MemberGone,
    "member.restored": MemberRestored,
    "invitation.sent": InvitationData,
    "invitation.revoked": Deleted,
    "invitation.declined": Deleted,
    "card.created": CardChange,
    "card.updated": CardChange,
    "card.archived": CardChange,
    "card.restored": CardChange,
    "card.moved": CardMoved,
    "card.deleted": CardDeleted,
    "comment.created": CommentChange,
    "comment.updated": CommentChange,
    "comment.deleted": CommentDeleted,
    "comment.restored": CommentChange,
    "checklist.created": ChecklistChange,
    "checklist.updated": ChecklistChange,
    "checklist.deleted": ChecklistDeleted,
    "checklist_item.created": ItemChange,
    "checklist_item.updated": ItemChange,
    "checklist_item.deleted": ItemDeleted,
    "attachment.created": AttachmentChange,
    "attachment.deleted": AttachmentDeleted,
    "card.cover_changed": CoverChange,
}
EVENT_MODELS: tuple[type[BoardEventBase], ...] = tuple(_event(t, d) for t, d in EVENT_DATA.items())

BoardEvent = Annotated[Union[EVENT_MODELS], Field(discriminator="type")]  # type: ignore[valid-type]  # noqa: UP007
board_event: TypeAdapter[Any] = TypeAdapter(BoardEvent)
