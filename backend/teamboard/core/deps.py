"""Request-scoped dependencies every domain's routes share."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Header, Path, Request
from sqlalchemy.ext.asyncio import AsyncSession

from teamboard.core.errors import Invalid
from teamboard.core.runtime import Runtime
from teamboard.core.schemas import MAX_ID


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def get_db(request: Request) -> AsyncIterator[AsyncSession]:
    async with get_runtime(request).db.session() as session:
        yield session


def client_address(request: Request) -> str:
    # Only the socket peer: X-Forwarded-For is honoured solely when uvicorn is told to
    # trust the proxy (TEAMBOARD_TRUSTED_PROXIES), so a client cannot spoof it.
    return request.client.host if request.client else "unknown"


RT = Annotated[Runtime, Depends(get_runtime)]
DB = Annotated[AsyncSession, Depends(get_db)]
ClientAddress = Annotated[str, Depends(client_address)]


def if_match_version(
    if_match: Annotated[str | None, Header(max_length=100)] = None,
) -> int | None:
    """``If-Match: "<version>"`` is the header form of a body's ``version``."""
    if if_match is None:
        return None
    value = if_match.strip().removeprefix("W/").strip('"')
    if not value.isdigit() or len(value) > 18 or int(value) < 1:
        raise Invalid.field("If-Match", 'must be a version number, e.g. "3"')
    return int(value)


IfMatch = Annotated[int | None, Depends(if_match_version)]
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
