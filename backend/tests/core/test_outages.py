"""Which errors are "the database is unreachable" (503, retry) and which are bugs (500)."""

from __future__ import annotations

import errno
import socket

import asyncpg
import pytest
from sqlalchemy.exc import DBAPIError, ProgrammingError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from teamboard.core.outages import database_unavailable


def wrapped(orig: BaseException, *, invalidated: bool = False) -> DBAPIError:
    return DBAPIError("SELECT 1", {}, orig, connection_invalidated=invalidated)


@pytest.mark.parametrize(
    "exc",
    [
        ConnectionRefusedError(errno.ECONNREFUSED, "refused"),
        ConnectionResetError(),
        TimeoutError(),
        socket.gaierror(socket.EAI_NONAME, "unknown host"),
        OSError(errno.EHOSTUNREACH, "no route to host"),
        PoolTimeout("QueuePool limit reached"),
        asyncpg.exceptions.CannotConnectNowError("the database system is starting up"),
        asyncpg.exceptions.AdminShutdownError("terminating connection"),
        asyncpg.exceptions.TooManyConnectionsError("too many clients"),
        wrapped(Exception("the underlying connection is closed"), invalidated=True),
        wrapped(asyncpg.exceptions.CannotConnectNowError("shutting down")),
    ],
)
def test_unreachable(exc: BaseException) -> None:
    assert database_unavailable(exc)


@pytest.mark.parametrize(
    "exc",
    [
        FileNotFoundError(errno.ENOENT, "no such template"),
        PermissionError(errno.EACCES, "denied"),
        ProgrammingError("SELECT nope", {}, Exception("syntax error")),
        wrapped(ValueError("bad parameter")),
        RuntimeError("a bug"),
    ],
)
def test_bugs_stay_bugs(exc: BaseException) -> None:
    assert not database_unavailable(exc)
