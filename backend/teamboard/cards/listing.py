"""Listing cards: filtered, paginated, in board order."""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from teamboard.boards.access import access_board, access_column
from teamboard.boards.models import BoardColumn
from teamboard.cards.models import Card, CardAssignee, CardLabel
from teamboard.cards.schemas import CardFilters, CardRead
from teamboard.cards.views import card_read
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork

_WITH_LINKS = (selectinload(Card.label_links), selectinload(Card.assignee_links))


def _filtered(board_id: int, filters: CardFilters) -> Select[Card]:
    query = select(Card).where(Card.board_id == board_id, Card.archived.is_(filters.archived))
    if filters.column is not None:
        query = query.where(Card.column_id == filters.column)
    if filters.label is not None:
        query = query.where(
            Card.id.in_(select(CardLabel.card_id).where(CardLabel.label_id == filters.label))
        )
    if filters.assignee is not None:
        query = query.where(
            Card.id.in_(
                select(CardAssignee.card_id).where(CardAssignee.user_id == filters.assignee)
            )
        )
    if filters.q:
        pattern = (
            "%"
            + filters.q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            + "%"
        )
        query = query.where(
            or_(
                func.lower(Card.title).like(pattern, escape="\\"),
                func.lower(Card.description).like(pattern, escape="\\"),
            )
        )
    if filters.due_before is not None:
        query = query.where(Card.due_date <= filters.due_before)
    if filters.due_after is not None:
        query = query.where(Card.due_date >= filters.due_after)
    return query


async def list_cards(
    db: UnitOfWork,
    actor: Actor,
    board_id: int,
    filters: CardFilters,
    *,
    limit: int,
    offset: int,
) -> tuple[list[CardRead], int]:
    """Cards matching the filters, in board order. ``position`` is the card's place in
    its column among the cards of the same archived state."""
    await access_board(db, actor, board_id)
    query = _filtered(board_id, filters)
    total = await db.scalar(select(func.count()).select_from(query.subquery())) or 0
    cards = list(
        await db.scalars(
            query.join(BoardColumn, BoardColumn.id == Card.column_id)
            .options(*_WITH_LINKS)
            .order_by(BoardColumn.rank, BoardColumn.id, Card.rank, Card.id)
            .limit(limit)
            .offset(offset)
        )
    )
    positions = await _positions(db, cards, filters.archived)
    return [card_read(card, positions[card.id]) for card in cards], total


async def _positions(db: UnitOfWork, cards: list[Card], archived: bool) -> dict[int, int]:
    if not cards:
        return {}
    ranked = select(
        Card.id,
        func.row_number().over(partition_by=Card.column_id, order_by=(Card.rank, Card.id)),
    ).where(Card.column_id.in_({c.column_id for c in cards}), Card.archived.is_(archived))
    rows = await db.execute(ranked)
    return {card_id: int(number) - 1 for card_id, number in rows}


async def list_column_cards(
    db: UnitOfWork,
    actor: Actor,
    column_id: int,
    filters: CardFilters,
    *,
    limit: int,
    offset: int,
) -> tuple[list[CardRead], int]:
    column, _role = await access_column(db, actor, column_id)
    return await list_cards(
        db,
        actor,
        column.board_id,
        filters.model_copy(update={"column": column_id}),
        limit=limit,
        offset=offset,
    )
