"""The per-board event log: written in the mutation's transaction, published after commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from teamboard.accounts.models import User
from teamboard.activity.models import Event
from teamboard.boards.access import access_board
from teamboard.boards.models import Board
from teamboard.core.db import stage_event, utcnow
from teamboard.core.runtime import Actor


async def lock_board(db: AsyncSession, board_id: int) -> None:
    """Serialise writers of one board (row lock on PostgreSQL; SQLite has one writer)."""
    await db.execute(select(Board.id).where(Board.id == board_id).with_for_update())


async def record_event(
    db: AsyncSession, board_id: int, type_: str, actor: Actor | None, data: dict[str, Any]
) -> int:
    """Append to the board's log with the next gapless seq; returns that seq."""
    seq = (
        await db.execute(
            update(Board)
            .where(Board.id == board_id)
            .values(event_seq=Board.event_seq + 1)
            .returning(Board.event_seq)
        )
    ).scalar_one()
    now = utcnow()
    db.add(
        Event(
            board_id=board_id,
            seq=seq,
            type=type_,
            actor_id=actor.id if actor else None,
            data=data,
            created_at=now,
        )
    )
    stage_event(db, envelope(board_id, seq, type_, actor, data, now.isoformat()))
    return seq


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
    db: AsyncSession, board_id: int, type_: str, actor: Actor | None, data: dict[str, Any]
) -> None:
    """For events whose board row is gone (deletion): published, not stored."""
    stage_event(db, envelope(board_id, 0, type_, actor, data, utcnow().isoformat()))


async def list_board_activity(
    db: AsyncSession, actor: Actor, board_id: int, *, limit: int, offset: int
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
    return [
        envelope(
            event.board_id,
            event.seq,
            event.type,
            _ref(user),
            event.data,
            event.created_at.isoformat(),
        )
        for event, user in rows
    ], total


def _ref(user: User | None) -> Actor | None:
    if user is None:
        return None
    return Actor(
        id=user.id, email=user.email, display_name=user.display_name, is_admin=user.is_admin
    )


async def events_since(db: AsyncSession, board_id: int, after_seq: int, limit: int) -> list[Event]:
    result = await db.scalars(
        select(Event)
        .where(Event.board_id == board_id, Event.seq > after_seq)
        .order_by(Event.seq)
        .limit(limit)
    )
    return list(result)
