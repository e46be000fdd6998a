"""Checklists in a board's export and import: each card's, with their items in order; an
item's assignee by e-mail, kept on import for a member of the new board only."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from teamboard.cards.checklist_schemas import MAX_ITEMS_PER_CHECKLIST
from teamboard.cards.models import Card, Checklist, ChecklistItem
from teamboard.core.db import UnitOfWork
from teamboard.core.positions import spread


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ItemDoc(_Doc):
    text: str = Field(min_length=1, max_length=500)
    done: bool = False
    assignee: str | None = None  # an e-mail: kept only for a member of the new board
    due_at: date | None = None


class ChecklistDoc(_Doc):
    title: str = Field(min_length=1, max_length=200)
    items: list[ItemDoc] = Field(default=[], max_length=MAX_ITEMS_PER_CHECKLIST)


async def checklists_of_board(
    db: UnitOfWork, board_id: int, emails: dict[int, str]
) -> dict[int, list[ChecklistDoc]]:
    """Each card's checklists with their items, in order (two queries)."""
    items: dict[int, list[ItemDoc]] = {}
    for item in await db.scalars(
        select(ChecklistItem)
        .where(ChecklistItem.board_id == board_id)
        .order_by(ChecklistItem.rank, ChecklistItem.id)
    ):
        items.setdefault(item.checklist_id, []).append(
            ItemDoc(
                text=item.text,
                done=item.done,
                assignee=emails.get(item.assignee_id) if item.assignee_id else None,
                due_at=item.due_at,
            )
        )
    found: dict[int, list[ChecklistDoc]] = {}
    for checklist in await db.scalars(
        select(Checklist)
        .where(Checklist.board_id == board_id)
        .order_by(Checklist.rank, Checklist.id)
    ):
        found.setdefault(checklist.card_id, []).append(
            ChecklistDoc(title=checklist.title, items=items.get(checklist.id, []))
        )
    return found


def add_checklists(
    db: UnitOfWork, card: Card, docs: list[ChecklistDoc]
) -> list[tuple[Checklist, list[ItemDoc]]]:
    """The card's checklists, to be flushed before their items (which need their ids)."""
    made = []
    for checklist_doc, rank in zip(docs, spread(len(docs)), strict=True):
        checklist = Checklist(
            card_id=card.id, board_id=card.board_id, title=checklist_doc.title, rank=rank
        )
        db.add(checklist)
        made.append((checklist, checklist_doc.items))
    return made


def add_items(
    db: UnitOfWork, made: list[tuple[Checklist, list[ItemDoc]]], members: dict[str, int]
) -> None:
    for checklist, item_docs in made:
        db.add_all(
            ChecklistItem(
                checklist_id=checklist.id,
                card_id=checklist.card_id,
                board_id=checklist.board_id,
                text=item.text,
                done=item.done,
                rank=rank,
                assignee_id=members.get(item.assignee) if item.assignee else None,
                due_at=item.due_at,
            )
            for item, rank in zip(item_docs, spread(len(item_docs)), strict=True)
        )
