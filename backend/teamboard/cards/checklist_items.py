"""A checklist's items: add, edit (text, done, assignee, due day, place), delete, and turn
one into a card of its own."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import func, select

from teamboard.boards.access import access_statement, access_to
from teamboard.boards.log import lock_board
from teamboard.boards.models import BoardMember, Role
from teamboard.cards import service as cards
from teamboard.cards.checklist_schemas import MAX_ITEMS_PER_CHECKLIST, ItemRead
from teamboard.cards.checklists import access_checklist, place, position_of, record
from teamboard.cards.models import Card, ChecklistItem
from teamboard.cards.schemas import CardRead
from teamboard.cards.views import as_json, item_read
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import Invalid

_ITEM = access_statement(ChecklistItem)
TITLE_MAX = 200  # a card's title: a longer item is cut at a word when it becomes one


async def access_item(
    db: UnitOfWork, actor: Actor, item_id: int, need: Role = Role.viewer
) -> ChecklistItem:
    found, _role = await access_to(db, actor, _ITEM, "checklist item", item_id, need)
    return cast(ChecklistItem, found)


async def position_in_checklist(db: UnitOfWork, item: ChecklistItem) -> int:
    return await position_of(
        db, ChecklistItem, item, ChecklistItem.checklist_id == item.checklist_id
    )


async def _check_assignee(db: UnitOfWork, board_id: int, user_id: int | None) -> None:
    if user_id is None:
        return
    member = await db.get(BoardMember, (board_id, user_id))
    if member is None:
        raise Invalid.field("assignee_id", "assignee_not_member")


async def _check_room(db: UnitOfWork, checklist_id: int) -> None:
    count = await db.scalar(select(func.count()).where(ChecklistItem.checklist_id == checklist_id))
    if (count or 0) >= MAX_ITEMS_PER_CHECKLIST:
        raise Invalid(f"A checklist holds at most {MAX_ITEMS_PER_CHECKLIST} items")


async def add_item(
    db: UnitOfWork, actor: Actor, checklist_id: int, data: dict[str, Any]
) -> ItemRead:
    async with db.transaction():
        checklist = await access_checklist(db, actor, checklist_id, Role.editor)
        await lock_board(db, checklist.board_id)
        await _check_room(db, checklist_id)
        await _check_assignee(db, checklist.board_id, data.get("assignee_id"))
        item = ChecklistItem(
            checklist_id=checklist_id,
            card_id=checklist.card_id,
            board_id=checklist.board_id,
            text=data["text"],
            assignee_id=data.get("assignee_id"),
            due_at=data.get("due_at"),
            done=False,
            rank=0,
        )
        scope = ChecklistItem.checklist_id == checklist_id
        index = await place(db, ChecklistItem, item, scope, data.get("position"))
        db.add(item)
        await db.flush()
        result = item_read(item, index)
        await _recorded(db, actor, item, "checklist_item.created", result)
    return result


async def update_item(
    db: UnitOfWork, actor: Actor, item_id: int, changes: dict[str, Any]
) -> ItemRead:
    """Only the fields sent change; ``assignee_id`` or ``due_at`` sent as null clear."""
    async with db.transaction():
        item = await access_item(db, actor, item_id, Role.editor)
        await lock_board(db, item.board_id)
        before = item_read(item, 0)
        for name in ("text", "done"):
            if changes.get(name) is not None:
                setattr(item, name, changes[name])
        if "assignee_id" in changes:
            await _check_assignee(db, item.board_id, changes["assignee_id"])
            item.assignee_id = changes["assignee_id"]
        if "due_at" in changes:
            item.due_at = changes["due_at"]
        target: int | None = changes.get("checklist_id")
        moved = target is not None and target != item.checklist_id
        if target is not None and moved:
            other = await access_checklist(db, actor, target, Role.editor)
            if other.card_id != item.card_id:
                raise Invalid.field("checklist_id", "checklist_other_card")
            await _check_room(db, target)
            item.checklist_id = target
        scope = ChecklistItem.checklist_id == item.checklist_id
        if moved or changes.get("position") is not None:
            index = await place(db, ChecklistItem, item, scope, changes.get("position"))
        else:
            index = await position_of(db, ChecklistItem, item, scope)
        await db.flush()
        result = item_read(item, index)
        changed = [
            name
            for name in ("text", "done", "assignee_id", "due_at", "checklist_id")
            if getattr(before, name) != getattr(result, name)
        ] + (["position"] if "position" in changes else [])
        await _recorded(db, actor, item, "checklist_item.updated", result, changed)
    return result


async def delete_item(db: UnitOfWork, actor: Actor, item_id: int) -> None:
    async with db.transaction():
        item = await access_item(db, actor, item_id, Role.editor)
        await lock_board(db, item.board_id)
        await _deleted(db, actor, item, converted_to=None)


async def convert_item(
    db: UnitOfWork, actor: Actor, item_id: int, position: int | None = None
) -> CardRead:
    """The item becomes a card in its card's column (right below that card unless told
    otherwise), with the item's assignee and due day; the item goes."""
    async with db.transaction():
        item = await access_item(db, actor, item_id, Role.editor)
        await lock_board(db, item.board_id)
        card = await db.get_one(Card, item.card_id)
        if position is None:
            position = await cards.card_position(db, card) + 1
        data = {
            "title": _title(item.text),
            "description": item.text if len(item.text) > TITLE_MAX else "",
            "due_date": item.due_at,
            "label_ids": [],
            "assignee_ids": [item.assignee_id] if item.assignee_id else [],
            "position": position,
        }
        created = await cards.insert_card(db, actor, item.board_id, card.column_id, data)
        await _deleted(db, actor, item, converted_to=created.id)
    return created


def _title(text: str) -> str:
    if len(text) <= TITLE_MAX:
        return text
    cut = text[: TITLE_MAX - 1].rsplit(" ", 1)[0].rstrip()
    return (cut or text[: TITLE_MAX - 1]) + "…"


async def _recorded(
    db: UnitOfWork,
    actor: Actor,
    item: ChecklistItem,
    kind: str,
    result: ItemRead,
    changed: list[str] | None = None,
) -> None:
    data: dict[str, Any] = {"item": as_json(result)}
    if changed is not None:
        data["changed"] = changed
    await record(db, actor, item.board_id, kind, item.card_id, data)


async def _deleted(
    db: UnitOfWork, actor: Actor, item: ChecklistItem, *, converted_to: int | None
) -> None:
    board_id, card_id = item.board_id, item.card_id
    data = {"id": item.id, "checklist_id": item.checklist_id, "converted_to": converted_to}
    await db.delete(item)
    await db.flush()
    await record(db, actor, board_id, "checklist_item.deleted", card_id, data)
