"""Labels belong to a board; cards refer to them."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from teamboard.boards import trash
from teamboard.boards.access import access_board, access_label
from teamboard.boards.log import lock_board, record_event
from teamboard.boards.models import Label, Role
from teamboard.boards.schemas import LabelRead
from teamboard.boards.trash import Kind
from teamboard.boards.views import as_json, label_read
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import Conflict, Invalid

MAX_LABELS = 100


async def list_labels(db: UnitOfWork, actor: Actor, board_id: int) -> list[LabelRead]:
    await access_board(db, actor, board_id)
    labels = await db.scalars(
        select(Label).where(Label.board_id == board_id).order_by(Label.name, Label.id)
    )
    return [label_read(label) for label in labels]


async def label_to_change(db: UnitOfWork, actor: Actor, label_id: int) -> LabelRead:
    """The label, if the caller may change or delete it (the pages ask before deleting)."""
    label, _role = await access_label(db, actor, label_id, Role.editor)
    return label_read(label)


async def _name_taken(db: UnitOfWork, board_id: int, name: str, but: int | None) -> bool:
    query = select(Label.id).where(
        Label.board_id == board_id, func.lower(Label.name) == name.lower()
    )
    if but is not None:
        query = query.where(Label.id != but)
    return await db.scalar(query) is not None


async def create_label(
    db: UnitOfWork, actor: Actor, board_id: int, *, name: str, color: str
) -> LabelRead:
    async with db.transaction():
        await access_board(db, actor, board_id, Role.editor)
        await lock_board(db, board_id)
        if await _name_taken(db, board_id, name, None):
            raise Invalid.field("name", "label_taken")
        count = await db.scalar(select(func.count()).where(Label.board_id == board_id))
        if (count or 0) >= MAX_LABELS:
            raise Conflict(f"A board has at most {MAX_LABELS} labels")
        label = Label(board_id=board_id, name=name, color=color)
        db.add(label)
        await db.flush()
        result = label_read(label)
        await record_event(db, board_id, "label.created", actor, as_json(result))
    return result


async def update_label(
    db: UnitOfWork, actor: Actor, label_id: int, *, name: str | None, color: str | None
) -> LabelRead:
    async with db.transaction():
        label, _role = await access_label(db, actor, label_id, Role.editor)
        await lock_board(db, label.board_id)
        if name is not None:
            if await _name_taken(db, label.board_id, name, label.id):
                raise Invalid.field("name", "label_taken")
            label.name = name
        if color is not None:
            label.color = color
        await db.flush()
        result = label_read(label)
        await record_event(db, label.board_id, "label.updated", actor, as_json(result))
    return result


async def delete_label(db: UnitOfWork, actor: Actor, label_id: int) -> None:
    async with db.transaction():
        label, _role = await access_label(db, actor, label_id, Role.editor)
        await lock_board(db, label.board_id)
        board_id = label.board_id
        kept = await trash.with_dependents(db, Label, label_id)
        await trash.keep(db, board_id, Kind.label, label_id, actor.id, kept)
        await db.execute(delete(Label).where(Label.id == label_id))
        await record_event(db, board_id, "label.deleted", actor, {"id": label_id})


async def restore_label(db: UnitOfWork, actor: Actor, label_id: int) -> LabelRead:
    """Undo :func:`delete_label` within its window: the label comes back on every card it
    was on (that is still there)."""
    async with db.transaction():
        item, _role = await trash.find_for(db, actor, Kind.label, label_id, Role.editor)
        await lock_board(db, item.board_id)
        name = item.rows[0]["rows"][0]["name"]
        if await _name_taken(db, item.board_id, name, None):
            raise Conflict(f"A label named “{name}” exists again: rename it first")
        restored = await trash.put_back(db, item)
        label = await db.get_one(Label, label_id)
        result = label_read(label)
        card_ids = sorted(row["card_id"] for row in restored.get("card_labels", []))
        data = {"label": as_json(result), "card_ids": card_ids}
        await record_event(db, item.board_id, "label.restored", actor, data)
    return result
