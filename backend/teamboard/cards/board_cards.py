"""A board's visible cards, column by column, for its rendering.

Read with three Core statements (the cards with their comment and attachment counts, their
covers and their checklist progress, their label links, their assignee links)
rather than as ORM objects: the board is rendered again after every change, and building
hundreds of tracked objects with their link collections cost ~10 times the SQL.
"""

from __future__ import annotations

from collections import defaultdict
from typing import cast

from sqlalchemy import Table, bindparam, case, func, select

from teamboard.cards.attachment_tiles import attachment_count, cover_id, cover_url
from teamboard.cards.models import Card, CardAssignee, CardLabel, ChecklistItem, Comment
from teamboard.cards.schemas import CardTile
from teamboard.core.db import UnitOfWork

_cards = cast(Table, Card.__table__)
_labels = cast(Table, CardLabel.__table__)
_assignees = cast(Table, CardAssignee.__table__)
_comments = cast(Table, Comment.__table__)
_items = cast(Table, ChecklistItem.__table__)
_VISIBLE = (_cards.c.board_id == bindparam("board")) & _cards.c.archived.is_(False)

# Each card's checklist items, done and all, grouped once for the board (one index range:
# ix_checklist_items_board_card covers it), rather than two subqueries per card.
_PROGRESS = (
    select(
        _items.c.card_id,
        func.count().label("total"),
        func.sum(case((_items.c.done, 1), else_=0)).label("done"),
    )
    .where(_items.c.board_id == bindparam("board"))
    .group_by(_items.c.card_id)
    .subquery("progress")
)

_CARDS = (
    select(
        _cards.c.id,
        _cards.c.board_id,
        _cards.c.column_id,
        _cards.c.title,
        _cards.c.description,
        _cards.c.due_date,
        _cards.c.archived,
        _cards.c.creator_id,
        _cards.c.version,
        _cards.c.created_at,
        _cards.c.updated_at,
        # Correlated, in the same statement: the tiles show it, at no query per card
        # (ix_comments_card_created serves it).
        select(func.count())
        .where(_comments.c.card_id == _cards.c.id)
        .correlate(_cards)
        .scalar_subquery()
        .label("comment_count"),
        func.coalesce(_PROGRESS.c.done, 0).label("checklist_done"),
        func.coalesce(_PROGRESS.c.total, 0).label("checklist_total"),
        attachment_count(_cards.c.id).correlate(_cards).label("attachment_count"),
        cover_id(_cards.c.id).correlate(_cards).label("cover_id"),
    )
    .select_from(_cards.outerjoin(_PROGRESS, _PROGRESS.c.card_id == _cards.c.id))
    .where(_VISIBLE)
    .order_by(_cards.c.column_id, _cards.c.rank, _cards.c.id)
)
_LABEL_LINKS = (
    select(_labels.c.card_id, _labels.c.label_id)
    .join(_cards, _cards.c.id == _labels.c.card_id)
    .where(_VISIBLE)
    .order_by(_labels.c.card_id, _labels.c.label_id)
)
_ASSIGNEE_LINKS = (
    select(_assignees.c.card_id, _assignees.c.user_id)
    .join(_cards, _cards.c.id == _assignees.c.card_id)
    .where(_VISIBLE)
    .order_by(_assignees.c.card_id, _assignees.c.user_id)
)


async def cards_by_column(db: UnitOfWork, board_id: int) -> dict[int, list[CardTile]]:
    """Each column's visible cards in order, positioned 0..n-1."""
    params = {"board": board_id}
    labels: defaultdict[int, list[int]] = defaultdict(list)
    for card_id, label_id in await db.execute(_LABEL_LINKS, params):
        labels[card_id].append(label_id)
    assignees: defaultdict[int, list[int]] = defaultdict(list)
    for card_id, user_id in await db.execute(_ASSIGNEE_LINKS, params):
        assignees[card_id].append(user_id)
    by_column: defaultdict[int, list[CardTile]] = defaultdict(list)
    for row in await db.execute(_CARDS, params):
        bucket = by_column[row.column_id]
        # Typed columns straight from the database: nothing left to validate.
        bucket.append(
            CardTile.model_construct(
                id=row.id,
                board_id=row.board_id,
                column_id=row.column_id,
                title=row.title,
                description=row.description,
                position=len(bucket),
                due_date=row.due_date,
                archived=row.archived,
                label_ids=labels.get(row.id, []),
                assignee_ids=assignees.get(row.id, []),
                creator_id=row.creator_id,
                version=row.version,
                created_at=row.created_at,
                updated_at=row.updated_at,
                has_description=bool(row.description.strip()),
                comment_count=row.comment_count,
                checklist_done=row.checklist_done,
                checklist_total=row.checklist_total,
                attachment_count=row.attachment_count,
                cover_url=cover_url(row.cover_id),
            )
        )
    return by_column
