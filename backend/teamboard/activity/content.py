"""What the event log keeps: who did what to which thing, and when — never a copy of
what people wrote.

Text that people write and may later change or delete (card titles and descriptions,
comment bodies, board, column and label names, members' names and addresses) is left out
of an event when it is stored, and filled in from the current rows when the log is read
(the activity feed, a replay to a client that resumes, another process catching up). So
deleting a comment or a card leaves no readable copy of its text behind, and an edit
leaves no old version: the log shows what is there now, or that it is gone.

Live delivery is unaffected: an event is published after its commit with its text, as the
change made it, and goes nowhere that keeps it.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from teamboard.accounts.models import User
from teamboard.boards.models import Board, BoardColumn, Label
from teamboard.cards.models import Card, Comment
from teamboard.core.db import UnitOfWork


@dataclass(frozen=True, slots=True)
class Text:
    """Where an event type carries text: the member of ``data`` holding the thing (or
    ``data`` itself when ``inside`` is empty), the key of its id, and the text fields."""

    kind: str
    inside: str
    id_key: str
    fields: tuple[str, ...]


_CARD = Text("card", "card", "id", ("title", "description"))
_COMMENT = Text("comment", "comment", "id", ("body",))
_BOARD = Text("board", "", "id", ("name", "description"))
_COLUMN = Text("column", "", "id", ("name",))
_LABEL = Text("label", "", "id", ("name",))
_MEMBER = Text("user", "", "user_id", ("display_name", "email"))

TEXT_OF: dict[str, Text] = {
    "card.created": _CARD,
    "card.updated": _CARD,
    "card.archived": _CARD,
    "card.restored": _CARD,
    "card.moved": _CARD,
    "comment.created": _COMMENT,
    "comment.updated": _COMMENT,
    "board.created": _BOARD,
    "board.updated": _BOARD,
    "board.imported": _BOARD,
    "column.created": _COLUMN,
    "column.updated": _COLUMN,
    "column.moved": _COLUMN,
    "label.created": _LABEL,
    "label.updated": _LABEL,
    "member.added": _MEMBER,
    "member.updated": _MEMBER,
}


def _holder(text: Text, data: dict[str, Any]) -> dict[str, Any] | None:
    holder = data.get(text.inside) if text.inside else data
    return holder if isinstance(holder, dict) else None


def without_text(type_: str, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` as the log stores it: the same, less the text fields (a copy; the
    published event keeps them)."""
    text = TEXT_OF.get(type_)
    holder = _holder(text, data) if text is not None else None
    if text is None or holder is None:
        return data
    kept = {k: v for k, v in holder.items() if k not in text.fields}
    return {**data, text.inside: kept} if text.inside else kept


async def fill_text(db: UnitOfWork, events: Iterable[dict[str, Any]]) -> None:
    """Put the current text back into events read from the log, in place: one query per
    kind of thing the events name, however many events there are. A thing that no longer
    exists gets empty text and ``"gone": true``."""
    wanted: dict[str, set[int]] = defaultdict(set)
    places: list[tuple[Text, dict[str, Any]]] = []
    for event in events:
        text = TEXT_OF.get(str(event.get("type")))
        if text is None or not isinstance(event.get("data"), dict):
            continue
        # A copy: the dict read may be the ORM row's own, which must not change under it.
        event["data"] = copy.deepcopy(event["data"])
        holder = _holder(text, event["data"])
        if holder is None or not isinstance(holder.get(text.id_key), int):
            continue
        wanted[text.kind].add(holder[text.id_key])
        places.append((text, holder))
    if not places:
        return
    found: dict[str, dict[int, dict[str, Any]]] = {
        kind: await _current(db, kind, sorted(ids)) for kind, ids in wanted.items()
    }
    for text, holder in places:
        now = found[text.kind].get(holder[text.id_key])
        if now is None:
            holder.update(dict.fromkeys(text.fields, ""), gone=True)
        else:
            holder.update(now)


_COLUMNS: dict[str, tuple[Any, ...]] = {
    "card": (Card.id, Card.title, Card.description),
    "comment": (Comment.id, Comment.body),
    "board": (Board.id, Board.name, Board.description),
    "column": (BoardColumn.id, BoardColumn.name),
    "label": (Label.id, Label.name),
    "user": (User.id, User.display_name, User.email),
}


async def _current(db: UnitOfWork, kind: str, ids: list[int]) -> dict[int, dict[str, Any]]:
    id_column, *fields = _COLUMNS[kind]
    rows = await db.execute(select(id_column, *fields).where(id_column.in_(ids)))
    return {
        row[0]: {f.key: value for f, value in zip(fields, row[1:], strict=True)} for row in rows
    }
