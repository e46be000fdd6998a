"""Migration 0014_search indexes the cards already there, on either engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, Table, insert

from teamboard.accounts.models import User
from teamboard.boards.models import Board, BoardColumn, BoardMember, Label, Role
from teamboard.cards.models import Card, CardLabel, Comment
from teamboard.core.actor import Actor
from teamboard.core.db import Database
from teamboard.core.migrate import upgrade
from teamboard.search.schemas import SearchParams
from teamboard.search.service import search
from teamboard.wiring import reactions
from tests.support.app import BACKEND, make_settings
from tests.support.live import fresh_postgres_database

# Columns later migrations add: the rows are written as the schema was at 0013.
LATER = {"boards": {"is_template"}}


def _table(model: Any) -> Table:
    table: Table = model.__table__
    later = LATER.get(table.name)
    if not later:
        return table
    kept = [column._copy() for column in table.columns if column.name not in later]
    return Table(table.name, MetaData(), *kept)


async def _database(tmp_path: Path, postgres_url: str | None) -> Database:
    if BACKEND == "postgres":
        assert postgres_url is not None
        url = await fresh_postgres_database(postgres_url, "migration")
    else:
        url = f"sqlite+aiosqlite:///{tmp_path / 'before.db'}"
    return Database(make_settings(url, tmp_path), reactions=reactions())


async def test_the_migration_indexes_existing_cards(tmp_path: Path, database_url: str) -> None:
    database = await _database(tmp_path, database_url)
    try:
        await upgrade(database.engine, "0013_soft_delete")
        async with database.engine.begin() as conn:
            rows: list[tuple[Any, dict[str, Any]]] = [
                (User, {"id": 1, "email": "ana@example.com", "display_name": "Ana"}),
                (User, {"id": 2, "email": "bo@example.com", "display_name": "Bo"}),
                (Board, {"id": 1, "name": "Ops"}),
                (Board, {"id": 2, "name": "Elsewhere"}),
                (BoardMember, {"board_id": 1, "user_id": 1, "role": Role.owner}),
                (BoardMember, {"board_id": 2, "user_id": 2, "role": Role.owner}),
                (BoardColumn, {"id": 1, "board_id": 1, "name": "To do", "rank": 1}),
                (BoardColumn, {"id": 2, "board_id": 2, "name": "To do", "rank": 1}),
                (Label, {"id": 1, "board_id": 1, "name": "Urgent", "color": "#ff0000"}),
            ]
            for n, (board, title) in enumerate(
                [(1, "Update the Résumé"), (1, "Deploy"), (2, "Résumé of Bo")], start=1
            ):
                card = {"id": n, "board_id": board, "column_id": board, "title": title}
                rows.append((Card, {**card, "description": "", "rank": n, "version": 1}))
            rows += [
                (Comment, {"card_id": 2, "board_id": 1, "author_id": 1, "body": "the walrus"}),
                (CardLabel, {"card_id": 2, "label_id": 1}),
            ]
            for model, row in rows:
                await conn.execute(insert(_table(model)), row)
        await upgrade(database.engine)
        ana = Actor(id=1, email="ana@example.com", display_name="Ana", is_admin=False)
        async with database.session() as db:
            for q, expected in [("resume", [1]), ("walrus", [2]), ("urgent", [2]), ("dep", [2])]:
                page = await search(db, ana, SearchParams(q=q))
                assert [hit.card_id for hit in page.hits] == expected, q
    finally:
        await database.dispose()
