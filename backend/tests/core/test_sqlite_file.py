"""The SQLite database holds every account's password hash and session: like the secret
key, it and its -wal/-shm companions are readable by the app's own user only."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from teamboard.core.db import Database
from teamboard.core.migrate import upgrade
from tests.support.app import make_settings

FILES = ["teamboard.db", "teamboard.db-shm", "teamboard.db-wal"]


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The common 022, under which files are made world-readable unless asked otherwise."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def modes(data_dir: Path) -> dict[str, str]:
    return {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in data_dir.glob("teamboard.db*")}


async def migrate_and_write(data_dir: Path) -> None:
    url = f"sqlite+aiosqlite:///{data_dir / 'teamboard.db'}"
    database = Database(make_settings(url, data_dir))
    try:
        await upgrade(database.engine)
        async with database.engine.connect() as conn:  # while it is open, -wal and -shm exist
            await conn.execute(text("CREATE TABLE scratch (x INTEGER)"))
            await conn.commit()
            assert modes(data_dir) == dict.fromkeys(FILES, "0o600")
    finally:
        await database.dispose()


async def test_a_new_sqlite_database_is_private(tmp_path: Path, usual_umask: None) -> None:
    await migrate_and_write(tmp_path / "data")


async def test_a_world_readable_database_is_made_private(tmp_path: Path, usual_umask: None) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    for name in ("teamboard.db", "teamboard.db-wal"):  # as an earlier version left them
        (data_dir / name).touch(mode=0o644)
    await migrate_and_write(data_dir)
