"""JSON routes for two-factor log-in: the second step of a log-in, and setting it up,
turning it off and new recovery codes for the caller (``/me/two-factor``)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from teamboard.accounts import mfa, tokens, two_factor
from teamboard.accounts.cookies import log_in_browser
from teamboard.accounts.deps import CurrentActor, EnrollingActor, OriginChecked
from teamboard.accounts.schemas import (
    MfaCompletion,
    RecoveryCodes,
    SessionInfo,
    TokenPair,
    TwoFactorCode,
    TwoFactorEnrolment,
)
from teamboard.core.deps import DB, RT, ClientAddress
from teamboard.core.errors import Conflict, RateLimited, Unauthenticated
from teamboard.core.problems import problems

router = APIRouter(tags=["auth"])


@router.post(
    "/auth/mfa",
    response_model=SessionInfo | TokenPair,
    dependencies=[OriginChecked],
    responses=problems(Unauthenticated, RateLimited),
)
async def finish_log_in(
    body: MfaCompletion,
    request: Request,
    response: Response,
    db: DB,
    rt: RT,
    client: ClientAddress,
) -> object:
    """The second step of a log-in that answered 401 with ``mfa_required``: its
    ``mfa_token`` and a code (or a recovery code). Answers what the first step would have:
    the session (with its cookies) for ``/auth/login``, the token pair for ``/auth/token``
    and the provider exchange. A wrong or already used code is a 422 naming ``code`` (the
    token stays good); an expired, used or unknown token a 401."""
    user, flow = await mfa.complete(
        db,
        rt,
        token=body.mfa_token,
        code=body.code,
        client=client,
        flows=(mfa.SESSION, mfa.TOKEN),
    )
    if flow == mfa.TOKEN:
        return await tokens.issue_tokens(db, rt, user)
    return await log_in_browser(request, response, db, rt, user, client)


@router.post("/me/two-factor", response_model=TwoFactorEnrolment, responses=problems(Conflict))
async def start_enrolment(actor: EnrollingActor, db: DB, rt: RT) -> object:
    """Begins setting up two-factor log-in: a new secret to add to an authenticator app.
    Nothing changes for the account until ``/me/two-factor/confirm``; starting again
    replaces an unconfirmed secret."""
    return await two_factor.start_enrolment(db, rt, actor)


@router.post(
    "/me/two-factor/confirm",
    response_model=RecoveryCodes,
    responses=problems(Conflict, RateLimited),
)
async def confirm_enrolment(
    body: TwoFactorCode, actor: EnrollingActor, db: DB, rt: RT, client: ClientAddress
) -> object:
    """Turns two-factor log-in on with a first code from the app, and answers the ten
    recovery codes (never shown again). The account's other sessions and refresh tokens
    end, and so do its access tokens (this one included): log in again, with a code."""
    codes = await two_factor.confirm_enrolment(db, rt, actor, code=body.code, client=client)
    return {"recovery_codes": codes}


@router.delete(
    "/me/two-factor",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(Conflict, RateLimited),
)
async def disable(
    body: TwoFactorCode, actor: CurrentActor, db: DB, rt: RT, client: ClientAddress
) -> None:
    """Turns two-factor log-in off, with a current code or a recovery code. Other sessions,
    refresh tokens and access tokens end, as with enrolling."""
    await two_factor.disable(db, rt, actor, code=body.code, client=client)


@router.post(
    "/me/two-factor/recovery-codes",
    response_model=RecoveryCodes,
    responses=problems(Conflict, RateLimited),
)
async def regenerate_recovery_codes(
    body: TwoFactorCode, actor: CurrentActor, db: DB, rt: RT, client: ClientAddress
) -> object:
    """Ten new recovery codes for a current code (or a recovery code); the old ones stop
    working."""
    codes = await two_factor.regenerate_recovery_codes(db, rt, actor, code=body.code, client=client)
    return {"recovery_codes": codes}
