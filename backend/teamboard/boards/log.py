"""The board's event log, write side: every change to a board appends its event here, in
the change's own transaction, with the board's next gapless ``seq`` (kept on the board's
row, which is also its ETag).

Three ways to append, one row shape (:func:`_event_row`) and one published form
(:func:`envelope`):

- :func:`record_event` — in an ORM unit of work: takes the seq, inserts the row, and hands
  the event to the unit of work, which lets other domains react (core/reactions.py) and
  publishes it after the commit;
- :func:`append_event` — in a hot-path unit (core/writes.py) that has taken the seq
  itself (:func:`next_seq`), under the board's write lock;
- :func:`append_if_current` — the one-statement attempt of core/lanes.py (one event or
  several in a row): it applies only if the log still ends where the caller read it.

What the log keeps: who did what to which thing, and when — not a copy of what people
wrote. :func:`without_text` leaves text fields out of the stored row; the read side
(activity/content.py) fills in the current text. The published event keeps its text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Insert,
    Table,
    Update,
    bindparam,
    exists,
    func,
    insert,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY

from teamboard.boards.models import Board, Event
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.models import utcnow
from teamboard.core.prepared import Prepared, Statements

# Built once (they run on every write). Core statements: no ORM object is needed, and an
# ORM-enabled UPDATE would also scan the session to synchronise loaded boards.
_boards = cast(Table, Board.__table__)
_events = cast(Table, Event.__table__)
_APPEND = Prepared(insert(_events))
_LOCK = select(Board.id).where(Board.id == bindparam("board")).with_for_update()


def next_seq(board: ColumnElement[int]) -> Update:
    """Take the next seq of ``board`` (an id, or a subquery naming it): the statement
    write-locks the board's row and returns (board id, seq)."""
    return (
        update(_boards)
        .where(_boards.c.id == board)
        .values(event_seq=_boards.c.event_seq + 1, updated_at=bindparam("now"))
        .returning(_boards.c.id, _boards.c.event_seq)
    )


_NEXT_SEQ = next_seq(bindparam("board"))


async def lock_board(db: UnitOfWork, board_id: int) -> bool:
    """Serialise writers of one board: a row lock on PostgreSQL. Returns whether it had to
    wait-lock, i.e. whether rows read before may have changed since. On SQLite the
    transaction already holds the process's write lock, so nothing is needed."""
    if db.serialised:
        return False
    await db.execute(_LOCK, {"board": board_id})
    return True


async def record_event(
    db: UnitOfWork, board_id: int, type_: str, actor: Actor | None, data: dict[str, Any]
) -> int:
    """Append to the board's log with the next gapless seq; returns that seq."""
    # One time for the board's updated_at and the event's ``at``: whoever applies the
    # event (cards/board_cache.py) knows the board's row without reading it.
    now = utcnow()
    seq: int = (await db.execute(_NEXT_SEQ, {"board": board_id, "now": now})).one()[1]
    await db.execute(_APPEND.statement, _event_row(board_id, seq, type_, actor, data, now))
    await db.record(envelope(board_id, seq, type_, actor, data, now.isoformat()))
    return seq


def append_event(
    q: Statements,
    board_id: int,
    seq: int,
    type_: str,
    actor: Actor | None,
    data: dict[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """Write the event for a ``seq`` already taken from the board's counter (the caller
    holds the board's write lock); returns it as published, for after the commit."""
    q.run(_APPEND, _event_row(board_id, seq, type_, actor, data, now))
    return envelope(board_id, seq, type_, actor, data, now.isoformat())


def append_if_current(write: Update) -> Prepared:
    """:func:`guarded_append`, prepared."""
    return Prepared(guarded_append(write))


def guarded_append(write: Update) -> Insert:
    """One statement that commits alone (core/lanes.py): if the board's log still ends at
    ``:seen``, i.e. nothing was written to the board since the caller read it, take seqs
    ``:seen + 1`` to ``:seen + :count``, apply ``write`` and append the events, in that
    order; it returns the seqs, or no row when the board moved on meanwhile. PostgreSQL
    re-checks the guard on the row's newest version after waiting for its lock, so it
    never applies over a concurrent commit. PostgreSQL only (arrays). Binds: those of
    :func:`events_params`, ``now`` (the board's updated_at, every event's ``at``), and
    the write's."""
    bump = (
        update(_boards)
        .where(_boards.c.id == bindparam("board"), _boards.c.event_seq == bindparam("seen"))
        .values(
            event_seq=_boards.c.event_seq + bindparam("count", type_=BigInteger),
            updated_at=bindparam("now"),
        )
        .returning(_boards.c.id, _boards.c.event_seq)
        .cte("bump")
    )
    written = write.where(exists(select(bump.c.id))).cte("written")
    each = (
        func.unnest(
            bindparam("actors", type_=ARRAY(_events.c.actor_id.type)),
            bindparam("datas", type_=ARRAY(_events.c.data.type)),
            bindparam("cards", type_=ARRAY(_events.c.card_id.type)),
        )
        .table_valued("actor_id", "data", "card_id", with_ordinality="nth")
        .render_derived()
    )
    event = (
        select(
            bump.c.id,
            bindparam("seen", type_=BigInteger) + each.c.nth,
            bindparam("type", type_=_events.c.type.type),
            each.c.actor_id,
            each.c.data,
            each.c.card_id,
            bindparam("now", type_=_events.c.created_at.type),
        )
        .select_from(bump)
        .join(each, true())
    )
    columns = ["board_id", "seq", "type", "actor_id", "data", "card_id", "created_at"]
    append = insert(_events).from_select(columns, event).returning(_events.c.seq)
    return append.add_cte(bump).add_cte(written)


def events_params(
    board_id: int,
    seen: int,
    type_: str,
    events: Sequence[tuple[Actor | None, dict[str, Any]]],
) -> dict[str, Any]:
    """The binds of :func:`append_if_current` that describe its events: all of one type,
    each with its actor and data."""
    return {
        "board": board_id,
        "seen": seen,
        "count": len(events),
        "type": type_,
        "actors": [actor.id if actor else None for actor, _ in events],
        "datas": [without_text(type_, data) for _, data in events],
        "cards": [card_of(data) for _, data in events],
    }


def _event_row(
    board_id: int,
    seq: int,
    type_: str,
    actor: Actor | None,
    data: dict[str, Any],
    now: datetime,
) -> dict[str, Any]:
    return {
        "board_id": board_id,
        "seq": seq,
        "type": type_,
        "actor_id": actor.id if actor else None,
        "data": without_text(type_, data),
        "card_id": card_of(data),
        "created_at": now,
    }


def card_of(data: dict[str, Any]) -> int | None:
    """The card an event is about: its own card (``card.id``), a comment's card
    (``comment.card_id``, or ``card_id`` once the comment is deleted); None for the rest.
    Kept in the row's ``card_id`` column, so a card's activity is an index seek."""
    card, comment = data.get("card"), data.get("comment")
    found = (
        card.get("id")
        if isinstance(card, dict)
        else comment.get("card_id")
        if isinstance(comment, dict)
        else data.get("card_id")
    )
    return found if isinstance(found, int) and not isinstance(found, bool) else None


def envelope(
    board_id: int, seq: int, type_: str, actor: Actor | None, data: dict[str, Any], at: str
) -> dict[str, Any]:
    return {
        "type": type_,
        "board_id": board_id,
        "seq": seq,
        "actor": {"id": actor.id, "display_name": actor.display_name} if actor else None,
        "data": data,
        "at": at,
    }


def stage_ephemeral(
    db: UnitOfWork, board_id: int, type_: str, actor: Actor | None, data: dict[str, Any]
) -> None:
    """For events whose board row is gone (deletion): published, not stored."""
    db.stage(envelope(board_id, 0, type_, actor, data, utcnow().isoformat()))


# -- what the log keeps ---------------------------------------------------------------


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
_CHECKLIST = Text("checklist", "checklist", "id", ("title",))
_ITEM = Text("checklist_item", "item", "id", ("text",))

TEXT_OF: dict[str, Text] = {
    "card.deleted": Text("card", "", "id", ("title",)),
    "card.created": _CARD,
    "card.updated": _CARD,
    "card.archived": _CARD,
    "card.restored": _CARD,
    "card.moved": _CARD,
    "comment.created": _COMMENT,
    "comment.updated": _COMMENT,
    "comment.restored": _COMMENT,
    "board.created": _BOARD,
    "board.updated": _BOARD,
    "board.imported": _BOARD,
    "board.copied": _BOARD,
    "column.created": _COLUMN,
    "column.updated": _COLUMN,
    "column.moved": _COLUMN,
    "label.created": _LABEL,
    "label.updated": _LABEL,
    "label.restored": Text("label", "label", "id", ("name",)),
    "member.added": _MEMBER,
    "member.updated": _MEMBER,
    "member.restored": Text("user", "member", "user_id", ("display_name", "email")),
    "checklist.created": _CHECKLIST,
    "checklist.updated": _CHECKLIST,
    "checklist_item.created": _ITEM,
    "checklist_item.updated": _ITEM,
    # A file's name is text people chose: gone from the log with the file.
    "attachment.created": Text("attachment", "attachment", "id", ("filename",)),
}


def holder_of(text: Text, data: dict[str, Any]) -> dict[str, Any] | None:
    holder = data.get(text.inside) if text.inside else data
    return holder if isinstance(holder, dict) else None


def without_text(type_: str, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` as the log stores it: the same, less the text fields (a copy; the
    published event keeps them)."""
    text = TEXT_OF.get(type_)
    holder = holder_of(text, data) if text is not None else None
    if text is None or holder is None:
        return data
    kept = {k: v for k, v in holder.items() if k not in text.fields}
    return {**data, text.inside: kept} if text.inside else kept
