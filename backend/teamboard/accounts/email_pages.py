"""Pages of the mailed-link flows, working without JavaScript: the links themselves
(confirm an address, choose a new password, confirm a new address), "Forgot your
password?", and the unconfirmed address's "send the link again".

Opening a link (a GET) changes nothing: mail scanners and link previews fetch links
before people do, so each link opens a page whose button does the work (a POST, with the
session's CSRF token, or the pre-log-in form token when nobody is signed in there)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from pydantic import ValidationError
from starlette.background import BackgroundTask
from starlette.datastructures import FormData
from starlette.responses import Response

from teamboard.accounts import email_change, password_reset, verification
from teamboard.accounts.cookies import clear_session_cookies
from teamboard.accounts.deps import MaybeActor, PageActor
from teamboard.accounts.email_tokens import CHANGE, INVALID, RESET, VERIFY
from teamboard.accounts.schemas import PasswordReset, PasswordResetRequest
from teamboard.core.actor import Actor
from teamboard.core.deps import DB, RT, ClientAddress
from teamboard.core.errors import BadRequest, Conflict, Invalid, RateLimited
from teamboard.core.runtime import Runtime
from teamboard.web.forms import FormState, errors_of, failed_status, keep_retry_after, text
from teamboard.web.guard import (
    PageForm,
    check_pre_login,
    pre_login_token,
    safe_next,
    set_pre_login_cookie,
)
from teamboard.web.render import redirect, render

router = APIRouter(include_in_schema=False)
Token = Annotated[str, Path(min_length=1, max_length=200)]


def page(
    request: Request, rt: Runtime, template: str, context: dict[str, Any], status: int = 200
) -> Response:
    """A page with a form that may be sent by someone not signed in: it carries the
    visitor's pre-log-in form token (render puts the session's instead when there is one)."""
    pre_login_token(request)
    response = render(request, template, context, status=status)
    set_pre_login_cookie(request, response, rt)
    return response


def dead_link(
    request: Request, rt: Runtime, purpose: str, detail: str = INVALID, status: int = 400
) -> Response:
    context = {"purpose": purpose, "detail": detail, "status": status}
    return page(request, rt, "accounts/link_dead.html", context, status)


def check_form(request: Request, rt: Runtime, actor: Actor | None, form: FormData) -> None:
    """A signed-in visitor's form was checked with their session (accounts/deps.py)."""
    if actor is None:
        check_pre_login(request, rt, form)


# -- proof of an address ------------------------------------------------------------------


@router.get("/verify-email/{token}")
async def verify_page(
    request: Request, token: Token, actor: MaybeActor, db: DB, rt: RT
) -> Response:
    email = await verification.check(db, token)
    if email is None:
        return dead_link(request, rt, VERIFY)
    return page(request, rt, "accounts/verify_email.html", {"email": email, "token": token})


@router.post("/verify-email/{token}")
async def verify(
    request: Request, token: Token, actor: MaybeActor, form: PageForm, db: DB, rt: RT
) -> Response:
    check_form(request, rt, actor, form)
    try:
        email = await verification.verify(db, token)
    except BadRequest as exc:
        return dead_link(request, rt, VERIFY, exc.detail)
    return redirect(request, "/boards", f"Thank you: {email} is confirmed.")


@router.post("/account/verification-email")
async def send_verification(
    request: Request, actor: PageActor, form: PageForm, db: DB, rt: RT, client: ClientAddress
) -> Response:
    """The banner's button; too many in a row get the 429 page (with Retry-After)."""
    back = safe_next(text(form, "next"))
    try:
        email = await verification.resend(db, rt, actor, client=client)
    except Conflict:
        return redirect(request, back, "Your address is already confirmed.", "info")
    return redirect(request, back, f"We sent a new link to {email}. It works for 24 hours.")


# -- a new password -------------------------------------------------------------------------


@router.get("/forgot-password")
async def forgot_page(request: Request, actor: MaybeActor, rt: RT) -> Response:
    return page(request, rt, "accounts/forgot_password.html", {})


@router.post("/forgot-password")
async def forgot(
    request: Request, actor: MaybeActor, form: PageForm, rt: RT, client: ClientAddress
) -> Response:
    check_form(request, rt, actor, form)
    try:
        body = PasswordResetRequest.model_validate({"email": text(form, "email")})
        send = await password_reset.request_reset(rt, email=body.email, client=client)
    except (ValidationError, RateLimited) as exc:
        state = FormState.of("forgot", form, errors_of(exc))
        failed = page(
            request, rt, "accounts/forgot_password.html", {"form": state}, failed_status(exc)
        )
        return keep_retry_after(failed, exc)
    response = redirect(request, "/forgot-password", password_reset.SENT, "info")
    response.background = BackgroundTask(send)  # after the answer: its timing tells nothing
    return response


@router.get("/reset-password/{token}")
async def reset_page(request: Request, token: Token, actor: MaybeActor, db: DB, rt: RT) -> Response:
    email = await password_reset.check(db, token)
    if email is None:
        return dead_link(request, rt, RESET)
    return page(request, rt, "accounts/reset_password.html", {"email": email, "token": token})


@router.post("/reset-password/{token}")
async def reset(
    request: Request,
    token: Token,
    actor: MaybeActor,
    form: PageForm,
    db: DB,
    rt: RT,
    client: ClientAddress,
) -> Response:
    """Every session ends, this one too: the person logs in with the new password (a
    second factor, where there is one, is asked then as at any log-in)."""
    check_form(request, rt, actor, form)
    try:
        body = PasswordReset.model_validate({"token": token, "password": text(form, "password")})
        await password_reset.reset_password(
            db, rt, token=token, password=body.password, client=client
        )
    except BadRequest as exc:
        return dead_link(request, rt, RESET, exc.detail)
    except (ValidationError, Invalid, RateLimited) as exc:
        email = await password_reset.check(db, token)
        if email is None:
            return dead_link(request, rt, RESET)
        context = {
            "email": email,
            "token": token,
            "form": FormState.of("reset", form, errors_of(exc)),
        }
        failed = page(request, rt, "accounts/reset_password.html", context, failed_status(exc))
        return keep_retry_after(failed, exc)
    message = (
        "Your new password is set, and every session of your account was ended. Log in with it."
    )
    response = redirect(request, "/login", message)
    clear_session_cookies(response)
    return response


# -- a new address --------------------------------------------------------------------------


@router.get("/confirm-email-change/{token}")
async def change_page(
    request: Request, token: Token, actor: MaybeActor, db: DB, rt: RT
) -> Response:
    email = await email_change.check(db, token)
    if email is None:
        return dead_link(request, rt, CHANGE)
    return page(request, rt, "accounts/confirm_email_change.html", {"email": email, "token": token})


@router.post("/confirm-email-change/{token}")
async def change(
    request: Request, token: Token, actor: MaybeActor, form: PageForm, db: DB, rt: RT
) -> Response:
    check_form(request, rt, actor, form)
    try:
        email = await email_change.confirm_change(db, token)
    except BadRequest as exc:
        return dead_link(request, rt, CHANGE, exc.detail)
    except Conflict as exc:
        return dead_link(request, rt, CHANGE, exc.detail, exc.status)
    return redirect(request, "/account", f"Your account's address is now {email}.")
