"""A repeated board read answered before routing.

Clients poll ``GET /api/v1/boards/{id}`` with ``If-None-Match``; most of the time nothing
changed. When both the caller's credential and their ETag for the board are in the access
cache (kept exact by committed events, see core/cache.py), the answer is a 304 that needs
neither the router, nor dependency resolution, nor a database session — which is where
the time of such a request otherwise goes. Anything not known here, or not plainly a
conditional read, goes on to the real route unchanged, so the rules stay in one place:
this only ever repeats an answer the route gave before.
"""

from __future__ import annotations

import re

from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Receive, Scope, Send

from teamboard.accounts.callers import cached_actor
from teamboard.accounts.deps import SESSION_COOKIE
from teamboard.cards.board_read import unchanged_etag
from teamboard.core.metrics import ROUTE_LABEL
from teamboard.core.runtime import Runtime

MAX_IF_NONE_MATCH = 500  # as the route's header parameter allows


class NotModifiedShortcut:
    def __init__(self, app: ASGIApp, *, runtime: Runtime, prefix: str) -> None:
        self.app = app
        self.runtime = runtime
        self.path = re.compile(rf"{re.escape(prefix)}/boards/([1-9][0-9]{{0,17}})")
        self.route = f"{prefix}/boards/{{board_id}}"  # the route it stands in for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            match = self.path.fullmatch(scope["path"])
            if match is not None and (etag := self._unchanged(scope, int(match[1]))):
                scope[ROUTE_LABEL] = self.route
                await send(
                    {
                        "type": "http.response.start",
                        "status": 304,
                        "headers": [(b"etag", etag.encode())],
                    }
                )
                await send({"type": "http.response.body", "body": b""})
                return
        await self.app(scope, receive, send)

    def _unchanged(self, scope: Scope, board_id: int) -> str | None:
        headers = dict(scope["headers"])
        if_none_match = headers.get(b"if-none-match")
        if not if_none_match or len(if_none_match) > MAX_IF_NONE_MATCH:
            return None
        bearer = session = None
        if (authorization := headers.get(b"authorization")) is not None:
            scheme, _, token = authorization.decode("latin-1").partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                return None  # the route answers 401
            bearer = token.strip()
        elif (cookie := headers.get(b"cookie")) is not None:
            session = cookie_parser(cookie.decode("latin-1")).get(SESSION_COOKIE)
        access = self.runtime.db.access
        actor = cached_actor(access, self.runtime.tokens, bearer=bearer, session=session)
        if actor is None:
            return None
        return unchanged_etag(access, actor, board_id, if_none_match.decode("latin-1"))
