"""What log-ins leave in the database does not pile up: each new one-time code for a
split-origin SPA clears the expired ones, used or not, and each used flow clears the
records of flows whose cookies have expired; live ones stay."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from teamboard.accounts.models import User
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from teamboard.oauth.flow import FLOW_MAX_AGE, Flow
from teamboard.oauth.handoff import create as create_handoff
from teamboard.oauth.models import OAuthFlowUse, OAuthHandoff
from teamboard.oauth.service import FLOW_USE_SLACK, spend_flow
from tests.support.api import Api

CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def kept_until(flow: Flow) -> datetime:
    return datetime.fromtimestamp(flow.started + FLOW_MAX_AGE + FLOW_USE_SLACK, UTC)


async def test_a_new_code_clears_the_expired_ones(api: Api, runtime: Runtime) -> None:
    who = await api.user("handoff")
    async with runtime.db.session() as db:
        user = await db.get(User, int(who["X-User-Id"]))
        assert user is not None
        for _ in range(3):
            await create_handoff(db, user, "http://spa.example/signed-in", CHALLENGE)
        ids = list(await db.scalars(select(OAuthHandoff.id).order_by(OAuthHandoff.id)))
        past = utcnow() - timedelta(seconds=1)
        await db.execute(
            update(OAuthHandoff).where(OAuthHandoff.id.in_(ids[:2])).values(expires_at=past)
        )
        await db.execute(update(OAuthHandoff).where(OAuthHandoff.id == ids[0]).values(used_at=past))
        await db.commit()
        await create_handoff(db, user, "http://spa.example/signed-in", CHALLENGE)
        left = list(await db.scalars(select(OAuthHandoff.id).order_by(OAuthHandoff.id)))
    assert len(left) == 2 and left[0] == ids[2]


async def test_a_used_flow_clears_the_records_of_expired_ones(runtime: Runtime) -> None:
    live = Flow.new("oidc", next_url="/boards")
    # Started long ago: their cookies died, and the minute of slack after them is over.
    old = replace(live, started=int(time.time()) - FLOW_MAX_AGE - 61)
    async with runtime.db.session() as db:
        for flow in (live, replace(old, state="one"), replace(old, state="two")):
            db.add(OAuthFlowUse(state_hash=flow.state, expires_at=kept_until(flow)))
        await db.commit()
        await spend_flow(db, Flow.new("oidc", next_url="/boards"))
        left = set(await db.scalars(select(OAuthFlowUse.state_hash)))
        assert len(left) == 2 and live.state in left
