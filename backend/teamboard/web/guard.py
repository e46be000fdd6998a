"""Who may use a page, and the CSRF rules for forms.

Signed-in forms carry the session's CSRF token in a hidden ``csrf_token`` field;
:func:`read_page_form` hands it to ``optional_actor`` (which checks it with the Origin)
before the actor is resolved. Sign-up and log-in happen before there is a session, so they
use a double-submit token: a random value in a ``SameSite=Strict`` cookie that the form
must echo. Either token is masked afresh in every page (:func:`teamboard.web.render.csrf_token`)
and unmasked when checked, so that compressed pages cannot give it away.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import Depends, Request
from starlette.datastructures import FormData
from starlette.responses import Response

from teamboard.core.errors import CsrfFailed
from teamboard.core.http import verify_origin
from teamboard.core.runtime import Runtime
from teamboard.core.security import new_token, token_matches
from teamboard.web.forms import FormState
from teamboard.web.render import render

PRE_LOGIN_COOKIE = "tb_form"
PRE_LOGIN_MAX_AGE = 2 * 3600
DEFAULT_NEXT = "/boards"


class Redirect(Exception):
    """Raised where a page cannot be shown to this visitor yet: answered with a 303 to
    where they must go first."""

    def __init__(self, url: str) -> None:
        super().__init__(f"redirect to {url}")
        self.url = url

    def location(self) -> str:
        return self.url


class LoginRequired(Redirect):
    """Raised for an anonymous visitor of a protected page."""

    def __init__(self, next_url: str | None) -> None:
        super().__init__("/login")
        self.next_url = next_url

    def location(self) -> str:
        return f"/login?next={quote(self.next_url, safe='/')}" if self.next_url else "/login"


async def read_page_form(request: Request) -> FormData:
    """Parses a POSTed form once (Starlette caches it) and exposes its CSRF token."""
    if request.method != "POST":
        return FormData()
    form = await request.form()
    token = form.get("csrf_token")
    request.state.csrf_form_token = token if isinstance(token, str) else None
    return form


PageForm = Annotated[FormData, Depends(read_page_form)]


def safe_next(value: str | None) -> str:
    """Only a path on this site: never a scheme, a host, ``//host`` or ``/\\host``."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return DEFAULT_NEXT
    if any(ch in value for ch in "\\\r\n\t") or any(ord(ch) < 32 for ch in value):
        return DEFAULT_NEXT
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return DEFAULT_NEXT
    return value


# -- before log-in: double-submit token --------------------------------------------------


def pre_login_token(request: Request) -> str:
    """The visitor's form token (kept from the cookie, or new); render puts it in forms."""
    value = request.cookies.get(PRE_LOGIN_COOKIE, "")
    if len(value) < 32 or not (
        value.isascii() and value.replace("-", "").replace("_", "").isalnum()
    ):
        value = new_token(24)
    request.state.pre_login_token = value
    return value


def set_pre_login_cookie(request: Request, response: Response, rt: Runtime) -> None:
    response.set_cookie(
        PRE_LOGIN_COOKIE,
        request.state.pre_login_token,
        max_age=PRE_LOGIN_MAX_AGE,
        httponly=True,
        samesite="strict",
        secure=rt.settings.secure_cookies,
        path="/",
    )


def check_pre_login(request: Request, rt: Runtime, form: FormData) -> None:
    verify_origin(request, rt.settings.allowed_origins)
    cookie = request.cookies.get(PRE_LOGIN_COOKIE)
    supplied = form.get("csrf_token")
    if not cookie or not isinstance(supplied, str) or not token_matches(supplied, cookie):
        raise CsrfFailed("The form expired or was not sent from this site; reload and retry")


def entry_page(
    request: Request,
    rt: Runtime,
    template: str,
    next_url: str,
    form: FormState,
    status: int = 200,
    *,
    providers: Sequence[object] = (),
    extra: Mapping[str, object] | None = None,
) -> Response:
    """The log-in or sign-up page (with a button for each of ``providers``), or another
    page before log-in (``extra``: more of its context), carrying the visitor's pre-log-in
    form token."""
    pre_login_token(request)
    context = {"form": form, "next": next_url, "providers": list(providers), **(extra or {})}
    response = render(request, template, context, status=status)
    set_pre_login_cookie(request, response, rt)
    return response
