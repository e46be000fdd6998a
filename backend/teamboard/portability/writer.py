"""Writes an import's :class:`~teamboard.portability.trello_plan.Plan` in bulk: one
insert per table and batch of cards (the way cards/board_copies.py writes a copy), never
a statement per card, so a 5,000-card board takes seconds.

The board is written in several transactions — its columns and labels, then its cards
a batch at a time, each with its comments, checklists and their items — so that the
import never holds the database's writer for long (SQLite has one) and its progress can
be committed as it goes. These run in the import's child process (portability/child.py).
The board has no member until the last transaction (:func:`finish`, in the worker),
which makes the importer its owner, sends the invitations and records
``board.imported``: until then nobody sees it, and a failure half way removes it
(:func:`remove`) — all or nothing.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select

from teamboard.boards.invitations import send_invitation
from teamboard.boards.log import record_event
from teamboard.boards.models import Board, BoardColumn, BoardMember, Label, Role
from teamboard.cards.models import (
    Card,
    CardAssignee,
    CardLabel,
    Checklist,
    ChecklistItem,
    Comment,
)
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.positions import spread
from teamboard.portability.trello_plan import CardPlan, Plan

BATCH = 250  # cards per transaction: SQLite's one writer is never held for long
# Called in each transaction with the cards written so far: the job's progress.
Step = Callable[[UnitOfWork, int], Awaitable[None]]


ROWS = 100  # rows per statement: short pieces of work (see Pace)


@dataclass(frozen=True)
class Pace:
    """How the writing leaves room for the database's other users: after each piece of
    work, a pause ``ratio`` times as long as it took. ``within``: after each statement —
    on PostgreSQL the other sessions wait for the server's CPU, not for this writer, and
    short bursts are what keeps their reads quick (a batch's transaction at full speed
    doubled their p99); else after each batch's transaction — on SQLite a pause inside
    it would hold the database's one writer."""

    ratio: float = 0.0
    within: bool = False

    async def after(self, began: float) -> None:
        if self.ratio:
            await asyncio.sleep((time.perf_counter() - began) * self.ratio)


class BoardWriter:
    def __init__(self, db: UnitOfWork, actor: Actor, plan: Plan, pace: Pace = Pace()) -> None:
        self.db = db
        self.pace = pace
        self.actor = actor
        self.plan = plan
        self.board_id = 0
        self.columns: list[int] = []
        self.labels: dict[str, int] = {}
        self._seen_card = self._seen_checklist = 0

    async def _insert(self, model: type[Any], rows: list[dict[str, Any]]) -> None:
        for start in range(0, len(rows), ROWS):
            began = time.perf_counter()
            await self.db.execute(insert(model), rows[start : start + ROWS])
            if self.pace.within:
                await self.pace.after(began)

    async def start(self, step: Step) -> int:
        """The board (without members), its columns and labels; returns its id."""
        db, plan = self.db, self.plan
        async with db.transaction():
            board = Board(name=plan.name, description=plan.description)
            db.add(board)
            await db.flush()
            self.board_id = board.id
            ranks = spread(len(plan.columns))
            await self._insert(
                BoardColumn,
                [
                    {"board_id": board.id, "name": name, "rank": rank, "wip_limit": None}
                    for name, rank in zip(plan.columns, ranks, strict=True)
                ],
            )
            await self._insert(
                Label,
                [{"board_id": board.id, "name": n, "color": c} for n, c in plan.labels],
            )
            columns = await db.execute(
                select(BoardColumn.rank, BoardColumn.id).where(BoardColumn.board_id == board.id)
            )
            by_rank = {rank: column_id for rank, column_id in columns}
            self.columns = [by_rank[rank] for rank in ranks]
            labels = await db.execute(
                select(Label.name, Label.id).where(Label.board_id == board.id)
            )
            self.labels = {name: label_id for name, label_id in labels}
            await step(db, 0)
        return self.board_id

    async def cards(self, step: Step) -> None:
        """Every card, :data:`BATCH` at a time, each batch in a transaction of its own."""
        per_column: defaultdict[int, int] = defaultdict(int)
        for card in self.plan.cards:
            per_column[card.column] += 1
        ranks = {column: iter(spread(n)) for column, n in per_column.items()}
        placed = [(card, next(ranks[card.column])) for card in self.plan.cards]
        for start in range(0, len(placed), BATCH):
            began = time.perf_counter()
            async with self.db.transaction():
                await self._batch(placed[start : start + BATCH])
                await step(self.db, min(start + BATCH, len(placed)))
            if not self.pace.within:
                await self.pace.after(began)

    async def _batch(self, placed: Sequence[tuple[CardPlan, int]]) -> None:
        db, board_id = self.db, self.board_id
        await self._insert(
            Card,
            [
                {
                    "board_id": board_id,
                    "column_id": self.columns[card.column],
                    "title": card.title,
                    "description": card.description,
                    "due_date": card.due_date,
                    "archived": card.archived,
                    "rank": rank,
                    "creator_id": self.actor.id,
                }
                for card, rank in placed
            ],
        )
        # Read back by what is unique on the new board, which nobody else writes to yet:
        # a card by its column and rank (ids only grow, so the batch's are past the last).
        card_of: dict[tuple[int, int], int] = {}
        for card_id, column_id, rank in await db.execute(
            select(Card.id, Card.column_id, Card.rank).where(
                Card.board_id == board_id, Card.id > self._seen_card
            )
        ):
            card_of[column_id, rank] = card_id
            self._seen_card = max(self._seen_card, card_id)
        ids = [card_of[self.columns[card.column], rank] for card, rank in placed]
        made = list(zip(ids, (card for card, _ in placed), strict=True))
        await self._insert(
            CardLabel,
            [
                {"card_id": card_id, "label_id": self.labels[name]}
                for card_id, card in made
                for name in card.labels
            ],
        )
        await self._insert(
            CardAssignee,
            [
                {"card_id": card_id, "user_id": self.actor.id}
                for card_id, card in made
                if card.assigned
            ],
        )
        await self._insert(
            Comment,
            [
                {
                    "card_id": card_id,
                    "board_id": board_id,
                    "author_id": self.actor.id,
                    "body": body,
                    "created_at": when,
                    "edited_at": None,
                }
                for card_id, card in made
                for body, when in card.comments
            ],
        )
        await self._checklists(made)

    async def _checklists(self, made: list[tuple[int, CardPlan]]) -> None:
        db, board_id = self.db, self.board_id
        lists = [
            (card_id, title, rank, items)
            for card_id, card in made
            for (title, items), rank in zip(
                card.checklists, spread(len(card.checklists)), strict=True
            )
        ]
        await self._insert(
            Checklist,
            [
                {"card_id": card_id, "board_id": board_id, "title": title, "rank": rank}
                for card_id, title, rank, _items in lists
            ],
        )
        checklist_of: dict[tuple[int, int], int] = {}
        if lists:
            for checklist_id, card_id, rank in await db.execute(
                select(Checklist.id, Checklist.card_id, Checklist.rank).where(
                    Checklist.board_id == board_id, Checklist.id > self._seen_checklist
                )
            ):
                checklist_of[card_id, rank] = checklist_id
                self._seen_checklist = max(self._seen_checklist, checklist_id)
        await self._insert(
            ChecklistItem,
            [
                {
                    "checklist_id": checklist_of[card_id, rank],
                    "card_id": card_id,
                    "board_id": board_id,
                    "text": text,
                    "done": done,
                    "rank": item_rank,
                    "assignee_id": None,
                    "due_at": None,
                }
                for card_id, _title, rank, items in lists
                for (text, done), item_rank in zip(items, spread(len(items)), strict=True)
            ],
        )


async def finish(
    db: UnitOfWork, actor: Actor, board_id: int, invitations: list[str], step: Step
) -> None:
    """The importer the owner, the invitations sent, ``board.imported`` recorded (the
    search index takes the board in then): from here on, the board is seen."""
    async with db.transaction():
        board = await db.get_one(Board, board_id)
        db.add(BoardMember(board_id=board.id, user_id=actor.id, role=Role.owner))
        await db.flush()
        for email in invitations:
            await send_invitation(db, db.settings, actor, board, email=email, role=Role.editor)
        await record_event(
            db, board.id, "board.imported", actor, {"id": board.id, "name": board.name}
        )
        await step(db, 0)


async def remove(db: UnitOfWork, board_id: int) -> None:
    """A board an import left half written, and everything on it, in a transaction."""
    async with db.transaction():
        await delete_board(db, board_id)


async def delete_board(db: UnitOfWork, board_id: int) -> None:
    """The board and everything on it (cascading keys), in the caller's transaction."""
    await db.execute(
        delete(Board).where(Board.id == board_id).execution_options(synchronize_session=False)
    )
