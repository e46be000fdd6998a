"""Which errors mean "the database is not reachable right now": answered with 503 and
``Retry-After`` (try again shortly) rather than 500 (a bug)."""

from __future__ import annotations

import errno
import socket

import asyncpg
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

# The exception classes whose handler decides with database_unavailable(): asyncpg
# raises some bare while a connection is being opened (refused, server starting up);
# SQLAlchemy wraps the ones of a connection that dies under a query.
DOWN_ERRORS: tuple[type[Exception], ...] = (
    DBAPIError,
    OSError,
    PoolTimeout,  # every connection busy for the pool timeout
    asyncpg.exceptions.CannotConnectNowError,  # starting up or shutting down
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.TooManyConnectionsError,
    asyncpg.exceptions.ConnectionDoesNotExistError,
)
_SERVER_GONE = DOWN_ERRORS[2:]
_NETWORK = {
    errno.ENETUNREACH,
    errno.EHOSTUNREACH,
    errno.ENETDOWN,
    errno.EHOSTDOWN,
    errno.ECONNREFUSED,
    errno.ECONNRESET,
    errno.ETIMEDOUT,
}


def _network(exc: OSError) -> bool:
    """Refused, reset, unreachable, unresolvable, timed out — not a missing file (a bug)."""
    if isinstance(exc, ConnectionError | TimeoutError | socket.gaierror):
        return True
    return exc.errno in _NETWORK


def database_unavailable(exc: BaseException) -> bool:
    """True for the "connection refused / lost / not possible yet" family, wrapped or not."""
    current: BaseException | None = exc
    for _ in range(6):
        if current is None:
            return False
        if isinstance(current, DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(current, OSError) and _network(current):
            return True
        if isinstance(current, _SERVER_GONE):
            return True
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else current.__cause__
    return False
