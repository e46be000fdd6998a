"""0018 adds ``boards.is_template`` in place: on SQLite, a rebuilt ``boards`` table would
take everything on the boards with it (its old copy's drop cascades)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy.engine import Connection

from teamboard.core.db import Database
from teamboard.core.migrate import alembic_config, upgrade
from tests.support.app import make_settings

NOW = "2026-01-01 00:00:00"


async def _counts(database: Database) -> list[int]:
    async with database.engine.connect() as conn:
        return [
            (await conn.exec_driver_sql(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608
            for table in ("boards", "board_columns", "events")
        ]


async def test_the_template_flag_comes_and_goes_without_touching_the_boards(
    tmp_path: Path,
) -> None:
    database = Database(make_settings(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}", tmp_path))
    try:
        await upgrade(database.engine, "0015_growth_indexes")
        async with database.engine.begin() as conn:
            for statement in (
                "INSERT INTO boards (id, name, description, archived, event_seq, created_at,"
                f" updated_at) VALUES (1, 'B', '', 0, 1, '{NOW}', '{NOW}')",
                "INSERT INTO board_columns (id, board_id, name, rank, version, created_at,"
                f" updated_at) VALUES (1, 1, 'To do', 1, 1, '{NOW}', '{NOW}')",
                "INSERT INTO events (board_id, seq, type, actor_id, data, created_at) VALUES"
                f" (1, 1, 'board.created', NULL, '{{\"id\": 1}}', '{NOW}')",
            ):
                await conn.exec_driver_sql(statement)

        await upgrade(database.engine, "0018_templates")
        assert await _counts(database) == [1, 1, 1]
        async with database.engine.connect() as conn:
            flag = await conn.exec_driver_sql("SELECT is_template FROM boards")
            assert flag.scalar_one() in (0, False)

        def down(connection: Connection) -> None:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0015_growth_indexes")

        async with database.engine.begin() as conn:
            await conn.run_sync(down)
        assert await _counts(database) == [1, 1, 1]
    finally:
        await database.dispose()
