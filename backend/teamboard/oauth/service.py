"""Log-in with a provider: start, finish (log in, sign up or link) and unlink. The
hand-off of a finished log-in to an SPA on another origin is in handoff.py.

The rules: a provider identity is found by (provider, subject). A first log-in creates the
account, and an existing account is linked automatically only when the provider asserts a
*verified* e-mail equal to it; otherwise the person logs in another way and links the
provider from their account. Nobody can remove their last way to log in.

An existing account whose address was never proven (signed up with a password, link not
yet followed) may not be the address owner's at all: anyone can sign up with any address.
The provider has just proven the address is this person's, so they get the account, and
everything that opened it before stops working: its password is removed and its sessions
and tokens end (the owner sets a password again through a reset mailed to them). Whoever
squatted the address keeps nothing that opens it. This is how an owner who simply never
followed the link keeps their boards, too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from teamboard.accounts import two_factor
from teamboard.accounts.models import User
from teamboard.accounts.service import end_credentials
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork, stage_user_change
from teamboard.core.errors import BadRequest, Conflict, Forbidden, NotFound, RateLimited
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from teamboard.core.security import same, token_digest
from teamboard.oauth import handoff
from teamboard.oauth.flow import FLOW_MAX_AGE, Flow
from teamboard.oauth.models import OAuthFlowUse, OAuthIdentity
from teamboard.oauth.providers import Gateway, Provider, ProviderUser

MAX_EMAIL = 320
# A used flow is remembered a little longer than its cookie lives: instances whose clocks
# differ by less than this all still refuse the cookie, by its age or by this record.
FLOW_USE_SLACK = 60


@dataclass(frozen=True, slots=True)
class Completed:
    user: User
    flow: Flow
    provider: Provider
    created: bool
    # An unproven account with the provider's address was taken over (see above).
    claimed: bool = False


async def check_start_rate(rt: Runtime, client: str) -> None:
    """Each start may have us talk to the provider (discovery, then the token exchange at
    the callback): throttled per client address, as password log-in is, on its own count."""
    key = f"oauth:addr:{client}"
    wait = await rt.login_limiter.blocked_for(key, rt.settings.login_max_per_address)
    if wait:
        raise RateLimited(wait)
    await rt.login_limiter.hit(key)


async def begin(
    rt: Runtime,
    providers: Gateway,
    provider_key: str,
    *,
    next_url: str,
    return_to: str = "",
    challenge: str = "",
    link_user: int | None,
) -> tuple[str, Flow]:
    """The provider's authorization URL and the flow state to keep in the browser."""
    provider = providers.get(provider_key)
    handoff.check_start(rt, return_to, challenge)
    flow = Flow.new(
        provider.key,
        next_url=next_url,
        return_to=return_to,
        challenge=challenge,
        link_user=link_user,
    )
    url = await providers.authorization_url(
        provider, state=flow.state, nonce=flow.nonce, verifier=flow.verifier
    )
    return url, flow


async def complete(
    db: UnitOfWork,
    rt: Runtime,
    providers: Gateway,
    provider_key: str,
    flow: Flow | None,
    *,
    state: str,
    code: str,
    error: str,
    error_description: str,
    actor: Actor | None,
) -> Completed:
    provider = providers.get(provider_key)
    if flow is None or flow.provider != provider.key:
        raise BadRequest("This log-in was not started here or took too long; please start again")
    # Some providers leave ``state`` out of an error answer; an error grants nothing, so
    # it is shown as long as this browser has a log-in with this provider in flight.
    if (state and not same(state, flow.state)) or not (state or error):
        raise BadRequest("The answer from the provider did not match this log-in; start again")
    if error:
        detail = f" ({error_description[:200]})" if error_description else ""
        raise BadRequest(f"{provider.name} did not complete the log-in: {error[:60]}{detail}")
    if not code:
        raise BadRequest(f"{provider.name} sent no authorization code; please start again")
    if flow.link_user is not None and (actor is None or actor.id != flow.link_user):
        raise Forbidden("Log in to the account you are linking, then try again")
    await spend_flow(db, flow)
    who = await providers.identify(provider, code=code, verifier=flow.verifier, nonce=flow.nonce)
    if flow.link_user is not None:
        return Completed(await _link(db, provider, who, flow.link_user), flow, provider, False)
    user, created, claimed = await _log_in(db, provider, who)
    return Completed(user, flow, provider, created, claimed)


async def spend_flow(db: UnitOfWork, flow: Flow) -> None:
    """Marks the flow used, before the provider is asked anything: a second callback with
    the same cookie (a copy of it, or the same request sent twice) is refused here, on
    whichever instance it lands. Two racing callbacks insert the same key; one wins."""
    now = utcnow()
    kept = datetime.fromtimestamp(flow.started + FLOW_MAX_AGE + FLOW_USE_SLACK, UTC)
    try:
        async with db.transaction():
            # Records of flows whose cookies have expired guard nothing: each use clears them.
            await db.execute(delete(OAuthFlowUse).where(OAuthFlowUse.expires_at <= now))
            await db.execute(
                insert(OAuthFlowUse).values(state_hash=token_digest(flow.state), expires_at=kept)
            )
    except IntegrityError:
        raise BadRequest("This log-in was already used; please start again") from None


async def _find(db: UnitOfWork, provider: Provider, subject: str) -> OAuthIdentity | None:
    return await db.scalar(
        select(OAuthIdentity).where(
            OAuthIdentity.provider == provider.key, OAuthIdentity.subject == subject
        )
    )


def _usable_email(who: ProviderUser) -> str | None:
    if who.email and who.email_verified and len(who.email) <= MAX_EMAIL and "@" in who.email:
        return who.email
    return None


async def _log_in(db: UnitOfWork, provider: Provider, who: ProviderUser) -> tuple[User, bool, bool]:
    """The user, whether the account was created, and whether it was claimed."""
    async with db.transaction():
        identity = await _find(db, provider, who.subject)
        if identity is not None:
            user = await db.get(User, identity.user_id)
            if user is None or not user.is_active:
                raise Forbidden("This account is deactivated")
            identity.last_login_at = utcnow()
            identity.email = _usable_email(who) or identity.email
            return user, False, False
        email = _usable_email(who)
        if email is None:
            taken = who.email is not None and (
                await db.scalar(select(User.id).where(User.email == who.email)) is not None
            )
            if taken:
                raise Conflict(
                    f"An account with this e-mail exists, but {provider.name} has not verified "
                    f"the address. Log in another way, then link {provider.name} from your "
                    "account page."
                )
            raise Conflict(
                f"{provider.name} did not share a verified e-mail address, so no account can "
                f"be made from it. Sign up with your e-mail, then link {provider.name} from "
                "your account page."
            )
        user = await db.scalar(select(User).where(User.email == email))
        created = user is None
        claimed = False
        if user is None:
            name = (who.name or email.split("@", 1)[0])[:100]
            user = User(
                email=email, display_name=name, password_hash=None, email_verified_at=utcnow()
            )
            db.add(user)
            await _flush(db)
        elif not user.is_active:
            raise Forbidden("This account is deactivated")
        elif user.email_verified_at is None:
            claimed = True
            user.password_hash = None
            user.email_verified_at = utcnow()
            await two_factor.reset(db, user)  # nor a second factor the squatter set up
            await end_credentials(db, user, keep_session=None)
        db.add(_identity(user.id, provider, who, email))
        await _flush(db)
        return user, created, claimed


def _identity(
    user_id: int, provider: Provider, who: ProviderUser, email: str | None
) -> OAuthIdentity:
    now = utcnow()
    return OAuthIdentity(
        user_id=user_id,
        provider=provider.key,
        subject=who.subject,
        email=email,
        linked_at=now,
        last_login_at=now,
    )


async def _flush(db: UnitOfWork) -> None:
    try:
        await db.flush()
    except IntegrityError:
        # Another log-in with the same identity or e-mail won the race.
        raise Conflict("This log-in raced another one; please try again") from None


async def _link(db: UnitOfWork, provider: Provider, who: ProviderUser, user_id: int) -> User:
    async with db.transaction():
        identity = await _find(db, provider, who.subject)
        if identity is not None and identity.user_id != user_id:
            raise Conflict(
                f"This {provider.name} account is already linked to another Teamboard account"
            )
        user = await db.get(User, user_id)
        if user is None or not user.is_active:
            raise Forbidden("This account is deactivated")
        if identity is None:
            other = await db.scalar(
                select(OAuthIdentity.id).where(
                    OAuthIdentity.user_id == user_id, OAuthIdentity.provider == provider.key
                )
            )
            if other is not None:
                raise Conflict(f"Another {provider.name} account is linked; unlink it first")
            db.add(_identity(user_id, provider, who, _usable_email(who)))
            await _flush(db)
        stage_user_change(db, user_id)
        return user


async def list_identities(db: UnitOfWork, actor: Actor) -> list[OAuthIdentity]:
    rows = await db.scalars(
        select(OAuthIdentity)
        .where(OAuthIdentity.user_id == actor.id)
        .order_by(OAuthIdentity.provider, OAuthIdentity.id)
    )
    return list(rows)


async def unlink(db: UnitOfWork, actor: Actor, identity_id: int) -> OAuthIdentity:
    """Refused when it would leave no way to log in: no password and no other identity."""
    async with db.transaction():
        # Writing the user row first serialises two unlinks of the same user (row lock on
        # PostgreSQL, the write lock on SQLite): both cannot see "one more left".
        await db.execute(update(User).where(User.id == actor.id).values(updated_at=utcnow()))
        identity = await db.scalar(
            select(OAuthIdentity).where(
                OAuthIdentity.id == identity_id, OAuthIdentity.user_id == actor.id
            )
        )
        if identity is None:
            raise NotFound("No such linked account")
        has_password = await db.scalar(
            select(User.password_hash.is_not(None)).where(User.id == actor.id)
        )
        others = await db.scalar(
            select(func.count())
            .select_from(OAuthIdentity)
            .where(OAuthIdentity.user_id == actor.id, OAuthIdentity.id != identity_id)
        )
        if not has_password and not others:
            raise Conflict(
                "This is your only way to log in: link another provider before unlinking it"
            )
        await db.delete(identity)
        stage_user_change(db, actor.id)
    return identity
