"""What the pool does with a database connection when it opens one and hands one out."""

from __future__ import annotations

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
