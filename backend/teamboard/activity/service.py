"""The board's event log, read side: the activity feed, and the events after a seq for a
client that resumes or a process that caught a gap. Text is filled in from the current rows
(activity/content.py); boards/log.py writes the log."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import func, select

from teamboard.accounts.models import User
from teamboard.activity.content import fill_text
from teamboard.activity.events import BoardEventBase, board_event
from teamboard.boards.access import access_board
from teamboard.boards.log import envelope
from teamboard.boards.models import Board, Event
from teamboard.cards.access import access_card
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork


async def list_board_activity(
    db: UnitOfWork, actor: Actor, board_id: int, *, limit: int, offset: int
) -> tuple[list[BoardEventBase], int]:
    """A page of the board's log, newest first. The log's seqs are gapless (1 to the
    board's ``event_seq``, boards/log.py), so the total needs no count and the page at any
    offset is a seek on the log's key (``seq <= event_seq - offset``): the same cost on
    the first page and a million events back."""
    board, _role = await access_board(db, actor, board_id)
    total = board.event_seq
    rows = await db.execute(
        select(Event, User)
        .outerjoin(User, User.id == Event.actor_id)
        .where(Event.board_id == board_id, Event.seq <= total - offset)
        .order_by(Event.seq.desc())
        .limit(limit)
    )
    return await _told(db, rows), total


async def list_card_activity(
    db: UnitOfWork, actor: Actor, card_id: int, *, limit: int, offset: int = 0
) -> tuple[list[BoardEventBase], int]:
    """A card's own activity, newest first: the board's events about it and its comments
    (``events.card_id``, boards/log.py), sought through their index: the cost follows the
    card's own events, not the length of the board's log."""
    card, _role = await access_card(db, actor, card_id)
    about = (Event.card_id == card_id, Event.board_id == card.board_id)
    total = await db.scalar(select(func.count()).where(*about)) or 0
    rows = await db.execute(
        select(Event, User)
        .outerjoin(User, User.id == Event.actor_id)
        .where(*about)
        .order_by(Event.seq.desc())
        .limit(limit)
        .offset(offset)
    )
    return await _told(db, rows), total


async def _told(db: UnitOfWork, rows: Any) -> list[BoardEventBase]:
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
    return [cast(BoardEventBase, board_event.validate_python(e)) for e in events]


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
