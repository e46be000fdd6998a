"""Request-scoped dependencies every domain's routes share."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Path, Request
from pydantic import BeforeValidator
from starlette.types import ASGIApp, Receive, Scope, Send

from teamboard.core.db import UnitOfWork
from teamboard.core.errors import Conflict, Invalid, Unavailable
from teamboard.core.problems import raises
from teamboard.core.runtime import Runtime
from teamboard.core.schemas import MAX_ID, parse_int, whole_number

# Dependencies are ``async def`` even when they do no I/O: FastAPI runs plain ``def``
# dependencies in a worker thread, a hop that costs more than the work.


def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def get_runtime(request: Request) -> Runtime:
    return runtime_of(request)


SESSION_KEY = "teamboard.db_session"


# Declared for the OpenAPI document: the database may be down (503), and a write may lose
# a race against a constraint (409, core/http.py).
@raises(Unavailable, on_writes=(Conflict,))
async def get_db(request: Request) -> UnitOfWork:
    """The request's database session; :class:`CloseSessions` closes it afterwards.
    (Not a ``yield`` dependency: those cost more per request than the whole 304 path.)"""
    session: UnitOfWork | None = request.scope.get(SESSION_KEY)
    if session is None:
        session = runtime_of(request).db.session()
        request.scope[SESSION_KEY] = session
    return session


class CloseSessions:
    """Returns the request's connection to the pool once the response is done."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            session: UnitOfWork | None = scope.pop(SESSION_KEY, None)
            # One that never touched the database has nothing to release (closing costs
            # a greenlet hop, a noticeable share of a cheap request).
            if session is not None and (
                session.in_transaction() or session.identity_map or session.new
            ):
                await session.close()


async def client_address(request: Request) -> str:
    # Only the socket peer: X-Forwarded-For is honoured solely when uvicorn is told to
    # trust the proxy (TEAMBOARD_TRUSTED_PROXIES), so a client cannot spoof it.
    return request.client.host if request.client else "unknown"


RT = Annotated[Runtime, Depends(get_runtime)]
DB = Annotated[UnitOfWork, Depends(get_db)]
ClientAddress = Annotated[str, Depends(client_address)]


# The rule below for the document (its message stays the one written for people): "*",
# or a version 1 to 18 digits long, quoted or not, weak (W/) or not.
IF_MATCH = r'^[ \t]*(?:\*|(?:W/)?"*(?=[0-9]*[1-9])[0-9]{1,18}"*)[ \t]*$'


@raises(Invalid)
async def if_match_version(
    if_match: Annotated[
        str | None, Header(max_length=100, json_schema_extra={"pattern": IF_MATCH})
    ] = None,
) -> int | None:
    """``If-Match: "<version>"`` is the header form of a body's ``version``. ``*`` asks
    only that the resource exists (RFC 9110), which every write checks anyway."""
    if if_match is None or if_match.strip() == "*":
        return None
    digits = if_match.strip().removeprefix("W/").strip('"')
    # At most 18 digits, as the document says: no version comes near it.
    version = parse_int(digits, 1, MAX_ID) if len(digits) <= 18 else None
    if version is None:
        raise Invalid.field("If-Match", "version_header", where="header")
    return version


IfMatch = Annotated[int | None, Depends(if_match_version)]
# Every integer in a path: read like any other integer from a client (core/schemas.py).
IdPath = Annotated[int, Path(ge=1, le=MAX_ID), BeforeValidator(whole_number(1, MAX_ID))]
