"""The browser-session cookies, shared by the JSON log-in and the HTML log-in page."""

from __future__ import annotations

from starlette.responses import Response

from teamboard.accounts.deps import CSRF_COOKIE, SESSION_COOKIE
from teamboard.core.runtime import Runtime


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
