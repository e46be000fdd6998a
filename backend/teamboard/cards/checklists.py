"""Checklists on cards: read, add, rename, move, delete (their items: checklist_items.py).

Every change records its event with the card's progress after it (done of total items),
counted in the change's transaction under the board's lock: whoever applies the event (the
board cache, the clients' tiles) sets the tile's progress without counting anything.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, cast

from sqlalchemy import Table, case, delete, func, select, update

from teamboard.boards.access import access_statement, access_to
from teamboard.boards.log import lock_board, record_event
from teamboard.boards.models import Role
from teamboard.cards import service as cards
from teamboard.cards.access import access_card
from teamboard.cards.checklist_schemas import (
    MAX_CHECKLISTS_PER_CARD,
    CardDetail,
    ChecklistHead,
    ChecklistRead,
    ItemRead,
)
from teamboard.cards.models import Checklist, ChecklistItem
from teamboard.cards.schemas import Progress
from teamboard.cards.views import as_json, checklist_head, item_read
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import Invalid
from teamboard.core.positions import rank_between, spread

_CHECKLIST = access_statement(Checklist)
_items = cast(Table, ChecklistItem.__table__)


async def access_checklist(
    db: UnitOfWork, actor: Actor, checklist_id: int, need: Role = Role.viewer
) -> Checklist:
    found, _role = await access_to(db, actor, _CHECKLIST, "checklist", checklist_id, need)
    return cast(Checklist, found)


# -- reads -------------------------------------------------------------------------------------


async def progress_of(db: UnitOfWork, card_id: int) -> Progress:
    row = (
        await db.execute(
            select(func.count(), func.coalesce(func.sum(case((_items.c.done, 1), else_=0)), 0))
            .select_from(_items)
            .where(_items.c.card_id == card_id)
        )
    ).one()
    return Progress(done=row[1], total=row[0])


async def checklists_of(db: UnitOfWork, card_id: int) -> list[ChecklistRead]:
    """The card's checklists with their items, in order: two statements."""
    lists = list(
        await db.scalars(
            select(Checklist)
            .where(Checklist.card_id == card_id)
            .order_by(Checklist.rank, Checklist.id)
        )
    )
    items: defaultdict[int, list[ItemRead]] = defaultdict(list)
    rows = await db.scalars(
        select(ChecklistItem)
        .where(ChecklistItem.card_id == card_id)
        .order_by(ChecklistItem.checklist_id, ChecklistItem.rank, ChecklistItem.id)
    )
    for item in rows:
        bucket = items[item.checklist_id]
        bucket.append(item_read(item, len(bucket)))
    return [
        ChecklistRead(**checklist_head(checklist, index).model_dump(), items=items[checklist.id])
        for index, checklist in enumerate(lists)
    ]


async def read_card_detail(db: UnitOfWork, actor: Actor, card_id: int) -> CardDetail:
    card = await cards.read_card(db, actor, card_id)
    return CardDetail(**card.model_dump(), checklists=await checklists_of(db, card_id))


# -- order ---------------------------------------------------------------------------------------


async def place(
    db: UnitOfWork,
    model: type[Checklist] | type[ChecklistItem],
    row: Any,
    scope: Any,
    at: int | None,
) -> int:
    """Put ``row`` at index ``at`` (clamped; None = last) among the rows of ``model`` that
    ``scope`` selects, writing its rank, or re-spreading them all when its neighbours
    have no gap left (a list is short: a checklist holds at most a few hundred). Returns
    the index it got."""
    others = [
        (row_id, rank)
        for row_id, rank in await db.execute(
            select(model.id, model.rank).where(scope).order_by(model.rank, model.id)
        )
        if row_id != row.id
    ]
    index = len(others) if at is None else min(at, len(others))
    before = others[index - 1][1] if index > 0 else None
    after = others[index][1] if index < len(others) else None
    rank = rank_between(before, after)
    if rank is not None:
        row.rank = rank
        return index
    ids = [row_id for row_id, _rank in others]
    ranks = spread(len(ids) + 1)
    row.rank = ranks[index]
    del ranks[index]
    if ids:  # one statement for them all: the ORM's bulk UPDATE by primary key
        await db.execute(
            update(model), [{"id": i, "rank": r} for i, r in zip(ids, ranks, strict=True)]
        )
    return index


async def position_of(
    db: UnitOfWork, model: type[Checklist] | type[ChecklistItem], row: Any, scope: Any
) -> int:
    before = (model.rank < row.rank) | ((model.rank == row.rank) & (model.id < row.id))
    return await db.scalar(select(func.count()).where(scope, before)) or 0


# -- writes ------------------------------------------------------------------------------------


async def record(
    db: UnitOfWork, actor: Actor, board_id: int, kind: str, card_id: int, data: dict[str, Any]
) -> Progress:
    """Record a checklist event with the card's progress after the change."""
    progress = await progress_of(db, card_id)
    event = {**data, "card_id": card_id, "progress": progress.model_dump()}
    await record_event(db, board_id, kind, actor, event)
    return progress


async def add_checklist(
    db: UnitOfWork, actor: Actor, card_id: int, title: str, position: int | None = None
) -> ChecklistRead:
    async with db.transaction():
        card, _role = await access_card(db, actor, card_id, Role.editor)
        await lock_board(db, card.board_id)
        count = await db.scalar(select(func.count()).where(Checklist.card_id == card_id))
        if (count or 0) >= MAX_CHECKLISTS_PER_CARD:
            raise Invalid(f"A card holds at most {MAX_CHECKLISTS_PER_CARD} checklists")
        checklist = Checklist(card_id=card_id, board_id=card.board_id, title=title, rank=0)
        index = await place(db, Checklist, checklist, Checklist.card_id == card_id, position)
        db.add(checklist)
        await db.flush()
        head = checklist_head(checklist, index)
        await record(db, actor, card.board_id, "checklist.created", card_id, _data(head))
    return ChecklistRead(**head.model_dump(), items=[])


async def update_checklist(
    db: UnitOfWork, actor: Actor, checklist_id: int, changes: dict[str, Any]
) -> ChecklistHead:
    async with db.transaction():
        checklist = await access_checklist(db, actor, checklist_id, Role.editor)
        await lock_board(db, checklist.board_id)
        if changes.get("title") is not None:
            checklist.title = changes["title"]
        scope = Checklist.card_id == checklist.card_id
        if changes.get("position") is not None:
            index = await place(db, Checklist, checklist, scope, changes["position"])
        else:
            index = await position_of(db, Checklist, checklist, scope)
        await db.flush()
        head = checklist_head(checklist, index)
        card_id = checklist.card_id
        await record(db, actor, checklist.board_id, "checklist.updated", card_id, _data(head))
    return head


async def delete_checklist(db: UnitOfWork, actor: Actor, checklist_id: int) -> None:
    """A checklist goes with its items (the pages and the SPA ask first)."""
    async with db.transaction():
        checklist = await access_checklist(db, actor, checklist_id, Role.editor)
        await lock_board(db, checklist.board_id)
        board_id, card_id = checklist.board_id, checklist.card_id
        await db.execute(delete(ChecklistItem).where(ChecklistItem.checklist_id == checklist_id))
        await db.execute(delete(Checklist).where(Checklist.id == checklist_id))
        await record(db, actor, board_id, "checklist.deleted", card_id, {"id": checklist_id})


def _data(head: ChecklistHead) -> dict[str, Any]:
    return {"checklist": as_json(head)}
