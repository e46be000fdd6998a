"""JSON routes for checklists and their items (the card read includes them: api.py)."""

from __future__ import annotations

from fastapi import APIRouter, status

from teamboard.accounts.deps import CurrentActor
from teamboard.cards import checklist_items, checklists
from teamboard.cards.checklist_schemas import (
    ChecklistCreate,
    ChecklistHead,
    ChecklistRead,
    ChecklistUpdate,
    ItemConvert,
    ItemCreate,
    ItemRead,
    ItemUpdate,
)
from teamboard.cards.schemas import CardRead
from teamboard.core.deps import DB, IdPath

router = APIRouter(tags=["checklists"])


@router.post(
    "/cards/{card_id}/checklists",
    response_model=ChecklistRead,
    status_code=status.HTTP_201_CREATED,
)
async def add_checklist(
    card_id: IdPath, body: ChecklistCreate, actor: CurrentActor, db: DB
) -> object:
    return await checklists.add_checklist(db, actor, card_id, body.title, body.position)


@router.patch("/checklists/{checklist_id}", response_model=ChecklistHead)
async def update_checklist(
    checklist_id: IdPath, body: ChecklistUpdate, actor: CurrentActor, db: DB
) -> object:
    """Rename (``title``) or move (``position``, 0 = first) a checklist."""
    changes = body.model_dump(exclude_unset=True)
    return await checklists.update_checklist(db, actor, checklist_id, changes)


@router.delete("/checklists/{checklist_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_checklist(checklist_id: IdPath, actor: CurrentActor, db: DB) -> None:
    """The checklist goes with its items."""
    await checklists.delete_checklist(db, actor, checklist_id)


@router.post(
    "/checklists/{checklist_id}/items",
    response_model=ItemRead,
    status_code=status.HTTP_201_CREATED,
)
async def add_item(checklist_id: IdPath, body: ItemCreate, actor: CurrentActor, db: DB) -> object:
    return await checklist_items.add_item(db, actor, checklist_id, body.model_dump())


@router.patch("/checklist-items/{item_id}", response_model=ItemRead)
async def update_item(item_id: IdPath, body: ItemUpdate, actor: CurrentActor, db: DB) -> object:
    """Tick (``done``), reword, assign, give a due day, or move (``position`` in its
    checklist, or ``checklist_id``: another checklist of the same card). Null clears the
    assignee or the day."""
    return await checklist_items.update_item(
        db, actor, item_id, body.model_dump(exclude_unset=True)
    )


@router.delete("/checklist-items/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_item(item_id: IdPath, actor: CurrentActor, db: DB) -> None:
    await checklist_items.delete_item(db, actor, item_id)


@router.post(
    "/checklist-items/{item_id}/convert",
    response_model=CardRead,
    status_code=status.HTTP_201_CREATED,
)
async def convert_item(
    item_id: IdPath, actor: CurrentActor, db: DB, body: ItemConvert | None = None
) -> object:
    """Turn the item into a card in its card's column (below that card, or at
    ``position``); the item goes."""
    position = body.position if body is not None else None
    return await checklist_items.convert_item(db, actor, item_id, position)
