"""What copies of cards share, whichever made them: one card's copy (cards/copies.py) or a
board's with its cards (cards/board_copies.py). Both hand the cards just copied, as a
:class:`Copied`, to the copiers of their parts, in the copy's own transaction; each writes
its part for all of them in a constant number of statements (bulk inserts), however many
cards and rows there are.

The cards' own parts are copied here (checklists). A part of a domain above cards (the
attachments' files) registers its copier when the process is assembled (wiring.py):
cards never imports it. What a copier does outside the database (bytes copied into the
storage) it undoes through ``Copied.undo``, run when the copy rolls back
(:func:`copy_transaction`), so that nothing is left that no row points to.
"""

from __future__ import annotations

import contextlib
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import anyio
from sqlalchemy import insert, select

from teamboard.boards.models import BoardMember
from teamboard.cards.models import Checklist, ChecklistItem
from teamboard.cards.schemas import CopyPart
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.positions import spread
from teamboard.core.storage import Storage

log = logging.getLogger(__name__)


@dataclass
class Copied:
    """Cards just copied (flushed, with their ids), all onto board ``board_id``: each
    source card's copy in ``pairs``."""

    db: UnitOfWork
    actor: Actor
    files: Storage
    board_id: int
    pairs: dict[int, int]
    # Items' assignees stay when members of the target board; a new board has none yet.
    keep_assignees: bool = True
    # What each copy's tile shows besides its own fields (progress, file count, cover),
    # by the copy's id: told in its card.created.
    tiles: defaultdict[int, dict[str, Any]] = field(default_factory=lambda: defaultdict(dict))
    # Run if the copy rolls back, last first: what a copier did outside the database.
    undo: list[Callable[[], Awaitable[None]]] = field(default_factory=list)


Copier = Callable[[Copied], Awaitable[None]]
# The copiers of other domains' parts, registered when the process is assembled.
_REGISTERED: dict[CopyPart, Copier] = {}


def register(part: CopyPart, copier: Copier) -> None:
    # Keyed by CopyPart, a closed enum, and written while the process is assembled.
    _REGISTERED[part] = copier  # nosemgrep: unbounded-module-dict


def registered() -> dict[CopyPart, Copier]:
    return dict(_REGISTERED)


@contextlib.asynccontextmanager
async def copy_transaction(
    db: UnitOfWork, undo: list[Callable[[], Awaitable[None]]]
) -> AsyncIterator[None]:
    """``db.transaction()``, and if it rolls back (an error, a failed commit, the request
    cancelled), the copiers' ``undo`` steps: shielded, so that a cancelled request still
    takes its copied bytes back out."""
    try:
        async with db.transaction():
            yield
    except BaseException:
        with anyio.CancelScope(shield=True):
            for step in reversed(undo):
                try:
                    await step()
                except Exception:  # the storage is down: the bytes stay, unreachable; say so
                    log.exception("could not undo part of a copy")
        raise


async def copy_checklists(copied: Copied) -> None:
    """The sources' checklists with their items, in order, ticks included; an item's
    assignee stays if ``keep_assignees`` and a member of the target board. Five
    statements: the lists, their items, the members, then the new lists (read back by
    card and rank, spread anew so that each is told apart) and their items."""
    db, pairs = copied.db, copied.pairs
    lists = list(
        await db.execute(
            select(Checklist.id, Checklist.card_id, Checklist.title)
            .where(Checklist.card_id.in_(list(pairs)))
            .order_by(Checklist.card_id, Checklist.rank, Checklist.id)
        )
    )
    if not lists:
        return
    items = list(
        await db.execute(
            select(
                ChecklistItem.checklist_id,
                ChecklistItem.text,
                ChecklistItem.done,
                ChecklistItem.rank,
                ChecklistItem.assignee_id,
                ChecklistItem.due_at,
            )
            .where(ChecklistItem.card_id.in_(list(pairs)))
            .order_by(ChecklistItem.checklist_id, ChecklistItem.rank, ChecklistItem.id)
        )
    )
    members: set[int] = set()
    if copied.keep_assignees:
        members = set(
            await db.scalars(
                select(BoardMember.user_id).where(BoardMember.board_id == copied.board_id)
            )
        )
    per_card: defaultdict[int, list[Any]] = defaultdict(list)
    for row in lists:
        per_card[pairs[row.card_id]].append(row)
    placed: dict[int, tuple[int, int]] = {}  # a source list's id: its copy's card and rank
    for card_id, rows in per_card.items():
        for row, rank in zip(rows, spread(len(rows)), strict=True):
            placed[row.id] = (card_id, rank)
    await db.execute(
        insert(Checklist),
        [
            {"card_id": card_id, "board_id": copied.board_id, "title": row.title, "rank": rank}
            for row in lists
            for card_id, rank in [placed[row.id]]
        ],
    )
    made = {
        (card_id, rank): list_id
        for list_id, card_id, rank in await db.execute(
            select(Checklist.id, Checklist.card_id, Checklist.rank).where(
                Checklist.card_id.in_(list(per_card))
            )
        )
    }
    if items:
        await db.execute(
            insert(ChecklistItem),
            [
                {
                    "checklist_id": made[placed[item.checklist_id]],
                    "card_id": placed[item.checklist_id][0],
                    "board_id": copied.board_id,
                    "text": item.text,
                    "done": item.done,
                    "rank": item.rank,
                    "assignee_id": item.assignee_id if item.assignee_id in members else None,
                    "due_at": item.due_at,
                }
                for item in items
            ],
        )
    for card_id in per_card:
        copied.tiles[card_id]["progress"] = {"done": 0, "total": 0}
    for item in items:
        progress = copied.tiles[placed[item.checklist_id][0]]["progress"]
        progress["total"] += 1
        progress["done"] += int(item.done)
