"""JSON routes of the mailed-link flows: proving an address, setting a new password, and
confirming an e-mail change (the change itself is asked for with ``PATCH /me``)."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, status

from teamboard.accounts import email_change, password_reset, verification
from teamboard.accounts.deps import CurrentActor, OriginChecked
from teamboard.accounts.schemas import EmailLink, LinkSent, PasswordReset, PasswordResetRequest
from teamboard.core.deps import DB, RT, ClientAddress
from teamboard.core.errors import BadRequest, Conflict, RateLimited
from teamboard.core.problems import problems

router = APIRouter(tags=["auth"])


@router.post(
    "/me/verification-email",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=LinkSent,
    responses=problems(Conflict, RateLimited),
)
async def send_verification_email(
    actor: CurrentActor, db: DB, rt: RT, client: ClientAddress
) -> object:
    """A new link to prove the account's address (409 when it is proven already)."""
    email = await verification.resend(db, rt, actor, client=client)
    return {"detail": f"We sent a new link to {email}. It works for 24 hours."}


@router.post(
    "/auth/verify-email",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[OriginChecked],
    responses=problems(BadRequest),
)
async def verify_email(body: EmailLink, db: DB) -> None:
    """The token of a verification link: the account's address is proven (400 when the
    link is invalid, expired, used, or for an address the account no longer has)."""
    await verification.verify(db, body.token)


@router.post(
    "/auth/password-reset",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=LinkSent,
    dependencies=[OriginChecked],
    responses=problems(RateLimited),
)
async def request_password_reset(
    body: PasswordResetRequest, background: BackgroundTasks, rt: RT, client: ClientAddress
) -> object:
    """The same answer for every address, with an account or not; the link (one hour)
    is mailed only to an account's address."""
    send = await password_reset.request_reset(rt, email=body.email, client=client)
    background.add_task(send)  # after the answer: its timing tells nothing
    return {"detail": password_reset.SENT}


@router.post(
    "/auth/password-reset/confirm",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[OriginChecked],
    responses=problems(BadRequest, RateLimited),
)
async def confirm_password_reset(
    body: PasswordReset, db: DB, rt: RT, client: ClientAddress
) -> None:
    """The token of a reset link and the new password: every session and token of the
    account ends, and its address counts as proven. Log in again afterwards."""
    await password_reset.reset_password(
        db, rt, token=body.token, password=body.password, client=client
    )


@router.post(
    "/auth/confirm-email-change",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[OriginChecked],
    responses=problems(BadRequest, Conflict),
)
async def confirm_email_change(body: EmailLink, db: DB) -> None:
    """The token of the link mailed to the new address: the account moves to it (409
    when another account has it by then)."""
    await email_change.confirm_change(db, body.token)
