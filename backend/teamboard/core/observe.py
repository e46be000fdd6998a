"""The request observer: a request id on every response, one access log line and the
request metrics. Plain ASGI, like the other middlewares: it wraps every request, so it
adds a few microseconds at most (no body is touched, only the response's start)."""

from __future__ import annotations

import logging
import os
import re
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from teamboard.core.logs import request_id
from teamboard.core.metrics import RequestMetrics, method_label, route_label

HEADER = b"x-request-id"
# Scope key of the request's id, for handlers that answer outside this middleware (the
# 500 page is sent by Starlette's outermost layer).
SCOPE_KEY = "teamboard.request_id"
# An id from the client (or a proxy) is kept only if it cannot forge a log line or header.
SANE_ID = re.compile(rb"[A-Za-z0-9._-]{1,128}")

access = logging.getLogger("teamboard.access")


def new_request_id() -> str:
    return os.urandom(16).hex()


def incoming_request_id(scope: Scope) -> str | None:
    for key, value in scope["headers"]:
        if key == HEADER:
            return value.decode("ascii") if SANE_ID.fullmatch(value) else None
    return None


def logged_path(scope: Scope) -> str:
    """The path for the access log. A route with a ``{token}`` in its path (a link mailed
    to someone: the token is what proves they read it) is logged as its template, so
    that the log does not keep what the database keeps only as a digest."""
    template = getattr(scope.get("route"), "path", None)
    if isinstance(template, str) and "{token}" in template:
        return template
    return str(scope["path"])


class Observe:
    def __init__(self, app: ASGIApp, *, templates: dict[int, str] | None = None) -> None:
        self.app = app
        self.templates = templates or {}
        self.metrics = RequestMetrics()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        rid = incoming_request_id(scope) or new_request_id()
        scope[SCOPE_KEY] = rid
        token = request_id.set(rid)
        header = (HEADER, rid.encode("ascii"))
        status = 500  # unless a response starts: an exception escaping means a 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        failed = True
        try:
            await self.app(scope, receive, send_with_id)
            failed = False
        finally:
            seconds = time.perf_counter() - start
            method = method_label(scope["method"])
            self.metrics.record(method, route_label(scope, self.templates), status, seconds)
            if access.isEnabledFor(logging.INFO):
                ms = round(seconds * 1000, 2)
                path = logged_path(scope)
                access.info(
                    "%s %s %s %.2fms",
                    scope["method"],
                    path,
                    status,
                    ms,
                    extra={
                        "request_id": rid,
                        "method": scope["method"],
                        "path": path,
                        "status": status,
                        "duration_ms": ms,
                    },
                )
            if not failed:  # else Starlette's outermost layer logs the crash after us
                request_id.reset(token)
