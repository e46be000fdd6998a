"""Insert-or-ignore and insert-or-update, the same on SQLite and PostgreSQL (both speak
``ON CONFLICT``): a follow or a setting written twice at once is one row, not a 409."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite

from teamboard.core.db import UnitOfWork


def insert(db: UnitOfWork, model: Any) -> postgresql.Insert | sqlite.Insert:
    return sqlite.insert(model) if db.database.is_sqlite else postgresql.insert(model)


async def insert_ignoring(db: UnitOfWork, model: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        await db.execute(insert(db, model).values(rows).on_conflict_do_nothing())


async def upsert(
    db: UnitOfWork, model: Any, row: dict[str, Any], key: list[str], changes: dict[str, Any]
) -> None:
    statement = insert(db, model).values(row)
    await db.execute(statement.on_conflict_do_update(index_elements=key, set_=changes))
