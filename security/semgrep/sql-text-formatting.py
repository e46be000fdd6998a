# Tests of the sql-text-formatting rule: `semgrep --test security/semgrep`.
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from teamboard.boards.models import Board


async def by_name(db: AsyncSession, name: str) -> Any:
    # ruleid: sql-text-formatting
    await db.execute(text(f"SELECT id FROM boards WHERE name = '{name}'"))
    # ruleid: sql-text-formatting
    await db.execute(text("SELECT id FROM boards WHERE name = '{}'".format(name)))
    # ruleid: sql-text-formatting
    await db.execute(text("SELECT id FROM boards WHERE name = '%s'" % name))
    # ruleid: sql-text-formatting
    return await db.execute(text("SELECT id FROM boards WHERE name = '" + name + "'"))


async def raw(conn: AsyncConnection, table: str, driver: Any) -> None:
    # ruleid: sql-text-formatting
    await conn.exec_driver_sql(f"DELETE FROM {table}")
    # ruleid: sql-text-formatting
    await driver.fetch(f"SELECT * FROM {table}")


async def bound(db: AsyncSession, name: str) -> Any:
    # ok: sql-text-formatting
    await db.execute(text("SELECT id FROM boards WHERE name = :name"), {"name": name})
    # ok: sql-text-formatting
    await db.execute(text("SELECT id FROM boards WHERE name = :name").bindparams(name=name))
    # ok: sql-text-formatting
    return await db.execute(select(Board.id).where(Board.name == name))
