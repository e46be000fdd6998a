"""Error pages: the problem+json the API would send, shown inside the layout."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from teamboard.web.guard import Redirect
from teamboard.web.render import render

log = logging.getLogger("teamboard.web")
_KEPT_HEADERS = ("retry-after",)
HINTS = {
    403: "You do not have permission to do this here.",
    404: "The address may be mistyped, or the thing was deleted or is not shared with you.",
    405: "This address does not take that kind of request.",
    409: "Someone else changed the same thing at the same time; reload and try again.",
    413: "That was more than the server accepts in one go.",
    429: "Too many attempts in a short time; wait a little and try again.",
    500: "Something broke on our side. It has been logged; please try again.",
    502: "A service we rely on did not answer properly; please try again in a moment.",
    503: "The service is briefly unavailable; please try again in a moment.",
}
_MISSING = object()
Visitor = Callable[[Request], Awaitable[Any]]


async def _who(request: Request) -> None:
    """Routes that never ran (unknown URL) did not resolve the visitor; the layout's
    navigation should still know who is signed in (``app.state.page_visitor``, given by
    the app: web knows no accounts)."""
    if getattr(request.state, "actor", _MISSING) is not _MISSING:
        return
    request.state.actor = None
    visitor: Visitor | None = getattr(request.app.state, "page_visitor", None)
    if visitor is None:
        return
    try:
        request.state.actor = await visitor(request)
    except Exception:  # the database may be why we are here
        log.debug("no actor for the error page", exc_info=True)


async def render_error(request: Request, problem: JSONResponse) -> Response:
    body: dict[str, Any] = json.loads(bytes(problem.body))
    status = problem.status_code
    if status in (404, 405):
        await _who(request)
    headers = {k: v for k, v in problem.headers.items() if k.lower() in _KEPT_HEADERS}
    try:
        return render(
            request,
            "error.html",
            {
                "status": status,
                "title": body.get("title", "Error"),
                "detail": body.get("detail", ""),
                "hint": HINTS.get(status, ""),
                "errors": body.get("errors") or [],
            },
            status=status,
            headers=headers,
        )
    except Exception:
        log.exception("error page failed to render")
        return problem


async def on_login_required(request: Request, exc: Exception) -> Response:
    """A :class:`Redirect` (log-in required, or another step first)."""
    assert isinstance(exc, Redirect)
    return RedirectResponse(exc.location(), status_code=303)
