"""Readiness: can this process serve requests now? A real round trip to each part it
needs, each with a short timeout, so a load balancer's probe never hangs."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sqlalchemy import text

from teamboard.core.db import Database

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 2.0


async def _database(db: Database) -> str:
    try:
        async with asyncio.timeout(TIMEOUT_SECONDS):
            async with db.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means "not ready"; the log says which
        log.warning("readiness: database check failed: %r", exc)
        return "failed"
    return "ok"


async def _redis(redis: Any) -> str:
    if redis is None:
        return "off"
    try:
        async with asyncio.timeout(TIMEOUT_SECONDS):
            await redis.ping()
    except Exception as exc:
        log.warning("readiness: redis check failed: %r", exc)
        return "failed"
    return "ok"


async def readiness(db: Database, redis: Any) -> dict[str, str]:
    """Each check's result: "ok", "failed", or "off" (not configured)."""
    database, cache = await asyncio.gather(_database(db), _redis(redis))
    return {"database": database, "redis": cache}
