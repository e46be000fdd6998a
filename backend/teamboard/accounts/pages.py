"""Pages for signing up, logging in (with its second step) and out, and the administration.
The account page is in account_pages.py."""

from __future__ import annotations

import time
from urllib.parse import quote

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from teamboard.accounts import mfa, service
from teamboard.accounts.cookies import clear_session_cookies, set_session_cookies
from teamboard.accounts.deps import EnrollingPageActor, MaybeActor, MaybeEnrollingActor, PageActor
from teamboard.accounts.models import User
from teamboard.accounts.schemas import LogIn, SignUp
from teamboard.accounts.second_step import second_step_page
from teamboard.core.deps import DB, RT, ClientAddress, IdPath
from teamboard.core.errors import (
    Conflict,
    Invalid,
    RateLimited,
    SecondFactorRequired,
    Unauthenticated,
)
from teamboard.core.messages import message
from teamboard.core.runtime import Runtime
from teamboard.core.schemas import MAX_OFFSET, Offset
from teamboard.oauth.deps import providers_of
from teamboard.web.confirm import confirm_page, confirmed
from teamboard.web.flash import Undo
from teamboard.web.forms import (
    FORM_ERROR,
    FormState,
    errors_of,
    failed_status,
    keep_retry_after,
    optional_number,
    text,
)
from teamboard.web.guard import PageForm, check_pre_login, safe_next
from teamboard.web.guard import entry_page as web_entry_page
from teamboard.web.render import redirect, render

router = APIRouter(include_in_schema=False)
USERS_PER_PAGE = 50
# How long the message after a deactivation offers "Undo" (a reactivation, possible at any
# time from the list): as long as the undo of a deletion (boards/trash.py).
UNDO_SECONDS = 28


def entry_page(
    request: Request, rt: Runtime, template: str, next_url: str, form: FormState, status: int = 200
) -> Response:
    """The log-in or sign-up page, with a button for each configured log-in provider."""
    providers = providers_of(request).listed()
    return web_entry_page(request, rt, template, next_url, form, status, providers=providers)


@router.get("/")
async def landing(request: Request, actor: MaybeActor) -> Response:
    return render(request, "landing.html")


@router.get("/signup")
async def signup_page(request: Request, rt: RT, actor: MaybeActor, next: str = "") -> Response:
    if actor is not None:
        return redirect(request, safe_next(next))
    return entry_page(request, rt, "accounts/signup.html", safe_next(next), FormState())


@router.post("/signup")
async def signup(
    request: Request, form: PageForm, db: DB, rt: RT, client: ClientAddress
) -> Response:
    check_pre_login(request, rt, form)
    next_url = safe_next(text(form, "next"))
    try:
        body = SignUp.model_validate(
            {k: text(form, k) for k in ("email", "password", "display_name")}
        )
        user = await service.create_user(
            db,
            rt,
            email=body.email,
            password=body.password,
            display_name=body.display_name,
            client=client,
        )
    except (ValidationError, Invalid, Conflict, RateLimited) as exc:
        taken = {"email": message("email_taken", "email")}
        errors = taken if isinstance(exc, Conflict) else errors_of(exc)
        state = FormState.of("signup", form, errors)
        page = entry_page(request, rt, "accounts/signup.html", next_url, state, failed_status(exc))
        return keep_retry_after(page, exc)
    token, record = await service.start_browser_session(
        db, rt, user, user_agent=request.headers.get("user-agent", ""), ip=client
    )
    response = redirect(request, next_url, f"Welcome to Teamboard, {user.display_name}!")
    set_session_cookies(response, rt, token, record.csrf_token)
    return response


@router.get("/login")
async def login_page(request: Request, rt: RT, actor: MaybeActor, next: str = "") -> Response:
    if actor is not None:
        return redirect(request, safe_next(next))
    return entry_page(request, rt, "accounts/login.html", safe_next(next), FormState())


@router.post("/login")
async def login(
    request: Request, form: PageForm, db: DB, rt: RT, client: ClientAddress
) -> Response:
    """The same server-side session as ``POST /api/v1/auth/login``."""
    check_pre_login(request, rt, form)
    next_url = safe_next(text(form, "next"))
    try:
        body = LogIn.model_validate({k: text(form, k) for k in ("email", "password")})
        user = await service.authenticate(
            db, rt, email=body.email, password=body.password, client=client
        )
        await mfa.require_second_factor(db, user, mfa.PAGE)
    except SecondFactorRequired as exc:
        return second_step_page(request, rt, exc.extra["mfa_token"], next_url)
    except (ValidationError, Unauthenticated, RateLimited) as exc:
        state = FormState.of("login", form, errors_of(exc))
        page = entry_page(request, rt, "accounts/login.html", next_url, state, failed_status(exc))
        return keep_retry_after(page, exc)
    return await _logged_in(request, db, rt, user, next_url, client)


async def _logged_in(
    request: Request, db: DB, rt: Runtime, user: User, next_url: str, client: str
) -> Response:
    token, record = await service.start_browser_session(
        db, rt, user, user_agent=request.headers.get("user-agent", ""), ip=client
    )
    response = redirect(request, next_url, f"Welcome back, {user.display_name}.")
    set_session_cookies(response, rt, token, record.csrf_token)
    return response


@router.get("/login/code")
async def login_code_page(request: Request, next: str = "") -> Response:
    """The second step is only ever shown in answer to the first: start there."""
    target = safe_next(next)
    return redirect(request, "/login" if target == "/boards" else f"/login?next={quote(target)}")


@router.post("/login/code")
async def login_code(
    request: Request, form: PageForm, db: DB, rt: RT, client: ClientAddress
) -> Response:
    """The second step of the log-in page (and of provider log-in through the pages)."""
    check_pre_login(request, rt, form)
    next_url = safe_next(text(form, "next"))
    token = text(form, "mfa_token")
    try:
        code = text(form, "code").strip()
        if not code:
            raise Invalid.field("code", "code_needed")
        user, _flow = await mfa.complete(
            db, rt, token=token, code=code[:64], client=client, flows=(mfa.PAGE,)
        )
    except (Invalid, RateLimited) as exc:
        state = FormState("code", errors=errors_of(exc))
        page = second_step_page(request, rt, token, next_url, state, failed_status(exc))
        return keep_retry_after(page, exc)
    except Unauthenticated as exc:
        state = FormState("login", errors={FORM_ERROR: exc.detail})
        return entry_page(request, rt, "accounts/login.html", next_url, state, exc.status)
    return await _logged_in(request, db, rt, user, next_url, client)


@router.get("/logout")
async def logout_page(request: Request, actor: MaybeEnrollingActor) -> Response:
    if actor is None:
        return redirect(request, "/")
    return render(request, "accounts/logout.html")


@router.post("/logout")
async def logout(request: Request, actor: EnrollingPageActor, db: DB) -> Response:
    await service.end_session(db, actor, None)
    response = redirect(request, "/", "You are logged out.", "info")
    clear_session_cookies(response)
    return response


# -- administration -------------------------------------------------------------------------


@router.get("/admin")
async def admin_page(request: Request, actor: PageActor, db: DB, offset: Offset = 0) -> Response:
    users, total = await service.list_users(db, actor, limit=USERS_PER_PAGE, offset=offset)
    context = {"users": users, "total": total, "offset": offset, "limit": USERS_PER_PAGE}
    return render(request, "accounts/admin.html", context)


@router.post("/admin/users/{user_id}")
async def admin_update_user(
    request: Request, user_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    action = text(form, "action")
    if action not in ("deactivate", "reactivate"):
        raise Invalid.field("action", "action")
    offset = optional_number(form, "offset", 0, MAX_OFFSET)  # the list page to go back to
    back = f"/admin?offset={offset}" if offset else "/admin"
    if action == "deactivate" and not confirmed(form):
        target = await service.user_for_admin(db, actor, user_id)
        return confirm_page(
            request,
            title=f"Deactivate {target.display_name}?",
            explain="They are signed out everywhere and cannot sign in until reactivated. "
            "You can undo it for a few seconds afterwards.",
            action=f"/admin/users/{user_id}",
            fields={"action": "deactivate", "offset": offset},
            button="Deactivate",
            back=back,
        )
    user = await service.set_user_flags(
        db, actor, user_id, is_active=action == "reactivate", is_admin=None
    )
    verb = "reactivated" if user.is_active else "deactivated"
    undo = None
    if not user.is_active:
        undo = Undo(f"/admin/users/{user_id}/reactivate", time.time() + UNDO_SECONDS)
    return redirect(request, back, f"{user.display_name} was {verb}.", undo=undo)


@router.post("/admin/users/{user_id}/reactivate")
async def admin_undo_deactivation(
    request: Request, user_id: IdPath, actor: PageActor, db: DB
) -> Response:
    """The Undo of a deactivation: a reactivation (their sessions stay ended)."""
    user = await service.set_user_flags(db, actor, user_id, is_active=True, is_admin=None)
    return redirect(request, "/admin", f"{user.display_name} was reactivated.")
