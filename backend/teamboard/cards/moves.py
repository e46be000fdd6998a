"""Moving a card: the hottest write, so no ORM unit of work (it would cost more Python
than the SQL it issues) but prepared Core statements (core/prepared.py).

The rules are cards/move_rules.py's. Two ways apply them:

- :func:`_move`, one unit of work run by core/db.py's run_write: take the board's next
  seq (which also write-locks the board, so what follows reads a settled board); read the
  card with the caller's role, its links, the target column's board and that column's
  ranks; write the card; append the event; commit. It handles every case.
- on PostgreSQL, first an attempt of cards/moves_together.py (core/lanes.py): the moves
  queued for the board read without a lock, decided in order, and written with their
  events in one statement guarded by the board's seq.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select, update

from teamboard.boards.log import append_event, next_seq
from teamboard.boards.models import Board, BoardColumn, BoardMember
from teamboard.cards.models import Card
from teamboard.cards.move_rules import (
    Slot,
    after_shown,
    decide,
    links,
    read_card,
    stale_conflict,
)
from teamboard.cards.moves_together import Move, attempt_together, boards_of, lane_row
from teamboard.cards.schemas import CardRead
from teamboard.cards.views import as_json
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import Conflict, NotFound
from teamboard.core.lanes import Together
from teamboard.core.models import utcnow
from teamboard.core.positions import spread
from teamboard.core.prepared import Prepared, Statements

_cards = cast(Table, Card.__table__)
_cards_too = _cards.alias("other_cards")
# The next seq of the board of a card: its row lock is the first thing a move takes, so
# what the move reads next is already serialised (no re-read after waiting).
_NEXT_SEQ_OF_CARD = Prepared(
    next_seq(select(_cards.c.board_id).where(_cards.c.id == bindparam("card")).scalar_subquery())
)


def take_seq_of_card_board(q: Statements, card_id: int, now: datetime) -> tuple[int, int] | None:
    """Lock the board of ``card_id`` for writing and take its next seq: (board id, seq),
    or None when there is no such card. ``now``: the board's updated_at, the event's at."""
    row = q.first(_NEXT_SEQ_OF_CARD, {"card": card_id, "now": now})
    return (row[0], row[1]) if row is not None else None


_columns = cast(Table, BoardColumn.__table__)
_members = cast(Table, BoardMember.__table__)
_boards = cast(Table, Board.__table__)


def _visible_others() -> list[Any]:
    return [
        _cards_too.c.column_id == bindparam("target"),
        _cards_too.c.archived.is_(False),
        _cards_too.c.id != bindparam("card"),
    ]


def _rank_at(offset: Any) -> Any:
    return (
        select(_cards_too.c.rank)
        .where(*_visible_others())
        .order_by(_cards_too.c.rank, _cards_too.c.id)
        .limit(1)
        .offset(offset)
        .scalar_subquery()
    )


_CARD = Prepared(
    select(
        _cards,
        _members.c.role,
        *links(),
        select(_columns.c.board_id)
        .where(_columns.c.id == bindparam("target"))
        .scalar_subquery()
        .label("target_board"),
        # The ranks either side of the place asked for: at ``skip`` and ``skip + 1`` among
        # the target column's other visible cards. Only two are read (ix_cards_column_rank),
        # however many the column holds: a move costs the same on any board.
        _rank_at(bindparam("skip")).label("rank_at_skip"),
        _rank_at(bindparam("skip") + 1).label("rank_after_skip"),
        # The seq of the board's log in the same snapshot, for the guarded write.
        select(_boards.c.event_seq)
        .where(_boards.c.id == _cards.c.board_id)
        .scalar_subquery()
        .label("board_seq"),
    )
    .join(
        BoardMember,
        (_members.c.board_id == _cards.c.board_id) & (_members.c.user_id == bindparam("user")),
    )
    .where(_cards.c.id == bindparam("card"))
)
# Past the target column's end: how many it shows, and the last one's rank.
_END = Prepared(select(func.count(), func.max(_cards_too.c.rank)).where(*_visible_others()))
_ALL_RANKS = Prepared(
    select(_cards.c.id, _cards.c.archived)
    .where(_cards.c.column_id == bindparam("column"), _cards.c.id != bindparam("card"))
    .order_by(_cards.c.rank, _cards.c.id)
)
_POSITION = Prepared(
    select(func.count()).where(
        _cards.c.column_id == bindparam("column"),
        _cards.c.archived.is_(False),
        (_cards.c.rank < bindparam("rank"))
        | ((_cards.c.rank == bindparam("rank")) & (_cards.c.id < bindparam("card"))),
    )
)
_MOVE = (
    update(_cards)
    .where(_cards.c.id == bindparam("card"))
    .values(
        column_id=bindparam("new_column"),
        rank=bindparam("new_rank"),
        version=bindparam("new_version"),
        updated_at=bindparam("now"),
    )
)
_WRITE = Prepared(_MOVE)
# A rank is where a card sits, not what it shows: a re-spread leaves updated_at as it was
# (set to itself, else the column's onupdate would apply), so the boards that clients and
# the board cache keep by applying events stay what a fresh read shows.
SET_RANK = (
    update(_cards)
    .where(_cards.c.id == bindparam("row_id"))
    .values(rank=bindparam("row_rank"), updated_at=_cards.c.updated_at)
)
_SET_RANK = Prepared(SET_RANK)


async def move_card(
    db: UnitOfWork,
    actor: Actor,
    card_id: int,
    *,
    column_id: int,
    position: int,
    version: int | None,
) -> CardRead:
    """Put the card at ``position`` (0 = top, clamped) of ``column_id`` on its board."""
    args = (actor, card_id, column_id, position, version)
    return await db.run(
        partial(_move, *args),
        attempt=Together(attempt_together, Move(*args), boards_of),
        row=lane_row(card_id),
    )


def _move(
    actor: Actor,
    card_id: int,
    column_id: int,
    position: int,
    version: int | None,
    q: Statements,
) -> tuple[CardRead, list[dict[str, Any]]]:
    """The move as a unit of work under the board's write lock: it has the last word."""
    now = utcnow()
    taken = take_seq_of_card_board(q, card_id, now)
    skip = max(position - 1, 0)
    params = {"card": card_id, "user": actor.id, "target": column_id, "skip": skip}
    card = q.first(_CARD, params)
    if taken is None or card is None:
        raise NotFound("No such card")
    board_id, seq = taken

    def stale() -> Conflict:
        current = read_card(card, _position(q, card.column_id, card.rank, card_id))
        return stale_conflict(card, version, current)

    slot = _slot(q, card, position, params)
    rank, index = decide(card, board_id, column_id, version, stale, slot)
    if rank is None:  # neighbours adjacent
        rank = _respread(q, card_id, column_id, index)
    q.run(_WRITE, _write_params(card, card_id, column_id, rank, now))
    if card.archived:  # not among the visible cards its position counts
        index = _position(q, column_id, rank, card_id)
    result = read_card(card, index, column_id=column_id, version=card.version + 1, now=now)
    data = {"card": as_json(result), "from_column_id": card.column_id}
    return result, [append_event(q, board_id, seq, "card.moved", actor, data, now)]


def _write_params(
    card: Any, card_id: int, column_id: int, rank: int, now: datetime
) -> dict[str, Any]:
    return {
        "card": card_id,
        "new_column": column_id,
        "new_rank": rank,
        "new_version": card.version + 1,
        "now": now,
    }


def _slot(q: Statements, card: Any, position: int, params: dict[str, Any]) -> Slot:
    """The slot at ``position`` from the ranks read beside the card (at ``skip`` =
    position - 1 and the one after it); past the column's end, after its last card."""
    if position == 0:
        return Slot(0, None, card.rank_at_skip)
    if card.rank_at_skip is not None:
        return Slot(position, card.rank_at_skip, card.rank_after_skip)
    row = q.first(_END, params)
    count, last = (row[0], row[1]) if row is not None else (0, None)
    return Slot(count, last, None)


def _position(q: Statements, column_id: int, rank: int, card_id: int) -> int:
    params = {"column": column_id, "rank": rank, "card": card_id}
    return int(q.scalar(_POSITION, params) or 0)


def _respread(q: Statements, card_id: int, column_id: int, shown: int) -> int:
    """No integer left between the neighbours: re-spread the whole column (archived cards
    too, keeping their relative order), the card after the first ``shown`` visible ones,
    and return the moved card's new rank."""
    rows = q.all(_ALL_RANKS, {"column": column_id, "card": card_id})
    index = after_shown([archived for _id, archived in rows], shown)
    ids = [row_id for row_id, _archived in rows]
    ids.insert(index, card_id)
    ranks = spread(len(ids))
    others = [{"row_id": i, "row_rank": r} for i, r in zip(ids, ranks, strict=True) if i != card_id]
    if others:
        q.run(_SET_RANK, others)
    return ranks[index]
