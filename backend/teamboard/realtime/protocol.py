"""The WebSocket protocol: JSON text frames (documented in docs/realtime.md), every
message one model in a discriminated union — :data:`ClientMessage` one way,
:data:`ServerMessage` the other — published in the OpenAPI document, from which the
frontend's types are generated.

Client → server: ``subscribe`` {board_id, since}, ``unsubscribe`` {board_id}, ``ping``.
Server → client: ``subscribed`` {board_id, seq}, ``unsubscribed``, ``pong``, ``error``
{code, board_id?, detail, retry_after?}, ``presence`` {board_id, users}, ``notification``,
``notification.read``, ``import.progress`` (one of the user's imports), and every board
event (activity/events.py). An error with code ``rate_limited`` (budget.py) carries
``retry_after``, in seconds.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, Field, TypeAdapter

from teamboard.activity.events import EVENT_MODELS
from teamboard.core.schemas import MAX_ID, Id, whole_number
from teamboard.notifications.schemas import NotificationRead

Seq = Annotated[int, Field(ge=0, le=MAX_ID), BeforeValidator(whole_number(0, MAX_ID))]


class Subscribe(BaseModel):
    type: Literal["subscribe"]
    board_id: Id
    since: Seq | None = None


class Unsubscribe(BaseModel):
    type: Literal["unsubscribe"]
    board_id: Id


class Ping(BaseModel):
    type: Literal["ping"]


ClientMessage = Annotated[Subscribe | Unsubscribe | Ping, Field(discriminator="type")]
client_message: TypeAdapter[Subscribe | Unsubscribe | Ping] = TypeAdapter(ClientMessage)


class Subscribed(BaseModel):
    """Up to date through ``seq``: the live events that follow start at ``seq + 1``."""

    type: Literal["subscribed"]
    board_id: int
    seq: int


class Unsubscribed(BaseModel):
    type: Literal["unsubscribed"]
    board_id: int


class Pong(BaseModel):
    type: Literal["pong"]


class ErrorMessage(BaseModel):
    type: Literal["error"]
    code: Literal[
        "invalid", "not_found", "resync_required", "too_many", "rate_limited", "unavailable"
    ]
    detail: str
    board_id: int | None = None
    retry_after: int | None = Field(default=None, description="rate_limited: seconds to wait")


class Viewer(BaseModel):
    id: int
    display_name: str


class Presence(BaseModel):
    """Everyone viewing the board now (several tabs of one user count once)."""

    type: Literal["presence"]
    board_id: int
    users: list[Viewer]


class NotificationMessage(BaseModel):
    type: Literal["notification"]
    data: NotificationRead


class ImportProgressCount(BaseModel):
    done: int
    total: int


class ReadIds(BaseModel):
    ids: list[int] | Literal["all"]


class NotificationsRead(BaseModel):
    """Other tabs of the user clear the same badge."""

    type: Literal["notification.read"]
    data: ReadIds


class ImportProgressData(BaseModel):
    id: int
    status: Literal["queued", "running", "done", "failed"]
    progress: ImportProgressCount
    board_id: int | None = Field(default=None, description="the new board, once done")


class ImportProgress(BaseModel):
    """How far one of the user's imports is (portability/jobs.py): sent to the
    importer's sockets as each batch of cards commits, and when it is done or failed."""

    type: Literal["import.progress"]
    data: ImportProgressData


OTHER_MESSAGES = (
    Subscribed,
    Unsubscribed,
    Pong,
    ErrorMessage,
    Presence,
    NotificationMessage,
    NotificationsRead,
    ImportProgress,
)
ServerMessage = Annotated[
    Union[(*EVENT_MODELS, *OTHER_MESSAGES)],  # type: ignore[valid-type]
    Field(discriminator="type"),
]
server_message: TypeAdapter[Any] = TypeAdapter(ServerMessage)


def encode(message: dict[str, Any]) -> str:
    return json.dumps(message, separators=(",", ":"), default=str)


def error(
    code: str, detail: str, board_id: int | None = None, *, retry_after: int | None = None
) -> str:
    message: dict[str, Any] = {"type": "error", "code": code, "detail": detail}
    if board_id is not None:
        message["board_id"] = board_id
    if retry_after is not None:
        message["retry_after"] = retry_after
    return encode(message)
