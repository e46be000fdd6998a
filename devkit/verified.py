"""Marking addresses verified straight in a server's database: what a test does where a
person would follow a link mailed to them. Only the owner of a verified address sees
and accepts their invitations through the API (the mailed link verifies the address
itself; tests/boards/test_invitation_links.py and e2e follow it)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import bindparam, text
from sqlalchemy.ext.asyncio import create_async_engine

# The stored form of a moment differs between the databases: copying one is exact on both.
_VERIFY = text(
    "UPDATE users SET email_verified_at = created_at "
    "WHERE email IN :emails AND email_verified_at IS NULL"
).bindparams(bindparam("emails", expanding=True))


async def mark_verified(database_url: str, *emails: str) -> None:
    """``database_url``: the server's (``TEAMBOARD_DATABASE_URL``, an async driver's)."""
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(_VERIFY, {"emails": [e.strip().lower() for e in emails]})
    finally:
        await engine.dispose()


def mark_verified_now(database_url: str, *emails: str) -> None:
    """The same for code that cannot await; runs in a thread of its own, so it works
    next to an event loop (Playwright's) as well."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, mark_verified(database_url, *emails)).result()
