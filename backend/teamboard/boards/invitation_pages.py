"""The pages of invitations: the mailed link (``/invitations/{token}``: accept, decline,
or sign up with the invited address), and accepting or declining one's own from the
boards list. What each may do is in boards/invitation_links.py."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from teamboard.accounts import service as accounts
from teamboard.accounts.cookies import set_session_cookies
from teamboard.accounts.deps import MaybeActor, PageActor
from teamboard.accounts.schemas import SignUp
from teamboard.boards import invitation_links as links
from teamboard.boards import invitations
from teamboard.boards.invitation_mail import AS
from teamboard.core.actor import Actor
from teamboard.core.deps import DB, RT, ClientAddress, IdPath
from teamboard.core.errors import Conflict, Invalid, NotFound, RateLimited
from teamboard.core.runtime import Runtime
from teamboard.web.forms import FormState, errors_of, failed_status, keep_retry_after, text
from teamboard.web.guard import PageForm, check_pre_login, pre_login_token, set_pre_login_cookie
from teamboard.web.render import redirect, render

router = APIRouter(include_in_schema=False)
SIGN_UP = "invitation-signup"


async def link_page(
    request: Request,
    db: DB,
    rt: Runtime,
    actor: Actor | None,
    token: str,
    form: FormState | None = None,
    status: int | None = None,
) -> Response:
    """The link's page: what its holder may do, as who they are (signed in or not)."""
    link = await links.read_link(db, token)
    if actor is None:
        pre_login_token(request)  # the sign-up and decline forms' double-submit token
    context = {
        "link": link,
        "token": token,
        "role_as": AS[link.invitation.role] if link else "",
        "mine": bool(link and actor and actor.email == link.invitation.email),
        "form": form or FormState(),
    }
    page = render(
        request, "boards/invitation.html", context, status=status or (200 if link else 404)
    )
    if actor is None:
        set_pre_login_cookie(request, page, rt)
    return page


@router.get("/invitations/{token}")
async def invitation_page(
    request: Request, token: str, actor: MaybeActor, db: DB, rt: RT
) -> Response:
    """Only shows: opening the link (a person, or a mail scanner) changes nothing."""
    return await link_page(request, db, rt, actor, token)


@router.post("/invitations/{token}/accept")
async def accept_by_link(
    request: Request, token: str, actor: PageActor, form: PageForm, db: DB, rt: RT
) -> Response:
    link = await links.read_link(db, token)
    try:
        board_id = await links.accept_link(db, actor, token)
    except NotFound:  # gone, or for another address: the page tells which
        return await link_page(request, db, rt, actor, token, status=404)
    name = link.invitation.board_name if link else "the board"
    return redirect(request, f"/boards/{board_id}", f"You joined “{name}”.")


@router.post("/invitations/{token}/decline")
async def decline_by_link(
    request: Request, token: str, actor: MaybeActor, form: PageForm, db: DB, rt: RT
) -> Response:
    if actor is None:
        check_pre_login(request, rt, form)
    try:
        await links.decline_link(db, actor, token)
    except NotFound:
        return await link_page(request, db, rt, actor, token, status=404)
    return redirect(request, "/boards" if actor else "/", "Invitation declined.", "info")


@router.post("/invitations/{token}/signup")
async def sign_up_by_link(
    request: Request,
    token: str,
    actor: MaybeActor,
    form: PageForm,
    db: DB,
    rt: RT,
    client: ClientAddress,
) -> Response:
    """A new account with the invited address, verified by the link, which joins."""
    if actor is not None:
        return redirect(request, f"/invitations/{token}")
    check_pre_login(request, rt, form)
    link = await links.read_link(db, token)
    if link is None:
        return await link_page(request, db, rt, None, token)
    try:
        body = SignUp.model_validate(
            {
                "email": link.invitation.email,  # no other: it is the one the link proves
                "password": text(form, "password"),
                "display_name": text(form, "display_name"),
            }
        )
        user, board_id = await links.sign_up_by_link(
            db, rt, token, display_name=body.display_name, password=body.password, client=client
        )
    except NotFound:
        return await link_page(request, db, rt, None, token)
    except (ValidationError, Invalid, RateLimited) as exc:
        state = FormState.of(SIGN_UP, form, errors_of(exc))
        page = await link_page(request, db, rt, None, token, state, failed_status(exc))
        return keep_retry_after(page, exc)
    except Conflict:  # an account was made with this address meanwhile
        return redirect(
            request, f"/invitations/{token}", "This address has an account: log in to accept."
        )
    session, record = await accounts.start_browser_session(
        db, rt, user, user_agent=request.headers.get("user-agent", ""), ip=client
    )
    if board_id is None:
        response = redirect(
            request, "/boards", "Your account is ready; the invitation was withdrawn meanwhile."
        )
    else:
        response = redirect(
            request, f"/boards/{board_id}", f"Welcome to Teamboard, {user.display_name}!"
        )
    set_session_cookies(response, rt, session, record.csrf_token)
    return response


# -- one's own, from the boards list ------------------------------------------------------


@router.post("/account/invitations/{invitation_id}/accept")
async def accept(
    request: Request, invitation_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    board = await invitations.accept(db, actor, invitation_id)
    return redirect(request, f"/boards/{board.id}", f"You joined “{board.name}”.")


@router.post("/account/invitations/{invitation_id}/decline")
async def decline(
    request: Request, invitation_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    await invitations.decline(db, actor, invitation_id)
    return redirect(request, "/boards", "Invitation declined.", "info")
