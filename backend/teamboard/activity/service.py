"""The per-board event log: written in the mutation's transaction, published after commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, Update, bindparam, exists, func, insert, select, update

from teamboard.accounts.models import User
from teamboard.activity.content import fill_text, without_text
from teamboard.activity.models import Event
from teamboard.boards.access import access_board
from teamboard.boards.models import Board
from teamboard.cards.models import Card
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.models import utcnow
from teamboard.core.prepared import Prepared, Statements

# Built once (they run on every write). Core statements: no ORM object is needed, and an
# ORM-enabled UPDATE would also scan the session to synchronise loaded boards.
_boards = cast(Table, Board.__table__)
_NEXT_SEQ = (
    update(_boards)
    .where(_boards.c.id == bindparam("board"))
    .values(event_seq=_boards.c.event_seq + 1, updated_at=bindparam("now"))
    .returning(_boards.c.event_seq)
)
_cards = cast(Table, Card.__table__)
# The same bump for the board of a card: its row lock is the first thing the write takes,
# so what the write reads next is already serialised (no re-read after waiting).
_NEXT_SEQ_OF_CARD = Prepared(
    update(_boards)
    .where(
        _boards.c.id
        == select(_cards.c.board_id).where(_cards.c.id == bindparam("card")).scalar_subquery()
    )
    .values(event_seq=_boards.c.event_seq + 1, updated_at=bindparam("now"))
    .returning(_boards.c.id, _boards.c.event_seq)
)
_events = cast(Table, Event.__table__)
_APPEND = Prepared(insert(_events))
_LOCK = select(Board.id).where(Board.id == bindparam("board")).with_for_update()


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
    seq: int = (await db.execute(_NEXT_SEQ, {"board": board_id, "now": utcnow()})).scalar_one()
    now = utcnow()
    await db.execute(_APPEND.statement, _event_row(board_id, seq, type_, actor, data, now))
    db.stage(envelope(board_id, seq, type_, actor, data, now.isoformat()))
    return seq


def take_seq_of_card_board(q: Statements, card_id: int) -> tuple[int, int] | None:
    """Lock the board of ``card_id`` for writing and take its next seq: (board id, seq),
    or None when there is no such card."""
    row = q.first(_NEXT_SEQ_OF_CARD, {"card": card_id, "now": utcnow()})
    return (row[0], row[1]) if row is not None else None


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
    """One statement that commits alone (core/lanes.py): if the board's log still ends at
    ``:seen``, i.e. nothing was written to the board since the caller read it, take seq
    ``:seen + 1``, apply ``write`` and append the event; it returns that seq, or no row
    when the board moved on meanwhile. PostgreSQL re-checks the guard on the row's newest
    version after waiting for its lock, so it never applies over a concurrent commit.
    Binds: ``board``, ``seen``, ``now``, ``type``, ``actor_id``, ``data``, and the write's."""
    bump = (
        update(_boards)
        .where(_boards.c.id == bindparam("board"), _boards.c.event_seq == bindparam("seen"))
        .values(event_seq=_boards.c.event_seq + 1, updated_at=bindparam("now"))
        .returning(_boards.c.id, _boards.c.event_seq)
        .cte("bump")
    )
    written = write.where(exists(select(bump.c.id))).cte("written")
    event = select(
        bump.c.id,
        bump.c.event_seq,
        bindparam("type", type_=_events.c.type.type),
        bindparam("actor_id", type_=_events.c.actor_id.type),
        bindparam("data", type_=_events.c.data.type),
        bindparam("now", type_=_events.c.created_at.type),
    )
    columns = ["board_id", "seq", "type", "actor_id", "data", "created_at"]
    append = insert(_events).from_select(columns, event).returning(_events.c.seq)
    return Prepared(append.add_cte(bump).add_cte(written))


def event_params(
    board_id: int, seen: int, type_: str, actor: Actor | None, data: dict[str, Any]
) -> dict[str, Any]:
    """The binds of :func:`append_if_current` that describe the event."""
    return {
        "board": board_id,
        "seen": seen,
        "type": type_,
        "actor_id": actor.id if actor else None,
        "data": without_text(type_, data),
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
        "created_at": now,
    }


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


async def list_board_activity(
    db: UnitOfWork, actor: Actor, board_id: int, *, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    await access_board(db, actor, board_id)
    total = await db.scalar(select(func.count()).where(Event.board_id == board_id)) or 0
    rows = await db.execute(
        select(Event, User)
        .outerjoin(User, User.id == Event.actor_id)
        .where(Event.board_id == board_id)
        .order_by(Event.seq.desc())
        .limit(limit)
        .offset(offset)
    )
    events = [
        envelope(
            event.board_id,
            event.seq,
            event.type,
            _ref(user),
            event.data,
            event.created_at.isoformat(),
        )
        for event, user in rows
    ]
    await fill_text(db, events)
    return events, total


def _ref(user: User | None) -> Actor | None:
    if user is None:
        return None
    return Actor(
        id=user.id, email=user.email, display_name=user.display_name, is_admin=user.is_admin
    )


async def events_after(
    db: UnitOfWork, board_id: int, after: int, *, up_to: int | None = None
) -> list[dict[str, Any]]:
    """The board's events with ``after < seq <= up_to``, oldest first, as they were pushed
    live. For callers that checked access already (the real-time hub)."""
    query = (
        select(Event, User)
        .outerjoin(User, User.id == Event.actor_id)
        .where(Event.board_id == board_id, Event.seq > after)
        .order_by(Event.seq)
    )
    if up_to is not None:
        query = query.where(Event.seq <= up_to)
    rows = await db.execute(query)
    events = [
        envelope(e.board_id, e.seq, e.type, _ref(user), e.data, e.created_at.isoformat())
        for e, user in rows
    ]
    await fill_text(db, events)
    return events


async def current_seqs(db: UnitOfWork, board_ids: list[int]) -> dict[int, int]:
    """Each existing board's latest seq (a deleted board is absent)."""
    rows = await db.execute(select(Board.id, Board.event_seq).where(Board.id.in_(board_ids)))
    return {board_id: seq for board_id, seq in rows}
