"""The account page: profile, password, two-factor log-in, linked providers, sessions.

Two-factor log-in is set up here (the SPA has no account page): start (a new secret), the
enrolment page (QR code and the key by hand), a first code turns it on and shows the
recovery codes once; a code turns it off or makes new recovery codes.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.datastructures import FormData
from starlette.responses import Response

from teamboard.accounts import email_change, service, two_factor
from teamboard.accounts.cookies import clear_session_cookies
from teamboard.accounts.deps import EnrollingPageActor, PageActor, must_enrol
from teamboard.accounts.schemas import MAX_CODE, PasswordChange, ProfileUpdate
from teamboard.core.actor import Actor
from teamboard.core.deps import DB, RT, ClientAddress, IdPath
from teamboard.core.errors import Conflict, Invalid, RateLimited
from teamboard.core.runtime import Runtime
from teamboard.core.zones import zone_names
from teamboard.oauth import service as oauth
from teamboard.oauth.deps import providers_of
from teamboard.web.forms import (
    FORM_ERROR,
    FormState,
    errors_of,
    failed_status,
    keep_retry_after,
    text,
)
from teamboard.web.guard import PageForm
from teamboard.web.render import redirect, render

router = APIRouter(include_in_schema=False)
ZONE_OPTIONS = [("", "Not set (UTC)"), *((name, name.replace("_", " ")) for name in zone_names())]
ENROL = "/account/two-factor"


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
        "recovery_codes_left": await two_factor.recovery_codes_left(db, actor),
        "pending_email": await email_change.pending(db, actor.id),
        "providers": providers_of(request).listed(),
        "provider_name": providers_of(request).name_of,
        "zone_options": ZONE_OPTIONS,
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
            fields
            | {
                "current_password": text(form, "current_password") or None,
                # The blank choice clears it (times in UTC until the browser tells one).
                "time_zone": text(form, "time_zone") or None,
            }
        )
        user = await service.update_profile(
            db,
            rt,
            actor,
            display_name=body.display_name,
            email=body.email,
            current_password=body.current_password,
            client=client,
            time_zone=body.time_zone,
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


# -- two-factor log-in ----------------------------------------------------------------------


def _code(form: FormData) -> str:
    code = text(form, "code").strip()
    if not code or len(code) > MAX_CODE:
        raise Invalid.field("code", "code_needed")
    return code


def _codes_page(request: Request, codes: list[str], message: str) -> Response:
    """The recovery codes, this once: the answer to the POST itself, never stored."""
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "message": message})


async def _enrol_view(
    request: Request,
    db: DB,
    rt: Runtime,
    actor: Actor,
    form: FormState | None = None,
    status: int = 200,
) -> Response:
    context = {
        "enrolment": await two_factor.pending_enrolment(db, rt, actor),
        "required": must_enrol(request, actor),
        "form": form or FormState(),
    }
    return render(request, "accounts/two_factor.html", context, status=status)


@router.get(ENROL)
async def enrol_page(request: Request, actor: EnrollingPageActor, db: DB, rt: RT) -> Response:
    if actor.two_factor:
        return redirect(request, "/account")
    return await _enrol_view(request, db, rt, actor)


@router.post(f"{ENROL}/start")
async def start_enrolment(
    request: Request, actor: EnrollingPageActor, form: PageForm, db: DB, rt: RT
) -> Response:
    try:
        await two_factor.start_enrolment(db, rt, actor)
    except Conflict as exc:
        return redirect(request, "/account", exc.detail, "error")
    return redirect(request, ENROL)


@router.post(f"{ENROL}/confirm")
async def confirm_enrolment(
    request: Request,
    actor: EnrollingPageActor,
    form: PageForm,
    db: DB,
    rt: RT,
    client: ClientAddress,
) -> Response:
    try:
        codes = await two_factor.confirm_enrolment(db, rt, actor, code=_code(form), client=client)
    except Conflict as exc:
        return redirect(request, "/account", exc.detail, "error")
    except (Invalid, RateLimited) as exc:
        state = FormState("confirm", errors=errors_of(exc))
        page = await _enrol_view(request, db, rt, actor, state, failed_status(exc))
        return keep_retry_after(page, exc)
    message = "Two-factor log-in is on. Your other sessions were ended."
    return _codes_page(request, codes, message)


@router.post(f"{ENROL}/recovery-codes")
async def regenerate_recovery_codes(
    request: Request, actor: PageActor, form: PageForm, db: DB, rt: RT, client: ClientAddress
) -> Response:
    try:
        codes = await two_factor.regenerate_recovery_codes(
            db, rt, actor, code=_code(form), client=client
        )
    except Conflict as exc:
        return redirect(request, "/account", exc.detail, "error")
    except (Invalid, RateLimited) as exc:
        state = FormState("regenerate", errors=errors_of(exc))
        page = await account_view(request, db, rt, actor, state, failed_status(exc))
        return keep_retry_after(page, exc)
    return _codes_page(request, codes, "New recovery codes made; the old ones no longer work.")


@router.post(f"{ENROL}/disable")
async def disable(
    request: Request, actor: PageActor, form: PageForm, db: DB, rt: RT, client: ClientAddress
) -> Response:
    try:
        await two_factor.disable(db, rt, actor, code=_code(form), client=client)
    except Conflict as exc:
        return redirect(request, "/account", exc.detail, "error")
    except (Invalid, RateLimited) as exc:
        state = FormState("disable", errors=errors_of(exc))
        page = await account_view(request, db, rt, actor, state, failed_status(exc))
        return keep_retry_after(page, exc)
    return redirect(
        request, "/account", "Two-factor log-in is off. Your other sessions were ended."
    )
