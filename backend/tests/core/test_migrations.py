"""The migrations build exactly the schema the models describe, from an empty database."""

from __future__ import annotations

import json
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
from teamboard.core.migrate import alembic_config, described, upgrade
from teamboard.models import Base
from tests.support.app import make_settings


def _diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection,
        opts={
            "compare_type": True,
            "compare_server_default": True,
            "include_object": described,
        },
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


async def test_upgrading_strips_copied_text_from_an_existing_log(tmp_path: Path) -> None:
    """Logs written before events stopped copying text lose their copies on upgrade."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    database = Database(make_settings(url, tmp_path))
    now = "2026-01-01 00:00:00"
    try:
        await upgrade(database.engine, "0005-1")
        async with database.engine.begin() as conn:
            for statement in (
                "INSERT INTO users (id, email, display_name, is_active, is_admin, auth_epoch,"
                f" created_at, updated_at) VALUES (1, 'a@example.com', 'A', 1, 0, 0, '{now}',"
                f" '{now}')",
                "INSERT INTO boards (id, name, description, archived, event_seq, created_at,"
                f" updated_at) VALUES (1, 'B', '', 0, 2, '{now}', '{now}')",
                "INSERT INTO events (board_id, seq, type, actor_id, data, created_at) VALUES"
                ' (1, 1, \'card.created\', 1, \'{"card": {"id": 7, "title": "ZEBRA",'
                f' "description": "ZEBRA too", "column_id": 3}}}}\', \'{now}\')',
                "INSERT INTO events (board_id, seq, type, actor_id, data, created_at) VALUES"
                ' (1, 2, \'comment.created\', 1, \'{"comment": {"id": 4, "body": "ZEBRA",'
                f" \"card_id\": 7}}}}', '{now}')",
            ):
                await conn.exec_driver_sql(statement)
        await upgrade(database.engine)
        async with database.engine.connect() as conn:
            rows = (await conn.exec_driver_sql("SELECT data FROM events ORDER BY seq")).all()
        assert "ZEBRA" not in repr(rows)
        assert [json.loads(data) for (data,) in rows] == [
            {"card": {"id": 7, "column_id": 3}},
            {"comment": {"id": 4, "card_id": 7}},
        ]
    finally:
        await database.dispose()
