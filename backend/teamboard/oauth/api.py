"""JSON routes for provider log-in: which providers there are, the SPA's code exchange,
and the caller's linked identities."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from teamboard.accounts.deps import CurrentActor
from teamboard.accounts.schemas import MfaRequired, TokenPair
from teamboard.core.deps import DB, RT, IdPath
from teamboard.core.errors import BadRequest
from teamboard.core.http import request_origin
from teamboard.core.problems import problems
from teamboard.oauth import handoff, service
from teamboard.oauth.deps import Providers
from teamboard.oauth.schemas import HandoffExchange, IdentityRead, ProviderRead

router = APIRouter(tags=["auth"])


@router.get("/auth/providers", response_model=list[ProviderRead])
async def providers(rt: RT, gateway: Providers) -> object:
    """The configured log-in providers; an SPA shows a button for each."""
    base = rt.settings.base_url
    return [
        {"key": p.key, "name": p.name, "start_url": f"{base}/auth/oauth/{p.key}/start"}
        for p in gateway.listed()
    ]


@router.post(
    "/auth/oauth/exchange",
    response_model=TokenPair,
    responses=problems(BadRequest, bodies={401: MfaRequired}),
)
async def exchange(body: HandoffExchange, request: Request, db: DB, rt: RT) -> object:
    """An SPA on another origin trades the one-time code from the callback for tokens,
    with the verifier whose S256 challenge it passed to the start URL. Any attempt spends
    the code: a wrong or missing verifier means the code reached another browser. An
    account with two-factor log-in gets 401 with ``mfa_required`` and ``mfa_token``."""
    return await handoff.exchange(db, rt, body.code, body.code_verifier, request_origin(request))


@router.get("/me/identities", response_model=list[IdentityRead])
async def my_identities(actor: CurrentActor, db: DB, gateway: Providers) -> object:
    return [
        IdentityRead.model_validate(i).model_copy(
            update={"provider_name": gateway.name_of(i.provider)}
        )
        for i in await service.list_identities(db, actor)
    ]


@router.delete("/me/identities/{identity_id}", status_code=status.HTTP_204_NO_CONTENT)
async def unlink(identity_id: IdPath, actor: CurrentActor, db: DB) -> None:
    await service.unlink(db, actor, identity_id)
