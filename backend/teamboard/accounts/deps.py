"""Who is calling: bearer access token or browser session cookie, plus the CSRF rule
for cookie-authenticated unsafe requests."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from teamboard.accounts import callers
from teamboard.core.actor import Actor
from teamboard.core.deps import RT, get_db, runtime_of
from teamboard.core.errors import CsrfFailed, TwoFactorRequired, Unauthenticated, Unavailable
from teamboard.core.http import verify_origin
from teamboard.core.problems import raises
from teamboard.core.security import SESSION_COOKIE as SESSION_COOKIE  # named in core
from teamboard.core.security import token_matches
from teamboard.web.guard import LoginRequired, PageForm, Redirect

CSRF_COOKIE = "tb_csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Where an account without two-factor log-in is sent when the site requires it.
ENROL_PAGE = "/account/two-factor"
ENROL_FIRST = (
    "This site requires two-factor log-in: set it up first, at "
    f"{ENROL_PAGE} or through /api/v1/me/two-factor"
)


def _bad_token() -> Unauthenticated:
    return Unauthenticated(
        "Access token is missing, invalid or expired",
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


def check_csrf(request: Request, rt: RT, actor: Actor, supplied: str | None) -> None:
    verify_origin(request, rt.settings.allowed_origins)
    # A form's token is masked per page (core/security.mask_token); a header's is the cookie.
    if not supplied or actor.csrf_token is None or not token_matches(supplied, actor.csrf_token):
        raise CsrfFailed("Missing or wrong CSRF token")


async def resolve_actor(request: Request) -> Actor | None:
    """Bearer token first (never needs CSRF), else the session cookie."""
    rt = runtime_of(request)
    db = await get_db(request)
    authorization = request.headers.get("authorization")
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _bad_token()
        actor = await callers.resolve_access_token(db, rt, token.strip())
        if actor is None:
            raise _bad_token()
    elif cookie := request.cookies.get(SESSION_COOKIE):
        actor = await callers.resolve_session(db, cookie)
        if actor is not None and request.method not in SAFE_METHODS:
            csrf_via_form = getattr(request.state, "csrf_form_token", None)
            check_csrf(request, rt, actor, request.headers.get(CSRF_HEADER) or csrf_via_form)
    else:
        actor = None
    request.state.actor = actor
    return actor


# Both are single dependencies on the request alone: FastAPI's per-request cost grows
# with every node of the dependency graph, and these sit on every API call. What they
# raise is declared for the OpenAPI document (core/openapi.py): a bad credential, the
# database, and the CSRF check of cookie-authenticated writes.
@raises(Unauthenticated, Unavailable, on_writes=(CsrfFailed,))
async def optional_actor(request: Request) -> Actor | None:
    return await resolve_actor(request)


def must_enrol(request: Request, actor: Actor | None) -> bool:
    """Whether the site requires two-factor log-in and ``actor`` has not set it up."""
    return (
        actor is not None
        and not actor.two_factor
        and runtime_of(request).settings.require_two_factor
    )


@raises(Unauthenticated, Unavailable, on_writes=(CsrfFailed,))
async def enrolling_actor(request: Request) -> Actor:
    """The caller, whether or not they still have to set up two-factor log-in: for what
    they may do before (see who they are, set it up, log out)."""
    actor = await resolve_actor(request)
    if actor is None:
        raise Unauthenticated(headers={"WWW-Authenticate": "Bearer"})
    return actor


@raises(Unauthenticated, TwoFactorRequired, Unavailable, on_writes=(CsrfFailed,))
async def current_actor(request: Request) -> Actor:
    actor = await enrolling_actor(request)
    if must_enrol(request, actor):
        raise TwoFactorRequired(ENROL_FIRST)
    return actor


OptionalActor = Annotated[Actor | None, Depends(optional_actor)]
CurrentActor = Annotated[Actor, Depends(current_actor)]
EnrollingActor = Annotated[Actor, Depends(enrolling_actor)]


@raises(CsrfFailed)
async def check_origin(request: Request, rt: RT) -> None:
    verify_origin(request, rt.settings.allowed_origins)


OriginChecked = Depends(check_origin)


# -- pages: who may see them ----------------------------------------------------------------


async def require_enrolling_actor(request: Request, _form: PageForm, actor: OptionalActor) -> Actor:
    # ``_form`` is declared first so the form is read before ``optional_actor`` checks it.
    if actor is None:
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(here if request.method == "GET" else None)
    return actor


async def require_actor(
    request: Request, actor: Annotated[Actor, Depends(require_enrolling_actor)]
) -> Actor:
    if must_enrol(request, actor):
        raise Redirect(ENROL_PAGE)
    return actor


# Pages for signed-in visitors; the Enrolling ones also serve a visitor who must still set
# up two-factor log-in (the site requires it): its own pages and logging out.
PageActor = Annotated[Actor, Depends(require_actor)]
EnrollingPageActor = Annotated[Actor, Depends(require_enrolling_actor)]


async def maybe_enrolling_actor(
    request: Request, _form: PageForm, actor: OptionalActor
) -> Actor | None:
    return actor


async def maybe_actor(
    request: Request, actor: Annotated[Actor | None, Depends(maybe_enrolling_actor)]
) -> Actor | None:
    if must_enrol(request, actor):
        raise Redirect(ENROL_PAGE)
    return actor


MaybeActor = Annotated[Actor | None, Depends(maybe_actor)]
MaybeEnrollingActor = Annotated[Actor | None, Depends(maybe_enrolling_actor)]


async def page_visitor(request: Request) -> Actor | None:
    """Who is signed in, for a page that no route served (the error page's navigation):
    the session cookie alone, read in a session of its own."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    async with runtime_of(request).db.session() as db:
        return await callers.resolve_session(db, cookie)
