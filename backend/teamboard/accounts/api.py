"""JSON routes for accounts: parse, call the service, shape the response."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from teamboard.accounts import email_change, mfa, service, tokens
from teamboard.accounts.cookies import clear_session_cookies, log_in_browser
from teamboard.accounts.deps import CurrentActor, EnrollingActor, OriginChecked
from teamboard.accounts.models import User
from teamboard.accounts.schemas import (
    LogIn,
    LogOut,
    MeRead,
    MfaRequired,
    PasswordChange,
    ProfileUpdate,
    RefreshRequest,
    SessionInfo,
    SessionRead,
    SignUp,
    TokenPair,
    UserAdminUpdate,
    UserRead,
)
from teamboard.core.db import UnitOfWork
from teamboard.core.deps import DB, RT, ClientAddress, IdPath
from teamboard.core.errors import Conflict, Forbidden, RateLimited, Unauthenticated
from teamboard.core.problems import problems
from teamboard.core.schemas import Limit, Offset, Page

router = APIRouter(tags=["auth"])


@router.post(
    "/auth/signup",
    status_code=status.HTTP_201_CREATED,
    response_model=UserRead,
    dependencies=[OriginChecked],
    responses=problems(Conflict, RateLimited),
)
async def sign_up(body: SignUp, db: DB, rt: RT, client: ClientAddress) -> object:
    return await service.create_user(
        db,
        rt,
        email=body.email,
        password=body.password,
        display_name=body.display_name,
        client=client,
    )


# The 401 of a right password for an account with two-factor log-in carries the token of
# the second step (MfaRequired); POST /auth/mfa (two_factor_api.py) finishes it.
ASKS_FOR_CODE = problems(RateLimited, bodies={401: MfaRequired})


@router.post(
    "/auth/login",
    response_model=SessionInfo,
    dependencies=[OriginChecked],
    responses=ASKS_FOR_CODE,
)
async def log_in(
    body: LogIn, request: Request, response: Response, db: DB, rt: RT, client: ClientAddress
) -> object:
    """Browser log-in: sets the HttpOnly session cookie and returns the CSRF token. An
    account with two-factor log-in gets 401 with ``mfa_required`` and ``mfa_token``."""
    user = await service.authenticate(
        db, rt, email=body.email, password=body.password, client=client
    )
    await mfa.require_second_factor(db, user, mfa.SESSION)
    return await log_in_browser(request, response, db, rt, user, client)


@router.post("/auth/token", response_model=TokenPair, responses=ASKS_FOR_CODE)
async def issue_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], db: DB, rt: RT, client: ClientAddress
) -> object:
    """API clients: OAuth2 password grant → short-lived access JWT + rotating refresh token.
    An account with two-factor log-in gets 401 with ``mfa_required`` and ``mfa_token``."""
    user = await service.authenticate(
        db, rt, email=form.username, password=form.password, client=client
    )
    await mfa.require_second_factor(db, user, mfa.TOKEN)
    return await tokens.issue_tokens(db, rt, user)


@router.post("/auth/refresh", response_model=TokenPair, responses=problems(Unauthenticated))
async def refresh(body: RefreshRequest, db: DB, rt: RT) -> object:
    return await tokens.rotate_refresh_token(db, rt, body.refresh_token)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
async def log_out(
    actor: EnrollingActor, db: DB, response: Response, body: LogOut | None = None
) -> None:
    await service.end_session(db, actor, body.refresh_token if body else None)
    clear_session_cookies(response)


async def _me(db: UnitOfWork, user: User) -> MeRead:
    me = MeRead.model_validate(user)
    return me.model_copy(update={"pending_email": await email_change.pending(db, me.id)})


@router.get("/me", response_model=MeRead)
async def me(actor: EnrollingActor, db: DB) -> object:
    return await _me(db, await service.get_user(db, actor.id))


@router.patch("/me", response_model=MeRead, responses=problems(RateLimited))
async def update_me(
    body: ProfileUpdate, actor: CurrentActor, db: DB, rt: RT, client: ClientAddress
) -> object:
    """Changing ``email`` asks for ``current_password`` (accounts without a password: a
    log-in through their provider within the last 10 minutes, in this browser session).
    The address is not changed at once: a link goes to the new one (``pending_email``
    until it is used, for 24 hours), and a notice to the current one. The answer is the
    same whether another account has the new address or not."""
    user = await service.update_profile(
        db,
        rt,
        actor,
        display_name=body.display_name,
        email=body.email,
        current_password=body.current_password,
        client=client,
        time_zone=body.time_zone if "time_zone" in body.model_fields_set else service.UNCHANGED,
    )
    return await _me(db, user)


# A wrong current password counts as a failed log-in of the account (throttled).
@router.post(
    "/me/password", status_code=status.HTTP_204_NO_CONTENT, responses=problems(RateLimited)
)
async def change_password(
    body: PasswordChange, actor: CurrentActor, db: DB, rt: RT, client: ClientAddress
) -> None:
    await service.change_password(
        db, rt, actor, current=body.current_password, new=body.new_password, client=client
    )


@router.get("/me/sessions", response_model=list[SessionRead])
async def my_sessions(actor: CurrentActor, db: DB) -> object:
    sessions = await service.list_sessions(db, actor)
    return [
        SessionRead.model_validate(s).model_copy(update={"current": s.id == actor.session_id})
        for s in sessions
    ]


@router.delete("/me/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
async def revoke_my_session(session_id: IdPath, actor: CurrentActor, db: DB) -> None:
    await service.revoke_session(db, actor, session_id)


@router.get(
    "/admin/users", response_model=Page[UserRead], tags=["admin"], responses=problems(Forbidden)
)
async def admin_users(actor: CurrentActor, db: DB, limit: Limit = 50, offset: Offset = 0) -> object:
    users, total = await service.list_users(db, actor, limit=limit, offset=offset)
    return {"items": users, "total": total, "limit": limit, "offset": offset}


@router.patch("/admin/users/{user_id}", response_model=UserRead, tags=["admin"])
async def admin_update_user(
    user_id: IdPath, body: UserAdminUpdate, actor: CurrentActor, db: DB
) -> object:
    return await service.set_user_flags(
        db, actor, user_id, is_active=body.is_active, is_admin=body.is_admin
    )
