"""Columns: create, rename, WIP limit, reorder, delete."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel
from sqlalchemy import delete, func, select

from teamboard.boards.access import access_board, access_column
from teamboard.boards.log import lock_board, record_event
from teamboard.boards.models import BoardColumn, Role
from teamboard.boards.schemas import ColumnRead
from teamboard.boards.views import as_json, column_read
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import Conflict, Invalid
from teamboard.core.positions import rank_between, spread

MAX_COLUMNS = 200


async def check_version(
    entity: Any, expected: int | None, current: Callable[[], Awaitable[BaseModel]]
) -> None:
    """Optimistic concurrency: a stale version never overwrites; the client gets the
    current state (computed only then) to reconcile with."""
    if expected is not None and expected != entity.version:
        raise Conflict(
            f"Changed by someone else (version {entity.version}, you sent {expected})",
            current=await current(),
        )


def _current_column(db: UnitOfWork, column: BoardColumn) -> Callable[[], Awaitable[ColumnRead]]:
    async def current() -> ColumnRead:
        return column_read(column, await column_position(db, column))

    return current


async def _ordered(db: UnitOfWork, board_id: int) -> list[BoardColumn]:
    return list(
        await db.scalars(
            select(BoardColumn)
            .where(BoardColumn.board_id == board_id)
            .order_by(BoardColumn.rank, BoardColumn.id)
        )
    )


async def column_position(db: UnitOfWork, column: BoardColumn) -> int:
    return (
        await db.scalar(
            select(func.count()).where(
                BoardColumn.board_id == column.board_id,
                (BoardColumn.rank < column.rank)
                | ((BoardColumn.rank == column.rank) & (BoardColumn.id < column.id)),
            )
        )
        or 0
    )


async def _place(db: UnitOfWork, column: BoardColumn, position: int | None) -> None:
    others = [c for c in await _ordered(db, column.board_id) if c.id != column.id]
    index = len(others) if position is None else min(position, len(others))
    before = others[index - 1].rank if index > 0 else None
    after = others[index].rank if index < len(others) else None
    rank = rank_between(before, after)
    if rank is None:
        others.insert(index, column)
        for item, new_rank in zip(others, spread(len(others)), strict=True):
            item.rank = new_rank
    else:
        column.rank = rank


async def create_column(
    db: UnitOfWork,
    actor: Actor,
    board_id: int,
    *,
    name: str,
    wip_limit: int | None,
    position: int | None,
) -> ColumnRead:
    async with db.transaction():
        await access_board(db, actor, board_id, Role.editor)
        await lock_board(db, board_id)
        count = await db.scalar(select(func.count()).where(BoardColumn.board_id == board_id))
        if (count or 0) >= MAX_COLUMNS:
            raise Invalid(f"A board has at most {MAX_COLUMNS} columns")
        column = BoardColumn(board_id=board_id, name=name, wip_limit=wip_limit, rank=0)
        db.add(column)
        await db.flush()
        await _place(db, column, position)
        await db.flush()
        result = column_read(column, await column_position(db, column))
        await record_event(db, board_id, "column.created", actor, as_json(result))
    return result


async def list_columns(db: UnitOfWork, actor: Actor, board_id: int) -> list[ColumnRead]:
    await access_board(db, actor, board_id)
    return [column_read(column, index) for index, column in enumerate(await _ordered(db, board_id))]


async def read_column(db: UnitOfWork, actor: Actor, column_id: int) -> ColumnRead:
    column, _role = await access_column(db, actor, column_id)
    return column_read(column, await column_position(db, column))


async def update_column(
    db: UnitOfWork,
    actor: Actor,
    column_id: int,
    changes: dict[str, Any],
    version: int | None,
) -> ColumnRead:
    async with db.transaction():
        column, _role = await access_column(db, actor, column_id, Role.editor)
        await lock_board(db, column.board_id)
        await db.refresh(column)
        await check_version(column, version, _current_column(db, column))
        if changes.get("name") is not None:
            column.name = changes["name"]
        if "wip_limit" in changes:
            column.wip_limit = changes["wip_limit"]
        if changes.get("position") is not None:
            await _place(db, column, changes["position"])
        column.version += 1
        await db.flush()
        result = column_read(column, await column_position(db, column))
        kind = "column.moved" if changes.get("position") is not None else "column.updated"
        await record_event(db, column.board_id, kind, actor, as_json(result))
    return result


async def reorder_columns(
    db: UnitOfWork, actor: Actor, board_id: int, column_ids: list[int]
) -> list[ColumnRead]:
    async with db.transaction():
        await access_board(db, actor, board_id, Role.editor)
        await lock_board(db, board_id)
        columns = await _ordered(db, board_id)
        if sorted(column_ids) != sorted(c.id for c in columns):
            raise Invalid.field("column_ids", "column_order")
        by_id = {c.id: c for c in columns}
        for column_id, rank in zip(column_ids, spread(len(column_ids)), strict=True):
            by_id[column_id].rank = rank
        await db.flush()
        result = [column_read(by_id[cid], index) for index, cid in enumerate(column_ids)]
        await record_event(db, board_id, "columns.reordered", actor, {"column_ids": column_ids})
    return result


async def delete_column(db: UnitOfWork, actor: Actor, column_id: int, version: int | None) -> None:
    """Deletes the column with its cards."""
    async with db.transaction():
        column, _role = await access_column(db, actor, column_id, Role.editor)
        await lock_board(db, column.board_id)
        await db.refresh(column)
        await check_version(column, version, _current_column(db, column))
        board_id = column.board_id
        await db.execute(delete(BoardColumn).where(BoardColumn.id == column_id))
        await record_event(db, board_id, "column.deleted", actor, {"id": column_id})
