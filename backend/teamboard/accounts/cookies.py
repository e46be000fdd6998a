"""The browser-session cookies, shared by the JSON log-in and the HTML log-in page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from teamboard.accounts import service
from teamboard.accounts.deps import CSRF_COOKIE, SESSION_COOKIE
from teamboard.accounts.models import User
from teamboard.core.db import UnitOfWork
from teamboard.core.runtime import Runtime


async def log_in_browser(
    request: Request, response: Response, db: UnitOfWork, rt: Runtime, user: User, client: str
) -> dict[str, object]:
    """A new browser session for ``user``, its cookies on ``response``: the JSON log-in's
    answer (SessionInfo), whether it took one step or two."""
    token, record = await service.start_browser_session(
        db, rt, user, user_agent=request.headers.get("user-agent", ""), ip=client
    )
    set_session_cookies(response, rt, token, record.csrf_token)
    return {"csrf_token": record.csrf_token, "user": user}


def set_session_cookies(response: Response, rt: Runtime, token: str, csrf: str) -> None:
    max_age = rt.settings.session_days * 86400
    secure = rt.settings.secure_cookies
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )
    # Readable by the page's own scripts, which echo it in the X-CSRF-Token header.
    response.set_cookie(
        CSRF_COOKIE, csrf, max_age=max_age, httponly=False, samesite="lax", secure=secure, path="/"
    )


def clear_session_cookies(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
