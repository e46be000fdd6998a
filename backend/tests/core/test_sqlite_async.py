"""The SQLite driver (core/sqlite_async.py): a quick read runs on the event loop, and
everything else in the connection's own thread: a read that takes longer than its share of
the loop is interrupted there and starts over in the thread, with the same answer; writes,
reads inside a transaction and full-text searches never run on the loop."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import QueuePool, text

from teamboard.core import sqlite_async
from teamboard.core.db import Database
from teamboard.core.sqlite_async import Connection, may_run_here
from tests.support.app import make_settings

# Rows enough that reading them all takes many times the loop's share on any machine.
SLOW = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)"
    " SELECT sum(where_run(i)) FROM n"
)


@pytest.fixture
async def conn(tmp_path: Path) -> AsyncIterator[tuple[Connection, list[str]]]:
    """A connection, and the names of the threads its ``where_run`` function ran on."""
    connection = await sqlite_async.connect(str(tmp_path / "t.db"))
    threads: list[str] = []

    def where_run(value: int) -> int:
        name = threading.current_thread().name
        if not threads or threads[-1] != name:
            threads.append(name)
        return value % 2

    await connection.create_function("where_run", 1, where_run)
    await connection.execute("CREATE TABLE t (x INTEGER)")
    await connection.execute("INSERT INTO t VALUES (1), (2), (3)")
    await connection.commit()
    yield connection, threads
    connection.stop()


async def test_a_quick_read_runs_on_the_loop(conn: tuple[Connection, list[str]]) -> None:
    connection, threads = conn
    cursor = await connection.execute("SELECT where_run(x) FROM t ORDER BY x")
    assert await cursor.fetchall() == [(1,), (0,), (1,)]
    assert threads == [threading.current_thread().name]


async def test_a_slow_read_starts_over_in_the_thread(conn: tuple[Connection, list[str]]) -> None:
    connection, threads = conn
    cursor = await connection.execute(SLOW)
    assert await cursor.fetchall() == [(150_000,)]  # counted once, not once and a part
    assert threads == [threading.current_thread().name, "sqlite"]


async def test_writes_and_reads_in_a_transaction_run_in_the_thread(
    conn: tuple[Connection, list[str]],
) -> None:
    connection, threads = conn
    await connection.execute("INSERT INTO t SELECT where_run(x) FROM t")
    assert threads == ["sqlite"]
    # The insert opened a transaction: an interrupted read could end it, so reads go too.
    cursor = await connection.execute("SELECT count(*), sum(where_run(x)) FROM t")
    assert await cursor.fetchall() == [(6, 4)]
    assert threads == ["sqlite"]
    await connection.rollback()
    cursor = await connection.execute("SELECT count(*) FROM t")
    assert await cursor.fetchall() == [(3,)]  # the rollback undid the insert: one transaction


async def test_an_error_on_the_loop_is_the_statements_own(
    conn: tuple[Connection, list[str]],
) -> None:
    connection, _ = conn
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        await connection.execute("SELECT * FROM nowhere")


@pytest.mark.parametrize(
    ("sql", "read"),
    [
        ("SELECT cards.updated_at FROM cards", True),
        ("  select 1", True),
        ("WITH m AS (SELECT 1) SELECT * FROM m", True),
        ("WITH m AS (SELECT 1) DELETE FROM t WHERE x IN m", False),
        ("INSERT INTO t VALUES (1)", False),
        ("UPDATE t SET x = 1", False),
        ("PRAGMA journal_mode", False),
        ("SELECT 1; DELETE FROM t", False),
        ("REPLACE INTO t VALUES (1)", False),
        ("SELECT rowid FROM search_fts WHERE search_fts MATCH ?", False),
    ],
)
def test_what_may_run_on_the_loop(sql: str, read: bool) -> None:
    assert may_run_here(sql) is read


async def test_the_pool_keeps_the_connections_it_opens(tmp_path: Path) -> None:
    """Past the dialect's five, a connection was opened and closed for each use: a
    thread, a connection and its pragmas, each time."""
    database = Database(make_settings(f"sqlite+aiosqlite:///{tmp_path / 't.db'}", tmp_path))
    try:
        async with contextlib.AsyncExitStack() as stack:
            for _ in range(12):
                conn = await stack.enter_async_context(database.engine.connect())
                await conn.execute(text("SELECT 1"))
        pool = database.engine.sync_engine.pool
        assert isinstance(pool, QueuePool)
        assert pool.checkedin() == 12
    finally:
        await database.dispose()
