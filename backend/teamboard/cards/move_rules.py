"""The rules of a card move and the answer it gives, on the card's row as a move reads it
(the card with the mover's role, its label and assignee ids, the target column's board):
shared by the move under the board's lock (cards/moves.py) and the moves attempted
together without one (cards/moves_together.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import String, Table, func, select
from sqlalchemy import cast as sql_cast

from teamboard.boards.models import Role
from teamboard.cards.models import Card, CardAssignee, CardLabel
from teamboard.cards.schemas import CardRead
from teamboard.cards.views import as_json
from teamboard.core.errors import Conflict, Forbidden, Invalid
from teamboard.core.positions import rank_between

_cards = cast(Table, Card.__table__)
_labels = cast(Table, CardLabel.__table__)
_assignees = cast(Table, CardAssignee.__table__)


def ids_of(column: Any, card_column: Any) -> Any:
    """A card's linked ids as one comma-separated string (no extra round trip)."""
    return (
        select(func.aggregate_strings(sql_cast(column, String), ","))
        .where(card_column == _cards.c.id)
        .scalar_subquery()
    )


def links() -> list[Any]:
    """The card's label and assignee ids (``label_csv``, ``assignee_csv``), as every read of
    a card for a move takes them (:func:`read_card` turns them into lists)."""
    return [
        ids_of(_labels.c.label_id, _labels.c.card_id).label("label_csv"),
        ids_of(_assignees.c.user_id, _assignees.c.card_id).label("assignee_csv"),
    ]


@dataclass(frozen=True, slots=True)
class Slot:
    """Where a move puts a card among the target column's other visible cards: its index
    there, and the ranks either side of it (None: that end of the column)."""

    index: int
    before: int | None
    after: int | None


def after_shown(archived: list[bool], shown: int) -> int:
    """Where a card goes among a column's cards (archived ones too, in order of rank, then
    id) to come right after the first ``shown`` visible ones. Not found by rank: two cards
    may share one (a restored card keeps its own), and a card put after every card of the
    rank before it would land past both, not where it was asked."""
    if shown <= 0:
        return 0
    for index, hidden in enumerate(archived):
        shown -= not hidden
        if shown == 0:
            return index + 1
    return len(archived)


def slot_in(ranks: list[int], position: int) -> Slot:
    """The slot at ``position`` (clamped) among the column's other visible ``ranks``, sorted."""
    index = min(position, len(ranks))
    before = ranks[index - 1] if index > 0 else None
    return Slot(index, before, ranks[index] if index < len(ranks) else None)


def decide(
    card: Any,
    board_id: int,
    column_id: int,
    version: int | None,
    stale: Callable[[], Conflict],
    slot: Slot,
) -> tuple[int | None, int]:
    """The rules of a move, on the card's row as read: who may move it, from which version,
    to which column. Then its place at ``slot``: (its rank, or None when the neighbours
    are adjacent; its index)."""
    if card.role.rank < Role.editor.rank:
        raise Forbidden("Only board editors may do this")
    if version is not None and version != card.version:
        raise stale()
    if card.target_board != board_id:
        raise Invalid.field("column_id", "column_other_board")
    return rank_between(slot.before, slot.after), slot.index


def stale_conflict(card: Any, version: int | None, current: CardRead) -> Conflict:
    return Conflict(
        f"Changed by someone else (version {card.version}, you sent {version})",
        current=as_json(current),
    )


def read_card(
    card: Any,
    position: int,
    *,
    column_id: int | None = None,
    version: int | None = None,
    now: datetime | None = None,
) -> CardRead:
    return CardRead(
        id=card.id,
        board_id=card.board_id,
        column_id=card.column_id if column_id is None else column_id,
        title=card.title,
        description=card.description,
        position=position,
        due_date=card.due_date,
        archived=card.archived,
        label_ids=split_ids(card.label_csv),
        assignee_ids=split_ids(card.assignee_csv),
        creator_id=card.creator_id,
        version=card.version if version is None else version,
        created_at=card.created_at,
        updated_at=card.updated_at if now is None else now,
    )


def split_ids(csv: str | None) -> list[int]:
    return sorted(map(int, csv.split(","))) if csv else []
