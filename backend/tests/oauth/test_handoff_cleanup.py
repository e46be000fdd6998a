"""One-time log-in codes for split-origin SPAs do not pile up: each new code clears the
expired ones, used or not; live ones stay."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from teamboard.accounts.models import User
from teamboard.core.db import utcnow
from teamboard.core.runtime import Runtime
from teamboard.oauth.models import OAuthHandoff
from teamboard.oauth.service import create_handoff
from tests.conftest import Api


async def test_a_new_code_clears_the_expired_ones(api: Api, runtime: Runtime) -> None:
    who = await api.user("handoff")
    async with runtime.db.session() as db:
        user = await db.get(User, int(who["X-User-Id"]))
        assert user is not None
        for _ in range(3):
            await create_handoff(db, user, "http://spa.example/signed-in")
        ids = list(await db.scalars(select(OAuthHandoff.id).order_by(OAuthHandoff.id)))
        past = utcnow() - timedelta(seconds=1)
        await db.execute(
            update(OAuthHandoff).where(OAuthHandoff.id.in_(ids[:2])).values(expires_at=past)
        )
        await db.execute(update(OAuthHandoff).where(OAuthHandoff.id == ids[0]).values(used_at=past))
        await db.commit()
        await create_handoff(db, user, "http://spa.example/signed-in")
        left = list(await db.scalars(select(OAuthHandoff.id).order_by(OAuthHandoff.id)))
    assert len(left) == 2 and left[0] == ids[2]
