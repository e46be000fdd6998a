"""The browser side of provider log-in: start, callback, link and unlink.

The callback finishes in one of three ways: this site's pages (session cookie, then the
``next`` page), an SPA on another origin (a one-time code in its ``return_to`` address,
traded via ``POST /api/v1/auth/oauth/exchange``), or a signed-in user linking a provider.
Every failure lands somewhere a person can read it; none is a 500.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from teamboard.accounts import mfa
from teamboard.accounts import service as accounts
from teamboard.accounts.cookies import set_session_cookies
from teamboard.accounts.deps import MaybeEnrollingActor, PageActor
from teamboard.accounts.second_step import second_step_page
from teamboard.core.deps import DB, RT, ClientAddress
from teamboard.core.errors import (
    AppError,
    BadRequest,
    Conflict,
    Forbidden,
    Invalid,
    RateLimited,
    SecondFactorRequired,
    UpstreamFailed,
)
from teamboard.core.runtime import Runtime
from teamboard.oauth import handoff, service
from teamboard.oauth.deps import providers_of
from teamboard.oauth.flow import FLOW_COOKIE, FLOW_MAX_AGE, FLOW_PATH, Flow, seal, unseal
from teamboard.web.forms import FORM_ERROR, FormState
from teamboard.web.guard import PageForm, entry_page, safe_next
from teamboard.web.render import redirect

router = APIRouter(include_in_schema=False)
# What a person can be told and recover from; anything else is a bug and stays a 500.
EXPECTED = (BadRequest, Conflict, Forbidden, Invalid, UpstreamFailed)


def _to_provider(request: Request, rt: Runtime, url: str, flow: Flow) -> Response:
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(
        FLOW_COOKIE,
        seal(providers_of(request).flow_key, flow),
        max_age=FLOW_MAX_AGE,
        httponly=True,
        # Lax: the provider sends the browser back with a top-level GET from its site.
        samesite="lax",
        secure=rt.settings.secure_cookies,
        path=FLOW_PATH,
    )
    return response


def _login_failed(request: Request, rt: Runtime, exc: AppError, next_url: str) -> Response:
    state = FormState("login", errors={FORM_ERROR: exc.detail})
    providers = providers_of(request).listed()
    response = entry_page(
        request, rt, "accounts/login.html", next_url, state, exc.status, providers=providers
    )
    response.headers.update(exc.headers)  # e.g. Retry-After
    return response


def _with_query(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, urlencode(params)) if q)
    return urlunsplit(parts._replace(query=query))


@router.get("/auth/oauth/{provider}/start")
async def start(
    request: Request,
    provider: str,
    rt: RT,
    client: ClientAddress,
    next: str = "",
    return_to: str = "",
    code_challenge: str = "",
) -> Response:
    """Log in (or sign up) with a provider. ``next``: a path on this site to land on;
    ``return_to``: for an SPA on an allowed other origin, where to hand the result, with
    ``code_challenge``: the S256 challenge of the verifier it will trade the result with."""
    next_url = safe_next(next)
    providers_of(request).get(
        provider
    )  # an unknown provider is a 404 before it counts as an attempt
    try:
        await service.check_start_rate(rt, client)
        url, flow = await service.begin(
            rt,
            providers_of(request),
            provider,
            next_url=next_url,
            return_to=return_to,
            challenge=code_challenge,
            link_user=None,
        )
    except (Invalid, RateLimited, UpstreamFailed) as exc:
        return _login_failed(request, rt, exc, next_url)
    return _to_provider(request, rt, url, flow)


@router.get("/auth/oauth/{provider}/callback")
async def callback(
    request: Request,
    provider: str,
    rt: RT,
    db: DB,
    client: ClientAddress,
    actor: MaybeEnrollingActor,
    state: str = "",
    code: str = "",
    error: str = "",
    error_description: str = "",
) -> Response:
    flow = unseal(providers_of(request).flow_key, request.cookies.get(FLOW_COOKIE))
    try:
        done = await service.complete(
            db,
            rt,
            providers_of(request),
            provider,
            flow,
            state=state,
            code=code,
            error=error,
            error_description=error_description,
            actor=actor,
        )
        if done.flow.link_user is not None:
            response: Response = redirect(
                request, "/account", f"{done.provider.name} is now linked to your account."
            )
        elif done.flow.return_to:
            code = await handoff.create(db, done.user, done.flow.return_to, done.flow.challenge)
            url = _with_query(done.flow.return_to, oauth_code=code)
            response = RedirectResponse(url, status_code=303)
        else:
            # An account with two-factor log-in: the code first (the same second step as
            # the log-in page), the session after it.
            await mfa.require_second_factor(db, done.user, mfa.PAGE)
            token, record = await accounts.start_browser_session(
                db, rt, done.user, user_agent=request.headers.get("user-agent", ""), ip=client
            )
            hello = "Welcome to Teamboard" if done.created else "Welcome back"
            message = f"{hello}, {done.user.display_name}!"
            if done.claimed:
                message += (
                    f" {done.provider.name} confirmed your e-mail address. It had not been"
                    " confirmed before, so any password set for this account was removed and"
                    " every other session ended."
                )
            response = redirect(request, done.flow.next, message)
            set_session_cookies(response, rt, token, record.csrf_token)
    except SecondFactorRequired as exc:
        response = second_step_page(request, rt, exc.extra["mfa_token"], done.flow.next)
    except EXPECTED as exc:
        response = _callback_failed(request, rt, flow, exc)
    response.delete_cookie(FLOW_COOKIE, path=FLOW_PATH)  # one use only
    return response


def _callback_failed(request: Request, rt: Runtime, flow: Flow | None, exc: AppError) -> Response:
    if flow is not None and flow.link_user is not None:
        return redirect(request, "/account", exc.detail, "error")
    if flow is not None and flow.return_to:
        url = _with_query(flow.return_to, oauth_error=exc.detail)
        return RedirectResponse(url, status_code=303)
    return _login_failed(request, rt, exc, flow.next if flow else safe_next(""))


@router.post("/account/identities/{provider}/link")
async def link(
    request: Request, provider: str, actor: PageActor, form: PageForm, rt: RT
) -> Response:
    try:
        url, flow = await service.begin(
            rt, providers_of(request), provider, next_url="/account", link_user=actor.id
        )
    except UpstreamFailed as exc:
        return redirect(request, "/account", exc.detail, "error")
    return _to_provider(request, rt, url, flow)
