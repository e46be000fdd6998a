"""Alembic environment (async). The URL comes from the caller's config or the settings."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from teamboard.core.config import get_settings
from teamboard.core.db import Database
from teamboard.core.migrate import described
from teamboard.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=described,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    database = Database(get_settings())
    async with database.engine.connect() as conn:
        await conn.run_sync(_configure)
        await conn.commit()
    await database.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `teamboard migrate`")
connection = config.attributes.get("connection")
if connection is not None:
    _configure(connection)
else:
    asyncio.run(_run())
