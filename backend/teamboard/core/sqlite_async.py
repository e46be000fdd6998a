"""An asyncio face for the standard ``sqlite3`` module, shaped like aiosqlite so that
SQLAlchemy's aiosqlite dialect drives it (``create_async_engine(..., module=...)``).

Why not aiosqlite itself: through SQLAlchemy's adapter it costs four round trips to its
thread per statement (open cursor, execute, fetch, close), and each hop wakes two threads.
Here a statement is one hop at most: execute, fetch every row, read the metadata and close
the cursor in the connection's thread, then hand the results back. Like aiosqlite, every
connection owns one thread, so slow sqlite3 work never blocks the event loop.

Most statements are a read of a few rows that takes SQLite a fraction of the hop's own cost
(two thread wake-ups, the GIL passed back and forth): measured at 16 concurrent requests,
the hop made a request cost ~1.6 times the CPU, and made one in a hundred wait ~4 times as
long as the median. So a read outside a transaction (other than a full-text search) first
runs on the event loop, for at most :data:`INLINE_SECONDS`: SQLite's progress handler
looks at the clock every :data:`CHECK_EVERY` instructions and interrupts the statement
past that, and it starts over in the connection's thread. In WAL mode a read does not
wait for writers. Writes, and anything inside a transaction (whose rollback an
interruption could trigger), always go to the thread.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from collections.abc import Callable, Generator, Iterable, Sequence
from functools import lru_cache, partial
from queue import SimpleQueue

# The DB-API names SQLAlchemy's dialect copies from the module.
from sqlite3 import (  # noqa: F401
    DatabaseError,
    Error,
    IntegrityError,
    NotSupportedError,
    OperationalError,
    ProgrammingError,
    sqlite_version,
    sqlite_version_info,
)
from threading import Thread
from typing import Any

Job = tuple["asyncio.Future[Any]", Callable[[], Any]] | None
Results = tuple[Any, list[Any], int, int | None]

# How long a read may hold the event loop before it moves to the connection's thread.
INLINE_SECONDS = 0.001
# SQLite virtual-machine instructions between two looks at the clock (a few microseconds).
CHECK_EVERY = 1000
_READ = re.compile(r"\s*(?:SELECT|WITH)\b", re.IGNORECASE)
# Not on the loop: a write (a WITH may lead to one; a SELECT that only mentions one of these
# words goes to the thread too), and a full-text MATCH: FTS5 reads the whole list of the
# documents that hold a word in one instruction, which the progress handler cannot cut
# short, and that list grows with what is stored.
_NOT_HERE = re.compile(r"\b(?:INSERT|UPDATE|DELETE|REPLACE|MATCH)\b", re.IGNORECASE)


@lru_cache(maxsize=2048)  # SQLAlchemy's compiled statements: a few hundred texts
def may_run_here(sql: str) -> bool:
    """Whether the statement may run on the event loop: a read whose every step the
    progress handler can interrupt."""
    return _READ.match(sql) is not None and _NOT_HERE.search(sql) is None


def _resolve(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.done():  # the awaiting task was cancelled
        return
    if error is None:
        future.set_result(result)
    else:
        future.set_exception(error)


def _worker(jobs: SimpleQueue[Job]) -> None:
    while (job := jobs.get()) is not None:
        future, function = job
        try:
            result, error = function(), None
        except BaseException as exc:  # handed to the awaiting task, never lost
            result, error = None, exc
        future.get_loop().call_soon_threadsafe(_resolve, future, result, error)


def _execute(raw: sqlite3.Connection, sql: str, parameters: Any, many: bool) -> Results:
    cursor = raw.cursor()
    try:
        if many:
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class Cursor:
    """Results arrive whole with ``execute``; the fetch methods only hand them out."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._rows: list[Any] = []
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self.arraysize = 1

    async def __aenter__(self) -> Cursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> Cursor:
        return await self._run(sql, parameters, many=False)

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> Cursor:
        return await self._run(sql, list(parameters), many=True)

    async def _run(self, sql: str, parameters: Any, *, many: bool) -> Cursor:
        connection = self._connection
        results = None if many or not may_run_here(sql) else connection.read_here(sql, parameters)
        if results is None:
            results = await connection.run(_execute, sql, parameters, many)
        self.description, self._rows, self.rowcount, self.lastrowid = results
        return self

    async def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        count = size or self.arraysize
        rows, self._rows = self._rows[:count], self._rows[count:]
        return rows

    async def close(self) -> None:
        self._rows = []


class Connection:
    def __init__(self, database: str, **kwargs: Any) -> None:
        # Used from this connection's own thread only; False lets the attribute reads
        # SQLAlchemy makes from the loop's thread (isolation_level) pass.
        kwargs["check_same_thread"] = False
        self._connector = partial(sqlite3.connect, database, **kwargs)
        self._tx: SimpleQueue[Job] = SimpleQueue()
        self._thread = Thread(target=_worker, args=(self._tx,), name="sqlite", daemon=True)
        self._connection: sqlite3.Connection | None = None
        self._deadline = 0.0
        self._expired = False

    def __await__(self) -> Generator[Any, None, Connection]:
        return self._open().__await__()

    async def _open(self) -> Connection:
        self._thread.start()
        future = asyncio.get_running_loop().create_future()
        self._tx.put_nowait((future, self._connector))
        try:
            self._connection = await future
        except BaseException:
            self.stop()
            raise
        return self

    @property
    def _conn(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ValueError("no active connection")
        return self._connection

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    async def run(self, function: Callable[..., Any], *args: Any) -> Any:
        future = asyncio.get_running_loop().create_future()
        self._tx.put_nowait((future, partial(function, self._conn, *args)))
        return await future

    def read_here(self, sql: str, parameters: Any) -> Results | None:
        """A read run on the calling (event loop's) thread, or None if it would hold it
        longer than :data:`INLINE_SECONDS` (interrupted: the caller runs it in the thread),
        or if a transaction is open."""
        raw = self._conn
        if raw.in_transaction:
            return None
        self._deadline = time.perf_counter() + INLINE_SECONDS
        self._expired = False
        raw.set_progress_handler(self._past_deadline, CHECK_EVERY)
        try:
            return _execute(raw, sql, parameters, False)
        except sqlite3.OperationalError:
            if self._expired:
                return None
            raise
        finally:
            raw.set_progress_handler(None, 0)

    def _past_deadline(self) -> bool:
        self._expired = time.perf_counter() > self._deadline
        return self._expired

    def cursor(self) -> Cursor:
        return Cursor(self)

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> Cursor:
        return await self.cursor().execute(sql, parameters)

    # With no transaction open (reads only: sqlite3 begins one at the first write, and
    # SQLAlchemy's pool rolls back every connection it takes back) both are no-ops, so
    # they skip the trip to the thread. The flag is safe to read here: a connection
    # serves one task at a time, and its thread is idle whenever that task is not waiting.
    async def commit(self) -> None:
        if self._conn.in_transaction:
            await self.run(sqlite3.Connection.commit)

    async def rollback(self) -> None:
        if self._conn.in_transaction:
            await self.run(sqlite3.Connection.rollback)

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        await self.run(lambda raw: raw.create_function(*args, **kwargs))

    async def close(self) -> None:
        if self._connection is None:
            return
        try:
            await self.run(sqlite3.Connection.close)
        finally:
            self._connection = None
            self.stop()

    def stop(self) -> None:
        """End the thread (after the jobs already queued)."""
        self._tx.put_nowait(None)


def connect(database: str, **kwargs: Any) -> Connection:
    return Connection(database, **kwargs)
