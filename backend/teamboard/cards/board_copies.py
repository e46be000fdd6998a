"""New boards made from others: a copy of a board (its structure, or with its cards), or a
board started from a template (cards/templates.py). Either way the new board is written
from a :class:`Blueprint` in a constant number of statements, whatever its size: one
bulk insert per table (SQLAlchemy's "insertmanyvalues", which returns the new ids in the
order of the rows), never a statement per card. The source is capped (a board holds at
most ``MAX_CARDS_PER_BOARD`` cards), so a copy is too.

A copy with its cards takes their checklists (items and ticks) and files along, each part
in bulk too (cards/copying.py: the same copiers a card's copy uses; the files' bytes are
copied in the storage, under the new board's quota, and taken back out if the copy rolls
back). The caller becomes the new board's only member, its owner: a copy takes no
members, and so no assignees (of cards or items); nor comments, nor archived cards. Its
first event is ``board.copied``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import insert, select

from teamboard.boards.access import access_board
from teamboard.boards.log import record_event
from teamboard.boards.models import Board, BoardColumn, BoardMember, Label, Role
from teamboard.boards.schemas import BoardRead
from teamboard.boards.views import board_read
from teamboard.cards.copying import Copied, copy_checklists, copy_transaction, registered
from teamboard.cards.models import Card, CardLabel
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.positions import spread
from teamboard.core.storage import Storage


@dataclass(frozen=True)
class CardPlan:
    column: int  # the index of its column in the blueprint
    title: str
    description: str = ""
    due_date: date | None = None
    labels: tuple[str, ...] = ()  # names of the blueprint's labels
    source_id: int | None = None  # the card copied (a built-in template's: none)


@dataclass(frozen=True)
class Blueprint:
    """What a new board is made of, in order: columns (name, WIP limit), labels (name,
    colour) and cards (each column's from the top)."""

    description: str = ""
    columns: tuple[tuple[str, int | None], ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    cards: tuple[CardPlan, ...] = field(default=())


async def blueprint_of(db: UnitOfWork, board: Board, *, with_cards: bool) -> Blueprint:
    """A board as it is now: its columns and labels, and with ``with_cards`` its visible
    cards with their labels, in four queries."""
    columns = list(
        await db.execute(
            select(BoardColumn.id, BoardColumn.name, BoardColumn.wip_limit)
            .where(BoardColumn.board_id == board.id)
            .order_by(BoardColumn.rank, BoardColumn.id)
        )
    )
    labels = list(
        await db.execute(
            select(Label.id, Label.name, Label.color)
            .where(Label.board_id == board.id)
            .order_by(Label.name, Label.id)
        )
    )
    cards: list[CardPlan] = []
    if with_cards:
        cards = await _cards_of(db, board.id, [c.id for c in columns], labels)
    return Blueprint(
        description=board.description,
        columns=tuple((c.name, c.wip_limit) for c in columns),
        labels=tuple((label.name, label.color) for label in labels),
        cards=tuple(cards),
    )


async def _cards_of(
    db: UnitOfWork, board_id: int, column_ids: list[int], labels: list[Any]
) -> list[CardPlan]:
    visible = (Card.board_id == board_id, Card.archived.is_(False))
    rows = await db.execute(
        select(Card.id, Card.column_id, Card.title, Card.description, Card.due_date)
        .where(*visible)
        .order_by(Card.column_id, Card.rank, Card.id)
    )
    names = {label.id: label.name for label in labels}
    links: defaultdict[int, list[str]] = defaultdict(list)
    for card_id, label_id in await db.execute(
        select(CardLabel.card_id, CardLabel.label_id)
        .join(Card, Card.id == CardLabel.card_id)
        .where(*visible)
    ):
        if label_id in names:
            links[card_id].append(names[label_id])
    # Read without stopping the board's writers: a column or label made between these
    # statements is not in the copy, nor are the cards put in such a column meanwhile.
    index = {column_id: i for i, column_id in enumerate(column_ids)}
    return [
        CardPlan(index[column_id], title, description, due, tuple(sorted(links[card_id])), card_id)
        for card_id, column_id, title, description, due in rows
        if column_id in index
    ]


async def make_board(
    db: UnitOfWork,
    actor: Actor,
    plan: Blueprint,
    *,
    name: str,
    description: str | None,
    template: str = "",
    parts: Copied | None = None,
) -> BoardRead:
    """A new board owned by ``actor`` from ``plan`` (its description unless one is
    given), recorded as ``board.copied`` (``template``: the built-in template's name).
    With ``parts`` (its board and pairs filled in here) the cards' checklists and files
    come along; without, the cards alone."""
    board = Board(name=name, description=plan.description if description is None else description)
    db.add(board)
    await db.flush()
    db.add(BoardMember(board_id=board.id, user_id=actor.id, role=Role.owner))
    column_ranks = spread(len(plan.columns))
    await _insert(
        db,
        BoardColumn,
        [
            {"board_id": board.id, "name": column, "wip_limit": wip, "rank": rank}
            for (column, wip), rank in zip(plan.columns, column_ranks, strict=True)
        ],
    )
    await _insert(
        db,
        Label,
        [{"board_id": board.id, "name": label, "color": color} for label, color in plan.labels],
    )
    await db.flush()
    if plan.cards:
        pairs = await _insert_cards(db, actor, board.id, plan, column_ranks)
        if parts is not None and pairs:
            parts.board_id, parts.pairs = board.id, pairs
            await copy_checklists(parts)
            for copier in registered().values():
                await copier(parts)
    data = {
        "id": board.id,
        "name": board.name,
        "description": board.description,
        "archived": False,
        "is_template": False,
        "template": template,
    }
    await record_event(db, board.id, "board.copied", actor, data)
    await db.refresh(board)
    return board_read(board, Role.owner)


async def _insert_cards(
    db: UnitOfWork, actor: Actor, board_id: int, plan: Blueprint, column_ranks: list[int]
) -> dict[int, int]:
    """The cards, then their labels: each new row is told by what is unique about it on
    the new board (a column by its rank, a label by its name, a card by its column and
    rank), read back in one query per table. Each source card's copy, by their ids."""
    column_of = {
        rank: column_id
        for rank, column_id in await db.execute(
            select(BoardColumn.rank, BoardColumn.id).where(BoardColumn.board_id == board_id)
        )
    }
    column_ids = [column_of[rank] for rank in column_ranks]
    label_ids = {
        name: label_id
        for name, label_id in await db.execute(
            select(Label.name, Label.id).where(Label.board_id == board_id)
        )
    }
    per_column: defaultdict[int, int] = defaultdict(int)
    for card in plan.cards:
        per_column[card.column] += 1
    ranks = {column: iter(spread(count)) for column, count in per_column.items()}
    placed = [(column_ids[card.column], next(ranks[card.column]), card) for card in plan.cards]
    await _insert(
        db,
        Card,
        [
            {
                "board_id": board_id,
                "column_id": column_id,
                "title": card.title,
                "description": card.description,
                "due_date": card.due_date,
                "rank": rank,
                "creator_id": actor.id,
            }
            for column_id, rank, card in placed
        ],
    )
    card_of = {
        (column_id, rank): card_id
        for card_id, column_id, rank in await db.execute(
            select(Card.id, Card.column_id, Card.rank).where(Card.board_id == board_id)
        )
    }
    links = [
        {"card_id": card_of[column_id, rank], "label_id": label_ids[name]}
        for column_id, rank, card in placed
        for name in card.labels
    ]
    await _insert(db, CardLabel, links)
    return {
        card.source_id: card_of[column_id, rank]
        for column_id, rank, card in placed
        if card.source_id is not None
    }


async def _insert(db: UnitOfWork, model: type[Any], rows: list[dict[str, Any]]) -> None:
    """One bulk insert of ``rows`` (a single executemany, without RETURNING: SQLite would
    return the ids of a bulk insert in the rows' order only one row at a time)."""
    if rows:
        await db.execute(insert(model), rows)


async def copy_board(
    db: UnitOfWork,
    files: Storage,
    actor: Actor,
    board_id: int,
    *,
    name: str,
    include_cards: bool,
) -> BoardRead:
    """A copy of a board the caller is a member of (any role: they can read it all).
    ``files``: where the copied files' bytes go (taken back out if the copy rolls back)."""
    parts = Copied(db, actor, files, board_id=0, pairs={}, keep_assignees=False)
    async with copy_transaction(db, parts.undo):
        board, _role = await access_board(db, actor, board_id)
        plan = await blueprint_of(db, board, with_cards=include_cards)
        made = await make_board(db, actor, plan, name=name, description=None, parts=parts)
    return made
