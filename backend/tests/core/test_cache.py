"""The access cache: exact for this process's changes; another process's change is seen
once the entry expires, and a refresh that finds the access gone never serves it again."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import update

from teamboard.accounts.models import BrowserSession
from teamboard.core.cache import AccessCache
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from tests.support.api import Api
from tests.support.app import PASSWORD


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"cache_seconds": 0.05}


async def test_a_session_revoked_elsewhere_stops_working_once_the_entry_expires(
    api: Api, runtime: Runtime
) -> None:
    who = await api.user("ann")
    r = await api.client.post(
        "/api/v1/auth/login", json={"email": who["X-Email"], "password": PASSWORD}
    )
    assert r.status_code == 200
    assert (await api.client.get("/api/v1/me")).status_code == 200  # now cached
    async with runtime.db.session() as db:  # as another process would
        await db.execute(update(BrowserSession).values(revoked_at=utcnow()))
        await db.commit()
    await asyncio.sleep(0.1)
    # The first reader refreshes and is refused; nobody after it gets the old answer.
    assert [(await api.client.get("/api/v1/me")).status_code for _ in range(3)] == [401] * 3


def test_an_expired_entry_is_served_to_others_while_one_refreshes() -> None:
    cache = AccessCache(ttl_seconds=0.01)
    cache.put("k", "v", ("users", 0), cache.generation(("users", 0)))
    assert cache.get("k") == "v"
    import time

    time.sleep(0.02)
    assert cache.get("k") is None  # this caller refreshes
    assert cache.get("k") == "v"  # the others keep the old value meanwhile
    cache.discard("k")  # the refresh found it gone
    assert cache.get("k") is None


def test_a_change_in_scope_refuses_a_racing_put() -> None:
    cache = AccessCache(ttl_seconds=5)
    generation = cache.generation(("board", 1))
    cache.forget(("board", 1))  # a commit while the reader was querying
    cache.put("etag", "old", ("board", 1), generation)
    assert cache.get("etag") is None
