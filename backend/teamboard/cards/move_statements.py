"""The statements of cards/moves_together.py (PostgreSQL: arrays, ``unnest``): the read
of the moves queued for a board, their guarded write, the board of each card, the lock
taken after a lost race."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    CompoundSelect,
    Integer,
    Select,
    Table,
    bindparam,
    case,
    func,
    null,
    select,
    true,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by, array

from teamboard.boards.log import guarded_append
from teamboard.boards.models import Board, BoardColumn, BoardMember
from teamboard.cards.models import Card
from teamboard.cards.move_rules import links
from teamboard.core.prepared import Prepared

_cards = cast(Table, Card.__table__)
_others = _cards.alias("others")
_first = _cards.alias("first")
_counted = _cards.alias("counted")
_columns = cast(Table, BoardColumn.__table__)
_members = cast(Table, BoardMember.__table__)
_boards = cast(Table, Board.__table__)
_IDS = ARRAY(BigInteger)


def _reading() -> Select[Any]:
    """One row per wanted move (binds ``cards``, ``users``, ``targets``: the card,
    the mover, the target column of each; ``window``): the card with the mover's role and
    its links, the target column's board and its first visible cards, the board's seq."""
    wanted = (
        func.unnest(
            bindparam("cards", type_=_IDS),
            bindparam("users", type_=_IDS),
            bindparam("targets", type_=_IDS),
        )
        .table_valued("card_id", "user_id", "target", with_ordinality="nth")
        .render_derived()
    )
    top = (
        select(_others.c.id, _others.c.rank)
        .where(_others.c.column_id == wanted.c.target, _others.c.archived.is_(False))
        .order_by(_others.c.rank, _others.c.id)
        .limit(bindparam("window"))
        .correlate(wanted)
        .subquery("top")
    )
    return (
        select(
            wanted.c.nth,
            wanted.c.user_id.label("mover"),
            wanted.c.target,
            _cards,
            _members.c.role,
            *links(),
            select(_columns.c.board_id)
            .where(_columns.c.id == wanted.c.target)
            .scalar_subquery()
            .label("target_board"),
            # The target column's first ``window`` visible cards as [id, rank] pairs, in
            # order: a move costs the same however many the column holds.
            select(
                func.array_agg(
                    aggregate_order_by(array([top.c.id, top.c.rank]), top.c.rank, top.c.id)
                )
            )
            .scalar_subquery()
            .label("target_cards"),
            _boards.c.event_seq.label("board_seq"),
        )
        .select_from(wanted)
        .join(_cards, _cards.c.id == wanted.c.card_id)
        .join(_boards, _boards.c.id == _cards.c.board_id)
        # No row for a move whose card is gone; no role for a mover who is no member.
        .outerjoin(
            _members,
            (_members.c.board_id == _cards.c.board_id) & (_members.c.user_id == wanted.c.user_id),
        )
    )


def _board_cards() -> Select[Any]:
    """Rows of their own (the move fields null) for the visible cards of each column of the
    first wanted card's board — all of them when there are ``extra`` or fewer, else the
    first ``glance`` — each column's read on its rank index: what a lane reading its board
    afresh keeps, so that the moves of its next runs need no read of their own, at a cost
    bounded however many cards the board holds."""
    wanted = func.any(bindparam("cards", type_=_IDS))  # a lane's cards are all its board's
    board = select(_first.c.board_id).where(_first.c.id == wanted).limit(1).scalar_subquery()
    extra = bindparam("extra", type_=Integer())
    # Whether the column has ``extra`` visible cards or fewer (counting no more than one
    # past them, on the same index).
    head = (
        select(_counted.c.id)
        .where(_counted.c.column_id == _columns.c.id, _counted.c.archived.is_(False))
        .limit(extra + 1)
        .correlate(_columns)
        .subquery("head")
    )
    fits = select(func.count()).select_from(head).scalar_subquery() <= extra
    top = (
        select(
            _cards,
            *links(),
        )
        .where(_cards.c.column_id == _columns.c.id, _cards.c.archived.is_(False))
        .order_by(_cards.c.rank, _cards.c.id)
        .limit(case((fits, extra), else_=bindparam("glance")))
        .lateral("top")
    )
    card = [top.c[c.key] for c in _cards.columns]
    return (
        select(
            null().label("nth"),
            null().label("mover"),
            null().label("target"),
            *card,
            null().label("role"),
            top.c.label_csv,
            top.c.assignee_csv,
            null().label("target_board"),
            null().label("target_cards"),
            _boards.c.event_seq.label("board_seq"),
        )
        .select_from(_columns)
        .join(_boards, _boards.c.id == _columns.c.board_id)
        .join(top, true())
        .where(_columns.c.board_id == board)
    )


def _read() -> CompoundSelect[Any]:
    """The wanted moves' rows (``nth`` set), and each column's first ``extra`` cards (0
    when the lane knows the board already), all in one snapshot."""
    return union_all(_reading(), _board_cards())


READ = Prepared(_read())
# Each moved card's last place (a card moved twice is written once).
_placed = (
    func.unnest(
        bindparam("moved", type_=_IDS),
        bindparam("columns", type_=_IDS),
        bindparam("ranks", type_=_IDS),
        bindparam("versions", type_=_IDS),
    )
    .table_valued("card_id", "column_id", "rank", "version")
    .render_derived()
)
_APPEND = guarded_append(
    update(_cards)
    .where(_cards.c.id == _placed.c.card_id)
    .values(
        column_id=_placed.c.column_id,
        rank=_placed.c.rank,
        version=_placed.c.version,
        updated_at=bindparam("now"),
    )
)
WRITE = Prepared(_APPEND)


BOARDS_OF = Prepared(
    select(_cards.c.id, _cards.c.board_id).where(
        _cards.c.id == func.any(bindparam("cards", type_=_IDS))
    )
)


LOCK = Prepared(
    select(_boards.c.id)
    .where(
        _boards.c.id
        == select(_cards.c.board_id).where(_cards.c.id == bindparam("card")).scalar_subquery()
    )
    .with_for_update()
)
