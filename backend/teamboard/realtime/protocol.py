"""The WebSocket protocol: JSON text frames (documented in docs/realtime.md).

Client → server: ``subscribe`` {board_id, since}, ``unsubscribe`` {board_id}, ``ping``.
Server → client: ``subscribed`` {board_id, seq}, ``unsubscribed``, ``pong``, ``error``
{code, board_id?, detail, retry_after?}, ``presence`` {board_id, users}, ``notification``,
and every board event as recorded: {type, board_id, seq, actor, data, at}. An error with
code ``rate_limited`` (budget.py) carries ``retry_after``, in seconds.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, TypeAdapter

from teamboard.core.schemas import MAX_ID, Id, whole_number

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
