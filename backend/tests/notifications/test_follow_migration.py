"""Upgrading follows the cards people already took part in, as new ones will be."""

from __future__ import annotations

from pathlib import Path

from teamboard.core.db import Database
from teamboard.core.migrate import upgrade
from tests.support.app import make_settings

NOW = "2026-01-01 00:00:00"


async def test_upgrading_follows_the_cards_people_took_part_in(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    database = Database(make_settings(url, tmp_path))
    try:
        await upgrade(database.engine, "0008")
        async with database.engine.begin() as conn:
            for user in range(1, 6):
                await conn.exec_driver_sql(
                    "INSERT INTO users (id, email, display_name, is_active, is_admin, auth_epoch,"
                    f" created_at, updated_at) VALUES ({user}, 'u{user}@example.com', 'U{user}',"
                    f" 1, 0, 0, '{NOW}', '{NOW}')"
                )
            for statement in (
                "INSERT INTO boards (id, name, description, archived, event_seq, created_at,"
                f" updated_at) VALUES (1, 'B', '', 0, 0, '{NOW}', '{NOW}')",
                # 1 made the card, 2 is assigned, 3 and 4 commented; 4 left the board;
                # 5 is a member who took no part.
                *(
                    "INSERT INTO board_members (board_id, user_id, role, created_at) VALUES"
                    f" (1, {user}, 'editor', '{NOW}')"
                    for user in (1, 2, 3, 5)
                ),
                "INSERT INTO board_columns (id, board_id, name, rank, version, created_at,"
                f" updated_at) VALUES (1, 1, 'To do', 0, 1, '{NOW}', '{NOW}')",
                *(
                    "INSERT INTO cards (id, board_id, column_id, title, description, rank,"
                    f" archived, creator_id, version, created_at, updated_at) VALUES ({card}, 1,"
                    f" 1, 'C', '', {card}, 0, {creator}, 1, '{NOW}', '{NOW}')"
                    for card, creator in ((1, 1), (2, "NULL"))
                ),
                "INSERT INTO card_assignees (card_id, user_id) VALUES (1, 2)",
                *(
                    "INSERT INTO comments (card_id, board_id, author_id, body, created_at)"
                    f" VALUES (1, 1, {author}, 'x', '{NOW}')"
                    for author in (3, 3, 4, "NULL")
                ),
            ):
                await conn.exec_driver_sql(statement)
        await upgrade(database.engine)
        async with database.engine.connect() as conn:
            rows = await conn.exec_driver_sql(
                "SELECT card_id, user_id FROM card_follows ORDER BY card_id, user_id"
            )
            assert [tuple(row) for row in rows] == [(1, 1), (1, 2), (1, 3)]
    finally:
        await database.dispose()
