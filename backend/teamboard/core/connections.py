"""What the pool does with a database connection when it opens one and hands one out,
and the SQLite file it opens."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.util import await_only


def fresh(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
    record.info["fresh"] = True


def ping(dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
    """Pre-ping in one round trip. SQLAlchemy's own (``pool_pre_ping``) wraps it in BEGIN
    and ROLLBACK for pgbouncer's transaction mode: three, paid by every request. A
    connection just opened needs none; a dead one makes the pool open another."""
    if record.info.pop("fresh", False):
        return
    try:
        await_only(dbapi_connection.driver_connection.execute("SELECT 1"))
    except Exception as exc:
        raise DisconnectionError("stale connection") from exc


def sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # SQLite's own lower() folds ASCII only; searches must be case-insensitive for "É" too.
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def private_sqlite_file(path: Path) -> None:
    """The database holds password hashes and sessions: readable by this user only, like
    the secret key. SQLite would create it 0644 under the usual umask, and gives its -wal
    and -shm files the database's mode, so it is created 0600 first (an empty file is an
    empty database); one made world-readable by an earlier version loses that access."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for file in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
        with contextlib.suppress(FileNotFoundError):
            mode = stat.S_IMODE(file.stat().st_mode)
            if mode & 0o077:
                file.chmod(mode & 0o700)
