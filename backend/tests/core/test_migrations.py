"""The migrations build exactly the schema the models describe, from an empty database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from teamboard.core.db import Database
from teamboard.core.migrate import alembic_config, upgrade
from teamboard.models import Base
from tests.conftest import make_settings


def _diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection,
        opts={"compare_type": True, "compare_server_default": True},
    )
    diffs: list[Any] = compare_metadata(context, Base.metadata)
    return diffs


def _revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def _check(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        assert await conn.run_sync(_diff) == []
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert await conn.run_sync(_revision) == head


async def test_migrated_test_database_matches_the_models(migrated: str, data_dir: Path) -> None:
    database = Database(make_settings(migrated, data_dir))
    try:
        await _check(database.engine)
    finally:
        await database.dispose()


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_upgrade_head_on_a_fresh_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
    database = Database(make_settings(url, tmp_path))
    try:
        await upgrade(database.engine)
        await _check(database.engine)
        async with database.engine.connect() as conn:
            tables = await conn.run_sync(_tables)
        assert set(Base.metadata.tables) <= tables
        await upgrade(database.engine)  # a second run is a no-op
        await _check(database.engine)

        def down(connection: Connection) -> None:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "base")

        async with database.engine.begin() as conn:
            await conn.run_sync(down)
        async with database.engine.connect() as conn:
            assert await conn.run_sync(_tables) <= {"alembic_version"}
        await upgrade(database.engine)
        await _check(database.engine)
    finally:
        await database.dispose()
