"""Pages for signing up, logging in and out, the account and the administration."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from teamboard.accounts import email_change, service
from teamboard.accounts.cookies import clear_session_cookies, set_session_cookies
from teamboard.accounts.deps import MaybeActor, PageActor
from teamboard.accounts.schemas import LogIn, PasswordChange, ProfileUpdate, SignUp
from teamboard.core.actor import Actor
from teamboard.core.deps import DB, RT, ClientAddress, IdPath
from teamboard.core.errors import Conflict, Invalid, RateLimited, Unauthenticated
from teamboard.core.runtime import Runtime
from teamboard.core.schemas import MAX_OFFSET, Offset
from teamboard.oauth import service as oauth
from teamboard.oauth.deps import providers_of
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
        errors = {"email": exc.detail} if isinstance(exc, Conflict) else errors_of(exc)
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
    except (ValidationError, Unauthenticated, RateLimited) as exc:
        state = FormState.of("login", form, errors_of(exc))
        page = entry_page(request, rt, "accounts/login.html", next_url, state, failed_status(exc))
        return keep_retry_after(page, exc)
    token, record = await service.start_browser_session(
        db, rt, user, user_agent=request.headers.get("user-agent", ""), ip=client
    )
    response = redirect(request, next_url, f"Welcome back, {user.display_name}.")
    set_session_cookies(response, rt, token, record.csrf_token)
    return response


@router.get("/logout")
async def logout_page(request: Request, actor: MaybeActor) -> Response:
    if actor is None:
        return redirect(request, "/")
    return render(request, "accounts/logout.html")


@router.post("/logout")
async def logout(request: Request, actor: PageActor, db: DB) -> Response:
    await service.end_session(db, actor, None)
    response = redirect(request, "/", "You are logged out.", "info")
    clear_session_cookies(response)
    return response


# -- the account ----------------------------------------------------------------------------


async def account_view(
    request: Request,
    db: DB,
    rt: Runtime,
    actor: Actor,
    form: FormState | None = None,
    status: int = 200,
) -> Response:
    user = await service.get_user(db, actor.id)
    sessions = await service.list_sessions(db, actor)
    context = {
        "user": user,
        "sessions": sessions,
        "form": form or FormState(),
        "identities": await oauth.list_identities(db, actor),
        "pending_email": await email_change.pending(db, actor.id),
        "providers": providers_of(request).listed(),
        "provider_name": providers_of(request).name_of,
    }
    return render(request, "accounts/account.html", context, status=status)


@router.get("/account")
async def account_page(request: Request, actor: PageActor, db: DB, rt: RT) -> Response:
    return await account_view(request, db, rt, actor)


@router.post("/account/profile")
async def update_profile(
    request: Request, actor: PageActor, form: PageForm, db: DB, rt: RT, client: ClientAddress
) -> Response:
    try:
        fields = {k: text(form, k) for k in ("display_name", "email")}
        body = ProfileUpdate.model_validate(
            fields | {"current_password": text(form, "current_password") or None}
        )
        user = await service.update_profile(
            db,
            rt,
            actor,
            display_name=body.display_name,
            email=body.email,
            current_password=body.current_password,
            client=client,
        )
    except (ValidationError, Invalid, RateLimited) as exc:
        state = FormState.of("profile", form, errors_of(exc))
        page = await account_view(request, db, rt, actor, state, failed_status(exc))
        return keep_retry_after(page, exc)
    if body.email is not None and body.email != user.email:
        message = (
            f"Profile saved. To move your account to {body.email}, open the link we sent "
            f"there; until then your address stays {user.email}."
        )
        return redirect(request, "/account", message)
    return redirect(request, "/account", "Profile saved.")


@router.post("/account/password")
async def change_password(
    request: Request, actor: PageActor, form: PageForm, db: DB, rt: RT, client: ClientAddress
) -> Response:
    try:
        body = PasswordChange.model_validate(
            {k: text(form, k) for k in ("current_password", "new_password")}
        )
        await service.change_password(
            db, rt, actor, current=body.current_password, new=body.new_password, client=client
        )
    except (ValidationError, Invalid, RateLimited) as exc:
        state = FormState.of("password", form, errors_of(exc))
        page = await account_view(request, db, rt, actor, state, failed_status(exc))
        return keep_retry_after(page, exc)
    return redirect(request, "/account", "Password changed. Your other sessions were ended.")


@router.post("/account/sessions/{session_id}/revoke")
async def revoke_session(
    request: Request, session_id: IdPath, actor: PageActor, db: DB
) -> Response:
    await service.revoke_session(db, actor, session_id)
    if session_id == actor.session_id:
        response = redirect(request, "/login", "This session was ended.", "info")
        clear_session_cookies(response)
        return response
    return redirect(request, "/account", "Session ended.")


@router.post("/account/identities/{identity_id}/unlink")
async def unlink(
    request: Request, identity_id: IdPath, actor: PageActor, form: PageForm, rt: RT, db: DB
) -> Response:
    try:
        identity = await oauth.unlink(db, actor, identity_id)
    except Conflict as exc:
        state = FormState("identities", errors={FORM_ERROR: exc.detail})
        return await account_view(request, db, rt, actor, state, exc.status)
    name = providers_of(request).name_of(identity.provider)
    return redirect(request, "/account", f"{name} was unlinked from your account.")


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
        raise Invalid.field("action", "must be deactivate or reactivate")
    offset = optional_number(form, "offset", 0, MAX_OFFSET)  # the list page to go back to
    user = await service.set_user_flags(
        db, actor, user_id, is_active=action == "reactivate", is_admin=None
    )
    verb = "reactivated" if user.is_active else "deactivated"
    back = f"/admin?offset={offset}" if offset else "/admin"
    return redirect(request, back, f"{user.display_name} was {verb}.")
